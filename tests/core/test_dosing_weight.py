"""Dosing weight (CLINICAL.md §4): Devine IBW, adjusted body weight, the default rule and its exclusions.

Devine IBW: male 50 kg, female 45.5 kg, + 2.3 kg per inch over 60 in (1 in = 2.54 cm; not defined
under 152.4 cm). AdjBW = IBW + 0.4 × (actual − IBW). Default: adjusted when BMI ≥ 30 or actual > 120% IBW.
Never adjusted: age < 18, height < 152.4 cm, pregnancy, actual < IBW, height/sex unknown (warn).
Expected values are written out from these formulas; intermediates are never rounded.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ivigcalc
from ivigcalc.core.dosing_weight import (
    adjusted_body_weight_kg,
    body_mass_index,
    compute,
    ideal_body_weight_kg,
)
from ivigcalc.errors import InputError
from ivigcalc.model.inputs import PatientInput
from ivigcalc.model.result import DosingWeight, Result
from ivigcalc.model.vocabulary import DosingWeightBasis, DosingWeightMode, Sex

LB_KG = 0.45359237  # exact by definition

# Male 175 cm: 175 / 2.54 − 60 = 8.897637… in over 60; IBW = 50 + 2.3 × 8.897637 = 70.464567 kg.
IBW_MALE_175_KG = 50 + 2.3 * (175 / 2.54 - 60)
# 100 kg: AdjBW = 70.464567 + 0.4 × (100 − 70.464567) = 70.464567 + 11.814173 = 82.278740 kg.
ADJBW_MALE_175_100_KG = IBW_MALE_175_KG + 0.4 * (100 - IBW_MALE_175_KG)
# Female 160 cm: 160 / 2.54 − 60 = 2.992126 in; IBW = 45.5 + 2.3 × 2.992126 = 52.381890 kg.
IBW_FEMALE_160_KG = 45.5 + 2.3 * (160 / 2.54 - 60)


def patient(weight_kg: float, **fields: object) -> PatientInput:
    fields.setdefault("adjustment_factor", 0.4)  # the parser's default (knowledge/body_weight.py)
    return PatientInput(weight_kg=weight_kg, **fields)  # type: ignore[arg-type]


def adult(weight_kg: float, **fields: object) -> DosingWeight:
    return compute(patient(weight_kg, **fields), is_minor=False).dosing_weight


def warning_codes(result: Result) -> set[str]:
    return {warning.code for warning in result.warnings}


# ------------------------------------------------------------------------------------------ worked checks


def test_worked_check_male_175_cm_100_kg() -> None:
    ideal = ideal_body_weight_kg(175, Sex.MALE)
    assert ideal == pytest.approx(IBW_MALE_175_KG, rel=1e-12)
    assert ideal == pytest.approx(70.46, abs=0.005)
    adjusted = adjusted_body_weight_kg(100, ideal)
    assert adjusted == pytest.approx(82.28, abs=0.005)
    # A public calculator rounds IBW to 70.5 first and gets 82.2: intermediates must not be rounded.
    assert round(adjusted, 1) != 82.2
    assert round(adjusted, 2) == 82.28


def test_worked_check_female_160_cm_160_kg() -> None:
    ideal = ideal_body_weight_kg(160, Sex.FEMALE)
    assert ideal == pytest.approx(IBW_FEMALE_160_KG, rel=1e-12)
    # 52.381890 + 0.4 × (160 − 52.381890) = 52.381890 + 43.047244 = 95.429134 kg
    assert adjusted_body_weight_kg(160, ideal) == pytest.approx(95.4, abs=0.05)


@pytest.mark.parametrize(
    ("height_cm", "sex", "expected_ibw_kg"),
    [
        (180, Sex.MALE, 75.0),  # 50 + 2.3 × (180 / 2.54 − 60) = 50 + 2.3 × 10.866 = 74.99
        (160, Sex.FEMALE, 52.4),  # 45.5 + 2.3 × 2.992 = 52.38
        (152.4, Sex.MALE, 50.0),  # exactly 60 in: the base weight
        (152.4, Sex.FEMALE, 45.5),
        (182.88, Sex.MALE, 77.6),  # 72 in: 50 + 2.3 × 12 = 77.6
        (182.88, Sex.FEMALE, 73.1),  # 45.5 + 2.3 × 12 = 73.1
    ],
)
def test_devine_ideal_body_weight(height_cm: float, sex: Sex, expected_ibw_kg: float) -> None:
    assert ideal_body_weight_kg(height_cm, sex) == pytest.approx(expected_ibw_kg, abs=0.05)


def test_ideal_body_weight_male_180_exact() -> None:
    assert ideal_body_weight_kg(180, Sex.MALE) == pytest.approx(50 + 2.3 * (180 / 2.54 - 60), rel=1e-12)


@pytest.mark.parametrize("height_cm", [150, 152.3, 152.39, 20])
def test_no_devine_ibw_under_152_4_cm(height_cm: float) -> None:
    assert ideal_body_weight_kg(height_cm, Sex.MALE) is None
    assert ideal_body_weight_kg(height_cm, Sex.FEMALE) is None


def test_150_kg_150_cm_has_no_ibw_and_uses_actual_weight() -> None:
    dosing = adult(150, height_cm=150, sex=Sex.MALE, age_years=40)
    assert dosing.ideal_kg is None
    assert dosing.adjusted_kg is None
    # BMI 150 / 1.5² = 66.7, but Devine is undefined below 152.4 cm: actual weight, never adjusted.
    assert dosing.bmi_kg_per_m2 == pytest.approx(150 / 1.5**2)
    assert dosing.basis is DosingWeightBasis.ACTUAL
    assert dosing.kg == 150


def test_body_mass_index() -> None:
    assert body_mass_index(100, 175) == pytest.approx(100 / 1.75**2)  # 32.65 kg/m²
    assert body_mass_index(120, 200) == 30.0  # 120 / 2² exactly
    assert body_mass_index(119.99, 200) < 30


def test_adjustment_factor_is_a_parameter() -> None:
    # 70.464567 + 0.5 × (100 − 70.464567) = 85.232283 kg
    assert adjusted_body_weight_kg(100, IBW_MALE_175_KG, 0.5) == pytest.approx(85.232283, abs=1e-6)
    assert adjusted_body_weight_kg(100, IBW_MALE_175_KG, 1.0) == pytest.approx(100)
    assert adjusted_body_weight_kg(100, IBW_MALE_175_KG) == pytest.approx(ADJBW_MALE_175_100_KG)


# ------------------------------------------------------------------------------------------ default rule


def test_auto_male_175_100_kg_is_adjusted_82_28() -> None:
    dosing = adult(100, height_cm=175, sex=Sex.MALE, age_years=40)
    assert dosing.basis is DosingWeightBasis.ADJUSTED
    assert dosing.kg == pytest.approx(ADJBW_MALE_175_100_KG, rel=1e-12)
    assert dosing.actual_kg == 100
    assert dosing.ideal_kg == pytest.approx(IBW_MALE_175_KG, rel=1e-12)
    assert dosing.adjustment_factor == 0.4
    assert "82.28" in dosing.reason  # how it was obtained, shown to the user


def test_auto_female_160_160_kg_is_adjusted_95_4() -> None:
    dosing = adult(160, height_cm=160, sex=Sex.FEMALE, age_years=40)
    assert dosing.basis is DosingWeightBasis.ADJUSTED
    # 52.381890 + 0.4 × (160 − 52.381890) = 95.429134 kg
    assert dosing.kg == pytest.approx(IBW_FEMALE_160_KG + 0.4 * (160 - IBW_FEMALE_160_KG), rel=1e-12)
    assert dosing.kg == pytest.approx(95.4, abs=0.05)


@pytest.mark.parametrize(
    ("height_cm", "sex", "ibw_kg"),
    [(175, Sex.MALE, IBW_MALE_175_KG), (160, Sex.FEMALE, IBW_FEMALE_160_KG)],
)
def test_120_percent_of_ibw_boundary(height_cm: float, sex: Sex, ibw_kg: float) -> None:
    # Male 175 cm: 1.2 × 70.464567 = 84.557480 kg (BMI 27.6); female 160 cm: 1.2 × 52.381890 = 62.858268 kg
    # (BMI 24.6): below BMI 30 in both cases, so only the 120% rule can decide.
    computed_ibw_kg = ideal_body_weight_kg(height_cm, sex)
    assert computed_ibw_kg == pytest.approx(ibw_kg, rel=1e-12)
    # The exact boundary uses the module's own IBW float so the comparison itself is what is tested.
    at_boundary_kg = 1.2 * computed_ibw_kg
    assert body_mass_index(at_boundary_kg + 0.01, height_cm) < 30
    exactly = adult(at_boundary_kg, height_cm=height_cm, sex=sex, age_years=40)
    assert exactly.basis is DosingWeightBasis.ACTUAL  # 120% is not "> 120%"
    assert exactly.kg == at_boundary_kg
    below = adult(at_boundary_kg - 0.01, height_cm=height_cm, sex=sex, age_years=40)
    assert below.basis is DosingWeightBasis.ACTUAL
    above_kg = at_boundary_kg + 0.01
    above = adult(above_kg, height_cm=height_cm, sex=sex, age_years=40)
    assert above.basis is DosingWeightBasis.ADJUSTED
    assert above.kg == pytest.approx(ibw_kg + 0.4 * (above_kg - ibw_kg), rel=1e-12)


def test_120_percent_boundary_male_175_in_round_numbers() -> None:
    # 84.55 kg = 119.99% of 70.4646 kg: actual; 84.56 kg = 120.004%: adjusted,
    # 70.464567 + 0.4 × (84.56 − 70.464567) = 70.464567 + 5.638173 = 76.102740 kg.
    assert adult(84.55, height_cm=175, sex=Sex.MALE, age_years=40).kg == 84.55
    above = adult(84.56, height_cm=175, sex=Sex.MALE, age_years=40)
    assert above.basis is DosingWeightBasis.ADJUSTED
    assert above.kg == pytest.approx(76.102740, abs=1e-6)


def test_bmi_30_boundary() -> None:
    # Male 200 cm: IBW 50 + 2.3 × (200 / 2.54 − 60) = 93.102362 kg; 120% = 111.72 kg.
    # 120 kg: BMI 120 / 2² = 30.0 exactly (≥ 30): adjusted = 93.102362 + 0.4 × 26.897638 = 103.861417 kg.
    ibw_kg = 50 + 2.3 * (200 / 2.54 - 60)
    at_30 = adult(120, height_cm=200, sex=Sex.MALE, age_years=40)
    assert at_30.bmi_kg_per_m2 == 30.0
    assert at_30.basis is DosingWeightBasis.ADJUSTED
    assert at_30.kg == pytest.approx(ibw_kg + 0.4 * (120 - ibw_kg), rel=1e-12)
    assert "≥ 30" in at_30.reason
    # 119.9 kg: BMI 29.975 (< 30), but 119.9 > 111.72 = 120% IBW, so still adjusted (§4: for heights
    # ≥ 152.4 cm BMI ≥ 30 implies > 120% IBW; the 120% boundary is the one that decides).
    below_30 = adult(119.9, height_cm=200, sex=Sex.MALE, age_years=40)
    assert below_30.bmi_kg_per_m2 is not None and below_30.bmi_kg_per_m2 < 30
    assert below_30.basis is DosingWeightBasis.ADJUSTED
    assert "≥ 30" not in below_30.reason


@given(
    height_cm=st.floats(min_value=152.4, max_value=272),
    sex=st.sampled_from(list(Sex)),
)
def test_bmi_30_implies_above_120_percent_ibw(height_cm: float, sex: Sex) -> None:
    # The claim in §4 that makes the 120% boundary the deciding one.
    weight_at_bmi_30_kg = 30 * (height_cm / 100) ** 2
    ideal = ideal_body_weight_kg(height_cm, sex)
    assert ideal is not None
    assert weight_at_bmi_30_kg > 1.2 * ideal


def test_actual_weight_below_ibw_is_used_as_is() -> None:
    # Male 180 cm: IBW 74.99 kg; 70 kg is below it.
    dosing = adult(70, height_cm=180, sex=Sex.MALE, age_years=40)
    assert dosing.basis is DosingWeightBasis.ACTUAL
    assert dosing.kg == 70


def test_normal_weight_between_ibw_and_120_percent_is_actual() -> None:
    # 80 kg / IBW 70.46 kg = 113.5%; BMI 80 / 1.75² = 26.1.
    dosing = adult(80, height_cm=175, sex=Sex.MALE, age_years=40)
    assert dosing.basis is DosingWeightBasis.ACTUAL
    assert dosing.kg == 80


def test_height_exactly_152_4_cm_is_inside_the_rule() -> None:
    # Male 152.4 cm: IBW 50 kg; 61 kg > 120% (60 kg); adjusted = 50 + 0.4 × (61 − 50) = 54.4 kg.
    at = adult(61, height_cm=152.4, sex=Sex.MALE, age_years=40)
    assert at.ideal_kg == 50.0
    assert at.basis is DosingWeightBasis.ADJUSTED
    assert at.kg == pytest.approx(54.4)
    under = adult(61, height_cm=152.3, sex=Sex.MALE, age_years=40)
    assert under.ideal_kg is None
    assert under.basis is DosingWeightBasis.ACTUAL
    assert under.kg == 61
    assert "152.4" in under.reason


@pytest.mark.parametrize(("height_in", "expected_basis", "expected_kg"), [
    (60, DosingWeightBasis.ADJUSTED, 54.4),  # 60 in × 2.54 = 152.4 cm: 50 + 0.4 × (61 − 50) = 54.4 kg
    (59.9, DosingWeightBasis.ACTUAL, 61.0),  # 152.146 cm: under the Devine range
])
def test_height_in_inches(height_in: float, expected_basis: DosingWeightBasis, expected_kg: float) -> None:
    result = ivigcalc.itp(weight=61, height=height_in, height_unit="in", sex="male", age=40, platelets=20)
    assert result.inputs.height_cm == pytest.approx(height_in * 2.54)
    assert result.dosing_weight.basis is expected_basis
    assert result.dosing_weight.kg == pytest.approx(expected_kg)


def test_60_in_is_exactly_152_4_cm() -> None:
    result = ivigcalc.itp(weight=61, height=60, height_unit="in", sex="male", age=40, platelets=20)
    assert result.inputs.height_cm == 152.4
    assert result.dosing_weight.ideal_kg == 50.0


@pytest.mark.parametrize(
    ("age", "expected_basis", "expected_kg"),
    [
        (18, DosingWeightBasis.ADJUSTED, ADJBW_MALE_175_100_KG),  # 18 exactly: inside the rule
        (17.9, DosingWeightBasis.ACTUAL, 100.0),  # under 18: never adjusted
        (10, DosingWeightBasis.ACTUAL, 100.0),
    ],
)
def test_age_18_boundary(age: float, expected_basis: DosingWeightBasis, expected_kg: float) -> None:
    result = ivigcalc.itp(weight=100, height=175, sex="male", age=age, platelets=20, bleeding="active")
    assert result.dosing_weight.basis is expected_basis
    assert result.dosing_weight.kg == pytest.approx(expected_kg, rel=1e-12)


def test_is_minor_flag_never_adjusts() -> None:
    dosing = compute(patient(100, height_cm=175, sex=Sex.MALE, age_years=16), is_minor=True).dosing_weight
    assert dosing.basis is DosingWeightBasis.ACTUAL
    assert dosing.kg == 100


def test_pregnancy_uses_pre_pregnancy_weight_never_adjusted() -> None:
    # Female 165 cm: IBW 45.5 + 2.3 × (165 / 2.54 − 60) = 56.91 kg; 90 kg would be adjusted
    # (158%) outside pregnancy, but in pregnancy the pre-pregnancy weight is used as is.
    dosing = adult(
        110, height_cm=165, sex=Sex.FEMALE, age_years=30, pregnant=True, pre_pregnancy_weight_kg=90)
    assert dosing.basis is DosingWeightBasis.PRE_PREGNANCY
    assert dosing.kg == 90
    assert dosing.actual_kg == 110


def test_pregnancy_without_pre_pregnancy_weight_uses_actual() -> None:
    dosing = adult(110, height_cm=165, sex=Sex.FEMALE, age_years=30, pregnant=True)
    assert dosing.basis is DosingWeightBasis.ACTUAL
    assert dosing.kg == 110


def test_pregnancy_through_the_api() -> None:
    result = ivigcalc.itp(
        weight=110, height=165, sex="female", age=30, pregnant=True, pre_pregnancy_weight=90, platelets=20)
    assert result.dosing_weight.basis is DosingWeightBasis.PRE_PREGNANCY
    assert result.dosing_weight.kg == 90
    # Rule 8 (consider): IVIG 1 g/kg × 90 kg (pre-pregnancy) = 90 g.
    assert result.regimen is not None
    assert result.regimen.total_dose_g == 90.0


@pytest.mark.parametrize(
    "fields",
    [
        {"sex": Sex.MALE},  # height unknown
        {"height_cm": 175},  # sex unknown
        {},  # both unknown
    ],
)
def test_unknown_height_or_sex_uses_actual_and_warns(fields: dict[str, object]) -> None:
    outcome = compute(patient(100, age_years=40, **fields), is_minor=False)
    assert outcome.dosing_weight.basis is DosingWeightBasis.ACTUAL
    assert outcome.dosing_weight.kg == 100
    assert "unadjusted-weight" in {key for key, _ in outcome.warnings}


@pytest.mark.parametrize(
    "kwargs",
    [{"sex": "male"}, {"height": 175}, {}],
)
def test_unknown_height_or_sex_warning_code_in_result(kwargs: dict[str, object]) -> None:
    result = ivigcalc.itp(weight=100, age=40, platelets=20, bleeding="active", **kwargs)  # type: ignore[arg-type]
    assert result.dosing_weight.kg == 100
    assert "unadjusted-weight" in warning_codes(result)
    # 1 g/kg × 100 kg actual = 100 g
    assert result.regimen is not None
    assert result.regimen.total_dose_g == 100.0


def test_known_height_and_sex_do_not_warn_unadjusted() -> None:
    result = ivigcalc.itp(weight=100, height=175, sex="male", age=40, platelets=20, bleeding="active")
    assert "unadjusted-weight" not in warning_codes(result)


# ------------------------------------------------------------------------------------------ explicit modes


@pytest.mark.parametrize(
    ("mode", "expected_basis", "expected_kg"),
    [
        ("actual", DosingWeightBasis.ACTUAL, 100.0),
        ("ideal", DosingWeightBasis.IDEAL, IBW_MALE_175_KG),  # 70.46 kg
        ("adjusted", DosingWeightBasis.ADJUSTED, ADJBW_MALE_175_100_KG),  # 82.28 kg
        ("auto", DosingWeightBasis.ADJUSTED, ADJBW_MALE_175_100_KG),
    ],
)
def test_explicit_dosing_weight(mode: str, expected_basis: DosingWeightBasis, expected_kg: float) -> None:
    result = ivigcalc.itp(
        weight=100, height=175, sex="male", age=40, platelets=20, bleeding="active", dosing_weight=mode)
    assert result.dosing_weight.basis is expected_basis
    assert result.dosing_weight.kg == pytest.approx(expected_kg, rel=1e-12)
    # dose_g = dosing weight × 1 g/kg, to 0.01 g
    assert result.regimen is not None
    assert result.regimen.total_dose_g == round(expected_kg, 2)


def test_explicit_actual_overrides_pregnancy_and_minor() -> None:
    assert ivigcalc.itp(weight=100, age=10, platelets=20, dosing_weight="actual").dosing_weight.kg == 100


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sex": "male", "age": 40},  # no height
        {"height": 175, "age": 40},  # no sex
        {"height": 152.3, "sex": "male", "age": 40},  # under 152.4 cm
        {"height": 59.9, "height_unit": "in", "sex": "male", "age": 40},  # 152.146 cm
        {"height": 165, "sex": "female", "age": 30, "pregnant": True},  # pregnancy
        {"height": 175, "sex": "male", "age": 17.9},  # child
        {"height": 175, "sex": "male", "age": 10},
    ],
)
@pytest.mark.parametrize("mode", ["ideal", "adjusted"])
def test_explicit_ideal_or_adjusted_that_cannot_be_met_is_an_input_error(
    kwargs: dict[str, object], mode: str
) -> None:
    with pytest.raises(InputError) as caught:
        ivigcalc.itp(weight=100, platelets=20, dosing_weight=mode, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == "dosing_weight"


@pytest.mark.parametrize("mode", ["ideal", "adjusted"])
def test_explicit_ideal_or_adjusted_for_a_neonate_is_an_input_error(mode: str) -> None:
    with pytest.raises(InputError):
        ivigcalc.itp(weight=3, height=50, sex="male", population="neonate", cause="alloimmune",
                     platelets=20, dosing_weight=mode)


def test_explicit_modes_on_the_pure_function() -> None:
    base = {"height_cm": 175, "sex": Sex.MALE, "age_years": 40}
    ideal = adult(100, dosing_weight=DosingWeightMode.IDEAL, **base)
    assert ideal.kg == pytest.approx(IBW_MALE_175_KG, rel=1e-12)
    with pytest.raises(InputError):
        compute(patient(100, dosing_weight=DosingWeightMode.ADJUSTED, **base), is_minor=True)


def test_explicit_ideal_above_actual_still_honoured() -> None:
    # 60 kg male 180 cm: IBW 74.99 kg is above the actual weight; honoured as requested (with a caution).
    result = ivigcalc.itp(weight=60, height=180, sex="male", age=40, platelets=20, dosing_weight="ideal")
    assert result.dosing_weight.kg == pytest.approx(50 + 2.3 * (180 / 2.54 - 60), rel=1e-12)


# ------------------------------------------------------------------------------------------ units, precision


def test_pounds_convert_exactly() -> None:
    # 220 lb × 0.45359237 kg/lb = 99.7903214 kg
    result = ivigcalc.itp(weight=220, weight_unit="lb", age=40, platelets=20, bleeding="active")
    assert result.dosing_weight.actual_kg == pytest.approx(99.7903214, rel=1e-12)
    assert result.dosing_weight.actual_kg == 220 * LB_KG
    # 1 g/kg × 99.7903214 kg = 99.79 g
    assert result.regimen is not None
    assert result.regimen.total_dose_g == 99.79


def test_pounds_and_kilograms_give_the_same_adjusted_weight() -> None:
    in_lb = ivigcalc.itp(weight=220, weight_unit="lb", height=175, sex="male", age=40, platelets=20)
    in_kg = ivigcalc.itp(weight=220 * LB_KG, height=175, sex="male", age=40, platelets=20)
    # 70.464567 + 0.4 × (99.790321 − 70.464567) = 82.194869 kg
    expected_kg = IBW_MALE_175_KG + 0.4 * (220 * LB_KG - IBW_MALE_175_KG)
    assert in_lb.dosing_weight.kg == pytest.approx(expected_kg, rel=1e-12)
    assert in_kg.dosing_weight.kg == pytest.approx(expected_kg, rel=1e-12)
    assert in_lb.regimen is not None and in_kg.regimen is not None
    assert in_lb.regimen.total_dose_g == in_kg.regimen.total_dose_g == 82.19


def test_pre_pregnancy_weight_in_pounds() -> None:
    # 150 lb × 0.45359237 = 68.0388555 kg
    result = ivigcalc.itp(weight=180, weight_unit="lb", pregnant=True, pre_pregnancy_weight=150,
                          sex="female", age=30, platelets=20)
    assert result.dosing_weight.basis is DosingWeightBasis.PRE_PREGNANCY
    assert result.dosing_weight.kg == pytest.approx(68.0388555, rel=1e-12)


def test_800_lb_is_refused_after_conversion() -> None:
    # 800 lb = 362.87 kg, above the 350 kg hard limit (§7)
    with pytest.raises(InputError) as caught:
        ivigcalc.itp(weight=800, weight_unit="lb", platelets=20)
    assert caught.value.field == "weight"


def test_adjustment_factor_through_the_api() -> None:
    result = ivigcalc.itp(weight=100, height=175, sex="male", age=40, platelets=20, adjustment_factor=0.5)
    # 70.464567 + 0.5 × (100 − 70.464567) = 85.232283 kg; 1 g/kg → 85.23 g
    assert result.dosing_weight.adjustment_factor == 0.5
    assert result.dosing_weight.kg == pytest.approx(IBW_MALE_175_KG + 0.5 * (100 - IBW_MALE_175_KG))
    assert result.regimen is not None
    assert result.regimen.total_dose_g == 85.23


def test_json_carries_full_precision() -> None:
    result = ivigcalc.itp(weight=100, height=175, sex="male", age=40, platelets=20, bleeding="active")
    payload = json.loads(result.model_dump_json())
    dosing = payload["dosing_weight"]
    assert dosing["kg"] == pytest.approx(ADJBW_MALE_175_100_KG, rel=1e-12)
    assert dosing["kg"] != 82.28  # not rounded in JSON
    assert dosing["basis"] == "adjusted"
    assert dosing["ideal_kg"] == pytest.approx(IBW_MALE_175_KG, rel=1e-12)
    assert dosing["ideal_kg"] != 70.46
    # dose_g is the one value rounded, to 0.01 g: 82.278740 × 1 g/kg = 82.28 g
    assert payload["regimen"]["phases"][0]["infusions"][0]["dose_g"] == 82.28


def test_dosing_weight_references_are_cited() -> None:
    result = ivigcalc.itp(weight=100, height=175, sex="male", age=40, platelets=20)
    ids = {reference.id for reference in result.references}
    assert set(result.dosing_weight.references) <= ids


@pytest.mark.parametrize(
    ("weight_kg", "age", "expect_warning"),
    [
        (29.9, 40, True),  # adult under 30 kg
        (30, 40, False),
        (200, 40, False),
        (200.1, 40, True),  # adult over 200 kg
        (25, 10, False),  # children are not adults: no unusual-weight
    ],
)
def test_unusual_adult_weight_soft_limit(weight_kg: float, age: float, expect_warning: bool) -> None:
    result = ivigcalc.itp(weight=weight_kg, age=age, platelets=20, bleeding="active")
    assert ("unusual-weight" in warning_codes(result)) is expect_warning
