"""The weight an IVIG dose is computed on.

Devine ideal body weight (IBW); adjusted body weight = IBW + factor × (actual − IBW), factor 0.4.
Default (`auto`) rule: adjusted when BMI ≥ 30 or actual > 120% of IBW; otherwise actual. Never adjusted
(actual weight used): under 18, height under 152.4 cm, pregnancy (pre-pregnancy weight if given),
actual below IBW, or height/sex unknown (then the `unadjusted-weight` warning).
Intermediates are never rounded: a public calculator that rounds IBW first gets 82.2 kg where the
exact answer is 82.28 kg.
"""

from __future__ import annotations

from dataclasses import dataclass

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.body_weight import (
    ADJUST_ABOVE_FRACTION_OF_IBW,
    ADJUST_AT_BMI_KG_PER_M2,
    DEFAULT_ADJUSTMENT_FACTOR,
    DEVINE_BASE_KG,
    DEVINE_KG_PER_INCH_OVER_60,
    DEVINE_MIN_HEIGHT_CM,
    REFERENCES,
)
from ivigcalc.knowledge.units import CM_PER_INCH
from ivigcalc.model.inputs import PatientInput
from ivigcalc.model.result import DosingWeight
from ivigcalc.model.vocabulary import DosingWeightBasis, DosingWeightMode, Sex


def ideal_body_weight_kg(height_cm: float, sex: Sex) -> float | None:
    """Devine IBW; None under 152.4 cm, where it is not defined."""
    if height_cm < DEVINE_MIN_HEIGHT_CM:
        return None
    # (height − 152.4) / 2.54 rather than height / 2.54 − 60: exact 0 at the boundary.
    inches_over_60 = (height_cm - DEVINE_MIN_HEIGHT_CM) / CM_PER_INCH
    return DEVINE_BASE_KG[sex] + DEVINE_KG_PER_INCH_OVER_60 * inches_over_60


def adjusted_body_weight_kg(actual_kg: float, ideal_kg: float, factor: float = DEFAULT_ADJUSTMENT_FACTOR) -> float:
    return ideal_kg + factor * (actual_kg - ideal_kg)


def body_mass_index(weight_kg: float, height_cm: float) -> float:
    height_m = height_cm / 100.0
    return weight_kg / (height_m * height_m)


@dataclass(frozen=True, slots=True)
class DosingWeightOutcome:
    dosing_weight: DosingWeight
    warnings: tuple[tuple[str, dict[str, str]], ...]  # (warning key, message parameters)


