"""Each dosing-weight policy on both sides of each of its triggers and exemptions, with the numbers
worked by hand.

Hand arithmetic used throughout (Devine, 2.54 cm per inch):
  male 175 cm:   (175 − 152.4) / 2.54 = 8.897638 in over 60; IBW = 50 + 2.3 × 8.897638 = 70.464567 kg
  male 170 cm:   (170 − 152.4) / 2.54 = 6.929134 in;         IBW = 50 + 2.3 × 6.929134 = 65.937008 kg
  female 165 cm: (165 − 152.4) / 2.54 = 4.960630 in;         IBW = 45.5 + 2.3 × 4.960630 = 56.909449 kg
  male 152 cm:   (152 − 152.4) / 2.54 = −0.157480 in;        IBW = 50 − 2.3 × 0.157480 = 49.637795 kg
  adjusted = IBW + 0.4 × (actual − IBW)
"""

from __future__ import annotations

import pytest

from ivigcalc.core.dosing_weight import compute
from ivigcalc.core.parse import parse_aps, parse_itp
from ivigcalc.core.population import is_minor
from ivigcalc.errors import InputError
from ivigcalc.model.result import DosingWeight
from ivigcalc.model.vocabulary import DosingWeightBasis, WeightDecision

MALE_175 = {"height": 175, "sex": "male"}
IBW_MALE_175 = 70.464567


def dosing_weight(policy: str, **values: object) -> DosingWeight:
    patient = parse_itp({"platelets": 10, "policy": policy, **values})
    return compute(patient, is_minor=is_minor(patient.age_years, patient.population)).dosing_weight


def warnings_of(policy: str, **values: object) -> list[str]:
    patient = parse_itp({"platelets": 10, "policy": policy, **values})
    return [key for key, _ in compute(patient, is_minor=is_minor(patient.age_years, patient.population)).warnings]


# ------------------------------------------------------------------ the request's example: 80 kg, 175 cm man


@pytest.mark.parametrize(("policy", "kg", "basis", "decision"), [
    # BMI 80 / 1.75² = 26.1; 80 / 70.464567 = 113.5% of IBW: no trigger of the ivigcalc rule.
    ("ivigcalc", 80.0, DosingWeightBasis.ACTUAL, WeightDecision.MIDDLE_BAND),
    # 70.464567 + 0.4 × (80 − 70.464567) = 70.464567 + 3.814173 = 74.278740 ("about 74.3 kg").
    ("bloodstar-2026", 74.278740, DosingWeightBasis.ADJUSTED, WeightDecision.ALL_ADULTS),
    # 175 cm ≥ 152.4 and 80 kg over 50 kg: the ORBCoN calculator gives the adjusted weight (advised).
    ("ontario", 74.278740, DosingWeightBasis.ADJUSTED, WeightDecision.MIDDLE_BAND),
    # BMI 26.1 ≤ 30 and 113.5% ≤ 120%.
    ("nhs-england", 80.0, DosingWeightBasis.ACTUAL, WeightDecision.MIDDLE_BAND),
    # 100% ≤ 113.5% ≤ 120%: ideal weight.
    ("ideal-band", IBW_MALE_175, DosingWeightBasis.IDEAL, WeightDecision.MIDDLE_BAND),
])
def test_each_policy_doses_the_80_kg_175_cm_man_as_its_source_says(
        policy: str, kg: float, basis: DosingWeightBasis, decision: WeightDecision) -> None:
    weight = dosing_weight(policy, weight=80, **MALE_175)
    assert weight.kg == pytest.approx(kg, abs=1e-6)
    assert weight.basis is basis
    assert weight.decision is decision
    assert weight.policy.value == policy


def test_bloodstar_example_rounds_to_74_3_kg() -> None:
    assert round(dosing_weight("bloodstar-2026", weight=80, **MALE_175).kg, 1) == 74.3


# ------------------------------------------------------------------ BMI 30: inclusive (ivigcalc) or strict


