"""`ivigcalc check`: an order as written against the calculated regimen. Pure.

PASS when every infusion day of the order is within ±10% of the calculated dose, the number of days
matches, and there is no finding; warnings of the calculation do not count. FLAG otherwise, one
finding per problem, each with a code:
  dose-deviation, days-mismatch, weight-basis, rate-above-label, rate-above-at-risk,
  product-not-labelled (ITP), not-indicated.
Information lines (`notes`) never change the verdict: an order that matches the named product's
labelled ITP dose (e.g. 1 g/kg × 2 days) is accepted with a note that ASH 2011 suggests 1 g/kg once;
a CAPS order on Ontario's 2 g/kg over 2-5 days is accepted with a note;
`check aps` with a product says that no product is labelled for APS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from ivigcalc.core.scalars import parse_number
from ivigcalc.errors import InputError
from ivigcalc.formatting import number, signed_percent
from ivigcalc.knowledge import limits
from ivigcalc.knowledge.aps_rules import CAPS_ONTARIO_DAYS, CAPS_ONTARIO_G_PER_KG_PER_COURSE
from ivigcalc.knowledge.limits import ORDERED_DAYS_LIMITS, ORDERED_DOSE_G_LIMITS, ORDERED_RATE_ML_PER_H_LIMITS
from ivigcalc.knowledge.rounding import MAX_DEVIATION_PERCENT
from ivigcalc.model.record import Record
from ivigcalc.model.result import Result
from ivigcalc.model.vocabulary import BloodGroup, Status
from ivigcalc.pharmacy import rounding

if TYPE_CHECKING:
    from ivigcalc.knowledge.products import Product

Command = Literal["itp", "aps"]

TOLERANCE_PERCENT: Final = MAX_DEVIATION_PERCENT  # ±10% (Pharmacy Purchasing & Products 2010)
# The labelled ITP doses are adult primary ITP doses: an order is held to them only on these regimens.
ADULT_ITP_REGIMENS: Final = frozenset({"itp-adult-single-dose", "itp-adult-five-day"})
_RATE_TOLERANCE_ML_PER_H: Final = 1e-9

# The sources behind each kind of finding or note (every number a finding prints has one).
FINDING_REFERENCES: Final[dict[str, tuple[str, ...]]] = {
    "dose-deviation": ("pppmag-2010",),
    "above-hard-limit": ("ivigcalc-limits",),
    "days-mismatch": ("ash-2011", "product-labels"),
    "weight-basis": ("dosing-weight-practice", "devine-1974"),
    "rate-above-label": ("product-catalogue",),
    "rate-above-at-risk": ("product-catalogue", "fda-2013"),
    "rate-not-checked": ("product-catalogue",),
    "product-not-labelled": ("product-catalogue",),
    "label-dose": ("product-labels", "ash-2011"),
    "caps-alternative": ("ontario-ivig", "australian-criteria"),
    "haemolysis-risk": ("product-labels",),
    "unadjusted-weight": ("dosing-weight-practice", "ontario-ivig"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding(Record):
    code: str
    message: str
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.references:  # by default, the sources of this kind of finding
            object.__setattr__(self, "references", FINDING_REFERENCES.get(self.code, ()))


@dataclass(frozen=True, slots=True, kw_only=True)
class Order(Record):
    dose_g_per_day: float  # the first day's dose when the days differ
    days: int
    rate_ml_per_h: float | None = None
    product: str | None = None  # catalogue id, as on the order (--product)
    # One dose per infusion day when the days differ (a course plan: 30 + 30 + 25 + 25 + 25 g); None when
    # every day gets dose_g_per_day.
    doses_g_by_day: tuple[float, ...] | None = None

    @property
    def total_g(self) -> float:
        return sum(self.doses_g_by_day) if self.doses_g_by_day is not None else self.dose_g_per_day * self.days


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison(Record):
    """One comparison made, with its numbers (what --explain shows)."""

    what: str
    ordered: float
    expected: float
    unit: str
    basis: str  # how the expected value was obtained, numbers substituted
    deviation_percent: float | None = None
    passed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult(Record):
    verdict: Literal["PASS", "FLAG"]
    findings: tuple[Finding, ...]
    notes: tuple[Finding, ...]
    order: Order
    comparisons: tuple[Comparison, ...]
    expected: Result

    @property
    def order_text(self) -> str:
        by_day = self.order.doses_g_by_day
        if by_day is not None:
            text = f"ordered {' + '.join(number(d) for d in by_day)} g on days 1-{len(by_day)}"
        else:
            text = f"ordered {number(self.order.dose_g_per_day)} g a day × {self.order.days} " \
                   f"day{'s' if self.order.days != 1 else ''}"
        if self.order.rate_ml_per_h is not None:
            text += f", up to {number(self.order.rate_ml_per_h)} mL/h"
        if self.expected.product is not None:
            text += f", {self.expected.product.name}"
        return text


# ------------------------------------------------------------------------------------------ inputs


def parse_order(values: Mapping[str, object], product_id: str | None) -> Order:
    raw_dose = values.get("ordered_dose")
    if raw_dose is None or (isinstance(raw_dose, str) and not raw_dose.strip()):
        raise InputError("ordered_dose", None, "is required: the ordered dose in g per infusion day")
    doses = tuple(_ordered_dose(raw_dose, part) for part in _dose_parts(raw_dose))
    raw_days = values.get("ordered_days")
    if raw_days is None or (isinstance(raw_days, str) and not raw_days.strip()):
        raise InputError("ordered_days", None, "is required: the number of infusion days ordered")
    days_value = parse_number("ordered_days", raw_days)
    low, high = ORDERED_DAYS_LIMITS
    if days_value != int(days_value) or not low <= days_value <= high:
        raise InputError("ordered_days", raw_days, f"must be a whole number of days, {low} to {high}")
    raw_rate = values.get("ordered_rate")
    rate: float | None = None
    if raw_rate is not None and not (isinstance(raw_rate, str) and not raw_rate.strip()):
        if product_id is None:
            raise InputError("ordered_rate", raw_rate,
                             "needs --product: the label's maximum rate depends on it")
        rate = parse_number("ordered_rate", raw_rate)
        if not ORDERED_RATE_ML_PER_H_LIMITS[0] < rate <= ORDERED_RATE_ML_PER_H_LIMITS[1]:
            raise InputError("ordered_rate", raw_rate, "must be above 0 and at most 2,000 mL/h")
    if len(doses) > 1 and len(doses) != int(days_value):
        raise InputError("ordered_dose", raw_dose, f"gives {len(doses)} daily doses for --ordered-days "
                                                   f"{int(days_value)}: give one dose per infusion day")
    uneven = len(set(doses)) > 1
    return Order(dose_g_per_day=doses[0], days=int(days_value), rate_ml_per_h=rate, product=product_id,
                 doses_g_by_day=doses if uneven else None)


def _dose_parts(raw: object) -> tuple[object, ...]:
    """One dose ("70"), or one per infusion day: "30+30+25+25+25" on the command line, a list from a
    FHIR order or the Python API."""
    if isinstance(raw, list | tuple):
        if not raw:
            raise InputError("ordered_dose", None, "is an empty list: give the dose in g per infusion day")
        return tuple(raw)
    if isinstance(raw, str) and "+" in raw.strip().lstrip("+"):
        return tuple(part for part in raw.split("+"))
    return (raw,)


def _ordered_dose(raw: object, part: object) -> float:
    dose = parse_number("ordered_dose", part)
    if not ORDERED_DOSE_G_LIMITS[0] < dose <= ORDERED_DOSE_G_LIMITS[1]:
        raise InputError("ordered_dose", raw, "must be above 0 and at most 1,000 g per infusion day")
    return dose


# ------------------------------------------------------------------------------------------ the check



def check(expected: Result, order: Order, product: Product | None) -> CheckResult:
    findings: list[Finding] = []
    notes: list[Finding] = []
    comparisons: list[Comparison] = []
    command: Command = expected.command

    if product is not None and command == "itp" and not product.labelled_for_itp:
        findings.append(Finding(code="product-not-labelled", message=(
            f"{product.name} is not labelled for ITP in the catalogue; choose an ITP-labelled product or "
            "verify against the current label.")))
    if product is not None and command == "aps":
        notes.append(Finding(code="product-not-labelled", message=(
            f"No IVIG product is labelled for APS: {product.name} is off-label here, as every product "
            "would be.")))

    regimen = expected.regimen
    if expected.status is Status.NOT_INDICATED or regimen is None:
        findings.insert(0, Finding(code="not-indicated", references=expected.status_references, message=(
            f"IVIG is not indicated for this patient: {expected.status_reason}")))
        return _result(findings, notes, order, comparisons, expected)
    if expected.status is Status.CONSIDER:
        notes.append(Finding(code="consider", references=expected.status_references, message=(
            f"IVIG is an option here, not the first choice: {expected.status_reason}")))

    weight = expected.dosing_weight
    phase = regimen.phases[0]
    if len(regimen.phases) > 1:
        later = "; ".join(p.name for p in regimen.phases[1:])
        notes.append(Finding(code="first-phase", message=(
            f"Checked against the first phase ({phase.name}); later phases ({later}) need their own order.")))

    by_day = order.doses_g_by_day is not None  # the alternatives are equal daily doses: not this order
    if by_day or not (
            _matches_label_dose(expected, order, product, findings=findings, notes=notes, comparisons=comparisons)
            or _matches_caps_alternative(expected, order, notes=notes, comparisons=comparisons)):
        if by_day:
            _check_dose_by_day(expected, order, findings, comparisons)
        else:
            _check_dose(expected, order, findings, comparisons)
        expected_days = len(phase.infusions)
        days_ok = order.days == expected_days
        comparisons.append(Comparison(
            what="infusion days", ordered=order.days, expected=expected_days, unit="days",
            basis=f"{regimen.name}", passed=days_ok))
        if not days_ok:
            findings.append(Finding(code="days-mismatch", references=_days_references(expected), message=(
                f"Ordered {order.days} infusion day{'s' if order.days != 1 else ''}; the calculated regimen "
                f"has {expected_days} ({regimen.name}).")))

    doses = order.doses_g_by_day or (order.dose_g_per_day,) * order.days
    for day, ordered_g in enumerate(doses, start=1):
        g_per_kg = ordered_g / weight.kg
        if limits.above(g_per_kg, limits.HARD_MAX_G_PER_KG_PER_DAY):
            findings.insert(0, Finding(code="above-hard-limit", message=(
                f"Day {day}: ordered {number(ordered_g)} g is {number(g_per_kg)} g/kg on the dosing weight "
                f"{number(weight.kg)} kg, above the hard limit of {number(limits.HARD_MAX_G_PER_KG_PER_DAY)} "
                "g/kg in one day.")))
            break  # one line says it; the day-by-day deviations follow

    if product is not None and order.rate_ml_per_h is not None:
        _check_rate(expected, order, product, findings=findings, notes=notes, comparisons=comparisons)

    group = expected.inputs.blood_group
    if group is not None and group is not BloodGroup.O:
        from ivigcalc.pharmacy.risk import reaches_haemolysis_dose

        ordered_g_per_kg = order.total_g / weight.kg
        if reaches_haemolysis_dose(ordered_g_per_kg):
            notes.append(Finding(code="haemolysis-risk", message=(
                f"The order gives {number(ordered_g_per_kg)} g/kg in the course and blood group "
                f"{group.value} is non-O: the highest risk of haemolysis.")))
    if any(warning.code == "unadjusted-weight" for warning in expected.warnings):  # the verdict must not hide it
        notes.append(Finding(code="unadjusted-weight", message=(
            f"The expected dose is on actual body weight ({number(weight.kg)} kg), unadjusted, because height "
            "or sex is unknown: an obese patient may be overdosed by an order that matches it. Give height and "
            "sex to check against the adjusted weight.")))
    return _result(findings, notes, order, comparisons, expected)


def _result(findings: list[Finding], notes: list[Finding], order: Order, comparisons: list[Comparison],
            expected: Result) -> CheckResult:
    return CheckResult(
        verdict="FLAG" if findings else "PASS", findings=tuple(findings), notes=tuple(notes), order=order,
        comparisons=tuple(comparisons), expected=expected)


def _matches_label_dose(expected: Result, order: Order, product: Product | None, *, findings: list[Finding],
                        notes: list[Finding], comparisons: list[Comparison]) -> bool:
    """An adult ITP order following the product's labelled ITP schedule (its days, its g/kg) is held to
    the label, not to the guideline's single dose: on the dosing weight it passes with a note; on
    another weight it is a dose-deviation with its weight-basis, never a days-mismatch."""
    if (product is None or expected.command != "itp" or expected.regimen is None
            or expected.regimen.id not in ADULT_ITP_REGIMENS):
        return False
    weight = expected.dosing_weight
    for label in product.itp_label_doses.value:
        if not label.days_min <= order.days <= label.days_max:
            continue
        days = str(label.days_min) if label.days_min == label.days_max \
            else f"{label.days_min} to {label.days_max}"
        label_g = label.g_per_kg_per_day * weight.kg
        deviation = rounding.deviation_percent(order.dose_g_per_day, label_g)
        on_dosing_weight = not rounding.exceeds_limit(deviation)
        basis = (f"{number(label.g_per_kg_per_day)} g/kg × {number(weight.kg)} kg ({weight.basis.value}) "
                 f"for {days} days")
        if on_dosing_weight:
            comparisons.append(Comparison(
                what=f"{product.name} labelled ITP dose", ordered=order.dose_g_per_day, expected=label_g,
                unit="g", basis=basis, deviation_percent=deviation, passed=True))
        elif _other_weight(expected, order, label.g_per_kg_per_day) is None:
            continue  # neither this label dose on any weight: not a label order
        else:
            comparisons.append(Comparison(
                what=f"{product.name} labelled ITP dose", ordered=order.dose_g_per_day, expected=label_g,
                unit="g", basis=basis, deviation_percent=deviation, passed=False))
            findings.append(Finding(code="dose-deviation", message=(
                f"Ordered {number(order.dose_g_per_day)} g a day is {signed_percent(deviation)} from "
                f"{product.name}'s "
                f"labelled {number(label.g_per_kg_per_day)} g/kg × {number(weight.kg)} kg "
                f"{weight.basis.value} weight = {number(label_g)} g; allowed ±{number(TOLERANCE_PERCENT)}%.")))
            _weight_basis(expected, order, label.g_per_kg_per_day, findings, comparisons)
        notes.append(Finding(code="label-dose", message=(
            f"The order follows {product.name}'s labelled ITP dose, {number(label.g_per_kg_per_day)} g/kg "
            f"a day for {days} days ({number(label_g)} g a day at {number(weight.kg)} kg). ASH 2011 suggests "
            "1 g/kg "
            "once, repeated if necessary (2B).")))
        return True
    return False


def _days_references(expected: Result) -> tuple[str, ...]:
    """An APS finding cites the APS regimen's sources, an ITP one the ITP guideline and the labels."""
    if expected.command == "aps" and expected.regimen is not None:
        return expected.regimen.references
    return FINDING_REFERENCES["days-mismatch"]