def compute(patient: PatientInput, *, is_minor: bool, pregnant: bool | None = None) -> DosingWeightOutcome:
    """The dosing weight for `patient`. `is_minor`: under 18 by age or by stated population;
    `pregnant`: overrides `patient.pregnant` (obstetric APS is dosed as in pregnancy)."""
    pregnant = patient.pregnant if pregnant is None else pregnant
    actual = patient.weight_kg
    factor = patient.adjustment_factor
    ideal: float | None = None
    bmi: float | None = None
    if patient.height_cm is not None:
        bmi = body_mass_index(actual, patient.height_cm)
        if patient.sex is not None:
            ideal = ideal_body_weight_kg(patient.height_cm, patient.sex)
    adjusted = adjusted_body_weight_kg(actual, ideal, factor) if ideal is not None else None

    def outcome(
        kg: float, basis: DosingWeightBasis, reason: str, *warnings: tuple[str, dict[str, str]]
    ) -> DosingWeightOutcome:
        return DosingWeightOutcome(
            DosingWeight(
                kg=kg, basis=basis, reason=reason, actual_kg=actual, ideal_kg=ideal,
                adjusted_kg=adjusted, bmi_kg_per_m2=bmi, adjustment_factor=factor,
                references=REFERENCES,
            ),
            tuple(warnings),
        )

    mode = patient.dosing_weight
    if mode is DosingWeightMode.ACTUAL:
        return outcome(actual, DosingWeightBasis.ACTUAL, "Actual body weight, as requested.")

    if mode in (DosingWeightMode.IDEAL, DosingWeightMode.ADJUSTED):
        _check_explicit_request(patient, mode, is_minor=is_minor, pregnant=pregnant)
        assert ideal is not None and adjusted is not None  # guaranteed by the check above
        if mode is DosingWeightMode.IDEAL:
            kg, basis, how = ideal, DosingWeightBasis.IDEAL, _ideal_arithmetic(patient, ideal)
        else:
            kg, basis, how = adjusted, DosingWeightBasis.ADJUSTED, _adjusted_arithmetic(actual, ideal, factor)
        above_actual: tuple[tuple[str, dict[str, str]], ...] = ()
        if kg > actual:
            above_actual = (("dosing-weight-above-actual", {
                "basis": basis.value, "dosing_kg": number(kg), "actual_kg": number(actual)}),)
        return outcome(kg, basis, f"{how}, as requested.", *above_actual)

    # --- auto: the default rule and its exclusions, in the order the clinical basis (docs/clinical-basis.md) gives them
    if pregnant:
        if patient.pre_pregnancy_weight_kg is not None:
            return outcome(
                patient.pre_pregnancy_weight_kg, DosingWeightBasis.PRE_PREGNANCY,
                f"Pre-pregnancy weight ({number(patient.pre_pregnancy_weight_kg)} kg): in pregnancy the "
                "dose is on the pre-pregnancy weight, never adjusted.")
        return outcome(
            actual, DosingWeightBasis.ACTUAL,
            "Actual body weight: pregnancy, never adjusted (no pre-pregnancy weight given).")
    if is_minor:
        return outcome(actual, DosingWeightBasis.ACTUAL,
                       "Actual body weight: under 18 years, never adjusted.")
    if patient.height_cm is not None and patient.height_cm < DEVINE_MIN_HEIGHT_CM:
        return outcome(
            actual, DosingWeightBasis.ACTUAL,
            f"Actual body weight: height {number(patient.height_cm)} cm is under 152.4 cm (60 in), "
            "where Devine ideal body weight is not defined.")
    if ideal is None:
        missing = " and ".join(
            name for name, value in (("height", patient.height_cm), ("sex", patient.sex)) if value is None)
        return outcome(
            actual, DosingWeightBasis.ACTUAL,
            f"Actual body weight: {missing} unknown, so the adjusted-weight rule could not be applied.",
            ("unadjusted-weight", {}))
    assert bmi is not None and adjusted is not None
    percent_of_ideal = actual / ideal * 100.0
    if actual < ideal:
        return outcome(
            actual, DosingWeightBasis.ACTUAL,
            f"Actual body weight: below the ideal body weight of {number(ideal)} kg.")
    bmi_text = f"BMI {number(bmi, 1)} kg/m²"
    ratio_text = f"{number(percent_of_ideal, 1)}% of ideal body weight {number(ideal)} kg"
    if bmi >= ADJUST_AT_BMI_KG_PER_M2 or actual > ADJUST_ABOVE_FRACTION_OF_IBW * ideal:
        triggers = []
        if bmi >= ADJUST_AT_BMI_KG_PER_M2:
            triggers.append(f"{bmi_text} (≥ 30)")
        if actual > ADJUST_ABOVE_FRACTION_OF_IBW * ideal:
            triggers.append(f"actual weight {ratio_text} (> 120%)")
        return outcome(
            adjusted, DosingWeightBasis.ADJUSTED,
            f"{_adjusted_arithmetic(actual, ideal, factor)}, because {' and '.join(triggers)}.")
    return outcome(
        actual, DosingWeightBasis.ACTUAL,
        f"Actual body weight: {bmi_text} (< 30) and actual weight {ratio_text} (≤ 120%).")


def devine_formula(sex: Sex, height_cm: float) -> str:
    """'50 kg + 2.3 kg × (175 cm ÷ 2.54 − 60 in)': Devine IBW with the numbers substituted."""
    return (
        f"{number(DEVINE_BASE_KG[sex])} kg + {number(DEVINE_KG_PER_INCH_OVER_60)} kg × "
        f"({number(height_cm)} cm ÷ {number(CM_PER_INCH)} − {number(DEVINE_MIN_HEIGHT_CM / CM_PER_INCH)} in)"
    )


def adjusted_formula(actual_kg: float, ideal_kg: float, factor: float) -> str:
    """'IBW + 0.4 × (actual − IBW) = 70.46 + 0.4 × (100 − 70.46)': the adjustment, substituted."""
    return (
        f"IBW + {number(factor)} × (actual − IBW) = {number(ideal_kg)} + {number(factor)} × "
        f"({number(actual_kg)} − {number(ideal_kg)})"
    )


def _ideal_arithmetic(patient: PatientInput, ideal: float) -> str:
    assert patient.sex is not None and patient.height_cm is not None
    return f"Ideal body weight (Devine): {devine_formula(patient.sex, patient.height_cm)} = {number(ideal)} kg"


def _adjusted_arithmetic(actual: float, ideal: float, factor: float) -> str:
    adjusted = adjusted_body_weight_kg(actual, ideal, factor)
    return f"Adjusted body weight: {adjusted_formula(actual, ideal, factor)} = {number(adjusted)} kg"


def _check_explicit_request(
    patient: PatientInput, mode: DosingWeightMode, *, is_minor: bool, pregnant: bool
) -> None:
    """An explicit `ideal`/`adjusted` request that cannot be met is an input error, never a fallback."""
    why = None
    if patient.height_cm is None or patient.sex is None:
        why = "needs --height and --sex (Devine ideal body weight)"
    elif patient.height_cm < DEVINE_MIN_HEIGHT_CM:
        why = f"is not defined for a height under 152.4 cm (60 in); height is {number(patient.height_cm)} cm"
    elif pregnant:
        why = "does not apply in pregnancy: the dose is on the pre-pregnancy or actual weight"
    elif is_minor:
        why = "does not apply under 18 years: children are dosed on actual weight"
    if why is not None:
        raise InputError("dosing_weight", mode.value, f"{mode.value} body weight {why}; use auto or actual")
