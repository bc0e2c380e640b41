"""Volume and infusion-rate schedule for one infusion of a catalogue product. Pure.

Volume (mL) = dose (g) ÷ concentration (g/mL). Rate (mL/h) = mg/kg/min × kg × 60 ÷ (1,000 × g/mL),
on the same dosing weight as the dose. The titration follows the label of the indication (ITP rates
for `itp`; for `aps`, where no product is labelled, the primary immunodeficiency rates), or, where
the label gives no step interval or increments, the generic schedule: the initial rate for 30 min,
then doubling every 30 min up to the maximum. The schedule ends when the volume is given. Patients at
risk get the label's at-risk maximum where it is below the label maximum.
"""

from __future__ import annotations

from typing import Final, Literal

from ivigcalc.formatting import number
from ivigcalc.knowledge.products import INDICATION_NAMES, AtRiskMax, Indication, Product, RateSpec, rate_ml_per_h
from ivigcalc.knowledge.titration import GENERIC_FACTOR, GENERIC_STEP_MINUTES
from ivigcalc.model.result import InfusionSchedule, RiskScreen, ScheduleStep

# Float noise when a step's volume exactly equals what is left to give.
_VOLUME_TOLERANCE_ML: Final = 1e-9

Step = tuple[float, float | None]  # (rate mg/kg/min, minutes); None: until the volume is given


def volume_ml(dose_g: float, concentration_g_per_ml: float) -> float:
    return dose_g / concentration_g_per_ml


def rates_for(product: Product, command: Literal["itp", "aps"]) -> tuple[Indication, RateSpec, str] | None:
    """The label rates a command uses, with a sentence saying why; None when the catalogue has none."""
    if command == "itp":
        if "itp" in product.rates:
            return "itp", product.rates["itp"], "ITP rates."
        preference: tuple[Indication, ...] = ("pi", "cidp")
        why = f"{product.name} is not labelled for ITP: its {{name}} rates are used."
    else:
        preference = ("pi", "itp", "cidp")
        why = "No IVIG product is labelled for APS: the {name} rates are used."
    for indication in preference:
        if indication in product.rates:
            return indication, product.rates[indication], why.format(name=INDICATION_NAMES[indication])
    return None


def nominal_steps(spec: RateSpec) -> list[Step]:
    """The label's titration (or the generic one) up to the maximum rate, which lasts until the end."""
    maximum = spec.max_mg_per_kg_min
    steps: list[Step] = []
    if spec.steps.kind == "explicit":
        for rate, minutes in zip(spec.steps.rates_mg_per_kg_min, spec.steps.minutes, strict=True):
            if rate < maximum:
                steps.append((rate, minutes))
    elif spec.steps.kind == "increment":
        assert spec.steps.first_minutes is not None and spec.steps.increment_mg_per_kg_min is not None
        assert spec.steps.interval_minutes is not None
        steps.append((spec.initial_mg_per_kg_min, spec.steps.first_minutes))
        k = 1
        # rounded: 0.5 + 3 × 0.8 must be 2.9, not 2.9000000000000004
        increment = spec.steps.increment_mg_per_kg_min
        while (rate := round(spec.initial_mg_per_kg_min + k * increment, 9)) < maximum:
            steps.append((rate, spec.steps.interval_minutes))
            k += 1
    else:
        rate = spec.initial_mg_per_kg_min
        while rate < maximum:
            steps.append((rate, GENERIC_STEP_MINUTES))
            rate *= GENERIC_FACTOR
    steps.append((maximum, None))
    return steps


def at_risk_cap(product: Product, spec: RateSpec, risk: RiskScreen) -> AtRiskMax | None:
    """The label's at-risk maximum when it applies to this patient and is below the label maximum."""
    cap = product.at_risk_max.value
    if cap is None or not risk.at_risk:
        return None
    applies = {
        "renal": risk.renal_risk, "thrombosis": risk.thrombosis_risk, "any": risk.at_risk}[cap.applies_to]
    if not applies:
        return None
    below = cap.max_mg_per_kg_min <= spec.max_mg_per_kg_min if cap.strict \
        else cap.max_mg_per_kg_min < spec.max_mg_per_kg_min
    return cap if below else None


