"""`--explain`: the arithmetic step by step, numbers substituted, checkable by hand."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ivigcalc.api import aps_from_mapping, itp_from_mapping
from ivigcalc.api.check import check_from_mapping
from ivigcalc.api.explain import duration, explain_check, explain_result
from ivigcalc.cli import app

OBESE = {"weight": 100, "height": 175, "sex": "male", "age": 50, "platelets": 18, "bleeding": "active"}
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
ADJUSTED = "Adjusted body weight = IBW + 0.4 × (actual − IBW) = 70.46 + 0.4 × (100 − 70.46) = 82.28 kg."


def test_dosing_weight_arithmetic() -> None:
    lines = explain_result(itp_from_mapping(OBESE))
    # BMI = 100 ÷ 1.75² = 32.65; IBW = 50 + 2.3 × (175 ÷ 2.54 − 60) = 50 + 2.3 × 8.8976 = 70.46;
    # adjusted = 70.46 + 0.4 × (100 − 70.46) = 82.28
    assert "BMI = weight ÷ height² = 100 kg ÷ (1.75 m)² = 32.65 kg/m²." in lines
    assert ("Ideal body weight (Devine, male) = 50 kg + 2.3 kg × (175 cm ÷ 2.54 − 60 in) = 50 + 2.3 × 8.8976 = "
            "70.46 kg.") in lines
    assert ("Actual ÷ ideal = 100 ÷ 70.46 = 141.9% of ideal body weight (the default rule adjusts when "
            "BMI ≥ 30 or actual > 120% of ideal).") in lines
    assert ADJUSTED in lines
    assert any(line.startswith("Dosing weight = 82.28 kg (adjusted)") for line in lines)


def test_dose_and_nearest_rounding() -> None:
    lines = explain_result(itp_from_mapping(OBESE))
    assert "Dose, day 1 = 1 g/kg × 82.28 kg = 82.28 g." in lines
    # (80 − 82.28) ÷ 82.28 × 100 = −2.77%
    assert ("Rounding (adult, nearest 5 g): give 80 g; deviation = (80 − 82.28) ÷ 82.28 × 100 = −2.77% "
            "(within ±10%).") in lines
    assert "Regimen total = 82.28 g calculated, 80 g to give." in lines


def test_a_coarser_step_that_broke_ten_percent_is_shown() -> None:
    lines = explain_result(itp_from_mapping({"weight": 12, "platelets": 18, "bleeding": "active", "age": 40}))
    # 12 g: nearest 5 g = 10 g, (10 − 12) ÷ 12 = −16.67% → 2.5 g: 12.5 g, +4.17%
    assert "Nearest 5 g would be 10 g (−16.67%, beyond ±10%): a finer step is used." in lines
    assert any(line.startswith("Rounding (adult, nearest 2.5 g): give 12.5 g") for line in lines)


def test_vials_volume_and_each_rate() -> None:
    lines = explain_result(itp_from_mapping(
        {"weight": 70, "platelets": 18, "bleeding": "active", "age": 40, "product": "Octagam 10%"}))
    assert any(line.startswith("Whole vials of Octagam 10% (2, 5, 10, 20, 30 g): the achievable total "
                               "nearest 70 g is 70 g = 2 × 30 g + 1 × 10 g (3 vials") for line in lines)
    assert "Volume = 70 g ÷ 0.1 g/mL (10%) = 700 mL." in lines
    assert ("Step 1: 1 mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.1 g/mL) = 42 mL/h for 30 min: 42 × 30 ÷ 60 = "
            "21 mL.") in lines
    assert ("Step 4: 8 mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.1 g/mL) = 336 mL/h for 30 min: 336 × 30 ÷ 60 = "
            "168 mL.") in lines
    assert ("Step 5: 12 mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.1 g/mL) = 504 mL/h for the remaining 700 − 315 = "
            "385 mL: 385 ÷ 504 × 60 = 45.83 min.") in lines
    assert "Total time = 30 + 30 + 30 + 30 + 45.83 = 165.83 min; shown rounded up: 166 min (2 h 46 min)." in lines


def test_five_percent_volume() -> None:
    lines = explain_result(aps_from_mapping({"weight": 65, "scenario": "caps", "product": "Octagam 5%"}))
    # The course plan gives 27.5 g on days 1-2 and 25 g on days 3-5 (130 g, exact): explained per dose given.
    assert "Dose, days 1, 2 (each) = 0.4 g/kg × 65 kg = 26 g." in lines
    assert "Dose, days 3, 4, 5 (each) = 0.4 g/kg × 65 kg = 26 g." in lines
    assert "Volume = 25 g ÷ 0.05 g/mL (5%) = 500 mL." in lines
    assert "Volume = 27.5 g ÷ 0.05 g/mL (5%) = 550 mL." in lines


def test_course_plan_is_explained_with_its_arithmetic() -> None:
    lines = explain_result(aps_from_mapping({"weight": 68.5, "scenario": "caps", "product": "privigen"}))
    assert ("Course plan: the calculated course is 137 g; the whole-vial totals of the days, each within ±10% "
            "of its dose, that come nearest it are 30 + 30 + 25 + 25 + 25 = 135 g (10 vials, the fewest for "
            "that total): (135 − 137) ÷ 137 × 100 = −1.46%. Each day rounded alone: 25 + 25 + 25 + 25 + 25 = "
            "125 g (−8.76%).") in lines


def test_at_risk_cap_is_explained() -> None:
    lines = explain_result(itp_from_mapping(
        {"weight": 70, "platelets": 18, "bleeding": "active", "age": 70, "product": "Octagam 10%"}))
    assert "At-risk maximum applied: the rate stops at 3.3 mg/kg/min." in lines


def test_not_indicated_has_nothing_to_dose() -> None:
    lines = explain_result(itp_from_mapping({"weight": 70, "platelets": 100, "age": 40}))
    assert lines[-1] == "No regimen (not-indicated): nothing to dose."


def test_explain_is_pure_and_repeatable() -> None:
    result = itp_from_mapping(OBESE)
    assert explain_result(result) == explain_result(result)


def test_duration() -> None:
    # Whole minutes, rounded up: a schedule's time is never shown shorter than it is.
    assert duration(45.833333) == "46 min"
    assert duration(165.833333) == "166 min (2 h 46 min)"
    assert duration(159.83) == "160 min (2 h 40 min)"
    assert duration(120) == "120 min (2 h)"
    assert duration(119.01) == "120 min (2 h)"
    assert duration(275.0000000001) == "275 min (4 h 35 min)"  # float noise is not a minute more


def test_check_explanation() -> None:
    outcome = check_from_mapping("itp", OBESE, {"ordered_dose": 100, "ordered_days": 1})
    lines = explain_check(outcome)
    assert lines[0] == "Order: ordered 100 g a day × 1 day."
    # (100 − 82.28) ÷ 82.28 × 100 = +21.54%
    assert ("Dose, day 1: ordered 100 g vs 82.28 g (1 g/kg × 82.28 kg (adjusted)); deviation = "
            "(100 − 82.28) ÷ 82.28 × 100 = +21.54% → FLAG.") in lines
    assert "Verdict: FLAG." in lines
    assert ADJUSTED in lines


def test_check_rate_explanation() -> None:
    outcome = check_from_mapping(
        "itp", {"weight": 70, "platelets": 18, "bleeding": "active", "age": 70, "product": "Octagam 10%"},
        {"ordered_dose": 70, "ordered_days": 1, "ordered_rate": 200})
    lines = explain_check(outcome)
    assert ("Rate, label maximum (ITP): ordered 200 mL/h vs 504 mL/h (12 mg/kg/min × 70 kg × 60 ÷ "
            "(1,000 × 0.1 g/mL)) → passes.") in lines
    assert any(line.startswith("Rate, at-risk maximum: ordered 200 mL/h vs 138.6 mL/h")
               and line.endswith("FLAG.") for line in lines)


# ------------------------------------------------------------------------------------------ CLI


def test_explain_text() -> None:
    out = CliRunner().invoke(app, ["itp", *_args(OBESE), "--explain"], env=ENV)
    assert out.exit_code == 0
    assert "How it was calculated (--explain):" in out.stdout
    assert "  Adjusted body weight = IBW + 0.4 × (actual − IBW)" in out.stdout


def test_explain_json_only_when_asked() -> None:
    plain = json.loads(CliRunner().invoke(app, ["itp", *_args(OBESE), "--json"]).stdout)
    assert "explanation" not in plain
    explained = json.loads(CliRunner().invoke(app, ["itp", *_args(OBESE), "--json", "--explain"]).stdout)
    assert explained["explanation"] == list(explain_result(itp_from_mapping(OBESE)))
    del explained["explanation"]
    assert explained == plain  # the rest is the same result


def test_explain_on_aps_and_check() -> None:
    out = CliRunner().invoke(app, ["aps", "--weight", "65", "--scenario", "caps", "--explain"], env=ENV)
    assert "Dose, days 1, 2, 3, 4, 5 (each) = 0.4 g/kg × 65 kg = 26 g." in out.stdout
    out = CliRunner().invoke(app, ["check", "itp", *_args(OBESE), "--ordered-dose", "82.5",
                                   "--ordered-days", "1", "--explain", "--json"])
    payload = json.loads(out.stdout)
    assert out.exit_code == 0 and payload["verdict"] == "PASS"
    assert "Verdict: PASS." in payload["explanation"]


def _args(values: dict[str, object]) -> list[str]:
    arguments: list[str] = []
    for name, value in values.items():
        arguments += [f"--{name.replace('_', '-')}", str(value)]
    return arguments


def test_json_with_explain_and_a_product_does_not_import_rich() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom ivigcalc.cli import main\n"
        "try:\n    main(['itp', '--weight', '70', '--platelets', '18', '--bleeding', 'active', '--product',"
        " 'octagam 10%', '--explain', '--json'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    loaded = set(done.stderr.split())
    assert "ivigcalc.api.explain" in loaded and "ivigcalc.pharmacy.schedule" in loaded
    assert not any(name == "rich" or name.startswith("rich.") for name in loaded)
