"""Unit slips and implausible bodies: the adult height rule (with the inch reading), the BMI refusal, the
neonatal weight limits, a child's weight-for-age band, --age-unit, and one population rule (under 28 days
is a neonate) read by the decision and the rounding alike."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import ivigcalc
from ivigcalc.cli import app
from ivigcalc.errors import InputError
from ivigcalc.knowledge import weight_for_age
from ivigcalc.model.result import Result

ADULT = {"weight": 70, "age": 40, "platelets": 18, "bleeding": "active"}
NEONATE = {"population": "neonate", "cause": "alloimmune", "platelets": 10}


def codes(result: Result) -> set[str]:
    return {warning.code for warning in result.warnings}


def refused(**values: object) -> InputError:
    with pytest.raises(InputError) as caught:
        ivigcalc.itp(**values)
    return caught.value


# ------------------------------------------------------------------------------------------ adult height


def test_adult_height_under_100_cm_without_a_unit_is_refused_with_the_inch_reading() -> None:
    # 64 in × 2.54 = 162.56 cm
    error = refused(**ADULT, height=64, sex="female")
    assert error.field == "height"
    assert "64 in = 162.56 cm" in error.message
    assert "--height-unit in" in error.message and "--height-unit cm" in error.message


@pytest.mark.parametrize(("height", "accepted"), [(99.9, False), (100, True)])
def test_adult_height_rule_both_sides_of_100_cm(height: float, accepted: bool) -> None:
    if accepted:
        assert "unusual-height" not in codes(ivigcalc.itp(**ADULT, height=height))
    else:
        assert refused(**ADULT, height=height).field == "height"



def test_adult_height_95_cm_stated_gives_unusual_height() -> None:
    # 30 kg at 95 cm: BMI 30 / 0.95² = 33.2 (plausible); an adult under 100 cm: a caution, not a refusal
    result = ivigcalc.itp(weight=30, age=40, platelets=18, bleeding="active", height=95, height_unit="cm")
    caution = next(w for w in result.warnings if w.code == "unusual-height")
    assert caution.severity.value == "caution" and "95 cm" in caution.message


def test_child_height_under_100_cm_is_not_a_unit_slip() -> None:
    result = ivigcalc.itp(weight=12, age=2, platelets=18, bleeding="active", height=85)
    assert "unusual-height" not in codes(result)


def test_154_lb_and_64_in_apply_the_obese_adjustment() -> None:
    # 154 lb × 0.45359237 = 69.853 kg; 64 in = 162.56 cm; female Devine IBW 45.5 + 2.3 × (64 − 60) = 54.7 kg;
    # 69.853 / 54.7 = 127.7% > 120% → AdjBW 54.7 + 0.4 × (69.853 − 54.7) = 60.76 kg → 1 g/kg = 60.76 g,
    # nearest 5 g = 60 g (−1.25%); not 70 g on actual weight.
    result = ivigcalc.itp(weight=154, weight_unit="lb", height=64, height_unit="in", sex="female", age=62,
                          platelets=10, bleeding="active")
    assert result.dosing_weight.basis.value == "adjusted"
    assert result.dosing_weight.kg == pytest.approx(60.7613, abs=1e-4)
    assert result.regimen is not None
    assert result.regimen.phases[0].infusions[0].dose_g_rounded == 60.0


# ------------------------------------------------------------------------------------------ BMI


@pytest.mark.parametrize(("weight", "accepted"), [(150, True), (150.1, False)])
def test_bmi_above_150_is_refused_whatever_the_units(weight: float, accepted: bool) -> None:
    # at 100 cm: BMI = kg / 1.0² = kg; 150 is accepted, 150.1 refused
    values = {**ADULT, "weight": weight, "height": 100}
    if accepted:
        assert ivigcalc.itp(**values).dosing_weight.bmi_kg_per_m2 == pytest.approx(150)
    else:
        error = refused(**values)
        assert error.field == "height"
        assert "BMI of 150.1 kg/m²" in error.message and "--weight-unit" in error.message


def test_bmi_refusal_applies_in_inches_and_pounds() -> None:
    # 330 lb = 149.69 kg; 39.37 in = 100.0 cm: BMI 149.7 → accepted; 340 lb = 154.22 kg: BMI 154.2 → refused
    assert ivigcalc.aps(weight=330, weight_unit="lb", height=39.37, height_unit="in", scenario="caps")
    with pytest.raises(InputError) as caught:
        ivigcalc.aps(weight=340, weight_unit="lb", height=39.37, height_unit="in", scenario="caps")
    assert caught.value.field == "height"


# ------------------------------------------------------------------------------------------ neonates


@pytest.mark.parametrize(("weight", "accepted"), [(0.3, True), (10, True), (10.01, False), (70, False)])
def test_neonatal_weight_limits(weight: float, accepted: bool) -> None:
    if accepted:
        result = ivigcalc.itp(weight=weight, **NEONATE)
        assert result.regimen is not None
        # 1 g/kg × weight, rounded to 0.1 g
        assert result.regimen.phases[0].infusions[0].dose_g == pytest.approx(weight)
    else:
        error = refused(weight=weight, **NEONATE)
        assert error.field == "weight" and "0.3 to 10 kg accepted for a neonate" in error.message


def test_neonatal_weight_below_0_3_kg_is_the_hard_limit() -> None:
    assert "0.3 to 350 kg" in refused(weight=0.29, **NEONATE).message


# ------------------------------------------------------------------------------------------ age unit and population


@pytest.mark.parametrize(
    ("age", "unit", "neonate"),
    [(27.9, "days", True), (28, "days", False), (3.9, "weeks", True), (4, "weeks", False),
     (0.9, "months", True), (1, "months", False), (0.01, "years", True), (0.08, "years", False)],
)
def test_under_28_days_is_a_neonate_for_decision_and_rounding(age: float, unit: str, neonate: bool) -> None:
    # 28 days = 4 weeks = 28 / 365.25 years; 0.9 months = 0.075 years = 27.4 days; 1 month = 30.4 days;
    # 0.01 years = 3.65 days; 0.08 years = 29.2 days. 3 kg at 10 ×10⁹/L: a neonate (alloimmune) gets
    # 1 g/kg = 3 g rounded to 0.1 g; a child with no bleeding is observed.
    values: dict[str, object] = {"weight": 3, "age": age, "age_unit": unit, "platelets": 10}
    if neonate:
        result = ivigcalc.itp(**values, cause="alloimmune")
        assert result.rule == "itp-neonate-alloimmune"
        assert result.regimen is not None
        assert result.regimen.phases[0].infusions[0].rounding_step_g == 0.1
        assert refused(**values).field == "cause"  # a neonate needs the cause, derived population or not
    else:
        result = ivigcalc.itp(**values)
        assert result.rule == "itp-child-observation"
    assert result.inputs.age_unit.value == unit


def test_age_in_days_is_echoed_and_converted() -> None:
    result = ivigcalc.itp(weight=3, age=14, age_unit="days", platelets=10, cause="maternal-itp")
    assert result.inputs.age_years == pytest.approx(14 / 365.25)
    assert result.inputs.population.value == "neonate"


def test_a_child_under_28_days_contradicts_the_population() -> None:
    error = refused(weight=3, age=10, age_unit="days", population="child", platelets=10)
    assert error.field == "population" and "--population neonate" in error.message


def test_aps_neonate_by_age_has_the_neonatal_weight_limit_and_rounding() -> None:
    result = ivigcalc.aps(weight=3.3, age=5, age_unit="days", scenario="caps")
    assert result.regimen is not None
    infusion = result.regimen.phases[0].infusions[0]  # 0.4 g/kg × 3.3 kg = 1.32 g → 1.3 g (0.1 g steps)
    assert infusion.dose_g == 1.32 and infusion.dose_g_rounded == 1.3
    with pytest.raises(InputError):
        ivigcalc.aps(weight=11, age=5, age_unit="days", scenario="caps")


# ------------------------------------------------------------------------------------------ weight for age


def test_a_3_year_old_of_120_kg_warns_unusual_weight() -> None:
    # CDC 2000 at 36 months: median about 14 kg; 120 kg is far outside the z ±3.5 band
    result = ivigcalc.itp(weight=120, age=3, platelets=10, bleeding="active")
    warning = next(w for w in result.warnings if w.code == "unusual-weight")
    assert warning.severity.value == "caution"
    assert "cdc-growth-2000" in warning.references
    assert "120 kg" in warning.message


@pytest.mark.parametrize("sex", ["male", "female", None])
def test_weight_for_age_band_both_sides(sex: str | None) -> None:
    low, high = weight_for_age.weight_for_age_band_kg(36, sex)  # 3 years = 36 months
    for weight, warns in ((low - 0.01, True), (low + 0.01, False), (high - 0.01, False), (high + 0.01, True)):
        values: dict[str, object] = {"weight": weight, "age": 3, "platelets": 10, "bleeding": "active"}
        if sex:
            values["sex"] = sex
        assert ("unusual-weight" in codes(ivigcalc.itp(**values))) is warns, weight


def test_a_typical_child_does_not_warn() -> None:
    assert "unusual-weight" not in codes(ivigcalc.itp(weight=14, age=3, platelets=10, bleeding="active"))
    assert "unusual-weight" not in codes(ivigcalc.itp(weight=30, age=10, platelets=10, bleeding="active"))


# ------------------------------------------------------------------------------------------ CLI


def test_cli_refusal_is_one_line_naming_the_option() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["itp", "--weight", "154", "--weight-unit", "lb", "--height", "64", "--sex",
                                 "female", "--age", "62", "--platelets", "10"], env={"NO_COLOR": "1"})
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "--height" in lines[0] and "--height-unit in" in lines[0]
