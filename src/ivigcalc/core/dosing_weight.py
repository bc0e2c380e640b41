"""The weight an IVIG dose is computed on, by the dosing-weight policy the input names.

Devine ideal body weight (IBW); adjusted body weight = IBW + factor × (actual − IBW), factor 0.4.
The policy (knowledge/policies.py) says when the adjusted weight replaces the actual weight, who is
exempt and what the band between ideal weight and the triggers gets. The default policy, `ivigcalc`:
adjusted when BMI ≥ 30 or actual > 120% of IBW; otherwise actual. Never adjusted (actual weight used):
under 18, height under 152.4 cm, pregnancy (pre-pregnancy weight if given), actual below IBW, or
height/sex unknown (then the `unadjusted-weight` warning).
Intermediates are never rounded: a public calculator that rounds IBW first gets 82.2 kg where the
exact answer is 82.28 kg.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.body_weight import (
    DEFAULT_ADJUSTMENT_FACTOR,
    DEVINE_BASE_KG,
    DEVINE_KG_PER_INCH_OVER_60,
    DEVINE_MIN_HEIGHT_CM,
)
from ivigcalc.knowledge.policies import POLICIES, DosingWeightPolicy
from ivigcalc.knowledge.units import CM_PER_INCH
from ivigcalc.model.inputs import PatientInput
from ivigcalc.model.result import DosingWeight
from ivigcalc.model.vocabulary import DosingWeightBasis, DosingWeightMode, Sex, WeightDecision

Warnings = tuple[tuple[str, dict[str, str]], ...]  # (warning key, message parameters)


def ideal_body_weight_kg(height_cm: float, sex: Sex, min_height_cm: float = DEVINE_MIN_HEIGHT_CM) -> float | None:
    """Devine IBW; None under `min_height_cm` (152.4 cm, 60 in, where Devine starts; a policy may start
    lower, where the formula gives a negative inch count: BloodSTAR from 152 cm)."""
    if height_cm < min_height_cm:
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
    warnings: Warnings


Outcome = Callable[..., DosingWeightOutcome]


def compute(patient: PatientInput, *, is_minor: bool, pregnant: bool | None = None) -> DosingWeightOutcome:
    """The dosing weight for `patient` under `patient.policy`. `is_minor`: under 18 by age or by stated
    population; `pregnant`: overrides `patient.pregnant` (obstetric APS is dosed as in pregnancy)."""
    policy = POLICIES[patient.policy]
    pregnant = patient.pregnant if pregnant is None else pregnant
    actual = patient.weight_kg
    # The weight the rule is applied to: the actual weight, or (Ontario, in pregnancy) the pre-pregnancy weight.
    base = actual
    if pregnant and policy.pregnancy == "pre-pregnancy-in-rule" and patient.pre_pregnancy_weight_kg is not None:
        base = patient.pre_pregnancy_weight_kg
    factor = patient.adjustment_factor
    ideal: float | None = None
    bmi: float | None = None
    if patient.height_cm is not None:
        bmi = body_mass_index(base, patient.height_cm)
        if patient.sex is not None:
            ideal = ideal_body_weight_kg(patient.height_cm, patient.sex, policy.min_height_cm)
    adjusted = adjusted_body_weight_kg(base, ideal, factor) if ideal is not None else None
    always: Warnings = (("policy-not-verified", {"policy": policy.id.value}),) \
        if policy.verification == "not verified" else ()

    def outcome(
        kg: float, basis: DosingWeightBasis, reason: str, decision: WeightDecision,
        *warnings: tuple[str, dict[str, str]], triggers: tuple[str, ...] = (),
    ) -> DosingWeightOutcome:
        return DosingWeightOutcome(
            DosingWeight(
                kg=kg, basis=basis, reason=reason, actual_kg=actual, ideal_kg=ideal,
                adjusted_kg=adjusted, bmi_kg_per_m2=bmi, adjustment_factor=factor,
                references=policy.reference_ids, policy=policy.id, policy_label=policy.label,
                policy_verification=policy.verification, decision=decision, triggers=triggers,
            ),
            (*warnings, *always),
        )

    mode = patient.dosing_weight
    if mode is DosingWeightMode.ACTUAL:
        return _requested_actual(patient, policy, outcome, is_minor=is_minor, pregnant=pregnant)

    if mode in (DosingWeightMode.IDEAL, DosingWeightMode.ADJUSTED):
        _check_explicit_request(patient, mode, policy, is_minor=is_minor, pregnant=pregnant)
        assert ideal is not None and adjusted is not None  # guaranteed by the check above
        if mode is DosingWeightMode.IDEAL:
            kg, basis, how = ideal, DosingWeightBasis.IDEAL, _ideal_arithmetic(patient, ideal)
        else:
            kg, basis, how = adjusted, DosingWeightBasis.ADJUSTED, _adjusted_arithmetic(base, ideal, factor)
        above_actual: Warnings = ()
        if kg > actual:
            above_actual = (("dosing-weight-above-actual", {
                "basis": basis.value, "dosing_kg": number(kg), "actual_kg": number(actual)}),)
        return outcome(kg, basis, f"{how}, as requested.", WeightDecision.REQUESTED, *above_actual)
    return _by_policy(patient, policy, outcome, base=base, ideal=ideal, adjusted=adjusted, bmi=bmi,
                      is_minor=is_minor, pregnant=pregnant)


def _requested_actual(patient: PatientInput, policy: DosingWeightPolicy, outcome: Outcome, *, is_minor: bool,
                      pregnant: bool) -> DosingWeightOutcome:
    """`--dosing-weight actual`. Where the policy needs a recorded reason for actual weight and would
    give another weight, the reason is required (an input error without it) and echoed."""
    reason = patient.actual_weight_reason
    text = "Actual body weight, as requested."
    warnings: Warnings = ()
    if policy.requires_reason_for_actual:
        auto = compute(_with_auto(patient), is_minor=is_minor, pregnant=pregnant).dosing_weight
        if auto.basis is not DosingWeightBasis.ACTUAL:
            if reason is None:
                raise InputError(
                    "actual_weight_reason", None,
                    f"is required: policy {policy.id.value} gives {auto.basis.value} body weight "
                    f"({number(auto.kg)} kg) here, and actual weight instead needs a recorded clinical "
                    "justification (--actual-weight-reason TEXT)")
            text += f" Policy {policy.id.value} would give {auto.basis.value} body weight ({number(auto.kg)} kg)."
            warnings = (("actual-weight-chosen", {
                "policy": policy.id.value, "basis": auto.basis.value, "policy_kg": number(auto.kg),
                "actual_kg": number(patient.weight_kg)}),)
    if reason is not None:
        text += f" Reason recorded: {reason}"
        if not reason.endswith((".", "!", "?")):
            text += "."
    return outcome(patient.weight_kg, DosingWeightBasis.ACTUAL, text, WeightDecision.REQUESTED, *warnings)


def _with_auto(patient: PatientInput) -> PatientInput:
    from dataclasses import replace

    return replace(patient, dosing_weight=DosingWeightMode.AUTO, actual_weight_reason=None)


def _by_policy(
    patient: PatientInput, policy: DosingWeightPolicy, outcome: Outcome, *, base: float, ideal: float | None,
    adjusted: float | None, bmi: float | None, is_minor: bool, pregnant: bool,
) -> DosingWeightOutcome:
    """The policy's rule and its exemptions, in the order knowledge/policies.py gives them."""
    actual = patient.weight_kg
    factor = patient.adjustment_factor
    actual_basis = DosingWeightBasis.ACTUAL
    prefix = ""  # Ontario in pregnancy: the rule runs on the pre-pregnancy weight
    if pregnant:
        pre = patient.pre_pregnancy_weight_kg
        if policy.pregnancy == "actual":
            text = f"Actual body weight: pregnancy, where policy {policy.id.value} uses actual body weight"
            text += "." if pre is None else f" (the pre-pregnancy weight given, {number(pre)} kg, is not used)."
            return outcome(actual, actual_basis, text, WeightDecision.EXEMPT_PREGNANCY)
        if policy.pregnancy == "pre-pregnancy-unadjusted" or pre is None:
            if pre is not None:
                return outcome(
                    pre, DosingWeightBasis.PRE_PREGNANCY,
                    f"Pre-pregnancy weight ({number(pre)} kg): in pregnancy the "
                    "dose is on the pre-pregnancy weight, never adjusted.", WeightDecision.EXEMPT_PREGNANCY)
            text = "Actual body weight: pregnancy, never adjusted (no pre-pregnancy weight given)."
            if policy.pregnancy == "pre-pregnancy-in-rule":
                text = ("Actual body weight, unadjusted: pregnancy, and the pre-pregnancy weight (which policy "
                        f"{policy.id.value} puts through its rule) was not given; give --pre-pregnancy-weight.")
            return outcome(actual, actual_basis, text, WeightDecision.EXEMPT_PREGNANCY)
        actual_basis = DosingWeightBasis.PRE_PREGNANCY
        prefix = (f"Pre-pregnancy weight {number(base)} kg through policy {policy.id.value}'s rule (in pregnancy "
                  "the pre-pregnancy weight is used). ")
    if policy.exempts_minors and is_minor:
        return outcome(actual, actual_basis, "Actual body weight: under 18 years, never adjusted.",
                       WeightDecision.EXEMPT_AGE)
    base_name = "Actual body weight" if not prefix else "Pre-pregnancy weight"
    if patient.height_cm is not None and patient.height_cm < policy.min_height_cm:
        if policy.min_height_cm == DEVINE_MIN_HEIGHT_CM:
            text = (f"{base_name}: height {number(patient.height_cm)} cm is under 152.4 cm (60 in), "
                    "where Devine ideal body weight is not defined.")
        else:
            text = (f"{base_name}: height {number(patient.height_cm)} cm is under "
                    f"{number(policy.min_height_cm)} cm, exempt under policy {policy.id.value}.")
        return outcome(base, actual_basis, prefix + text, WeightDecision.EXEMPT_HEIGHT)
    if ideal is None:
        missing = " and ".join(
            name for name, value in (("height", patient.height_cm), ("sex", patient.sex)) if value is None)
        return outcome(
            base, actual_basis,
            prefix + f"{base_name}: {missing} unknown, so the adjusted-weight rule could not be applied.",
            WeightDecision.UNKNOWN_HEIGHT_OR_SEX, ("unadjusted-weight", {}))
    assert bmi is not None and adjusted is not None and patient.sex is not None and patient.height_cm is not None
    if policy.min_weight_kg is not None and base <= policy.min_weight_kg[patient.sex]:
        return outcome(
            base, actual_basis,
            prefix + f"{base_name}: {number(base)} kg is not over {number(policy.min_weight_kg[patient.sex])} kg "
            f"({patient.sex.value}), the weight from which policy {policy.id.value} adjusts.",
            WeightDecision.EXEMPT_WEIGHT)
    if policy.exempt_below == "ideal" and base < ideal:
        return outcome(base, actual_basis,
                       prefix + f"{base_name}: below the ideal body weight of {number(ideal)} kg.",
                       WeightDecision.EXEMPT_BELOW_IDEAL)
    if policy.exempt_below == "adjusted" and base < adjusted:
        return outcome(base, actual_basis,
                       prefix + f"{base_name}: below the adjusted body weight of {number(adjusted)} kg.",
                       WeightDecision.EXEMPT_BELOW_ADJUSTED)
    arithmetic = _adjusted_arithmetic(base, ideal, factor)
    if policy.all_adults:
        return outcome(
            adjusted, DosingWeightBasis.ADJUSTED,
            prefix + f"{arithmetic}, because policy {policy.id.value} uses adjusted body weight for every adult "
            "not exempt.", WeightDecision.ALL_ADULTS)
    percent_of_ideal = base / ideal * 100.0
    bmi_text = f"BMI {number(bmi, 1)} kg/m²"
    ratio_text = f"{'actual' if not prefix else 'pre-pregnancy'} weight {number(percent_of_ideal, 1)}% of " \
        f"ideal body weight {number(ideal)} kg"
    met: list[tuple[str, str]] = []  # (trigger code, text)
    unmet: list[str] = []
    threshold = policy.bmi_threshold_kg_per_m2
    if threshold is not None:
        over = bmi >= threshold if policy.bmi_inclusive else bmi > threshold
        shown = number(threshold)
        if over:
            met.append(("bmi", f"{bmi_text} ({'≥' if policy.bmi_inclusive else '>'} {shown})"))
        else:
            unmet.append(f"{bmi_text} ({'<' if policy.bmi_inclusive else '≤'} {shown})")
    fraction = policy.ibw_excess_fraction
    if fraction is not None:
        over = base >= fraction * ideal if policy.ibw_excess_inclusive else base > fraction * ideal
        shown = number(fraction * 100)
        if over:
            met.append(("ibw-excess", f"{ratio_text} ({'≥' if policy.ibw_excess_inclusive else '>'} {shown}%)"))
        else:
            unmet.append(f"{ratio_text} ({'<' if policy.ibw_excess_inclusive else '≤'} {shown}%)")
    if met:
        return outcome(
            adjusted, DosingWeightBasis.ADJUSTED,
            prefix + f"{arithmetic}, because {' and '.join(text for _, text in met)}"
            + ("." if policy.middle_band_mandatory else f": mandated by policy {policy.id.value}."),
            WeightDecision.TRIGGER,
            triggers=tuple(code for code, _ in met))
    below = " and ".join(unmet)
    if policy.middle_band == "ideal":
        return outcome(
            ideal, DosingWeightBasis.IDEAL,
            prefix + f"{_ideal_arithmetic(patient, ideal)}, because {below}: policy {policy.id.value} doses on "
            "ideal body weight from 100% of it up to the trigger.", WeightDecision.MIDDLE_BAND)
    if policy.middle_band == "adjusted":
        advised = "" if policy.middle_band_mandatory else (
            " Not mandated there: the policy advises it (its calculator gives this weight); actual weight may "
            "be chosen with --dosing-weight actual.")
        return outcome(
            adjusted, DosingWeightBasis.ADJUSTED,
            prefix + f"{arithmetic}: {below}, and the patient meets policy {policy.id.value}'s height and weight "
            f"criteria.{advised}", WeightDecision.MIDDLE_BAND)
    return outcome(base, actual_basis, prefix + f"{base_name}: {below}.", WeightDecision.MIDDLE_BAND)


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
    patient: PatientInput, mode: DosingWeightMode, policy: DosingWeightPolicy, *, is_minor: bool, pregnant: bool
) -> None:
    """An explicit `ideal`/`adjusted` request that cannot be met is an input error, never a fallback."""
    why = None
    if patient.height_cm is None or patient.sex is None:
        why = "needs --height and --sex (Devine ideal body weight)"
    elif patient.height_cm < policy.min_height_cm:
        floor = "152.4 cm (60 in)" if policy.min_height_cm == DEVINE_MIN_HEIGHT_CM else \
            f"{number(policy.min_height_cm)} cm (policy {policy.id.value})"
        why = f"is not defined for a height under {floor}; height is {number(patient.height_cm)} cm"
    elif pregnant:
        why = "does not apply in pregnancy: the dose is on the pre-pregnancy or actual weight"
    elif is_minor:
        why = "does not apply under 18 years: children are dosed on actual weight"
    if why is not None:
        raise InputError("dosing_weight", mode.value, f"{mode.value} body weight {why}; use auto or actual")
