"""The command line (issue 2): the documented examples, the JSON contract, one-line errors with exit 2,
ISMP number forms in human output, and the installed console script as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from ivigcalc import __version__
from ivigcalc.cli import app

PLAIN_ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}
ESC = "\x1b"

runner = CliRunner()


def run(*args: str) -> CliResult:
    return runner.invoke(app, list(args), env=PLAIN_ENV)


def run_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, "exactly one JSON object, on one line"
    payload = json.loads(lines[0])
    assert isinstance(payload, dict)
    return payload


def assert_one_line_error(result: CliResult, *needles: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ivigcalc: error: ")
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


# ------------------------------------------------------------------------------------------ examples


def test_itp_example_human() -> None:
    result = run("itp", "--weight", "70", "--platelets", "18", "--bleeding", "active")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "INDICATED" in out
    assert "grade 4" in out
    # 70 kg × 1 g/kg = 70 g
    assert "70 g" in out
    # prednisone 1-2 mg/kg/day on 70 kg actual weight = 70 mg to 140 mg
    assert "70 mg to 140 mg" in out
    assert "References:" in out


def test_aps_example_human() -> None:
    result = run("aps", "--weight", "65", "--scenario", "caps")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    # 65 kg × 0.4 g/kg = 26 g a day, to nearest 5 g: 25 g; × 5 days = 125 g (130 g calculated)
    assert out.startswith("INDICATED · give IVIG 25 g a day for 5 days (125 g; calculated 26 g a day)\n")
    assert "Plasma exchange" in out
    full = run("aps", "--weight", "65", "--scenario", "caps", "--full").stdout
    assert full.startswith(out.splitlines()[0]) and "Total: 130 g" in full


def test_grade_example() -> None:
    result = run("grade", "--platelets", "30")
    assert result.exit_code == 0, result.stderr
    # 30 is in 25 to < 50: grade 3
    assert "grade 3" in result.stdout
    assert "30 ×10⁹/L" in result.stdout
    assert "CTCAE v5.0" in result.stdout


def test_references_example() -> None:
    result = run("references")
    assert result.exit_code == 0, result.stderr
    for reference_id in ("ash-2011", "ash-2019", "eular-2019", "acr-2020", "fda-2013", "ctcae-v5"):
        assert reference_id in result.stdout


def test_references_one_id() -> None:
    result = run("references", "ash-2011")
    assert result.exit_code == 0, result.stderr
    assert "ash-2011" in result.stdout
    assert "Blood 2011;117:4190" in result.stdout
    assert "eular-2019" not in result.stdout


def test_references_one_id_json() -> None:
    payload = run_json("references", "ash-2011")
    assert payload["id"] == "ash-2011"
    assert payload["citation"].startswith("ASH 2011")


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ivigcalc {__version__}\n"
    assert result.stderr == ""


# ------------------------------------------------------------------------------------------ JSON contract


def assert_result_contract(payload: dict[str, Any]) -> None:
    """The fields of the issue's JSON contract, their types, and the reference closure."""
    for key in ("status", "status_reason", "grade", "dosing_weight", "regimen", "cotherapies", "warnings",
                "references", "inputs", "ivigcalc_version"):
        assert key in payload, key
    assert payload["status"] in ("indicated", "consider", "not-indicated")
    assert isinstance(payload["status_reason"], str) and payload["status_reason"]
    weight = payload["dosing_weight"]
    assert isinstance(weight["kg"], float)
    assert weight["basis"] in ("actual", "ideal", "adjusted", "pre-pregnancy")
    assert isinstance(weight["reason"], str)
    regimen = payload["regimen"]
    if regimen is not None:
        assert isinstance(regimen["name"], str)
        assert regimen["total_dose_g"] is None or isinstance(regimen["total_dose_g"], float)
        for phase in regimen["phases"]:
            assert isinstance(phase["name"], str)
            assert phase["cycles"] is None or isinstance(phase["cycles"], int)
            assert phase["interval_days"] is None or isinstance(phase["interval_days"], int)
            days = [infusion["day"] for infusion in phase["infusions"]]
            assert days == list(range(1, len(days) + 1))  # day counts from 1 within a cycle
            for infusion in phase["infusions"]:
                assert isinstance(infusion["dose_g_per_kg"], float)
                assert isinstance(infusion["dose_g"], float)
    for cotherapy in payload["cotherapies"]:
        assert set(cotherapy) >= {"name", "detail"}
    listed = {reference["id"] for reference in payload["references"]}
    for warning in payload["warnings"]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", warning["code"]), warning["code"]  # kebab-case
        assert warning["severity"] in ("info", "caution", "warning", "danger")
        assert warning["message"]
        assert set(warning["references"]) <= listed, warning["code"]
    for reference in payload["references"]:
        assert reference["citation"].startswith(reference["label"])
    assert payload["ivigcalc_version"] == __version__


