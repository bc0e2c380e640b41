"""Hypothesis properties (issue 2, "Done when"): doses scale linearly with the dosing weight, totals are
the sum over phases, lb and kg give the same result, and no input whatever gives anything but a Result
or an InputError (Python API) or exit 0 / 2 without a traceback (CLI)."""

from __future__ import annotations

import contextlib
import math
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

import ivigcalc
from ivigcalc.cli import app
from ivigcalc.core.fields import APS_FIELDS, ITP_FIELDS
from ivigcalc.errors import InputError
from ivigcalc.model.result import Result

LB_TO_KG = 0.45359237
PLAIN_ENV = {"NO_COLOR": "1", "TERM": "dumb"}

# ------------------------------------------------------------------------------------------ strategies

weights_kg = st.floats(min_value=0.3, max_value=350, allow_nan=False, allow_infinity=False)
heights_cm = st.floats(min_value=20, max_value=272, allow_nan=False, allow_infinity=False)
platelet_counts = st.floats(min_value=0, max_value=2000, allow_nan=False, allow_infinity=False)
ages = st.floats(min_value=0, max_value=120, allow_nan=False, allow_infinity=False)
bleedings = st.sampled_from(["none", "minor", "active", "life-threatening"])


@st.composite
def patients(draw: st.DrawFn, weight: st.SearchStrategy[float] = weights_kg) -> dict[str, Any]:
    """A consistent patient: every combination the dosing-weight rules distinguish."""
    patient: dict[str, Any] = {"weight": draw(weight)}
    sex = draw(st.none() | st.sampled_from(["female", "male"]))
    if sex is not None:
        patient["sex"] = sex
    if draw(st.booleans()):
        patient["height"] = draw(heights_cm)
    if draw(st.booleans()):
        patient["age"] = draw(ages)
    if sex != "male" and draw(st.integers(0, 4)) == 0:
        patient["pregnant"] = True
        if draw(st.booleans()):
            patient["pre_pregnancy_weight"] = draw(weight)
    return patient


@st.composite
def itp_cases(draw: st.DrawFn, weight: st.SearchStrategy[float] = weights_kg) -> dict[str, Any]:
    case = draw(patients(weight))
    case["platelets"] = draw(platelet_counts)
    case["bleeding"] = draw(bleedings)
    for flag in ("bleeding_risk", "rapid_rise", "procedure", "steroids_contraindicated"):
        case[flag] = draw(st.booleans())
    if draw(st.integers(0, 5)) == 0:
        case["population"] = "neonate"
        case["age"] = 0
        case.pop("pregnant", None)
        case.pop("pre_pregnancy_weight", None)
        case["cause"] = draw(st.sampled_from(["maternal-itp", "alloimmune"]))
    else:
        case["cause"] = draw(st.sampled_from(["primary", "hcv", "hiv", "sepsis"]))
        case["dic"] = case["cause"] == "sepsis" and draw(st.booleans())
        if draw(st.integers(0, 3)) == 0:
            case["regimen"] = "five-day"
    return case


@st.composite
def aps_cases(draw: st.DrawFn, weight: st.SearchStrategy[float] = weights_kg) -> dict[str, Any]:
    case = draw(patients(weight))
    scenario = draw(st.sampled_from(["asymptomatic", "obstetric", "caps", "thrombosis"]))
    case["scenario"] = scenario
    if scenario == "obstetric":
        if case.get("sex") == "male":
            case["sex"] = "female"
        case["failed_standard_therapy"] = draw(st.booleans())
        case["anticoagulation_contraindicated"] = draw(st.booleans())
        case["protocol"] = draw(st.sampled_from(["five-day", "two-day", "source-2-plus-1"]))
    elif scenario == "thrombosis":
        case["anticoagulated"] = draw(st.booleans())
        if draw(st.booleans()):
            case["inr"] = draw(st.floats(min_value=0.5, max_value=20))
        case["protocol"] = draw(st.sampled_from(["standard", "intensive"]))
    return case


def computed(function: Any, case: dict[str, Any]) -> Result:
    """The result of a generated case; the rare contradictory one (e.g. `five-day` for a regimen that
    has no five-day form) is rejected, since these properties are about doses."""
    try:
        return function(**case)  # type: ignore[no-any-return]
    except InputError:
        assume(False)
        raise  # pragma: no cover - assume(False) does not return


any_case = st.one_of(
    itp_cases().map(lambda case: (ivigcalc.itp, case)),
    aps_cases().map(lambda case: (ivigcalc.aps, case)),
)


# ------------------------------------------------------------------------------------------ dose arithmetic