def test_bmi_exactly_30_is_a_trigger_for_ivigcalc_but_not_for_nhs_england() -> None:
    # 91.875 / 1.75² = 91.875 / 3.0625 = 30 exactly; 91.875 / 70.464567 = 130.4% (> 120% too):
    # adjusted = 70.464567 + 0.4 × 21.410433 = 79.028740 either way; only the triggers named differ.
    ivigcalc = dosing_weight("ivigcalc", weight=91.875, **MALE_175)
    nhs = dosing_weight("nhs-england", weight=91.875, **MALE_175)
    assert ivigcalc.kg == nhs.kg == pytest.approx(79.028740, abs=1e-6)
    assert ivigcalc.triggers == ("bmi", "ibw-excess")
    assert nhs.triggers == ("ibw-excess",)


def test_ontario_bmi_30_is_advised_and_over_30_is_mandated() -> None:
    at_30 = dosing_weight("ontario", weight=91.875, **MALE_175)
    assert at_30.decision is WeightDecision.MIDDLE_BAND
    assert "BMI 30 kg/m² (≤ 30)" in at_30.reason and "Not mandated" in at_30.reason
    # 92 / 3.0625 = 30.04 > 30; adjusted = 70.464567 + 0.4 × 21.535433 = 79.078740.
    over = dosing_weight("ontario", weight=92, **MALE_175)
    assert over.decision is WeightDecision.TRIGGER
    assert over.triggers == ("bmi",)
    assert over.kg == pytest.approx(79.078740, abs=1e-6)
    assert "mandated by policy ontario" in over.reason


# ------------------------------------------------------------------ 120% of ideal weight


@pytest.mark.parametrize("policy", ["ivigcalc", "nhs-england"])
def test_120_percent_of_ideal_weight_is_the_edge_of_the_actual_weight_band(policy: str) -> None:
    # 1.2 × 70.464567 = 84.557480 kg. 84.55 kg: 119.99%, BMI 27.6: actual.
    assert dosing_weight(policy, weight=84.55, **MALE_175).kg == 84.55
    # 84.56 kg: 120.003%: adjusted = 70.464567 + 0.4 × 14.095433 = 76.102740.
    above = dosing_weight(policy, weight=84.56, **MALE_175)
    assert above.kg == pytest.approx(76.102740, abs=1e-6)
    assert above.triggers == ("ibw-excess",)


def test_ideal_band_gives_ideal_weight_up_to_120_percent_and_adjusted_above() -> None:
    assert dosing_weight("ideal-band", weight=84.55, **MALE_175).kg == pytest.approx(IBW_MALE_175, abs=1e-6)
    assert dosing_weight("ideal-band", weight=84.56, **MALE_175).kg == pytest.approx(76.102740, abs=1e-6)
    # Below ideal weight: actual (clinPK: "If TBW < IBW, use TBW").
    below = dosing_weight("ideal-band", weight=65, **MALE_175)
    assert (below.kg, below.decision) == (65.0, WeightDecision.EXEMPT_BELOW_IDEAL)


def test_ideal_band_never_gives_more_than_the_actual_weight() -> None:
    # 70.5 kg is 100.05% of 70.464567: the ideal weight, just below the actual weight.
    assert dosing_weight("ideal-band", weight=70.5, **MALE_175).kg == pytest.approx(IBW_MALE_175, abs=1e-6)


# ------------------------------------------------------------------ BloodSTAR exemptions


def test_bloodstar_exempts_under_18_but_not_18() -> None:
    # Male 170 cm, 90 kg: adjusted = 65.937008 + 0.4 × 24.062992 = 75.562205.
    assert dosing_weight("bloodstar-2026", weight=90, height=170, sex="male", age=17).kg == 90.0
    assert dosing_weight("bloodstar-2026", weight=90, height=170, sex="male", age=18).kg == pytest.approx(
        75.562205, abs=1e-6)


def test_bloodstar_height_cut_off_is_152_cm_and_devine_applies_from_there() -> None:
    below = dosing_weight("bloodstar-2026", weight=60, height=151.9, sex="male")
    assert (below.kg, below.decision) == (60.0, WeightDecision.EXEMPT_HEIGHT)
    # 152 cm: IBW 49.637795; adjusted = 49.637795 + 0.4 × (60 − 49.637795) = 49.637795 + 4.144882 = 53.782677.
    at = dosing_weight("bloodstar-2026", weight=60, height=152, sex="male")
    assert at.ideal_kg == pytest.approx(49.637795, abs=1e-6)
    assert at.kg == pytest.approx(53.782677, abs=1e-6)
    # The ivigcalc rule has no ideal weight under 152.4 cm: actual.
    assert dosing_weight("ivigcalc", weight=60, height=152, sex="male").kg == 60.0


