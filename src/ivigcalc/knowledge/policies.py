"""Dosing-weight policies as data: when the adjusted body weight replaces the actual weight, who is
exempt, what the middle band gets, the factor, the sources and what was verified in them.

Adjusted body weight (AdjBW) = IBW + factor × (actual − IBW), IBW by Devine (knowledge/body_weight.py).
How `core/dosing_weight.compute` reads a record, in this order:

1. Pregnancy: `pregnancy` says what a pregnant patient is dosed on (see `PregnancyRule`).
2. `exempts_minors`: under 18 years (by age or stated population) → actual weight.
3. Height under `min_height_cm` → actual weight. Exactly the minimum is eligible in every source.
4. Height or sex unknown → actual weight, with the `unadjusted-weight` warning.
5. `min_weight_kg` (by sex): a weight not strictly over it → actual weight (Ontario: "over 50kg").
6. `exempt_below`: actual below IBW (`ideal`) or below AdjBW (`adjusted`) → actual weight. For a factor
   in (0, 1] both select the same patients; both are kept because the sources word them differently.
7. `all_adults` → adjusted. Else the triggers, OR-ed: BMI over `bmi_threshold_kg_per_m2` (at or over
   when `bmi_inclusive`), actual over `ibw_excess_fraction` × IBW (at or over when inclusive) → adjusted.
8. Otherwise the middle band: `middle_band` weight (actual, ideal, or adjusted when the source advises
   it without mandating it: `middle_band_mandatory` False).

Each record's `checks` say, field by field, what the cited source says and whether it was verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from ivigcalc.knowledge.body_weight import (
    ADJUST_ABOVE_FRACTION_OF_IBW,
    ADJUST_AT_BMI_KG_PER_M2,
    DEFAULT_ADJUSTMENT_FACTOR,
    DEVINE_MIN_HEIGHT_CM,
)
from ivigcalc.knowledge.body_weight import REFERENCES as DEFAULT_RULE_REFERENCES
from ivigcalc.model.vocabulary import PolicyId

Verification = Literal["ivigcalc rule", "verified", "partly verified", "not verified"]
FieldStatus = Literal["verified", "not verified", "from the issue text only", "ivigcalc choice", "assumed"]
# pre-pregnancy-unadjusted: the pre-pregnancy weight if given, else actual; never adjusted (ivigcalc).
# actual: actual body weight, never adjusted (BloodSTAR: "BloodSTAR will apply actual body weight").
# pre-pregnancy-in-rule: the pre-pregnancy weight goes through the same rule (Ontario).
PregnancyRule = Literal["pre-pregnancy-unadjusted", "actual", "pre-pregnancy-in-rule"]
MiddleBandWeight = Literal["actual", "ideal", "adjusted"]

# --- the numbers (each with its source in SOURCES) ----------------------------------------------------
# BloodSTAR exempts "< 152 cm in height": 152, not Devine's 152.4 cm (60 in). Between 152 and 152.4 cm
# the NBA's formula, 50 (45.5) + 2.3 × (height in inches − 60), is still defined (a negative inch count
# of at most 0.16 in: IBW 49.64 kg male, 45.14 kg female at 152 cm), so the bloodstar-2026 policy
# applies it there as the NBA states it, and gives the weight BloodSTAR will authorise. Keeping actual
# weight instead would dose up to 0.6 × (actual − IBW) above what BloodSTAR authorises.
BLOODSTAR_MIN_HEIGHT_CM: Final = 152.0
BLOODSTAR_ADJUSTMENT_FACTOR: Final = 0.4
ONTARIO_BMI_THRESHOLD_KG_PER_M2: Final = 30.0  # "BMI >30": strictly over
ONTARIO_MIN_HEIGHT_CM: Final = 152.4  # "152.4cm or over"
ONTARIO_MIN_WEIGHT_KG: Final = MappingProxyType({"male": 50.0, "female": 45.5})  # "over 50kg / 45.5kg"
NHS_ENGLAND_BMI_THRESHOLD_KG_PER_M2: Final = 30.0  # not verified: from the request only
NHS_ENGLAND_IBW_EXCESS_FRACTION: Final = 1.2  # "more than 20 % over IBW"; not verified
CLINPK_IBW_EXCESS_FRACTION: Final = 1.2  # clinPK: TBW > 1.2 × IBW (strict)
CLINPK_ADJUSTMENT_FACTOR: Final = 0.4  # clinPK calc_abw(factor = 0.4)

SOURCES: Final = {
    "BLOODSTAR_MIN_HEIGHT_CM": ("lifeblood-abw-2026",),
    "BLOODSTAR_ADJUSTMENT_FACTOR": ("nba-bloodstar-calculator",),
    "ONTARIO_BMI_THRESHOLD_KG_PER_M2": ("orbcon-ig-dose-calculator",),
    "ONTARIO_MIN_HEIGHT_CM": ("orbcon-ig-dose-calculator",),
    "ONTARIO_MIN_WEIGHT_KG": ("orbcon-ig-dose-calculator",),
    "NHS_ENGLAND_BMI_THRESHOLD_KG_PER_M2": ("nhse-ig-policy-2021",),
    "NHS_ENGLAND_IBW_EXCESS_FRACTION": ("nhse-ig-policy-2021",),
    "CLINPK_IBW_EXCESS_FRACTION": ("clinpk-dosing-weight",),
    "CLINPK_ADJUSTMENT_FACTOR": ("clinpk-dosing-weight",),
}


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """What the source says about one field of a policy, and whether it was read in the source."""

    field: str
    status: FieldStatus
    note: str


@dataclass(frozen=True, slots=True)
class DosingWeightPolicy:
    id: PolicyId
    label: str
    rule: str  # one line, for people: the trigger, the exemptions and the middle band
    # trigger
    bmi_threshold_kg_per_m2: float | None
    bmi_inclusive: bool
    ibw_excess_fraction: float | None
    ibw_excess_inclusive: bool
    all_adults: bool
    # exemptions (actual weight)
    exempts_minors: bool
    min_height_cm: float  # also where Devine IBW starts for this policy
    min_weight_kg: MappingProxyType[str, float] | None  # by Sex value: not strictly over it → actual
    pregnancy: PregnancyRule
    exempt_below: Literal["ideal", "adjusted"]
    # middle band: at or above IBW, no trigger met
    middle_band: MiddleBandWeight
    middle_band_mandatory: bool
    adjustment_factor: float
    requires_reason_for_actual: bool  # actual weight instead of the policy's needs a recorded reason
    # provenance
    reference_ids: tuple[str, ...]
    effective_date: str | None  # ISO 8601; None: undated or not verified
    verification: Verification
    checks: tuple[FieldCheck, ...]
    notes: tuple[str, ...] = ()


IVIGCALC: Final = DosingWeightPolicy(
    id=PolicyId.IVIGCALC,
    label="ivigcalc default",
    rule=("Adjusted when BMI ≥ 30 or actual weight > 120% of ideal; otherwise actual. Actual weight under "
          "18 years, under 152.4 cm, below ideal weight; in pregnancy the pre-pregnancy weight if given, "
          "never adjusted."),
    bmi_threshold_kg_per_m2=ADJUST_AT_BMI_KG_PER_M2, bmi_inclusive=True,
    ibw_excess_fraction=ADJUST_ABOVE_FRACTION_OF_IBW, ibw_excess_inclusive=False,
    all_adults=False,
    exempts_minors=True, min_height_cm=DEVINE_MIN_HEIGHT_CM, min_weight_kg=None,
    pregnancy="pre-pregnancy-unadjusted", exempt_below="ideal",
    middle_band="actual", middle_band_mandatory=True,
    adjustment_factor=DEFAULT_ADJUSTMENT_FACTOR, requires_reason_for_actual=False,
    reference_ids=DEFAULT_RULE_REFERENCES,
    effective_date=None,
    verification="ivigcalc rule",
    checks=(
        FieldCheck("rule", "ivigcalc choice",
                   "ivigcalc's rule: a synthesis of the sources below, not one source's policy."),
        FieldCheck("ibw_excess_fraction", "verified",
                   "'> 120%' as in a US hospital IVIG order form ('actual body weight (ABW) for patients up "
                   "to 120% ideal body weight (IBW)'), clinPK (TBW > 1.2*IBW) and ClinCalc."),
        FieldCheck("bmi_inclusive", "ivigcalc choice",
                   "Ontario and the Option Care order form say BMI > 30 (strict); ≥ 30 is ivigcalc's. It "
                   "changes no dose: from 152.4 cm up, BMI 30 already means more than 120% of ideal weight."),
        FieldCheck("middle_band", "verified",
                   "Actual weight up to 120% of ideal, as in the US order form (clinPK uses ideal weight)."),
    ),
)

BLOODSTAR_2026: Final = DosingWeightPolicy(
    id=PolicyId.BLOODSTAR_2026,
    label="Australia, BloodSTAR from 1 July 2026",
    rule=("Adjusted for every adult by default. Exempt (actual weight): under 18 years, under 152 cm, "
          "pregnant, actual weight below the adjusted weight. Actual weight instead needs a recorded "
          "clinical justification (--actual-weight-reason)."),
    bmi_threshold_kg_per_m2=None, bmi_inclusive=False,
    ibw_excess_fraction=None, ibw_excess_inclusive=False,
    all_adults=True,
    exempts_minors=True, min_height_cm=BLOODSTAR_MIN_HEIGHT_CM, min_weight_kg=None,
    pregnancy="actual", exempt_below="adjusted",
    middle_band="adjusted", middle_band_mandatory=True,
    adjustment_factor=BLOODSTAR_ADJUSTMENT_FACTOR, requires_reason_for_actual=True,
    reference_ids=("lifeblood-abw-2026", "nba-bloodstar-calculator", "devine-1974"),
    effective_date="2026-07-01",
    verification="verified",
    checks=(
        FieldCheck("all_adults", "verified",
                   "Lifeblood: 'Adjusted body weight dosing will be the mandated default in BloodSTAR "
                   "(unless an exclusion applies)', for initial and continuing requests."),
        FieldCheck("exempts_minors", "verified", "Lifeblood: not recommended for patients 'aged < 18 years'."),
        FieldCheck("min_height_cm", "verified",
                   "Lifeblood: '< 152 cm in height' (152, not 152.4). From 152 to 152.4 cm ivigcalc applies "
                   "the NBA's Devine formula as written (a negative inch count): IBW 49.64 kg (male) and "
                   "45.14 kg (female) at 152 cm."),
        FieldCheck("pregnancy", "verified",
                   "Lifeblood: 'are pregnant' ... 'BloodSTAR will apply actual body weight dosing' (not the "
                   "pre-pregnancy weight)."),
        FieldCheck("exempt_below", "verified",
                   "Lifeblood: 'have an actual body weight that is lower than their adjusted body weight'."),
        FieldCheck("requires_reason_for_actual", "verified",
                   "Lifeblood: select the option in BloodSTAR 'and provide a clinical justification in the "
                   "authorisation request'."),
        FieldCheck("effective_date", "verified", "Lifeblood: 'From 1 July 2026'."),
        FieldCheck("adjustment_factor", "verified",
                   "NBA calculator page: 'DDW = IBW + 0.4 x (actual body weight in kg – IBW)'; stated for the "
                   "calculator before 2026 (the 2026 notice does not restate the formula)."),
        FieldCheck("cm_per_inch", "ivigcalc choice",
                   "The NBA converts with 0.393701 in/cm; ivigcalc uses exactly 1/2.54 (IBW differs by less "
                   "than 0.0001 kg at 200 cm)."),
        FieldCheck("position_statement", "not verified",
                   "The NBA position statement and prescriber factsheet linked from the notice were not read."),
        FieldCheck("example", "from the issue text only",
                   "'80 kg, 175 cm man: about 74.3 kg' is in no source read; the arithmetic agrees: IBW "
                   "70.46 kg, adjusted 74.28 kg."),
    ),
    notes=("Clinicians retain responsibility for and control over the final dose (Lifeblood).",),
)

ONTARIO: Final = DosingWeightPolicy(
    id=PolicyId.ONTARIO,
    label="Ontario, ORBCoN IG dose calculator",
    rule=("Adjusted weight must be used when BMI > 30, and should be used (the calculator gives it) for "
          "every patient 152.4 cm or over and over 50 kg (male) / 45.5 kg (female); otherwise actual. No age "
          "exemption; in pregnancy the pre-pregnancy weight goes into the calculator."),
    bmi_threshold_kg_per_m2=ONTARIO_BMI_THRESHOLD_KG_PER_M2, bmi_inclusive=False,
    ibw_excess_fraction=None, ibw_excess_inclusive=False,
    all_adults=False,
    exempts_minors=False, min_height_cm=ONTARIO_MIN_HEIGHT_CM, min_weight_kg=ONTARIO_MIN_WEIGHT_KG,
    pregnancy="pre-pregnancy-in-rule", exempt_below="ideal",
    middle_band="adjusted", middle_band_mandatory=False,
    adjustment_factor=DEFAULT_ADJUSTMENT_FACTOR, requires_reason_for_actual=False,
    reference_ids=("orbcon-ig-dose-calculator", "ontario-ivig", "devine-1974"),
    effective_date="2018-01-31",
    verification="partly verified",
    checks=(
        FieldCheck("bmi_threshold_kg_per_m2", "verified",
                   "ORBCoN: 'must be used for all obese patients (obese defined as patients with BMI >30)'."),
        FieldCheck("middle_band", "verified",
                   "'and should be used for calculating doses in all patients who meet the following "
                   "criteria: Height: 152.4cm or over, and Weight: males over 50kg / females over 45.5kg'. "
                   "The weight test is against 50 / 45.5 kg, not the patient's own ideal weight. ivigcalc gives "
                   "what the calculator gives (adjusted) and says it is advised, not mandated."),
        FieldCheck("min_weight_kg", "verified", "'males over 50kg / females over 45.5kg' (strictly over)."),
        FieldCheck("exempts_minors", "verified",
                   "No age exemption: under 18 years, actual weight only when the height and weight criteria "
                   "are not met."),
        FieldCheck("pregnancy", "verified",
                   "'The pre-pregnancy weight should be used for the dose calculator'. Without one, ivigcalc "
                   "keeps the actual weight, unadjusted (ivigcalc choice)."),
        FieldCheck("exempt_below", "assumed",
                   "The page read is silent on actual below ideal weight (the adjusted weight would then be "
                   "above actual); ivigcalc keeps actual weight. Needs sign-off."),
        FieldCheck("adjustment_factor", "not verified",
                   "The formula block of the page was not readable; 0.4 as in every other source."),
        FieldCheck("effective_date", "verified", "'BMI/Dose Calculator version 3 January 31, 2018'."),
    ),
    notes=("The calculator also rounds doses to the nearest 5 g (ivigcalc's rounding is separate).",),
)

NHS_ENGLAND: Final = DosingWeightPolicy(
    id=PolicyId.NHS_ENGLAND,
    label="NHS England dose-determining weight (NOT VERIFIED)",
    rule=("NOT VERIFIED against the policy text. Adjusted when BMI > 30 or actual weight > 120% of ideal; "
          "otherwise actual. Exemptions copied from the ivigcalc rule."),
    bmi_threshold_kg_per_m2=NHS_ENGLAND_BMI_THRESHOLD_KG_PER_M2, bmi_inclusive=False,
    ibw_excess_fraction=NHS_ENGLAND_IBW_EXCESS_FRACTION, ibw_excess_inclusive=False,
    all_adults=False,
    exempts_minors=True, min_height_cm=DEVINE_MIN_HEIGHT_CM, min_weight_kg=None,
    pregnancy="pre-pregnancy-unadjusted", exempt_below="ideal",
    middle_band="actual", middle_band_mandatory=True,
    adjustment_factor=DEFAULT_ADJUSTMENT_FACTOR, requires_reason_for_actual=False,
    reference_ids=("nhse-ig-policy-2021", "devine-1974"),
    effective_date=None,
    verification="not verified",
    checks=(
        FieldCheck("bmi_threshold_kg_per_m2", "from the issue text only",
                   "The policy's dosing section was not read; the trigger is the request's."),
        FieldCheck("ibw_excess_fraction", "from the issue text only", "As above."),
        FieldCheck("adjustment_factor", "not verified", "0.4 assumed."),
        FieldCheck("exemptions", "assumed",
                   "ivigcalc's copied; the NHS criteria apply 'to the use of Ig in both adults and children', "
                   "so an age exemption is not known to be NHS policy."),
        FieldCheck("adjusts_for_weight", "verified",
                   "Indirectly only: a third-party calculator applies 'the ideal body mass (IBM) adjustment "
                   "recommended in the NHS England Updated Commissioning Policy' (December 2021), and a Kent "
                   "formulary says doses 'must be calculated using ideal body weight (IBW)'."),
    ),
    notes=("Read the policy's dosing section before relying on this record.",),
)

IDEAL_BAND: Final = DosingWeightPolicy(
    id=PolicyId.IDEAL_BAND,
    label="Ideal weight in the 100-120% band (clinPK style)",
    rule=("Ideal weight when actual weight is 100-120% of ideal; adjusted above 120% (strictly); actual "
          "below ideal. Exemptions as the ivigcalc rule."),
    bmi_threshold_kg_per_m2=None, bmi_inclusive=False,
    ibw_excess_fraction=CLINPK_IBW_EXCESS_FRACTION, ibw_excess_inclusive=False,
    all_adults=False,
    exempts_minors=True, min_height_cm=DEVINE_MIN_HEIGHT_CM, min_weight_kg=None,
    pregnancy="pre-pregnancy-unadjusted", exempt_below="ideal",
    middle_band="ideal", middle_band_mandatory=True,
    adjustment_factor=CLINPK_ADJUSTMENT_FACTOR, requires_reason_for_actual=False,
    reference_ids=("clinpk-dosing-weight", "devine-1974"),
    effective_date=None,
    verification="partly verified",
    checks=(
        FieldCheck("rule", "verified",
                   "clinPK: 'In principle, use IBW - If total body weight (TBW) > 1.2*IBW, then use ABW - If "
                   "TBW < IBW, use TBW'; code: weight > ibw * 1.2 (strict)."),
        FieldCheck("adjustment_factor", "verified", "clinPK calc_abw(factor = 0.4)."),
        FieldCheck("exemptions", "ivigcalc choice",
                   "clinPK has no pregnancy rule, no height floor, and another IBW formula under 18 years."),
        FieldCheck("us_order_sets", "not verified",
                   "No US IVIG order set using ideal weight at 100-120% was found; the one found uses actual "
                   "weight up to 120% (the ivigcalc rule)."),
    ),
    notes=("clinPK is a generic dosing-weight helper, not IVIG-specific.",),
)

POLICIES: Final[MappingProxyType[PolicyId, DosingWeightPolicy]] = MappingProxyType({
    policy.id: policy for policy in (IVIGCALC, BLOODSTAR_2026, ONTARIO, NHS_ENGLAND, IDEAL_BAND)})
DEFAULT_POLICY: Final = PolicyId.IVIGCALC