def _matches_caps_alternative(expected: Result, order: Order, *, notes: list[Finding],
                              comparisons: list[Comparison]) -> bool:
    """CAPS: Ontario's 2 g/kg over 2-5 days is an accepted alternative to 0.4 g/kg/day for 5 days: an order
    giving 2 g/kg in equal daily doses over 2 to 5 days (each day within ±10%) passes with a note."""
    if expected.command != "aps" or expected.regimen is None or expected.regimen.id != "aps-caps":
        return False
    low, high = CAPS_ONTARIO_DAYS
    if not low <= order.days <= high or order.days == len(expected.regimen.phases[0].infusions):
        return False  # the default's own days are checked against the default
    weight = expected.dosing_weight
    per_day_g_per_kg = CAPS_ONTARIO_G_PER_KG_PER_COURSE / order.days
    per_day_g = per_day_g_per_kg * weight.kg
    deviation = rounding.deviation_percent(order.dose_g_per_day, per_day_g)
    if rounding.exceeds_limit(deviation):
        return False
    comparisons.append(Comparison(
        what="Ontario CAPS schedule", ordered=order.dose_g_per_day, expected=per_day_g, unit="g",
        basis=(f"{number(CAPS_ONTARIO_G_PER_KG_PER_COURSE)} g/kg ÷ {order.days} days × {number(weight.kg)} kg "
               f"({weight.basis.value})"), deviation_percent=deviation, passed=True))
    notes.append(Finding(code="caps-alternative", references=("ontario-ivig", "australian-criteria"), message=(
        f"The order follows Ontario's CAPS schedule, {number(CAPS_ONTARIO_G_PER_KG_PER_COURSE)} g/kg over "
        f"{order.days} days ({number(per_day_g)} g a day at {number(weight.kg)} kg), an accepted alternative to "
        f"{expected.regimen.name}.")))
    return True


