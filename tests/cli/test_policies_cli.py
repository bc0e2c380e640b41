"""The command line follows the policy named (or set once), says which, and reports cost and waste."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ivigcalc.cli import app

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200", "IVIGCALC_CONFIG": "", "IVIGCALC_POLICY": None}
MAN_80_KG = ["itp", "--weight", "80", "--height", "175", "--sex", "male", "--platelets", "10", "--bleeding",
             "active"]


def run(*args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def test_policy_option_changes_the_dose_and_the_output_names_the_policy() -> None:
    result = run(*MAN_80_KG, "--policy", "bloodstar-2026", "--full")
    assert result.exit_code == 0, result.stderr
    # 70.464567 + 0.4 × (80 − 70.464567) = 74.28 kg; 1 g/kg: 74.28 g.
    assert "Dosing weight: 74.28 kg (adjusted)" in result.stdout
    assert "Dosing-weight policy: bloodstar-2026, Australia, BloodSTAR from 1 July 2026 (verified); step: " \
           "all-adults." in result.stdout
    brief = run(*MAN_80_KG, "--policy", "bloodstar-2026", env={"COLUMNS": "200"}).stdout
    assert "Patient: dosing weight 74.28 kg adjusted" in brief
    assert "Dosing-weight policy: bloodstar-2026" in brief  # not the default: named on the one screen too


def test_json_names_the_policy_and_why() -> None:
    result = run(*MAN_80_KG, "--policy", "ontario", "--json")
    weight = json.loads(result.stdout)["dosing_weight"]
    assert (weight["policy"], weight["decision"], weight["basis"]) == ("ontario", "middle-band", "adjusted")
    assert json.loads(result.stdout)["inputs"]["policy"] == "ontario"


def test_environment_variable_sets_the_default_policy() -> None:
    result = run(*MAN_80_KG, "--json", env={"IVIGCALC_POLICY": "ideal-band"})
    assert json.loads(result.stdout)["dosing_weight"]["kg"] == 70.46456692913385  # Devine at 175 cm


def test_config_file_sets_the_default_policy(tmp_path: Path) -> None:
    config = tmp_path / "ivigcalc.toml"
    config.write_text('policy = "bloodstar-2026"\n', encoding="utf-8")
    result = run(*MAN_80_KG, "--json", env={"IVIGCALC_CONFIG": str(config)})
    assert json.loads(result.stdout)["dosing_weight"]["policy"] == "bloodstar-2026"


def test_bloodstar_actual_weight_without_a_reason_is_refused_with_exit_2() -> None:
    result = run(*MAN_80_KG, "--policy", "bloodstar-2026", "--dosing-weight", "actual")
    assert result.exit_code == 2
    assert "--actual-weight-reason: is required" in result.stderr
    given = run(*MAN_80_KG, "--policy", "bloodstar-2026", "--dosing-weight", "actual", "--actual-weight-reason",
                "IgG trough-guided", "--full")
    assert given.exit_code == 0
    assert "actual-weight reason: IgG trough-guided" in given.stdout
    assert "[actual-weight-chosen]" in given.stdout


def test_unverified_policy_is_flagged_in_the_output() -> None:
    result = run(*MAN_80_KG, "--policy", "nhs-england", "--full")
    assert "(not verified)" in result.stdout and "[policy-not-verified]" in result.stdout
    brief = run(*MAN_80_KG, "--policy", "nhs-england", env={"COLUMNS": "200"}).stdout
    assert "policy-not-verified: Policy nhs-england unverified: check the weight." in brief


def test_policies_lists_every_policy_with_sources() -> None:
    result = run("policies")
    assert result.exit_code == 0
    for name in ("ivigcalc (default)", "bloodstar-2026", "ontario", "nhs-england", "ideal-band",
                 "lifeblood-abw-2026", "not verified"):
        assert name in result.stdout
    listed = json.loads(run("policies", "--json").stdout)
    assert [p["id"] for p in listed] == ["ivigcalc", "bloodstar-2026", "ontario", "nhs-england", "ideal-band"]
    one = json.loads(run("policies", "ontario", "--json").stdout)
    assert one["min_weight_kg"] == {"male": 50.0, "female": 45.5}
    assert run("policies", "nope").exit_code == 2


def test_prices_give_cost_and_waste_in_text_and_json(tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("product,pack size g,price,currency\nprivigen,5,400,AUD\nprivigen,10,780,AUD\n"
                      "privigen,20,1500,AUD\nprivigen,40,2900,AUD\n", encoding="utf-8")
    args = ["aps", "--weight", "68.5", "--scenario", "caps", "--product", "privigen", "--prices", str(prices)]
    text = run(*args)
    assert "Course: 135 g given, 135 g opened, 0 g wasted in opened vials; cost AUD 10,260, waste AUD 0" \
        in text.stdout
    assert "Course plan: calculated 137 g → give 135 g in 10 vials, −1.46% over the course" in text.stdout
    payload = json.loads(run(*args, "--json").stdout)
    assert payload["stewardship"]["cost"] == 10260.0
    assert payload["regimen"]["phases"][0]["course_plan"]["rounded_alone_g"] == [25.0] * 5


def test_batch_policy_column_and_compare_policies(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("id,command,weight,height,sex,platelets,bleeding,policy\n"
                    "a,itp,80,175,male,10,active,bloodstar-2026\n"
                    "b,itp,100,175,male,10,active,\n", encoding="utf-8")
    out = run("batch", str(rows), "-q")
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["dosing_weight"]["policy"] for r in records] == ["bloodstar-2026", "ivigcalc"]
    compared = run("batch", str(rows), "--compare-policies", "ivigcalc,bloodstar-2026")
    lines = [json.loads(line) for line in compared.stdout.splitlines()]
    # Row a: 80 g (80 kg) vs 74.28 g (nearest 5 g: 75 g); row b: adjusted 82.28 kg under both (80 g).
    # −5 / 160 = −3.125%, shown to 2 decimals as −3.12% (3.125 is exact in binary: half to even).
    assert lines[0]["difference"]["total_dose_g_rounded"] == -5.0
    assert lines[-1]["totals"]["ivigcalc"]["total_dose_g_rounded"] == 160.0
    assert lines[-1]["totals"]["bloodstar-2026"]["total_dose_g_rounded"] == 155.0
    assert "ivigcalc: compare: 2 rows with a course: ivigcalc 160 g, bloodstar-2026 155 g to give (−5 g, −3.12%)" \
        in compared.stderr
    assert run("batch", str(rows), "--compare-policies", "ivigcalc").exit_code == 2


def test_schema_includes_the_new_fields() -> None:
    schema = json.loads(run("schema").stdout)
    row = json.dumps(schema["row"])
    assert '"policy"' in row and '"actual_weight_reason"' in row and "bloodstar-2026" in row
    result = json.dumps(schema["result"])
    for name in ("policy_label", "decision", "course_plan", "stewardship", "grams_wasted"):
        assert f'"{name}"' in result


@pytest.mark.parametrize("width", ["30", "40", "80"])
@pytest.mark.parametrize("name", ["", "bloodstar-2026", "ontario", "nhs-england", "ivigcalc"])
def test_policies_never_cut_a_cell(width: str, name: str) -> None:
    # A table too wide for the terminal cut cells with an ellipsis ("verif…" could hide "NOT VERIFIED"); it is
    # now stacked, one cell a line, as the result tables are.
    result = run("policies", *([name] if name else []), env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= int(width)
    if name == "nhs-england":
        lines = result.stdout.splitlines()
        status = [line for line in lines if "Status: NOT VERIFIED" in line
                  or ("adjustment_factor" in line and "NOT VERIFIED" in line)]
        assert status, "the adjustment factor's NOT VERIFIED is shown whole, on one line"
        assert "adjustment_factor" in result.stdout and "bmi_threshold_kg_per_m2" in result.stdout
