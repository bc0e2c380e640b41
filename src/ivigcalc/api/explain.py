"""`--explain`: the arithmetic step by step with the numbers substituted, so a pharmacist can verify
it by hand: BMI, ideal and adjusted body weight, the dose, the rounding, the volume and each rate of
the schedule. Pure: lines of text from a Result (or a CheckResult); numbers formatted per ISMP."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ivigcalc.core.dosing_weight import adjusted_formula, devine_formula
from ivigcalc.formatting import number, quantity, signed_percent
from ivigcalc.knowledge.body_weight import (
    ADJUST_ABOVE_FRACTION_OF_IBW,
    ADJUST_AT_BMI_KG_PER_M2,
    DEVINE_BASE_KG,
    DEVINE_KG_PER_INCH_OVER_60,
    DEVINE_MIN_HEIGHT_CM,
)
from ivigcalc.knowledge.rounding import NEAREST_STEPS_G
from ivigcalc.knowledge.units import CM_PER_INCH, MINUTES_PER_HOUR
from ivigcalc.model.result import Infusion, InfusionSchedule, Phase, Result
from ivigcalc.model.vocabulary import DosingWeightBasis, PolicyId, Population, RoundingMode
from ivigcalc.pharmacy import rounding

if TYPE_CHECKING:
    from ivigcalc.pharmacy.check import CheckResult



def duration(minutes: float) -> str:
    """Whole minutes, rounded up, so a schedule is never shown shorter than it is: 165.83 min → "166 min
    (2 h 46 min)". (Rounded to 6 places first: float noise in 275.0000000001 is not a minute more.)"""
    whole = math.ceil(round(minutes, 6))
    text = quantity(whole, "min")
    if whole >= MINUTES_PER_HOUR:
        hours, rest = divmod(whole, int(MINUTES_PER_HOUR))
        text += f" ({hours} h {rest} min)" if rest else f" ({hours} h)"
    return text


def explain_result(result: Result) -> tuple[str, ...]:
    lines = _weight_lines(result)
    if result.regimen is None:
        lines.append(f"No regimen ({result.status.value}): nothing to dose.")
        return tuple(lines)
    weight_kg = result.dosing_weight.kg
    multi_phase = len(result.regimen.phases) > 1
    for phase in result.regimen.phases:
        lines.extend(_phase_lines(result, phase, weight_kg, multi_phase))
    regimen = result.regimen
    if regimen.total_dose_g is not None:
        total = f"Regimen total = {quantity(regimen.total_dose_g, 'g')} calculated"
        if regimen.total_dose_g_rounded is not None:
            total += f", {quantity(regimen.total_dose_g_rounded, 'g')} to give"
        lines.append(total + ".")
    return tuple(lines)


def _weight_lines(result: Result) -> list[str]:
    dw = result.dosing_weight
    patient = result.inputs
    lines: list[str] = []
    height = patient.height_cm
    if height is not None and dw.bmi_kg_per_m2 is not None:
        metres = height / 100
        lines.append(
            f"BMI = weight ÷ height² = {number(dw.actual_kg)} kg ÷ ({number(metres, 4)} m)² = "
            f"{number(dw.bmi_kg_per_m2)} kg/m².")
    if dw.ideal_kg is not None and height is not None and patient.sex is not None:
        inches_over = (height - DEVINE_MIN_HEIGHT_CM) / CM_PER_INCH
        base = DEVINE_BASE_KG[patient.sex]
        lines.append(
            f"Ideal body weight (Devine, {patient.sex.value}) = {devine_formula(patient.sex, height)} = "
            f"{number(base)} + "
            # 4 decimals: with 2 (8.9) the hand product would not come to the shown IBW
            f"{number(DEVINE_KG_PER_INCH_OVER_60)} × {number(inches_over, 4)} = {number(dw.ideal_kg)} kg.")
        if dw.policy is PolicyId.IVIGCALC:
            rule = (f"the default rule adjusts when BMI ≥ {number(ADJUST_AT_BMI_KG_PER_M2)} or actual > "
                    f"{number(ADJUST_ABOVE_FRACTION_OF_IBW * 100)}% of ideal")
        else:
            from ivigcalc.knowledge.policies import POLICIES

            rule = f"policy {dw.policy.value}: {POLICIES[dw.policy].rule.rstrip('.')}"
        lines.append(
            f"Actual ÷ ideal = {number(dw.actual_kg)} ÷ {number(dw.ideal_kg)} = "
            f"{number(dw.actual_kg / dw.ideal_kg * 100, 1)}% of ideal body weight ({rule}).")
    elif height is not None and height < DEVINE_MIN_HEIGHT_CM:
        lines.append(f"Ideal body weight: not defined under 152.4 cm (60 in); height is {number(height)} cm.")
    if dw.adjusted_kg is not None and dw.ideal_kg is not None:
        factor = dw.adjustment_factor
        lines.append(
            f"Adjusted body weight = {adjusted_formula(dw.actual_kg, dw.ideal_kg, factor)} = "
            f"{number(dw.adjusted_kg)} kg.")
    lines.append(f"Dosing weight = {quantity(dw.kg, 'kg')} ({dw.basis.value}): {dw.reason}")
    if dw.basis is not DosingWeightBasis.ACTUAL and dw.kg != dw.actual_kg:
        lines.append(f"(Actual weight {quantity(dw.actual_kg, 'kg')} is not the dosing weight here.)")
    return lines