def _other_weight(expected: Result, order: Order, g_per_kg: float) -> tuple[str, float, float, float] | None:
    """(basis, kg, dose g, deviation %) of the first other weight the order is within 10% of."""
    weight = expected.dosing_weight
    candidates = (("actual", weight.actual_kg), ("ideal", weight.ideal_kg), ("adjusted", weight.adjusted_kg))
    for basis, kg in candidates:
        if kg is None or basis == weight.basis.value or abs(kg - weight.kg) < 1e-9:
            continue
        alternative_g = g_per_kg * kg
        deviation = rounding.deviation_percent(order.dose_g_per_day, alternative_g)
        if not rounding.exceeds_limit(deviation):
            return basis, kg, alternative_g, deviation
    return None


def _weight_basis(expected: Result, order: Order, g_per_kg: float, findings: list[Finding],
                  comparisons: list[Comparison]) -> None:
    other = _other_weight(expected, order, g_per_kg)
    if other is None:
        return
    basis, kg, alternative_g, deviation = other
    weight = expected.dosing_weight
    comparisons.append(Comparison(
        what=f"dose on {basis} weight", ordered=order.dose_g_per_day, expected=alternative_g, unit="g",
        basis=f"{number(g_per_kg)} g/kg × {number(kg)} kg ({basis})", deviation_percent=deviation,
        passed=False))
    findings.append(Finding(code="weight-basis", message=(
        f"The order matches {basis} weight ({number(g_per_kg)} g/kg × {number(kg)} kg = "
        f"{number(alternative_g)} g, {signed_percent(deviation)}), but the dose is on {weight.basis.value} "
        f"weight, {number(weight.kg)} kg: {weight.reason}")))