@given(any_case)
def test_dose_is_dosing_weight_times_g_per_kg(function_and_case: tuple[Any, dict[str, Any]]) -> None:
    function, case = function_and_case
    result = computed(function, case)
    if result.regimen is None:
        return
    kg = result.dosing_weight.kg
    for phase in result.regimen.phases:
        for infusion in phase.infusions:
            assert infusion.dose_g == round(kg * infusion.dose_g_per_kg, 2)
            assert infusion.dose_g_per_kg <= 2  # the hard limit of a single day


@given(st.sampled_from([
    ("itp", {"platelets": 18, "bleeding": "active"}),
    ("itp", {"platelets": 20, "steroids_contraindicated": True, "regimen": "five-day"}),
    ("itp", {"platelets": 40, "cause": "sepsis", "bleeding": "minor"}),
    ("aps", {"scenario": "caps"}),
    ("aps", {"scenario": "thrombosis", "anticoagulated": True, "protocol": "intensive"}),
    ("aps", {"scenario": "obstetric", "failed_standard_therapy": True, "protocol": "source-2-plus-1"}),
]), weights_kg, st.floats(min_value=0.01, max_value=10))
def test_doses_scale_linearly_with_weight(
        scenario: tuple[str, dict[str, Any]], weight_kg: float, factor: float) -> None:
    # On actual weight (no height or sex), scaling the weight by k scales every dose by k, within the
    # 0.005 g rounding of each dose.
    other_kg = weight_kg * factor
    assume(0.3 <= other_kg <= 350)
    command, extra = scenario
    function = ivigcalc.itp if command == "itp" else ivigcalc.aps
    first = function(weight=weight_kg, **extra)
    second = function(weight=other_kg, **extra)
    assert first.regimen is not None and second.regimen is not None
    assert second.dosing_weight.kg == other_kg
    for phase_1, phase_2 in zip(first.regimen.phases, second.regimen.phases, strict=True):
        for dose_1, dose_2 in zip(phase_1.infusions, phase_2.infusions, strict=True):
            assert dose_2.dose_g_per_kg == dose_1.dose_g_per_kg
            assert dose_2.dose_g == pytest.approx(dose_1.dose_g * factor, abs=0.005 * factor + 0.005 + 1e-9)


@given(any_case)
def test_total_is_the_sum_over_phases(function_and_case: tuple[Any, dict[str, Any]]) -> None:
    function, case = function_and_case
    result = computed(function, case)
    if result.regimen is None:
        return
    phases = result.regimen.phases
    if any(phase.cycles is None for phase in phases):
        assert result.regimen.total_dose_g is None  # open-ended, e.g. "throughout pregnancy"
        return
    expected = round(sum(phase.cycles * sum(i.dose_g for i in phase.infusions) for phase in phases
                         if phase.cycles is not None), 2)
    assert result.regimen.total_dose_g == expected
    for phase in phases:
        assert phase.dose_per_cycle_g == round(sum(i.dose_g for i in phase.infusions), 2)


# ------------------------------------------------------------------------------------------ units


pounds = st.floats(min_value=0.3 / LB_TO_KG + 1e-6, max_value=350 / LB_TO_KG - 1e-6)

any_case_in_pounds = st.one_of(
    itp_cases(pounds).map(lambda case: (ivigcalc.itp, case)),
    aps_cases(pounds).map(lambda case: (ivigcalc.aps, case)),
)


@given(any_case_in_pounds)
def test_pounds_and_kilograms_give_the_same_result(function_and_case: tuple[Any, dict[str, Any]]) -> None:
    function, case_lb = function_and_case
    case_kg = dict(case_lb)
    case_kg["weight"] = case_lb["weight"] * LB_TO_KG
    if "pre_pregnancy_weight" in case_lb:
        case_kg["pre_pregnancy_weight"] = case_lb["pre_pregnancy_weight"] * LB_TO_KG
    try:
        in_pounds = function(weight_unit="lb", **case_lb)
    except InputError as error:
        with pytest.raises(InputError) as same:
            function(**case_kg)
        assert same.value.field == error.field
        return
    in_kilograms = function(**case_kg)
    # The audit hashes the inputs, which differ by their unit: compared apart from them.
    assert in_pounds.model_dump(exclude={"inputs", "audit"}) == in_kilograms.model_dump(exclude={"inputs", "audit"})
    assert in_pounds.inputs.weight_kg == in_kilograms.inputs.weight_kg
    assert in_pounds.inputs.weight_unit.value == "lb"


# ------------------------------------------------------------------------------------------ any input