def _phase_lines(result: Result, phase: Phase, weight_kg: float, multi_phase: bool) -> list[str]:
    lines: list[str] = []
    prefix = f"{phase.name}: " if multi_phase else ""
    groups: dict[tuple[float, float | None], list[Infusion]] = {}
    for infusion in phase.infusions:
        groups.setdefault((infusion.dose_g, infusion.dose_g_rounded), []).append(infusion)
    for infusions in groups.values():
        first = infusions[0]
        days = ", ".join(str(i.day) for i in infusions)
        which = f"day {days}" if len(infusions) == 1 else f"days {days} (each)"
        lines.append(
            f"{prefix}Dose, {which} = {number(first.dose_g_per_kg)} g/kg × {number(weight_kg)} kg = "
            f"{quantity(first.dose_g, 'g')}.")
        lines.extend(_rounding_lines(result, first, planned=phase.course_plan is not None))
        if first.volume_ml is not None and result.product is not None and first.dose_g_rounded is not None:
            concentration = result.product.concentration_percent / 100
            lines.append(
                f"Volume = {quantity(first.dose_g_rounded, 'g')} ÷ {number(concentration, 3)} g/mL "
                f"({number(result.product.concentration_percent)}%) = {quantity(first.volume_ml, 'mL')}.")
        if first.infusion_schedule is not None and result.product is not None:
            lines.extend(_schedule_lines(first.infusion_schedule, weight_kg,
                                         result.product.concentration_percent / 100, first.volume_ml or 0.0))
    plan = phase.course_plan
    if plan is not None:
        given = " + ".join(number(i.dose_g_rounded or 0.0) for i in phase.infusions)
        alone = " + ".join(number(grams) for grams in plan.rounded_alone_g)
        lines.append(
            f"{prefix}Course plan: the calculated course is {quantity(plan.exact_g, 'g')}; the whole-vial totals "
            f"of the days, each within ±10% of its dose, that come nearest it are {given} = "
            f"{quantity(plan.planned_g, 'g')} ({plan.vial_count} vials, the fewest for that total): "
            f"({number(plan.planned_g)} − {number(plan.exact_g)}) ÷ {number(plan.exact_g)} × 100 = "
            f"{signed_percent(plan.deviation_percent)}. Each day rounded alone: {alone} = "
            f"{quantity(plan.rounded_alone_total_g, 'g')} ({signed_percent(plan.rounded_alone_deviation_percent)}).")
    return lines


