"""What is given: the regimen's doses rounded (every infusion), with --product the vials, volume and
infusion schedule, and the boxed-warning risk screen with its warnings. Pure: called by calculate.

The catalogue and the schedule are imported only when a product is named, so a plain `itp` call does
not pay for them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from ivigcalc.core import totals
from ivigcalc.core.population import patient_population
from ivigcalc.errors import InputError
from ivigcalc.formatting import number, signed_percent
from ivigcalc.knowledge import limits
from ivigcalc.knowledge.records import WarningRequest
from ivigcalc.knowledge.rounding import ROUNDING_REFERENCES
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.result import CoursePlan, Infusion, Phase, ProductSummary, Regimen, RiskScreen, VialCount
from ivigcalc.model.vocabulary import BloodGroup, Population, RoundingMode
from ivigcalc.pharmacy import contraindications, rounding
from ivigcalc.pharmacy import risk as risk_module

if TYPE_CHECKING:
    from ivigcalc.knowledge.products import Product


@dataclass(frozen=True, slots=True)
class PharmacyOutcome:
    regimen: Regimen | None
    product: ProductSummary | None
    risk_screen: RiskScreen
    warnings: tuple[WarningRequest, ...]
    references: tuple[str, ...]


def apply_pharmacy(command: Literal["itp", "aps"], patient: ItpInput | ApsInput, regimen: Regimen | None,
                   dosing_weight_kg: float) -> PharmacyOutcome:
    risk = risk_module.screen(patient)
    warnings: list[WarningRequest] = []
    references: list[str] = []
    product: Product | None = None
    summary: ProductSummary | None = None
    if patient.product is not None:
        from ivigcalc.knowledge import products

        product = products.get(patient.product)
        summary = _summary(product)
        references.append("product-catalogue")
        _sucrose_screen(product, patient, risk, warnings)
        warnings.extend(contraindications.screen(product, patient))
    else:
        warnings.extend(contraindications.without_product(patient))
    if regimen is None:
        return PharmacyOutcome(None, summary, risk, tuple(warnings), tuple(references))

    references.extend(ROUNDING_REFERENCES[patient.rounding])
    regimen = _round_regimen(command, patient, regimen, dosing_weight_kg=dosing_weight_kg, product=product,
                             risk=risk, warnings=warnings)
    if product is not None:
        warnings.extend(_product_warnings(command, product))
        off_label = contraindications.off_label_age(
            product, patient, patient_population(patient) is Population.NEONATE)
        if off_label is not None:
            warnings.append(off_label)
    warnings.extend(contraindications.volume_warnings(regimen, patient, has_product=product is not None))
    months, per_course = contraindications.live_vaccine_months(regimen)
    warnings.append(("live-vaccines", {"months": str(months), "g_per_kg": number(per_course)}))
    if risk.at_risk:
        warnings.append(("at-risk-minimum-rate", {
            "risks": risk_module.describe(risk), "cap": _cap_text(regimen, product)}))
        warnings.append(("hydration", {}))
    if patient.blood_group is not None and patient.blood_group is not BloodGroup.O:
        per_course = max(sum(i.dose_g_per_kg for i in phase.infusions) for phase in regimen.phases)
        if risk_module.reaches_haemolysis_dose(per_course):
            warnings.append(("haemolysis-risk", {
                "g_per_kg": number(per_course), "blood_group": patient.blood_group.value}))
    return PharmacyOutcome(regimen, summary, risk, tuple(warnings), tuple(references))


def _summary(product: Product) -> ProductSummary:
    return ProductSummary(
        id=product.id, name=product.name, concentration_percent=product.concentration_percent.value,
        pack_sizes_g=product.pack_sizes_g.value, contains_sucrose=product.contains_sucrose.value,
        stabiliser=product.stabiliser.value, labelled_for_itp=product.labelled_for_itp,
        **contraindications.facts(product),  # type: ignore[arg-type]
    )


def _sucrose_screen(product: Product, patient: ItpInput | ApsInput, risk: RiskScreen,
                    warnings: list[WarningRequest]) -> None:
    """Sucrose-containing products and renal risk: refused unless --allow-sucrose (FDA 2013)."""
    if product.contains_sucrose.value is not True or not risk.renal_risk:
        return
    factors = ", ".join(risk.renal_risk_factors)
    if not patient.allow_sucrose:
        raise InputError(
            "product", product.name,
            f"contains sucrose and this patient has renal risk ({factors}); renal failure is more common "
            "with sucrose-containing IVIG. Choose a sucrose-free product, or give --allow-sucrose to "
            "compute anyway")
    warnings.append(("sucrose-product", {"product": product.name, "factors": factors}))


def _round_regimen(command: Literal["itp", "aps"], patient: ItpInput | ApsInput, regimen: Regimen, *,
                   dosing_weight_kg: float, product: Product | None, risk: RiskScreen,
                   warnings: list[WarningRequest]) -> Regimen:
    population = patient_population(patient)
    done: dict[float, dict[str, Any]] = {}  # the same dose on several days is worked out once
    beyond: list[str] = []
    above_limit: list[str] = []
    phases = []
    for phase in regimen.phases:
        infusions = []
        for infusion in phase.infusions:
            update = done.get(infusion.dose_g)
            if update is None:
                update = _given(command, infusion.dose_g, mode=patient.rounding, population=population,
                                dosing_weight_kg=dosing_weight_kg, product=product, risk=risk)
                rounded_g = update["dose_g_rounded"]
                assert isinstance(rounded_g, float)
                # A vial (or the finest step) bigger than a tiny patient's whole dose must not become a
                # day above the hard limit: the calculated dose is given unrounded.
                if limits.above(rounded_g / dosing_weight_kg, limits.HARD_MAX_G_PER_KG_PER_DAY):
                    above_limit.append(
                        f"{number(rounded_g)} g for {number(infusion.dose_g)} g "
                        f"({number(rounded_g / dosing_weight_kg)} g/kg)")
                    update = _given(command, infusion.dose_g, mode=RoundingMode.NONE, population=population,
                                    dosing_weight_kg=dosing_weight_kg, product=product, risk=risk)
                done[infusion.dose_g] = update
            rounded = replace(infusion, **update)
            infusions.append(rounded)
            assert rounded.dose_g_rounded is not None and rounded.deviation_percent is not None
            if rounding.exceeds_limit(rounded.deviation_percent):
                where = f"{phase.name} day {rounded.day}" if len(regimen.phases) > 1 else f"day {rounded.day}"
                beyond.append(f"{where}: {number(rounded.dose_g_rounded)} g for {number(rounded.dose_g)} g "
                              f"({signed_percent(rounded.deviation_percent)})")
        planned = replace(phase, infusions=tuple(infusions), dose_per_cycle_g_rounded=totals.cycle_total_g(
            i.dose_g_rounded or 0.0 for i in infusions))
        if patient.rounding is RoundingMode.VIAL and product is not None and len(infusions) > 1:
            planned = _plan_course(command, planned, dosing_weight_kg=dosing_weight_kg, product=product, risk=risk)
        phases.append(planned)
    if beyond:
        warnings.append(("rounding-deviation", {"details": "; ".join(dict.fromkeys(beyond))}))
    if above_limit:
        warnings.append(("rounding-hard-limit", {
            "details": "; ".join(above_limit), "mode": patient.rounding.value}))
    return replace(regimen, phases=tuple(phases), total_dose_g_rounded=totals.regimen_total_g(
        (p.cycles, p.dose_per_cycle_g_rounded or 0.0) for p in phases))


def _plan_course(command: Literal["itp", "aps"], phase: Phase, *, dosing_weight_kg: float, product: Product,
                 risk: RiskScreen) -> Phase:
    """The whole vials of a multi-day cycle chosen for the course (pharmacy/course_plan.py). Kept as
    rounded day by day when a day was given unrounded (hard limit) or has no whole-vial total within 10%:
    then no plan exists. Never further from the course total than rounding each day alone."""
    from ivigcalc.pharmacy.course_plan import plan_course

    alone = [infusion.dose_g_rounded for infusion in phase.infusions]
    if any(not infusion.vials for infusion in phase.infusions):  # a day given unrounded (hard limit)
        return phase
    plan = plan_course(
        [infusion.dose_g for infusion in phase.infusions], product.pack_sizes_g.value,
        allowed=lambda grams: not limits.above(grams / dosing_weight_kg, limits.HARD_MAX_G_PER_KG_PER_DAY))
    if plan is None:
        return phase
    infusions: list[Infusion] = []
    for infusion, day in zip(phase.infusions, plan.days, strict=True):
        if day.rounded_g == infusion.dose_g_rounded:
            infusions.append(infusion)
            continue
        infusions.append(replace(
            infusion, dose_g_rounded=day.rounded_g, rounding_step_g=None,
            vials=tuple(VialCount(size_g=size, count=count) for size, count in day.vials),
            deviation_percent=day.deviation_percent, **_preparation(command, day.rounded_g, dosing_weight_kg,
                                                                    product, risk)))
    alone_total = totals.cycle_total_g(grams or 0.0 for grams in alone)
    course = CoursePlan(
        exact_g=plan.exact_total_g, planned_g=plan.total_g, deviation_percent=plan.deviation_percent,
        vial_count=plan.vial_count, rounded_alone_g=tuple(grams or 0.0 for grams in alone),
        rounded_alone_total_g=alone_total,
        rounded_alone_deviation_percent=rounding.deviation_percent(alone_total, plan.exact_total_g))
    return replace(phase, infusions=tuple(infusions), course_plan=course,
                   dose_per_cycle_g_rounded=totals.cycle_total_g(i.dose_g_rounded or 0.0 for i in infusions))


def _preparation(command: Literal["itp", "aps"], dose_g: float, dosing_weight_kg: float, product: Product,
                 risk: RiskScreen) -> dict[str, Any]:
    from ivigcalc.pharmacy import schedule

    return {
        "volume_ml": schedule.volume_ml(dose_g, product.concentration_g_per_ml),
        "infusion_schedule": schedule.infusion_schedule(dose_g, dosing_weight_kg, product, command=command,
                                                        risk=risk),
    }


def _given(command: Literal["itp", "aps"], dose_g: float, *, mode: RoundingMode, population: Population,
           dosing_weight_kg: float, product: Product | None, risk: RiskScreen) -> dict[str, Any]:
    if mode is RoundingMode.VIAL:
        assert product is not None  # inputs refuse vial rounding without a product
        outcome = rounding.round_vials(dose_g, product.pack_sizes_g.value)
    elif mode is RoundingMode.NEAREST:
        outcome = rounding.round_nearest(dose_g, population)
    else:
        outcome = rounding.no_rounding(dose_g)
    update: dict[str, Any] = {
        "dose_g_rounded": outcome.rounded_g,
        "rounding_step_g": outcome.step_g,
        "vials": tuple(VialCount(size_g=size, count=count) for size, count in outcome.vials),
        "deviation_percent": outcome.deviation_percent,
    }
    if product is not None:
        update.update(_preparation(command, outcome.rounded_g, dosing_weight_kg, product, risk))
    return update


def _product_warnings(command: Literal["itp", "aps"], product: Product) -> list[WarningRequest]:
    found: list[WarningRequest] = []
    if not product.rates:
        found.append(("no-label-rates", {"product": product.name}))
    elif command == "itp" and not product.labelled_for_itp:
        found.append(("product-not-labelled-itp", {"product": product.name}))
    elif command == "aps":
        from ivigcalc.knowledge.products import INDICATION_NAMES
        from ivigcalc.pharmacy import schedule

        chosen = schedule.rates_for(product, "aps")
        rates = INDICATION_NAMES[chosen[0]] if chosen is not None else "label"
        found.append(("product-not-labelled-aps", {"product": product.name, "rates": rates}))
    if product.discontinued is not None:
        found.append(("product-discontinued",
                      {"product": product.name, "status": product.discontinued.value}))
    return found


def _cap_text(regimen: Regimen, product: Product | None) -> str:
    if product is None:
        return "Name the product (--product) for its label's at-risk maximum rate and a schedule."
    schedules = [i.infusion_schedule for phase in regimen.phases for i in phase.infusions
                 if i.infusion_schedule]
    capped = [s.at_risk_max_mg_per_kg_min for s in schedules if s.at_risk_max_mg_per_kg_min is not None]
    if capped:
        label = product.at_risk_max.value
        assert label is not None
        return (f"The schedule stops at {number(capped[0])} mg/kg/min ({product.name} label at-risk maximum "
                f"{label.label_text}).")
    if not schedules:
        return f"The catalogue has no {product.name} infusion rates: take the rate from the current label."
    return (f"{product.name}'s label (in the catalogue) gives no at-risk maximum below its maximum for these "
            "risks: the schedule runs to the label maximum; infuse more slowly where practicable.")