garbage = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(),  # includes NaN, infinities, subnormals
    st.text(max_size=20),
    st.sampled_from(["", " ", "nan", "inf", "-inf", "1e400", "-0", "0", "1,200", "70 kg", "١٢", "1_0",
                     "0x1A", "\x00", "None", "true", "yes", "maybe", "/uL", "lb", "in", "µL"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)

CHOICES = ["kg", "lb", "cm", "in", "female", "male", "auto", "actual", "ideal", "adjusted", "10^9/L", "/uL",
           "/mcL", "/mm3", "none", "minor", "active", "life-threatening", "adult", "child", "neonate",
           "primary", "hcv", "hiv", "sepsis", "maternal-itp", "alloimmune", "single-dose", "five-day",
           "asymptomatic", "obstetric", "caps", "thrombosis", "two-day", "source-2-plus-1", "standard",
           "intensive", "NEONATE", " Male "]

values = st.one_of(
    garbage,
    st.sampled_from(CHOICES),
    st.floats(min_value=-10, max_value=3000),
    st.floats(min_value=-10, max_value=3000).map(str),
    st.booleans(),
)

ALL_FIELDS = sorted(ITP_FIELDS | APS_FIELDS)
mappings = st.dictionaries(
    st.one_of(st.sampled_from(ALL_FIELDS), st.text(max_size=8)), values, max_size=12)


@given(mappings, st.sampled_from(["itp", "aps"]))
def test_any_mapping_gives_a_result_or_an_input_error(values_by_field: dict[str, Any], command: str) -> None:
    function = ivigcalc.itp_from_mapping if command == "itp" else ivigcalc.aps_from_mapping
    try:
        result = function(values_by_field)
    except InputError as error:
        assert error.message
        assert str(error)  # describable on one line
        assert "\n" not in str(error)
        return
    assert isinstance(result, Result)
    result.model_dump_json()  # serialisable


@given(itp_cases(), st.dictionaries(st.sampled_from(sorted(ITP_FIELDS)), values, max_size=3))
def test_mostly_valid_itp_with_random_changes(case: dict[str, Any], changes: dict[str, Any]) -> None:
    # Start from a consistent case and break a few fields, so the deep rules are exercised too.
    try:
        result = ivigcalc.itp_from_mapping({**case, **changes})
    except InputError as error:
        assert error.field is None or error.field in ITP_FIELDS
        return
    assert isinstance(result, Result)
    if result.regimen is not None:
        assert all(math.isfinite(i.dose_g) for p in result.regimen.phases for i in p.infusions)


@given(aps_cases(), st.dictionaries(st.sampled_from(sorted(APS_FIELDS)), values, max_size=3))
def test_mostly_valid_aps_with_random_changes(case: dict[str, Any], changes: dict[str, Any]) -> None:
    try:
        result = ivigcalc.aps_from_mapping({**case, **changes})
    except InputError as error:
        assert error.field is None or error.field in APS_FIELDS
        return
    assert isinstance(result, Result)


@given(values, values)
def test_grade_any_input(platelets: Any, lln: Any) -> None:
    with contextlib.suppress(InputError):  # anything else fails the test
        ivigcalc.grade(platelets, lln=lln)


# ------------------------------------------------------------------------------------------ CLI

OPTIONS = [
    "--weight", "--weight-unit", "--height", "--height-unit", "--sex", "--age", "--pregnant",
    "--pre-pregnancy-weight", "--dosing-weight", "--adjustment-factor", "--json", "--platelets",
    "--platelet-unit", "--lln", "--bleeding", "--bleeding-risk", "--rapid-rise", "--procedure",
    "--steroids-contraindicated", "--population", "--cause", "--dic", "--regimen", "--scenario",
    "--failed-standard-therapy", "--anticoagulation-contraindicated", "--anticoagulated", "--inr",
    "--protocol", "--version", "--bogus", "-", "--",
]
tokens = st.one_of(
    st.sampled_from(OPTIONS),
    st.sampled_from(CHOICES),
    st.sampled_from(
        ["70", "18", "0", "-1", "nan", "inf", "1e400", "", "abc", "800", "2.0", "999", "ash-2011"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=10),
)
argv_lists = st.tuples(
    st.sampled_from(["itp", "aps", "grade", "references", "--version", "nope", ""]),
    st.lists(tokens, max_size=10),
).map(lambda pair: [pair[0], *pair[1]] if pair[0] else pair[1])

runner = CliRunner()


@given(argv_lists)
def test_random_argv_exits_0_or_2_without_traceback(argv: list[str]) -> None:
    result = runner.invoke(app, argv, env=PLAIN_ENV)
    assert result.exit_code in (0, 2), (argv, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert result.stdout == ""
        if not result.stderr.startswith("Usage:"):  # a bare command group prints its help instead
            assert len(result.stderr.splitlines()) == 1, result.stderr