def test_bloodstar_female_ideal_weight_at_152_cm() -> None:
    # 45.5 − 2.3 × 0.157480 = 45.137795; 50 kg: adjusted = 45.137795 + 0.4 × 4.862205 = 47.082677.
    assert dosing_weight("bloodstar-2026", weight=50, height=152, sex="female").kg == pytest.approx(
        47.082677, abs=1e-6)


def test_bloodstar_uses_actual_weight_in_pregnancy_even_with_a_pre_pregnancy_weight() -> None:
    weight = dosing_weight("bloodstar-2026", weight=90, height=165, sex="female", pregnant=True,
                           pre_pregnancy_weight=80)
    assert (weight.kg, weight.basis, weight.decision) == (90.0, DosingWeightBasis.ACTUAL,
                                                          WeightDecision.EXEMPT_PREGNANCY)
    assert "80 kg, is not used" in weight.reason
    # The ivigcalc rule doses on the pre-pregnancy weight.
    assert dosing_weight("ivigcalc", weight=90, height=165, sex="female", pregnant=True,
                         pre_pregnancy_weight=80).kg == 80.0


def test_bloodstar_exempts_an_actual_weight_below_the_adjusted_weight() -> None:
    # 65 kg < IBW 70.464567, so adjusted 70.464567 − 0.4 × 5.464567 = 68.278740 > 65: actual.
    below = dosing_weight("bloodstar-2026", weight=65, **MALE_175)
    assert (below.kg, below.decision) == (65.0, WeightDecision.EXEMPT_BELOW_ADJUSTED)
    assert "below the adjusted body weight of 68.28 kg" in below.reason
    # 71 kg ≥ IBW: adjusted = 70.464567 + 0.4 × 0.535433 = 70.678740 (not above actual).
    assert dosing_weight("bloodstar-2026", weight=71, **MALE_175).kg == pytest.approx(70.678740, abs=1e-6)


def test_bloodstar_actual_weight_instead_needs_a_recorded_reason() -> None:
    with pytest.raises(InputError) as refused:
        dosing_weight("bloodstar-2026", weight=80, dosing_weight="actual", **MALE_175)
    assert refused.value.field == "actual_weight_reason"
    assert "74.28 kg" in refused.value.message
    chosen = dosing_weight("bloodstar-2026", weight=80, dosing_weight="actual",
                           actual_weight_reason="Hypogammaglobulinaemia, IgG trough-guided", **MALE_175)
    assert chosen.kg == 80.0
    assert "Reason recorded: Hypogammaglobulinaemia, IgG trough-guided." in chosen.reason
    assert "actual-weight-chosen" in warnings_of(
        "bloodstar-2026", weight=80, dosing_weight="actual", actual_weight_reason="trough-guided", **MALE_175)


def test_bloodstar_needs_no_reason_where_it_gives_actual_weight_anyway() -> None:
    assert dosing_weight("bloodstar-2026", weight=65, dosing_weight="actual", **MALE_175).kg == 65.0


def test_a_reason_is_only_taken_with_actual_weight() -> None:
    with pytest.raises(InputError, match="only used with --dosing-weight actual"):
        dosing_weight("bloodstar-2026", weight=80, actual_weight_reason="because", **MALE_175)


# ------------------------------------------------------------------ Ontario exemptions


def test_ontario_height_cut_off_is_152_4_cm() -> None:
    assert dosing_weight("ontario", weight=60, height=152.3, sex="male").decision is WeightDecision.EXEMPT_HEIGHT
    # 152.4 cm: IBW 50; adjusted = 50 + 0.4 × 10 = 54.
    assert dosing_weight("ontario", weight=60, height=152.4, sex="male").kg == pytest.approx(54.0)


@pytest.mark.parametrize(("sex", "at", "over", "adjusted"), [
    ("male", 50.0, 50.1, 50.04),  # IBW 50 at 152.4 cm: 50 + 0.4 × 0.1
    ("female", 45.5, 45.6, 45.54),  # IBW 45.5: 45.5 + 0.4 × 0.1
])
def test_ontario_weight_must_be_over_50_or_45_5_kg(sex: str, at: float, over: float, adjusted: float) -> None:
    exempt = dosing_weight("ontario", weight=at, height=152.4, sex=sex)
    assert (exempt.kg, exempt.decision) == (at, WeightDecision.EXEMPT_WEIGHT)
    assert dosing_weight("ontario", weight=over, height=152.4, sex=sex).kg == pytest.approx(adjusted)