def capped_steps(steps: list[Step], cap: AtRiskMax) -> list[Step]:
    """`≤ cap`: the steps below it, then the cap until the end. `< limit` (strict): the steps below
    it, the last of them until the end (a rate equal to the limit would break "below")."""
    limit = cap.max_mg_per_kg_min
    below = [step for step in steps if step[0] < limit]
    if not below:  # the catalogue refuses such a product at load; kept for callers with their own caps
        raise ValueError(f"the initial rate is not below the at-risk maximum {cap.label_text}")
    timed = [(rate, minutes) for rate, minutes in below if minutes is not None]
    if cap.strict:
        last_rate = timed.pop()[0] if timed else below[-1][0]
        return [*timed, (last_rate, None)]
    return [*timed, (limit, None)]


def build_steps(volume: float, weight_kg: float, concentration_g_per_ml: float,
                steps: list[Step]) -> tuple[tuple[ScheduleStep, ...], float]:
    """Walk the titration until `volume` mL is given: (steps actually used, total minutes)."""
    remaining = volume
    used: list[ScheduleStep] = []
    for rate, minutes in steps:
        ml_per_h = rate_ml_per_h(rate, weight_kg, concentration_g_per_ml)
        step_volume = None if minutes is None else ml_per_h * minutes / 60.0
        if step_volume is None or step_volume >= remaining - _VOLUME_TOLERANCE_ML:
            used.append(ScheduleStep(
                rate_mg_per_kg_min=rate, rate_ml_per_h=ml_per_h, minutes=remaining / ml_per_h * 60.0,
                volume_ml=remaining))
            break
        assert minutes is not None
        used.append(ScheduleStep(
            rate_mg_per_kg_min=rate, rate_ml_per_h=ml_per_h, minutes=minutes, volume_ml=step_volume))
        remaining -= step_volume
    return tuple(used), sum(step.minutes for step in used)


def infusion_schedule(dose_g: float, weight_kg: float, product: Product, *, command: Literal["itp", "aps"],
                      risk: RiskScreen) -> InfusionSchedule | None:
    """The schedule for `dose_g` (the rounded dose: what is infused); None without label rates."""
    chosen = rates_for(product, command)
    if chosen is None:
        return None
    indication, spec, why = chosen
    steps = nominal_steps(spec)
    cap = at_risk_cap(product, spec, risk)
    if cap is not None:
        steps = capped_steps(steps, cap)
    concentration = product.concentration_g_per_ml
    used, total = build_steps(volume_ml(dose_g, concentration), weight_kg, concentration, steps)
    return InfusionSchedule(
        steps=used, total_minutes=total,
        source=_source_text(product, spec, why, cap=cap, steps=steps, weight_kg=weight_kg),
        rates_for=indication, generic=spec.steps.kind == "generic",
        at_risk_max_mg_per_kg_min=None if cap is None else steps[-1][0],
    )


def _source_text(product: Product, spec: RateSpec, why: str, *, cap: AtRiskMax | None, steps: list[Step],
                 weight_kg: float) -> str:
    parts = [f"{product.name} label, {spec.label_text}; {why}"]
    if spec.steps.kind == "generic":
        parts.append(
            f"Generic titration (the label gives no step interval or increments: {spec.steps.label_text}): "
            f"{number(spec.initial_mg_per_kg_min)} mg/kg/min for {number(GENERIC_STEP_MINUTES)} min, doubling "
            f"every {number(GENERIC_STEP_MINUTES)} min up to "
            f"{number(spec.max_mg_per_kg_min)} mg/kg/min.")
    else:
        parts.append(f"Label steps: {spec.steps.label_text}.")
    if spec.note:
        parts.append(spec.note[0].upper() + spec.note[1:] + ".")
    if cap is not None:
        how = (f"held at {number(steps[-1][0])} mg/kg/min, the last step below it" if cap.strict
               else f"capped at {number(cap.max_mg_per_kg_min)} mg/kg/min")
        parts.append(f"At-risk maximum {cap.label_text}: {how}.")
    parts.append(f"Rates on the dosing weight, {number(weight_kg)} kg. Verify against the current label.")
    return " ".join(parts)