def _check_dose(expected: Result, order: Order, findings: list[Finding],
                comparisons: list[Comparison]) -> None:
    assert expected.regimen is not None
    weight = expected.dosing_weight
    phase = expected.regimen.phases[0]
    by_dose: dict[float, list[int]] = {}
    per_kg: dict[float, float] = {}
    for infusion in phase.infusions:
        by_dose.setdefault(infusion.dose_g, []).append(infusion.day)
        per_kg[infusion.dose_g] = infusion.dose_g_per_kg
    deviating: list[float] = []
    for dose_g, days in by_dose.items():
        deviation = rounding.deviation_percent(order.dose_g_per_day, dose_g)
        passed = not rounding.exceeds_limit(deviation)
        which = "day " + ", ".join(str(d) for d in days) if len(days) < len(phase.infusions) \
            else ("each day" if len(days) > 1 else "day 1")
        comparisons.append(Comparison(
            what=f"dose, {which}", ordered=order.dose_g_per_day, expected=dose_g, unit="g",
            basis=f"{number(per_kg[dose_g])} g/kg × {number(weight.kg)} kg ({weight.basis.value})",
            deviation_percent=deviation, passed=passed))
        if not passed:
            deviating.append(dose_g)
            findings.append(Finding(code="dose-deviation", message=(
                f"{which[0].upper() + which[1:]}: ordered {number(order.dose_g_per_day)} g is "
                f"{signed_percent(deviation)} from the calculated {number(dose_g)} g "
                f"({number(per_kg[dose_g])} g/kg × {number(weight.kg)} kg "
                f"{weight.basis.value} weight); allowed ±{number(TOLERANCE_PERCENT)}%.")))
    if deviating:
        _weight_basis(expected, order, per_kg[deviating[0]], findings, comparisons)