def test_itp_json() -> None:
    payload = run_json("itp", "--weight", "70", "--platelets", "18", "--bleeding", "active")
    assert_result_contract(payload)
    assert payload["status"] == "indicated"
    assert payload["grade"]["ctcae_version"] == "5.0"
    assert payload["grade"]["grade"] == 4  # 18 < 25
    assert payload["dosing_weight"]["kg"] == 70.0
    assert payload["dosing_weight"]["basis"] == "actual"
    (phase,) = payload["regimen"]["phases"]
    # 70 kg × 1 g/kg = 70 g, once
    (infusion,) = phase["infusions"]
    assert (infusion["day"], infusion["dose_g_per_kg"], infusion["dose_g"]) == (1, 1.0, 70.0)
    assert payload["regimen"]["total_dose_g"] == 70.0
    codes = {w["code"] for w in payload["warnings"]}
    assert {"thrombosis-risk", "renal-monitoring", "unadjusted-weight"} <= codes
    assert payload["inputs"]["platelets_10e9_per_l"] == 18.0
    assert payload["inputs"]["weight_kg"] == 70.0


def test_aps_json_grade_is_null() -> None:
    payload = run_json("aps", "--weight", "65", "--scenario", "caps")
    assert_result_contract(payload)
    assert payload["grade"] is None
    assert payload["status"] == "indicated"
    # 65 × 0.4 = 26 g × 5 days = 130 g
    assert [i["dose_g"] for i in payload["regimen"]["phases"][0]["infusions"]] == [26.0] * 5
    assert payload["regimen"]["total_dose_g"] == 130.0


def test_aps_json_open_ended_total_is_null() -> None:
    payload = run_json("aps", "--weight", "65", "--scenario", "obstetric", "--failed-standard-therapy")
    assert_result_contract(payload)
    assert payload["status"] == "consider"
    assert payload["regimen"]["phases"][0]["cycles"] is None
    assert payload["regimen"]["phases"][0]["interval_days"] == 28
    assert payload["regimen"]["total_dose_g"] is None