def _rounding_lines(result: Result, infusion: Infusion, *, planned: bool = False) -> list[str]:
    mode = result.inputs.rounding
    exact = infusion.dose_g
    rounded = infusion.dose_g_rounded
    if rounded is None:
        return []
    deviation = infusion.deviation_percent or 0.0
    verdict = "beyond ±10%: see the rounding-deviation warning" if rounding.exceeds_limit(deviation) \
        else "within ±10%"
    arithmetic = (f"deviation = ({number(rounded)} − {number(exact)}) ÷ {number(exact)} × 100 = "
                  f"{signed_percent(deviation)} ({verdict})")
    if mode is RoundingMode.NONE:
        return [f"Not rounded (--round none): give {quantity(exact, 'g')}."]
    if not infusion.vials and infusion.rounding_step_g is None:  # pharmacy left it unrounded
        return [f"Not rounded: --round {mode.value} would give more than 2 g/kg in a day (see the "
                f"rounding-hard-limit warning): give {quantity(exact, 'g')}."]
    if mode is RoundingMode.VIAL:
        assert result.product is not None
        sizes = ", ".join(number(size) for size in sorted(result.product.pack_sizes_g))
        vials = " + ".join(f"{v.count} × {quantity(v.size_g, 'g')}" for v in infusion.vials)
        count = sum(v.count for v in infusion.vials)
        if planned:
            return [
                f"Whole vials of {result.product.name} ({sizes} g), chosen for the course (course plan below): "
                f"{quantity(rounded, 'g')} = {vials} ({count} vial{'s' if count != 1 else ''}); {arithmetic}."]
        return [
            f"Whole vials of {result.product.name} ({sizes} g): the achievable total nearest "
            f"{quantity(exact, 'g')} is {quantity(rounded, 'g')} = {vials} "
            f"({count} vial{'s' if count != 1 else ''}, "
            f"the fewest for that total); {arithmetic}."]
    population = _population(result)
    lines = []
    for step in NEAREST_STEPS_G[population]:
        if infusion.rounding_step_g is not None and step == infusion.rounding_step_g:
            break
        coarser = rounding.round_to_multiple(exact, step)
        lines.append(
            f"Nearest {quantity(step, 'g')} would be {quantity(coarser, 'g')} "
            f"({signed_percent(rounding.deviation_percent(coarser, exact))}, beyond ±10%): a finer step is used.")
    step_text = quantity(infusion.rounding_step_g or 0.0, "g")
    lines.append(
        f"Rounding ({population.value}, nearest {step_text}): give {quantity(rounded, 'g')}; {arithmetic}.")
    return lines


def _population(result: Result) -> Population:
    from ivigcalc.core.population import patient_population

    return patient_population(result.inputs)


def _schedule_lines(schedule: InfusionSchedule, weight_kg: float, concentration: float,
                    volume: float) -> list[str]:
    lines = ["Rate (mL/h) = mg/kg/min × kg × 60 ÷ (1,000 × g/mL); volume of a step = mL/h × minutes ÷ 60."]
    given = 0.0
    last = len(schedule.steps) - 1
    for index, step in enumerate(schedule.steps):
        rate = (f"Step {index + 1}: {number(step.rate_mg_per_kg_min)} mg/kg/min × {number(weight_kg)} kg "
                "× 60 ÷ "
                f"(1,000 × {number(concentration, 3)} g/mL) = {number(step.rate_ml_per_h)} mL/h")
        if index == last:
            lines.append(
                f"{rate} for the remaining {number(volume)} − {number(given)} = "
                f"{quantity(step.volume_ml, 'mL')}: {number(step.volume_ml)} ÷ {number(step.rate_ml_per_h)} "
                f"× 60 = {quantity(step.minutes, 'min')}.")
        else:
            lines.append(
                f"{rate} for {quantity(step.minutes, 'min')}: {number(step.rate_ml_per_h)} × "
                f"{number(step.minutes)} ÷ 60 = {quantity(step.volume_ml, 'mL')}.")
        given += step.volume_ml
    minutes = " + ".join(number(step.minutes) for step in schedule.steps)
    shown, exact = duration(schedule.total_minutes), quantity(schedule.total_minutes, "min")
    if shown.split(" (")[0] == exact:  # whole minutes: nothing was rounded
        lines.append(f"Total time = {minutes} = {shown}.")
    else:
        lines.append(f"Total time = {minutes} = {exact}; shown rounded up: {shown}.")
    if schedule.at_risk_max_mg_per_kg_min is not None:
        lines.append("At-risk maximum applied: the rate stops at "
                     f"{number(schedule.at_risk_max_mg_per_kg_min)} "
                     "mg/kg/min.")
    return lines


def explain_check(outcome: CheckResult) -> tuple[str, ...]:
    lines = [f"Order: {outcome.order_text}."]
    for comparison in outcome.comparisons:
        text = (f"{comparison.what[0].upper() + comparison.what[1:]}: ordered {number(comparison.ordered)} "
                f"{comparison.unit} vs {number(comparison.expected)} {comparison.unit} ({comparison.basis})")
        if comparison.deviation_percent is not None:
            text += (f"; deviation = ({number(comparison.ordered)} − {number(comparison.expected)}) ÷ "
                     f"{number(comparison.expected)} × 100 = {signed_percent(comparison.deviation_percent)}")
        text += " → " + ("passes" if comparison.passed else "FLAG") + "."
        lines.append(text)
    lines.append(f"Verdict: {outcome.verdict}.")
    lines.append("The calculated regimen, step by step:")
    lines.extend(explain_result(outcome.expected))
    return tuple(lines)
