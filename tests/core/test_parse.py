"""Bad input (issue 2, "Bad input"; CLINICAL.md §7): every refusal names the field and what is allowed.

The one parser (`ivigcalc.core.parse`) serves the CLI, batch and the Python API, so each case is checked
through `parse_itp` / `parse_aps` and through the API. Hard limits are inclusive and apply after unit
conversion; soft limits compute and warn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

import ivigcalc
from ivigcalc.core.parse import parse_aps, parse_itp
from ivigcalc.errors import InputError
from ivigcalc.model.result import Result

LB_TO_KG = 0.45359237
CM_PER_INCH = 2.54

ITP_BASE: dict[str, object] = {"weight": "70", "platelets": "18"}
APS_BASE: dict[str, object] = {"weight": "65", "scenario": "thrombosis"}

Parser = Callable[[Mapping[str, object]], object]


def refused_itp(field: str, **changes: object) -> InputError:
    """Refused by the parser and by the API alike, with the same field and message."""
    values = {**ITP_BASE, **changes}
    with pytest.raises(InputError) as parsed:
        parse_itp(values)
    with pytest.raises(InputError) as via_api:
        ivigcalc.itp_from_mapping(values)
    assert parsed.value.field == field, str(parsed.value)
    assert via_api.value.field == field
    assert str(via_api.value) == str(parsed.value)
    return parsed.value


def refused_aps(field: str, **changes: object) -> InputError:
    values = {**APS_BASE, **changes}
    with pytest.raises(InputError) as parsed:
        parse_aps(values)
    with pytest.raises(InputError) as via_api:
        ivigcalc.aps_from_mapping(values)
    assert parsed.value.field == field, str(parsed.value)
    assert via_api.value.field == field
    assert str(via_api.value) == str(parsed.value)
    return parsed.value


def codes(result: Result) -> list[str]:
    return [w.code for w in result.warnings]


# ------------------------------------------------------------------------------------------ not numbers

NUMERIC_ITP_FIELDS = ["weight", "platelets", "height", "age", "lln", "adjustment_factor"]


@pytest.mark.parametrize("field", NUMERIC_ITP_FIELDS)
@pytest.mark.parametrize("raw", ["abc", "70kg", "1,200", "0x10", "--", object(), [70], True])
def test_non_numeric_is_refused(field: str, raw: object) -> None:
    error = refused_itp(field, **{field: raw})
    assert "number" in error.message  # says a number is what is allowed


@pytest.mark.parametrize("field", NUMERIC_ITP_FIELDS)
@pytest.mark.parametrize(
    "raw", ["nan", "NaN", float("nan"), "inf", "-inf", "Infinity", float("inf"), "1e400"])
def test_nan_and_infinity_are_refused(field: str, raw: object) -> None:
    error = refused_itp(field, **{field: raw})
    assert "finite number" in error.message


def test_huge_integer_is_refused_not_crashed() -> None:
    # float(10**400) overflows: must be an InputError, not OverflowError
    refused_itp("weight", weight=10**400)
    refused_itp("platelets", platelets=10**5000)  # beyond Python's 4,300-digit str() limit too


@pytest.mark.parametrize("field", ["weight", "platelets"])
@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_required_value_is_refused(field: str, raw: object) -> None:
    error = refused_itp(field, **{field: raw})
    assert "required" in error.message


@pytest.mark.parametrize("raw", ["", " "])
def test_empty_aps_scenario_is_refused_with_choices(raw: str) -> None:
    error = refused_aps("scenario", scenario=raw)
    assert "asymptomatic, obstetric, caps, thrombosis" in error.message


@pytest.mark.parametrize("raw", ["abc", "nan", "inf"])
def test_inr_not_a_number(raw: str) -> None:
    error = refused_aps("inr", inr=raw)
    assert "number" in error.message


def test_pre_pregnancy_weight_not_a_number() -> None:
    error = refused_itp("pre_pregnancy_weight", pregnant=True, pre_pregnancy_weight="heavy")
    assert "number" in error.message


# ------------------------------------------------------------------------------------------ zero, negative


@pytest.mark.parametrize(
    ("field", "raw", "allowed"),
    [
        ("weight", "0", "0.3 to 350 kg"),
        ("weight", "-70", "0.3 to 350 kg"),
        ("height", "0", "20 to 272 cm"),
        ("height", "-170", "20 to 272 cm"),
        ("age", "-1", "0 to 120 years"),
        ("platelets", "-1", "0 to 2,000 ×10⁹/L"),
        ("lln", "0", "75 to 500"),
        ("lln", "-150", "75 to 500"),
    ],
)
def test_zero_or_negative_is_refused(field: str, raw: str, allowed: str) -> None:
    error = refused_itp(field, **{field: raw})
    assert allowed in error.message


@pytest.mark.parametrize("raw", ["0", "-2"])
def test_inr_zero_or_negative_is_refused(raw: str) -> None:
    error = refused_aps("inr", inr=raw)
    assert "0.5 to 20" in error.message


@pytest.mark.parametrize("raw", ["0", "-1", "1.01"])
def test_adjustment_factor_out_of_range(raw: str) -> None:
    error = refused_itp("adjustment_factor", adjustment_factor=raw)
    assert "at most 1" in error.message


# ------------------------------------------------------------------------------------------ hard limits §7


@pytest.mark.parametrize("weight_kg", ["0.3", "350", 0.3, 350])
def test_weight_limits_inclusive(weight_kg: object) -> None:
    parsed = parse_itp({**ITP_BASE, "weight": weight_kg})
    assert parsed.weight_kg == float(weight_kg)  # type: ignore[arg-type]


@pytest.mark.parametrize("weight_kg", ["0.29", "0.299", "350.01", "351", "1000"])
def test_weight_outside_limits_refused(weight_kg: str) -> None:
    error = refused_itp("weight", weight=weight_kg)
    assert "0.3 to 350 kg" in error.message


def test_800_lb_is_refused_after_conversion() -> None:
    # 800 lb × 0.45359237 = 362.87 kg > 350 kg
    error = refused_itp("weight", weight="800", weight_unit="lb")
    assert "362.87 kg" in error.message
    assert "800 lb" in error.message
    assert "0.3 to 350 kg" in error.message


@pytest.mark.parametrize(
    ("pounds", "accepted"),
    [
        ("771.6", True),  # 771.6 × 0.45359237 = 349.99 kg
        ("771.62", False),  # 771.62 × 0.45359237 = 350.0009 kg
        ("0.67", True),  # 0.67 × 0.45359237 = 0.3039 kg
        ("0.66", False),  # 0.66 × 0.45359237 = 0.2994 kg
    ],
)
def test_weight_limits_in_pounds(pounds: str, accepted: bool) -> None:
    if accepted:
        parsed = parse_itp({**ITP_BASE, "weight": pounds, "weight_unit": "lb"})
        assert parsed.weight_kg == float(pounds) * LB_TO_KG
    else:
        refused_itp("weight", weight=pounds, weight_unit="lb")


def test_pre_pregnancy_weight_has_the_weight_limits() -> None:
    error = refused_itp("pre_pregnancy_weight", pregnant=True, pre_pregnancy_weight="351")
    assert "0.3 to 350 kg" in error.message


# The hard height limits, on a 3 kg neonate (BMI 3 / 0.2² = 75 at 20 cm): an adult under 100 cm needs its
# unit stated, and 70 kg at 20 cm is a BMI of 1,750.
NEONATE_BASE: dict[str, object] = {"weight": "3", "platelets": "18", "population": "neonate", "cause": "alloimmune"}


@pytest.mark.parametrize("height", ["20", "272", "152.4"])
def test_height_limits_inclusive(height: str) -> None:
    assert parse_itp({**NEONATE_BASE, "height": height}).height_cm == float(height)


@pytest.mark.parametrize("height", ["19.99", "272.01", "300"])
def test_height_outside_limits_refused(height: str) -> None:
    error = refused_itp("height", height=height)
    assert "20 to 272 cm" in error.message


@pytest.mark.parametrize(
    ("inches", "accepted"),
    [
        ("7.88", True),  # 7.88 × 2.54 = 20.02 cm
        ("7.87", False),  # 7.87 × 2.54 = 19.99 cm
        ("107", True),  # 107 × 2.54 = 271.78 cm
        ("107.1", False),  # 107.1 × 2.54 = 272.03 cm
    ],
)
def test_height_limits_in_inches(inches: str, accepted: bool) -> None:
    if accepted:
        parsed = parse_itp({**NEONATE_BASE, "height": inches, "height_unit": "in"})
        assert parsed.height_cm == pytest.approx(float(inches) * CM_PER_INCH)
    else:
        error = refused_itp("height", height=inches, height_unit="in")
        assert "20 to 272 cm" in error.message


@pytest.mark.parametrize("age", ["0", "120", "17.99", "18"])
def test_age_limits_inclusive(age: str) -> None:
    values = {**NEONATE_BASE, "age": age} if age == "0" else {**ITP_BASE, "age": age}  # 0: a neonate
    assert parse_itp(values).age_years == float(age)


@pytest.mark.parametrize("age", ["-0.01", "120.01", "150"])
def test_age_outside_limits_refused(age: str) -> None:
    error = refused_itp("age", age=age)
    assert "0 to 120 years" in error.message


@pytest.mark.parametrize("platelets", ["0", "2000", "0.5"])
def test_platelet_limits_inclusive(platelets: str) -> None:
    assert parse_itp({**ITP_BASE, "platelets": platelets}).platelets_10e9_per_l == float(platelets)


@pytest.mark.parametrize("platelets", ["-0.01", "2000.01", "150000"])
def test_platelets_outside_limits_refused(platelets: str) -> None:
    error = refused_itp("platelets", platelets=platelets)
    assert "0 to 2,000 ×10⁹/L" in error.message


@pytest.mark.parametrize("unit", ["/uL", "/mcL", "/mm3"])
@pytest.mark.parametrize(("per_ul", "expected_10e9_per_l"), [("1000", 1.0), ("18000", 18.0), ("0", 0.0),
                                                             ("2000000", 2000.0)])
def test_per_microlitre_counts_convert(unit: str, per_ul: str, expected_10e9_per_l: float) -> None:
    # 1 ×10⁹/L = 1,000/µL: 18,000/µL = 18 ×10⁹/L
    parsed = parse_itp({**ITP_BASE, "platelets": per_ul, "platelet_unit": unit})
    assert parsed.platelets_10e9_per_l == expected_10e9_per_l


@pytest.mark.parametrize("unit", ["/uL", "/mcL", "/mm3"])
@pytest.mark.parametrize("per_ul", ["999", "18", "0.5", "999.99"])
def test_per_microlitre_value_below_1000_looks_like_10e9_per_l(unit: str, per_ul: str) -> None:
    error = refused_itp("platelets", platelets=per_ul, platelet_unit=unit)
    assert "looks like ×10⁹/L" in error.message


def test_per_microlitre_above_2000_10e9_per_l_refused() -> None:
    # 2,000,001/µL = 2,000.001 ×10⁹/L > 2,000
    error = refused_itp("platelets", platelets="2000001", platelet_unit="/uL")
    assert "0 to 2,000 ×10⁹/L" in error.message


def test_grade_api_has_the_same_platelet_limits() -> None:
    with pytest.raises(InputError) as error:
        ivigcalc.grade(platelets="500", platelet_unit="/uL")
    assert error.value.field == "platelets"
    assert "looks like ×10⁹/L" in error.value.message
    with pytest.raises(InputError) as error:
        ivigcalc.grade(platelets="2000.01")
    assert error.value.field == "platelets"


@pytest.mark.parametrize("inr", ["0.5", "20", "2"])
def test_inr_limits_inclusive(inr: str) -> None:
    assert parse_aps({**APS_BASE, "inr": inr}).inr == float(inr)


@pytest.mark.parametrize("inr", ["0.49", "20.01", "100"])
def test_inr_outside_limits_refused(inr: str) -> None:
    error = refused_aps("inr", inr=inr)
    assert "0.5 to 20" in error.message


# ------------------------------------------------------------------------------------------ choices, flags


@pytest.mark.parametrize(
    ("field", "raw", "allowed"),
    [
        ("sex", "x", "female, male"),
        ("weight_unit", "stone", "kg, lb"),
        ("height_unit", "ft", "cm, in"),
        ("platelet_unit", "per litre", "10^9/L, /uL"),
        ("bleeding", "lots", "none, minor, active, life-threatening"),
        ("population", "elderly", "adult, child, neonate"),
        ("cause", "viral", "primary, hcv, hiv, sepsis, maternal-itp, alloimmune"),
        ("regimen", "three-day", "single-dose, five-day"),
        ("dosing_weight", "lean", "auto, actual, ideal, adjusted"),
        ("sex", 1, "female, male"),
    ],
)
def test_unknown_choice_lists_the_choices(field: str, raw: object, allowed: str) -> None:
    error = refused_itp(field, **{field: raw})
    assert allowed in error.message


@pytest.mark.parametrize("field", ["bleeding_risk", "rapid_rise", "procedure", "steroids_contraindicated",
                                   "pregnant"])
@pytest.mark.parametrize("raw", ["maybe", 2, 0.5])
def test_flag_not_yes_no_is_refused(field: str, raw: object) -> None:
    error = refused_itp(field, **{field: raw})
    assert "yes/no" in error.message


def test_protocol_of_the_other_scenario_is_refused() -> None:
    error = refused_aps("protocol", protocol="two-day")  # obstetric protocol on thrombosis
    assert "standard, intensive" in error.message
    error = refused_aps("protocol", scenario="obstetric", failed_standard_therapy=True, protocol="intensive")
    assert "five-day, two-day, source-2-plus-1" in error.message
    error = refused_aps("protocol", scenario="caps", protocol="standard")
    assert "leave --protocol out" in error.message


# ------------------------------------------------------------------------------------------ dosing weight


@pytest.mark.parametrize("mode", ["ideal", "adjusted"])
@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({}, "--height and --sex"),
        ({"height": "175"}, "--height and --sex"),
        ({"sex": "male"}, "--height and --sex"),
        ({"height": "150", "sex": "male"}, "152.4 cm"),
        ({"height": "152.39", "sex": "female"}, "152.4 cm"),
        ({"height": "165", "sex": "female", "pregnant": True}, "pregnancy"),
    ],
)
def test_explicit_ideal_or_adjusted_that_cannot_be_met(
        mode: str, changes: dict[str, object], why: str) -> None:
    # Checked when the dosing weight is computed (it needs height, sex and pregnancy together), so
    # through the API: an input error, never a silent fallback to actual weight.
    values = {**ITP_BASE, "dosing_weight": mode, "weight": "100", **changes}
    with pytest.raises(InputError) as error:
        ivigcalc.itp_from_mapping(values)
    assert error.value.field == "dosing_weight"
    assert why in error.value.message
    assert "auto or actual" in error.value.message  # what is allowed instead
    with pytest.raises(InputError) as error:
        ivigcalc.aps(weight=100, scenario="caps", dosing_weight=mode, **changes)  # type: ignore[arg-type]
    assert error.value.field == "dosing_weight"
    assert why in error.value.message


@pytest.mark.parametrize("mode", ["ideal", "adjusted"])
def test_explicit_ideal_or_adjusted_at_152_4_cm_is_allowed(mode: str) -> None:
    # 152.4 cm is exactly 60 in: Devine IBW = 50 kg (male); adjusted = 50 + 0.4 × (100 − 50) = 70 kg
    result = ivigcalc.itp(weight=100, platelets=18, bleeding="active", height=152.4, sex="male", age=40,
                          dosing_weight=mode)
    assert result.dosing_weight.kg == pytest.approx(50.0 if mode == "ideal" else 70.0)


# ------------------------------------------------------------------------------------------ contradictions


def test_neonate_with_age_40() -> None:
    error = refused_itp("population", population="neonate", age="40", cause="alloimmune")
    assert "neonate is under 28 days" in error.message and "--age-unit days" in error.message


def test_adult_with_age_10() -> None:
    error = refused_itp("population", population="adult", age="10")
    assert "under 18" in error.message


def test_child_with_age_40() -> None:
    error = refused_itp("population", population="child", age="40")
    assert "18 or over" in error.message


def test_adult_at_exactly_18_is_allowed() -> None:
    assert parse_itp({**ITP_BASE, "population": "adult", "age": "18"}).population.value == "adult"


def test_pregnant_and_male() -> None:
    error = refused_itp("pregnant", pregnant=True, sex="male")
    assert "--sex male" in error.message
    refused_aps("pregnant", pregnant=True, sex="male")


def test_pre_pregnancy_weight_without_pregnant() -> None:
    error = refused_itp("pre_pregnancy_weight", pre_pregnancy_weight="60")
    assert "--pregnant" in error.message
    refused_aps("pre_pregnancy_weight", pre_pregnancy_weight="60")


@pytest.mark.parametrize("cause", ["maternal-itp", "alloimmune"])
@pytest.mark.parametrize("patient", [{}, {"age": "40"}, {"age": "10"}, {"population": "child"},
                                     {"population": "adult"}])
def test_neonatal_cause_for_a_non_neonate(cause: str, patient: dict[str, str]) -> None:
    error = refused_itp("cause", cause=cause, **patient)
    assert "--population neonate" in error.message


def test_neonate_needs_a_neonatal_cause() -> None:
    error = refused_itp("cause", population="neonate", weight="3.2")
    assert "maternal-itp" in error.message and "alloimmune" in error.message


@pytest.mark.parametrize("cause", ["primary", "hcv", "hiv"])
def test_dic_without_sepsis(cause: str) -> None:
    error = refused_itp("dic", dic=True, cause=cause)
    assert "--cause sepsis" in error.message


def test_dic_with_sepsis_is_allowed() -> None:
    assert parse_itp({**ITP_BASE, "dic": True, "cause": "sepsis"}).dic is True


def test_obstetric_aps_for_a_male() -> None:
    error = refused_aps("scenario", scenario="obstetric", sex="male")
    assert "--sex male" in error.message


@pytest.mark.parametrize(
    ("flag", "scenario"),
    [("anticoagulated", "caps"), ("anticoagulated", "obstetric"), ("failed_standard_therapy", "thrombosis"),
     ("anticoagulation_contraindicated", "caps")],
)
def test_aps_flag_of_another_scenario(flag: str, scenario: str) -> None:
    error = refused_aps(flag, scenario=scenario, **{flag: True})
    assert "only applies to --scenario" in error.message


def test_inr_outside_thrombosis() -> None:
    error = refused_aps("inr", scenario="caps", inr="2.5")
    assert "--scenario thrombosis" in error.message


# ------------------------------------------------------------------------------------------ other command


@pytest.mark.parametrize("field", ["scenario", "inr", "protocol", "anticoagulated"])
def test_itp_with_an_aps_option(field: str) -> None:
    error = refused_itp(field, **{field: "caps" if field == "scenario" else "2"})
    assert "ivigcalc aps" in error.message


@pytest.mark.parametrize("field", ["platelets", "bleeding", "population", "lln"])
def test_aps_with_an_itp_option(field: str) -> None:
    error = refused_aps(field, **{field: "5"})
    assert "ivigcalc itp" in error.message


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InputError) as error:
        parse_itp({**ITP_BASE, "colour": "blue"})
    assert "colour" in error.value.message


def test_python_keyword_of_the_other_command_is_an_input_error_naming_it() -> None:
    # The package's own error, like every other bad input, and it says which command takes it.
    with pytest.raises(InputError, match="belongs to `ivigcalc aps`") as caught:
        ivigcalc.itp(weight=70, platelets=18, scenario="caps")
    assert caught.value.field == "scenario"
    with pytest.raises(InputError, match="belongs to `ivigcalc itp`"):
        ivigcalc.aps(weight=65, scenario="caps", platelets=5)


# ------------------------------------------------------------------------------------------ soft limits


@pytest.mark.parametrize(
    ("weight_kg", "warns"),
    [(29.9, True), (30, False), (200, False), (200.1, True), (0.3, True), (350, True)],
)
def test_unusual_adult_weight_computes_and_warns(weight_kg: float, warns: bool) -> None:
    result = ivigcalc.itp(weight=weight_kg, platelets=18, bleeding="active", age=40)
    assert result.status.value == "indicated"
    assert result.regimen is not None
    # 1 g/kg × weight: the dose is still computed
    assert result.regimen.phases[0].infusions[0].dose_g == round(weight_kg * 1.0, 2)
    assert ("unusual-weight" in codes(result)) is warns


def test_unusual_adult_weight_in_aps() -> None:
    result = ivigcalc.aps(weight=210, scenario="caps", age=50)
    assert "unusual-weight" in codes(result)
    # 210 kg × 0.4 g/kg = 84 g a day
    assert result.regimen is not None and result.regimen.phases[0].infusions[0].dose_g == 84.0


def test_child_weight_under_30_kg_is_not_unusual() -> None:
    # 25 kg is an ordinary weight for a child: the adult soft limit does not apply
    result = ivigcalc.itp(weight=25, platelets=10, bleeding="active", age=8)
    assert "unusual-weight" not in codes(result)


def test_weight_in_pounds_soft_limit_uses_kilograms() -> None:
    # 450 lb × 0.45359237 = 204.12 kg > 200 kg: warns although 450 is not above 200 in kg terms of the input
    result = ivigcalc.itp(weight=450, weight_unit="lb", platelets=18, bleeding="active", age=40)
    assert "unusual-weight" in codes(result)
    # 60 lb = 27.22 kg < 30 kg
    result = ivigcalc.itp(weight=60, weight_unit="lb", platelets=18, bleeding="active", age=40)
    assert "unusual-weight" in codes(result)


def test_above_usual_dose_computes_and_warns() -> None:
    result = ivigcalc.aps(weight=60, scenario="obstetric", failed_standard_therapy=True,
                          protocol="source-2-plus-1")
    # 60 × 1.5 = 90 g on day 3 (1.5 g/kg > 1 g/kg a day); 0.4 + 0.4 + 1.5 = 2.3 g/kg > 2 g/kg a cycle
    assert result.regimen is not None
    assert [i.dose_g for i in result.regimen.phases[0].infusions] == [24.0, 24.0, 90.0]
    assert codes(result).count("above-usual-dose") == 2


def test_usual_doses_do_not_warn() -> None:
    # 1 g/kg once (ITP) and 0.4 × 5 = 2 g/kg (CAPS) sit exactly at the usual maxima, not above
    assert "above-usual-dose" not in codes(ivigcalc.itp(weight=70, platelets=18, bleeding="active"))
    assert "above-usual-dose" not in codes(ivigcalc.aps(weight=70, scenario="caps"))
    assert "above-usual-dose" not in codes(
        ivigcalc.itp(weight=70, platelets=20, steroids_contraindicated=True, regimen="five-day"))


def test_five_day_itp_schedule_is_computed_when_a_rapid_rise_is_needed() -> None:
    # The source document's pitfall (0.4 g/kg × 5 is too slow with active bleeding) is a soft stop:
    # 0.4 g/kg × 70 kg = 28 g a day for 5 days, with a danger warning that says why.
    result = ivigcalc.itp(weight=70, platelets=18, bleeding="active", regimen="five-day")
    assert result.regimen is not None
    assert [i.dose_g for i in result.regimen.phases[0].infusions] == [28.0] * 5
    slower = next(w for w in result.warnings if w.code == "slower-regimen")
    assert slower.severity.value == "danger" and "1 g/kg once" in slower.message