def test_ontario_has_no_age_exemption() -> None:
    # 17 years, 170 cm, 90 kg: BMI 90 / 1.7² = 31.1 > 30: adjusted = 75.562205 (mandated).
    child = dosing_weight("ontario", weight=90, height=170, sex="male", age=17)
    assert child.kg == pytest.approx(75.562205, abs=1e-6)
    assert dosing_weight("ivigcalc", weight=90, height=170, sex="male", age=17).kg == 90.0


def test_ontario_puts_the_pre_pregnancy_weight_through_its_rule() -> None:
    # Pre-pregnancy 80 kg, female 165 cm: BMI 80 / 2.7225 = 29.4 (≤ 30, advised);
    # adjusted = 56.909449 + 0.4 × (80 − 56.909449) = 56.909449 + 9.236220 = 66.145669.
    weight = dosing_weight("ontario", weight=90, height=165, sex="female", pregnant=True, pre_pregnancy_weight=80)
    assert weight.kg == pytest.approx(66.145669, abs=1e-6)
    assert weight.basis is DosingWeightBasis.ADJUSTED
    assert weight.actual_kg == 90.0
    # No pre-pregnancy weight: actual weight, unadjusted.
    unknown = dosing_weight("ontario", weight=90, height=165, sex="female", pregnant=True)
    assert (unknown.kg, unknown.decision) == (90.0, WeightDecision.EXEMPT_PREGNANCY)


def test_ontario_keeps_actual_weight_below_ideal_weight() -> None:
    # 180 cm man, 60 kg: meets 152.4 cm and over 50 kg, but IBW 50 + 2.3 × 10.866142 = 74.992126 > 60.
    weight = dosing_weight("ontario", weight=60, height=180, sex="male")
    assert (weight.kg, weight.decision) == (60.0, WeightDecision.EXEMPT_BELOW_IDEAL)


def test_obstetric_aps_under_ontario_without_pre_pregnancy_weight_stays_on_actual_weight() -> None:
    patient = parse_aps({"weight": 90, "height": 165, "sex": "female", "scenario": "obstetric",
                         "failed_standard_therapy": True, "policy": "ontario"})
    assert compute(patient, is_minor=False, pregnant=True).dosing_weight.kg == 90.0


# ------------------------------------------------------------------ every policy


@pytest.mark.parametrize("policy", ["ivigcalc", "bloodstar-2026", "ontario", "nhs-england", "ideal-band"])
def test_unknown_height_or_sex_keeps_actual_weight_with_a_warning(policy: str) -> None:
    weight = dosing_weight(policy, weight=120)
    assert (weight.kg, weight.decision) == (120.0, WeightDecision.UNKNOWN_HEIGHT_OR_SEX)
    assert "unadjusted-weight" in warnings_of(policy, weight=120)


@pytest.mark.parametrize("policy", ["ivigcalc", "bloodstar-2026", "ontario", "nhs-england", "ideal-band"])
def test_obese_adult_is_adjusted_under_every_policy(policy: str) -> None:
    # 100 kg, 175 cm man: BMI 32.7, 141.9%: adjusted = 70.464567 + 0.4 × 29.535433 = 82.278740.
    assert dosing_weight(policy, weight=100, **MALE_175).kg == pytest.approx(82.278740, abs=1e-6)


def test_only_the_unverified_policy_warns_that_it_is_unverified() -> None:
    assert "policy-not-verified" in warnings_of("nhs-england", weight=80, **MALE_175)
    for policy in ("ivigcalc", "bloodstar-2026", "ontario", "ideal-band"):
        assert "policy-not-verified" not in warnings_of(policy, weight=80, **MALE_175)


def test_the_default_policy_is_ivigcalc() -> None:
    patient = parse_itp({"platelets": 10, "weight": 80, **MALE_175})
    assert patient.policy.value == "ivigcalc"


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        parse_itp({"platelets": 10, "weight": 80, "policy": "bloodstar"})
    assert refused.value.field == "policy"