def test_json_not_indicated_has_null_regimen() -> None:
    payload = run_json("aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "1.9")
    assert_result_contract(payload)
    assert payload["status"] == "not-indicated"
    assert payload["regimen"] is None


def test_json_keeps_full_precision() -> None:
    # 100 lb × 0.45359237 = 45.359237 kg, unrounded in JSON; dose 45.36 g (to 0.01 g)
    payload = run_json("itp", "--weight", "100", "--weight-unit", "lb", "--platelets", "18",
                       "--bleeding", "active")
    assert payload["dosing_weight"]["kg"] == 45.359237
    assert payload["regimen"]["phases"][0]["infusions"][0]["dose_g"] == 45.36


def test_grade_json() -> None:
    payload = run_json("grade", "--platelets", "25")
    assert payload["grade"]["grade"] == 3  # exactly 25 is grade 3 (lower bound inclusive)
    assert payload["grade"]["ctcae_version"] == "5.0"


def test_json_never_loads_rich() -> None:
    # JSON output must not depend on the renderer: run in a fresh interpreter and check its modules
    code = (
        "import sys; from ivigcalc.cli import app; from typer.testing import CliRunner; "
        "r = CliRunner().invoke(app, ['itp', '--weight', '70', '--platelets', '18', '--json']); "
        "assert r.exit_code == 0; print('rich' in sys.modules)"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


# ------------------------------------------------------------------------------------------ bad input

BAD_INPUTS = [
    (["itp", "--weight", "abc", "--platelets", "18"], ["--weight", "abc", "number"]),
    (["itp", "--weight", "", "--platelets", "18"], ["--weight", "empty"]),
    (["itp", "--weight", "nan", "--platelets", "18"], ["--weight", "finite"]),
    (["itp", "--weight", "inf", "--platelets", "18"], ["--weight", "finite"]),
    (["itp", "--weight", "-inf", "--platelets", "18"], ["--weight"]),
    (["itp", "--weight", "0", "--platelets", "18"], ["--weight", "0.3 to 350 kg"]),
    (["itp", "--weight", "-70", "--platelets", "18"], ["--weight", "0.3 to 350 kg"]),
    (["itp", "--weight", "0.29", "--platelets", "18"], ["--weight", "0.3 to 350 kg"]),
    (["itp", "--weight", "350.01", "--platelets", "18"], ["--weight", "0.3 to 350 kg"]),
    (["itp", "--weight", "800", "--weight-unit", "lb", "--platelets", "18"], ["--weight", "362.87 kg"]),
    (["itp", "--weight", "70", "--weight-unit", "stone", "--platelets", "18"], ["--weight-unit", "kg, lb"]),
    (["itp", "--weight", "70", "--platelets", "18", "--height", "19.99"], ["--height", "20 to 272 cm"]),
    (["itp", "--weight", "70", "--platelets", "18", "--height", "272.01"], ["--height", "20 to 272 cm"]),
    (["itp", "--weight", "70", "--platelets", "18", "--height", "0"], ["--height"]),
    (["itp", "--weight", "70", "--platelets", "18", "--age", "121"], ["--age", "0 to 120"]),
    (["itp", "--weight", "70", "--platelets", "18", "--age", "-1"], ["--age", "0 to 120"]),
    (["itp", "--weight", "70", "--platelets", "2001"], ["--platelets", "0 to 2,000 ×10⁹/L"]),
    (["itp", "--weight", "70", "--platelets", "-1"], ["--platelets"]),
    (["itp", "--weight", "70", "--platelets", "abc"], ["--platelets", "number"]),
    (["itp", "--weight", "70", "--platelets", ""], ["--platelets", "empty"]),
    (["itp", "--weight", "70"], ["--platelets", "required"]),
    (["itp", "--platelets", "18"], ["--weight", "required"]),
    (["itp", "--weight", "70", "--platelets", "18", "--platelet-unit", "/uL"], ["--platelets", "×10⁹/L"]),
    (["itp", "--weight", "70", "--platelets", "999", "--platelet-unit", "/mcL"],
     ["--platelets", "looks like"]),
    (["itp", "--weight", "70", "--platelets", "18", "--bleeding", "lots"],
     ["--bleeding", "none, minor, active, life-threatening"]),
    (["itp", "--weight", "70", "--platelets", "18", "--dosing-weight", "ideal"],
     ["--dosing-weight", "--height"]),
    (["itp", "--weight", "100", "--platelets", "18", "--dosing-weight", "adjusted", "--height", "150",
      "--sex", "male"], ["--dosing-weight", "152.4 cm"]),
    (["itp", "--weight", "70", "--platelets", "18", "--dosing-weight", "adjusted", "--height", "165",
      "--sex", "female", "--pregnant"], ["--dosing-weight", "pregnancy"]),
    (["itp", "--weight", "3", "--platelets", "18", "--population", "neonate", "--age", "40",
      "--cause", "alloimmune"], ["--population", "--age 40"]),
    (["itp", "--weight", "30", "--platelets", "18", "--population", "adult", "--age", "10"],
     ["--population", "--age 10"]),
    (["itp", "--weight", "70", "--platelets", "18", "--pregnant", "--sex", "male"],
     ["--pregnant", "--sex male"]),
    (["itp", "--weight", "70", "--platelets", "18", "--pre-pregnancy-weight", "60"],
     ["--pre-pregnancy-weight", "--pregnant"]),
    (["itp", "--weight", "70", "--platelets", "18", "--cause", "maternal-itp"], ["--cause", "neonate"]),
    (["itp", "--weight", "70", "--platelets", "18", "--cause", "alloimmune", "--age", "10"],
     ["--cause", "neonate"]),
    (["itp", "--weight", "70", "--platelets", "18", "--dic"], ["--dic", "--cause sepsis"]),
    (["aps", "--weight", "65"], ["--scenario", "required"]),
    (["aps", "--weight", "65", "--scenario", "other"],
     ["--scenario", "asymptomatic, obstetric, caps, thrombosis"]),
    (["aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "0.49"], ["--inr", "0.5 to 20"]),
    (["aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "20.01"], ["--inr", "0.5 to 20"]),
    (["aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "high"], ["--inr", "number"]),
    (["aps", "--weight", "65", "--scenario", "thrombosis", "--protocol", "two-day"],
     ["--protocol", "standard, intensive"]),
    (["aps", "--weight", "65", "--scenario", "caps", "--inr", "2.5"], ["--inr", "thrombosis"]),
    (["aps", "--weight", "65", "--scenario", "obstetric", "--sex", "male"], ["--scenario", "--sex male"]),
    (["aps", "--weight", "800", "--weight-unit", "lb", "--scenario", "caps"], ["--weight", "362.87 kg"]),
    (["grade", "--platelets", "abc"], ["--platelets", "number"]),
    (["grade", "--platelets", "500", "--platelet-unit", "/uL"], ["--platelets", "looks like"]),
    (["grade"], ["--platelets", "required"]),
    (["grade", "--platelets", "30", "--lln", "10"], ["--lln", "75 to 500"]),
    (["references", "no-such-id"], ["no-such-id", "`ivigcalc references` lists them all"]),
]


@pytest.mark.parametrize(("argv", "needles"), BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_is_one_line_exit_2(argv: list[str], needles: list[str]) -> None:
    assert_one_line_error(run(*argv), *needles)


USAGE_ERRORS = [
    (["itp", "--weight", "70", "--platelets", "18", "--bogus"], ["--bogus"]),
    (["aps", "--weight", "65", "--scenario", "caps", "--nope", "1"], ["--nope"]),
    (["itp", "--weight"], ["--weight"]),  # missing value
    (["itp", "--weight", "70", "--platelets"], ["--platelets"]),
    (["aps", "--weight", "65", "--scenario"], ["--scenario"]),
    (["itp", "--weight", "70", "--platelets", "18", "--scenario", "caps"], ["--scenario", "ivigcalc aps"]),
    (["aps", "--weight", "65", "--scenario", "caps", "--platelets", "5"], ["--platelets", "ivigcalc itp"]),
    (["aps", "--weight", "65", "--scenario", "caps", "--bleeding", "active"], ["--bleeding", "ivigcalc itp"]),
    (["itp", "--weight", "70", "--platelets", "18", "--protocol", "standard"],
     ["--protocol", "ivigcalc aps"]),
    (["no-such-command"], ["no-such-command"]),
    (["itp", "--weight", "70", "--platelets", "18", "extra"], ["extra"]),
    (["--bogus"], ["--bogus"]),
]


@pytest.mark.parametrize(("argv", "needles"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_typer_usage_error_is_one_line_exit_2(argv: list[str], needles: list[str]) -> None:
    assert_one_line_error(run(*argv), *needles)


# ------------------------------------------------------------------------------------------ human output


def test_human_output_ismp_forms_and_plain_severity_words() -> None:
    result = run("itp", "--weight", "70", "--platelets", "18", "--bleeding", "active")
    out = result.stdout
    assert ESC not in out  # NO_COLOR: no escape codes
    assert re.search(r"\b70 g\b", out)  # a space before the unit
    assert "70.0" not in out and "1.0 g" not in out  # no trailing zeros
    assert "×10⁹/L" in out
    assert "µg" not in out and "/µL" not in out and "/uL" not in out and " cc" not in out
    assert "1 g/kg" in out
    # Severity words readable without colour
    assert "DANGER every IVIG course: thrombosis-risk, renal-monitoring" in out  # the boxed warnings
    assert "INFO every IVIG course:" in out
    full = run("itp", "--weight", "70", "--platelets", "18", "--bleeding", "active", "--full").stdout
    severity = r"(DANGER|WARNING|CAUTION|INFO)"
    assert "DANGER [thrombosis-risk]" in full  # the boxed warning, whole
    assert re.search(severity + r" \[renal-monitoring\]", full)
    assert "INFO [" in full


def test_human_output_leading_zero_and_thousands_separator() -> None:
    # 300 kg × 0.4 g/kg = 120 g; induction 3 × 3 × 120 = 1,080 g + maintenance 9 × 120 = 1,080 g = 2,160 g
    result = run("aps", "--weight", "300", "--scenario", "thrombosis", "--anticoagulated",
                 "--protocol", "intensive")
    out = result.stdout
    assert result.exit_code == 0, result.stderr
    assert "0.4" in out
    assert not re.search(r"(?<![\d])\.4", out)  # never ".4" without its leading zero
    assert "2,160 g" in out and "2160" not in out
    assert "120 g" in out
    assert "28 days" in out
    assert "CAUTION guideline-conflict:" in out


def test_human_output_echoes_inputs_and_dosing_weight() -> None:
    # male 175 cm 100 kg: IBW 70.46, AdjBW 70.4646 + 0.4 × (100 − 70.4646) = 82.28 kg; × 1 g/kg = 82.28 g
    result = run("itp", "--weight", "100", "--height", "175", "--sex", "male", "--age", "50",
                 "--platelets", "18", "--bleeding", "active")
    out = result.stdout
    assert "Inputs:" in out and "weight 100 kg" in out
    assert "dosing weight 82.28 kg adjusted" in out
    assert "82.28 g" in out


def test_human_output_not_indicated_says_why() -> None:
    result = run("aps", "--weight", "65", "--scenario", "asymptomatic")
    assert result.exit_code == 0
    assert result.stdout.startswith("NOT INDICATED · no IVIG. ")
    assert "Regimen:" not in result.stdout


# ------------------------------------------------------------------------------------------ subprocess


def console_script() -> Path:
    """The `ivigcalc` script installed next to this interpreter (the venv's bin or Scripts dir)."""
    folder = Path(sys.executable).parent
    for name in ("ivigcalc", "ivigcalc.exe"):
        if (folder / name).exists():
            return folder / name
    pytest.fail(f"the ivigcalc console script is not installed next to {sys.executable}")


def subprocess_env() -> dict[str, str]:
    return {**os.environ, **PLAIN_ENV, "PYTHONIOENCODING": "utf-8"}


def test_installed_console_script_success() -> None:
    completed = subprocess.run(
        [str(console_script()), "itp", "--weight", "70", "--platelets", "18", "--bleeding", "active",
         "--json"],
        capture_output=True, text=True, encoding="utf-8", env=subprocess_env(), check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    payload = json.loads(completed.stdout)
    assert payload["status"] == "indicated"
    assert payload["regimen"]["total_dose_g"] == 70.0  # 70 kg × 1 g/kg


def test_installed_console_script_human_output() -> None:
    completed = subprocess.run(
        [str(console_script()), "aps", "--weight", "65", "--scenario", "caps"],
        capture_output=True, text=True, encoding="utf-8", env=subprocess_env(), check=False)
    assert completed.returncode == 0, completed.stderr
    assert ESC not in completed.stdout
    assert "give IVIG 25 g a day for 5 days (125 g; calculated 26 g a day)" in completed.stdout  # 65 × 0.4


@pytest.mark.parametrize("argv", [
    ["itp", "--weight", "abc", "--platelets", "18"],
    ["itp", "--weight", "800", "--weight-unit", "lb", "--platelets", "18"],
    ["aps", "--weight", "65", "--scenario", "caps", "--platelets", "5"],
    ["itp", "--weight"],
])
def test_installed_console_script_bad_input(argv: list[str]) -> None:
    completed = subprocess.run(
        [str(console_script()), *argv], capture_output=True, text=True, encoding="utf-8",
        env=subprocess_env(), check=False)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ivigcalc: error: ")


def test_python_dash_m_version() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ivigcalc", "--version"], capture_output=True, text=True,
        env=subprocess_env(), check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"ivigcalc {__version__}\n"


def test_python_dash_m_bad_input() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ivigcalc", "grade", "--platelets", "nan"], capture_output=True, text=True,
        encoding="utf-8", env=subprocess_env(), check=False)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert len(completed.stderr.splitlines()) == 1
    assert "--platelets" in completed.stderr


# ---------- edges found in review


@pytest.mark.parametrize("option", ["--height", "--age", "--sex", "--weight-unit", "--lln"])
def test_an_explicitly_empty_option_is_refused(option: str) -> None:
    # An empty batch cell means "not given"; an empty value typed on a command line is a mistake.
    result = run("itp", "--weight", "70", "--platelets", "18", option, "")
    assert_one_line_error(result, option, "empty")


def test_an_explicitly_empty_order_option_is_refused() -> None:
    result = run("check", "itp", "--weight", "70", "--platelets", "18", "--ordered-dose", "", "--ordered-days", "1")
    assert_one_line_error(result, "--ordered-dose", "empty")


def test_bare_command_shows_the_help_on_stderr_with_exit_2() -> None:
    result = run()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: ivigcalc" in result.stderr and "Commands:" in result.stderr


def test_help_names_what_each_option_takes() -> None:
    help_text = run("itp", "--help").stdout
    assert "--weight NUMBER" in help_text
    assert "--bleeding [none|minor|active|life-threatening]" in help_text
    assert "<str>" not in help_text


def test_negative_zero_is_echoed_as_zero() -> None:
    payload = run_json("itp", "--weight", "70", "--platelets", "-0", "--json")
    assert payload["inputs"]["platelets_10e9_per_l"] == 0
    assert "-0" not in json.dumps(payload["inputs"])
