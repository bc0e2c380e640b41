"""The boxed-warning risk screen (CLINICAL.md §6): renal and thrombosis factors, both sides of each
threshold, the at-risk warnings, the sucrose refusal and the haemolysis warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ivigcalc.api import aps_from_mapping, itp_from_mapping
from ivigcalc.cli import app
from ivigcalc.core.fields import ITP_FIELDS, PHARMACY_FIELDS
from ivigcalc.core.parse import parse_itp
from ivigcalc.errors import InputError
from ivigcalc.model.result import Result
from ivigcalc.model.vocabulary import BloodGroup

BASE = {"weight": 70, "platelets": 18, "bleeding": "active", "age": 40}


def itp(**extra: object) -> Result:
    return itp_from_mapping({**BASE, **extra})


def codes(result: Result) -> list[str]:
    return [w.code for w in result.warnings]


# ------------------------------------------------------------------------------------------ factors


@pytest.mark.parametrize(("extra", "factor"), [
    ({"egfr": 59.9}, "eGFR 59.9 mL/min (< 60)"),
    ({"creatinine_clearance": 45}, "creatinine clearance 45 mL/min (< 60)"),
    ({"diabetes": True}, "diabetes mellitus"),
    ({"volume_depletion": True}, "volume depletion"),
    ({"sepsis": True}, "sepsis"),
    ({"paraproteinemia": True}, "paraproteinaemia"),
    ({"nephrotoxic_drugs": True}, "nephrotoxic drugs"),
])
def test_renal_risk_factors(extra: dict[str, object], factor: str) -> None:
    screen = itp(**extra).risk_screen
    assert screen is not None
    assert screen.renal_risk_factors == (factor,)
    assert screen.thrombosis_risk_factors == ()


@pytest.mark.parametrize(("extra", "factor"), [
    ({"thrombosis_history": True}, "history of venous or arterial thrombosis"),
    ({"estrogen": True}, "estrogen use"),
    ({"immobilized": True}, "prolonged immobilisation"),
    ({"central_line": True}, "indwelling vascular catheter"),
    ({"hyperviscosity": True}, "hyperviscosity"),
    ({"cardiovascular_risk": True}, "cardiovascular risk factors"),
])
def test_thrombosis_risk_factors(extra: dict[str, object], factor: str) -> None:
    screen = itp(**extra).risk_screen
    assert screen is not None
    assert screen.thrombosis_risk_factors == (factor,)
    assert screen.renal_risk_factors == ()


def test_renal_function_60_is_not_a_risk_and_just_below_is() -> None:
    assert not itp(egfr=60).risk_screen.renal_risk  # type: ignore[union-attr]
    assert itp(egfr=59.99).risk_screen.renal_risk  # type: ignore[union-attr]
    assert not itp(creatinine_clearance=60).risk_screen.renal_risk  # type: ignore[union-attr]
    assert itp(creatinine_clearance=59).risk_screen.renal_risk  # type: ignore[union-attr]


def test_age_65_is_not_a_risk_and_over_65_is_both() -> None:
    assert not itp(age=65).risk_screen.at_risk  # type: ignore[union-attr]
    screen = itp(age=65.5).risk_screen
    assert screen is not None
    assert screen.renal_risk_factors == ("age 65.5 years (> 65)",)
    assert screen.thrombosis_risk_factors == ("age 65.5 years (> 65)",)


def test_itp_cause_sepsis_is_renal_risk() -> None:
    screen = itp(cause="sepsis").risk_screen
    assert screen is not None and screen.renal_risk_factors == ("sepsis (--cause sepsis)",)


def test_aps_is_a_hypercoagulable_condition() -> None:
    screen = aps_from_mapping({"weight": 65, "scenario": "caps"}).risk_screen
    assert screen is not None
    assert screen.thrombosis_risk_factors == ("antiphospholipid syndrome (a hypercoagulable condition)",)


def test_no_factor_no_risk() -> None:
    screen = itp().risk_screen
    assert screen is not None and not screen.at_risk
    assert "at-risk-minimum-rate" not in codes(itp()) and "hydration" not in codes(itp())


# ------------------------------------------------------------------------------------------ warnings


def test_at_risk_warnings_without_a_product() -> None:
    result = itp(diabetes=True)
    assert "at-risk-minimum-rate" in codes(result) and "hydration" in codes(result)
    message = next(w.message for w in result.warnings if w.code == "at-risk-minimum-rate")
    assert "renal risk: diabetes mellitus" in message and "--product" in message


def test_at_risk_warning_names_the_cap_with_a_product() -> None:
    result = itp(age=70, product="Octagam 10%")
    message = next(w.message for w in result.warnings if w.code == "at-risk-minimum-rate")
    assert "stops at 3.3 mg/kg/min" in message


def test_at_risk_warning_says_when_the_label_has_no_lower_maximum() -> None:
    result = itp(age=70, product="Privigen")
    message = next(w.message for w in result.warnings if w.code == "at-risk-minimum-rate")
    assert "gives no at-risk maximum" in message


def test_no_at_risk_warnings_without_a_regimen() -> None:
    result = itp_from_mapping({"weight": 70, "platelets": 100, "age": 70})  # not indicated
    assert result.regimen is None
    assert "at-risk-minimum-rate" not in codes(result) and "hydration" not in codes(result)
    assert result.risk_screen is not None and result.risk_screen.at_risk  # still screened and shown


# ------------------------------------------------------------------------------------------ sucrose


def test_sucrose_product_refused_for_renal_risk() -> None:
    with pytest.raises(InputError) as caught:
        itp(product="Carimune NF", diabetes=True)
    assert caught.value.field == "product"
    assert "sucrose" in caught.value.message and "--allow-sucrose" in caught.value.message


def test_sucrose_product_allowed_with_a_danger_warning() -> None:
    result = itp(product="Carimune NF", diabetes=True, allow_sucrose=True)
    warning = next(w for w in result.warnings if w.code == "sucrose-product")
    assert warning.severity.value == "danger"
    assert "Carimune NF contains sucrose" in warning.message and "diabetes mellitus" in warning.message


def test_sucrose_product_without_renal_risk_is_computed_plainly() -> None:
    result = itp(product="Carimune NF", estrogen=True)  # thrombosis risk only
    assert "sucrose-product" not in codes(result)


def test_sucrose_refusal_through_the_cli() -> None:
    out = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active",
                                   "--product", "Carimune NF", "--age", "70"])
    assert out.exit_code == 2
    assert out.stderr.count("\n") == 1
    assert "--product 'Carimune NF'" in out.stderr and "sucrose" in out.stderr


def test_sucrose_refusal_through_the_installed_script() -> None:
    script = Path(sys.executable).parent / "ivigcalc"
    done = subprocess.run([str(script), "aps", "--weight", "65", "--scenario", "caps", "--product",
                           "carimune", "--egfr", "40"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "--product" in done.stderr and "sucrose" in done.stderr and done.stdout == ""


# ------------------------------------------------------------------------------------------ haemolysis


@pytest.mark.parametrize("group", ["A", "B", "AB"])
def test_haemolysis_warning_at_2_g_per_kg_in_non_o(group: str) -> None:
    # CAPS: 0.4 g/kg × 5 days = 2 g/kg in one course
    result = aps_from_mapping({"weight": 65, "scenario": "caps", "blood_group": group})
    warning = next(w for w in result.warnings if w.code == "haemolysis-risk")
    assert f"2 g/kg in one course and blood group {group}" in warning.message


def test_no_haemolysis_warning_in_group_o_or_below_2_g_per_kg() -> None:
    caps = {"weight": 65, "scenario": "caps"}
    assert "haemolysis-risk" not in codes(aps_from_mapping({**caps, "blood_group": "O"}))
    assert "haemolysis-risk" not in codes(itp(blood_group="A"))  # 1 g/kg once
    assert "haemolysis-risk" not in codes(aps_from_mapping(caps))  # group unknown


def test_haemolysis_two_day_obstetric_is_exactly_2_g_per_kg() -> None:
    result = aps_from_mapping({"weight": 65, "scenario": "obstetric", "failed_standard_therapy": True,
                               "sex": "female", "protocol": "two-day", "blood_group": "B+"})
    assert "haemolysis-risk" in codes(result)  # 1 + 1 = 2 g/kg a cycle: ≥ 2 counts


@pytest.mark.parametrize(("typed", "group"), [
    ("A", BloodGroup.A), ("a+", BloodGroup.A), ("AB neg", BloodGroup.AB), ("o positive", BloodGroup.O),
    ("B-", BloodGroup.B), (" ab ", BloodGroup.AB),
])
def test_blood_group_parsing(typed: str, group: BloodGroup) -> None:
    assert parse_itp({**BASE, "blood_group": typed}).blood_group is group


@pytest.mark.parametrize("typed", ["C", "A2B", "+", "0"])
def test_bad_blood_group(typed: str) -> None:
    with pytest.raises(InputError, match="is not a blood group") as caught:
        parse_itp({**BASE, "blood_group": typed})
    assert caught.value.field == "blood_group"


# ------------------------------------------------------------------------------------------ inputs


@pytest.mark.parametrize(("field", "raw", "message"), [
    ("egfr", "-1", "cannot be negative"),
    ("egfr", "251", "outside the accepted 0 to 250 mL/min"),
    ("creatinine_clearance", "abc", "is not a number"),
])
def test_renal_function_limits(field: str, raw: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_itp({**BASE, field: raw})
    assert caught.value.field == field


def test_renal_function_bounds_are_inclusive() -> None:
    assert parse_itp({**BASE, "egfr": "0"}).egfr_ml_per_min == 0
    assert parse_itp({**BASE, "egfr": "250"}).egfr_ml_per_min == 250


def test_batch_field_sets_include_the_pharmacy_inputs() -> None:
    from ivigcalc.core.fields import APS_FIELDS

    assert PHARMACY_FIELDS <= ITP_FIELDS and PHARMACY_FIELDS <= APS_FIELDS
    # batch cells are strings: "yes", "" (not given), names with any spacing
    parsed = parse_itp({**BASE, "diabetes": "yes", "estrogen": "", "product": "gamunex c", "round": "none",
                        "blood_group": "", "egfr": ""})
    assert parsed.diabetes and not parsed.estrogen
    assert parsed.product == "gamunex-c" and parsed.rounding.value == "none"
    assert parsed.blood_group is None and parsed.egfr_ml_per_min is None


def test_every_risk_option_is_on_the_cli() -> None:
    import typer

    command = typer.main.get_command(app).commands["itp"]  # type: ignore[attr-defined]
    options = {opt for param in command.params for opt in param.opts}
    for name in PHARMACY_FIELDS:
        option = "--round" if name == "round" else "--" + name.replace("_", "-")
        assert option in options