def _check_dose_by_day(expected: Result, order: Order, findings: list[Finding],
                       comparisons: list[Comparison]) -> None:
    """An order with a dose per day (a course plan): each day against that day's calculated dose, ±10%."""
    assert expected.regimen is not None and order.doses_g_by_day is not None
    weight = expected.dosing_weight
    for infusion, ordered_g in zip(expected.regimen.phases[0].infusions, order.doses_g_by_day, strict=False):
        deviation = rounding.deviation_percent(ordered_g, infusion.dose_g)
        passed = not rounding.exceeds_limit(deviation)
        basis = f"{number(infusion.dose_g_per_kg)} g/kg × {number(weight.kg)} kg ({weight.basis.value})"
        comparisons.append(Comparison(
            what=f"dose, day {infusion.day}", ordered=ordered_g, expected=infusion.dose_g, unit="g", basis=basis,
            deviation_percent=deviation, passed=passed))
        if not passed:
            findings.append(Finding(code="dose-deviation", message=(
                f"Day {infusion.day}: ordered {number(ordered_g)} g is {signed_percent(deviation)} from the "
                f"calculated {number(infusion.dose_g)} g ({basis} weight); allowed ±{number(TOLERANCE_PERCENT)}%.")))


def _check_rate(expected: Result, order: Order, product: Product, *, findings: list[Finding],
                notes: list[Finding], comparisons: list[Comparison]) -> None:
    from ivigcalc.knowledge.products import rate_ml_per_h
    from ivigcalc.pharmacy import schedule

    assert order.rate_ml_per_h is not None
    chosen = schedule.rates_for(product, expected.command)
    if chosen is None:
        notes.append(Finding(code="rate-not-checked", message=(
            f"The catalogue has no {product.name} infusion rates: the ordered rate was not checked.")))
        return
    indication, spec, _why = chosen
    weight = expected.dosing_weight
    concentration = product.concentration_g_per_ml
    maximum_ml_per_h = rate_ml_per_h(spec.max_mg_per_kg_min, weight.kg, concentration)
    arithmetic = (f"{number(spec.max_mg_per_kg_min)} mg/kg/min × {number(weight.kg)} kg × 60 ÷ "
                  f"(1,000 × {number(concentration, 3)} g/mL)")
    above = order.rate_ml_per_h > maximum_ml_per_h + _RATE_TOLERANCE_ML_PER_H
    comparisons.append(Comparison(
        what=f"rate, label maximum ({indication.upper()})", ordered=order.rate_ml_per_h,
        expected=maximum_ml_per_h, unit="mL/h", basis=arithmetic, passed=not above))
    if above:
        findings.append(Finding(code="rate-above-label", message=(
            f"Ordered {number(order.rate_ml_per_h)} mL/h is above {product.name}'s label maximum, "
            f"{number(spec.max_mg_per_kg_min)} mg/kg/min = {number(maximum_ml_per_h)} mL/h at "
            f"{number(weight.kg)} kg.")))
    risk = expected.risk_screen
    cap = schedule.at_risk_cap(product, spec, risk) if risk is not None else None
    if cap is None:
        return
    cap_ml_per_h = rate_ml_per_h(cap.max_mg_per_kg_min, weight.kg, concentration)
    if cap.strict:
        over = order.rate_ml_per_h >= cap_ml_per_h - _RATE_TOLERANCE_ML_PER_H
    else:
        over = order.rate_ml_per_h > cap_ml_per_h + _RATE_TOLERANCE_ML_PER_H
    comparisons.append(Comparison(
        what="rate, at-risk maximum", ordered=order.rate_ml_per_h, expected=cap_ml_per_h, unit="mL/h",
        basis=(f"{cap.label_text}: {number(cap.max_mg_per_kg_min)} mg/kg/min × {number(weight.kg)} kg × 60 ÷ "
               f"(1,000 × {number(concentration, 3)} g/mL)"), passed=not over))
    if over:
        assert risk is not None
        from ivigcalc.pharmacy.risk import describe

        relation = "at or above" if cap.strict else "above"
        findings.append(Finding(code="rate-above-at-risk", message=(
            f"Ordered {number(order.rate_ml_per_h)} mL/h is {relation} {product.name}'s at-risk limit "
            f"(label: {cap.label_text}; {number(cap.max_mg_per_kg_min)} mg/kg/min = "
            f"{number(cap_ml_per_h)} mL/h "
            f"at {number(weight.kg)} kg) for this patient ({describe(risk)}).")))
