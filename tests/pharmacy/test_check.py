"""`ivigcalc check`: orders as written against the calculated regimen. PASS (exit 0), FLAG (exit 3),
bad input (exit 2). Every finding kind, both sides of the ±10% boundary, the label-dose exception and
the not-indicated cases; exit codes through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ivigcalc.api.check import check_from_mapping
from ivigcalc.cli import app
from ivigcalc.errors import InputError
from ivigcalc.pharmacy.check import CheckResult

SCRIPT = Path(sys.executable).parent / "ivigcalc"
ITP_70 = {"weight": 70, "platelets": 18, "bleeding": "active", "age": 40}  # 1 g/kg once = 70 g
# male 175 cm 100 kg: IBW 70.46, adjusted 70.46 + 0.4 × (100 − 70.46) = 82.28 kg → 82.28 g
ITP_OBESE = {"weight": 100, "height": 175, "sex": "male", "platelets": 18, "bleeding": "active", "age": 50}


def check_itp(order_dose: float, days: int, rate: float | None = None, **extra: object) -> CheckResult:
    order = {"ordered_dose": order_dose, "ordered_days": days, "ordered_rate": rate}
    return check_from_mapping("itp", {**ITP_70, **extra}, order)


def codes(outcome: CheckResult) -> list[str]:
    return [f.code for f in outcome.findings]


def note_codes(outcome: CheckResult) -> list[str]:
    """The notes, less `unadjusted-weight` (ITP_70 has no height or sex; tested on its own below)."""
    return [n.code for n in outcome.notes if n.code != "unadjusted-weight"]


# ------------------------------------------------------------------------------------------ PASS


def test_a_dose_on_unadjusted_actual_weight_is_noted() -> None:
    # Height or sex unknown: the expected dose is on actual weight; a PASS must not hide that.
    outcome = check_from_mapping("itp", {**ITP_OBESE, "sex": None}, {"ordered_dose": 100, "ordered_days": 1})
    assert outcome.verdict == "PASS"
    (note,) = [n for n in outcome.notes if n.code == "unadjusted-weight"]
    assert note.message.startswith("The expected dose is on actual body weight (100 kg), unadjusted, because "
                                   "height or sex is unknown")
    assert note.references == ("dosing-weight-practice", "ontario-ivig")
    known = check_from_mapping("itp", ITP_OBESE, {"ordered_dose": 82.28, "ordered_days": 1})
    assert "unadjusted-weight" not in [n.code for n in known.notes]


def test_correct_order_passes() -> None:
    outcome = check_itp(70, 1)
    assert outcome.verdict == "PASS" and outcome.findings == ()
    assert outcome.expected.regimen is not None and outcome.expected.regimen.total_dose_g == 70


def test_correct_rounded_order_passes() -> None:
    # 72.3 kg: 72.3 g calculated; the nearest-5 g order of 70 g is −3.18%
    outcome = check_from_mapping("itp", {**ITP_70, "weight": 72.3}, {"ordered_dose": 70, "ordered_days": 1})
    assert outcome.verdict == "PASS"


def test_warnings_do_not_count() -> None:
    outcome = check_itp(70, 1, diabetes=True)  # at-risk-minimum-rate, hydration
    assert "at-risk-minimum-rate" in [w.code for w in outcome.expected.warnings]
    assert outcome.verdict == "PASS"


# ------------------------------------------------------------------------------------------ dose-deviation


@pytest.mark.parametrize(("ordered_g", "verdict"), [
    (77, "PASS"),  # (77 − 70) ÷ 70 = +10%: within
    (77.1, "FLAG"),  # +10.14%
    (63, "PASS"),  # −10%
    (62.9, "FLAG"),  # −10.14%
])
def test_ten_percent_boundary(ordered_g: float, verdict: str) -> None:
    outcome = check_itp(ordered_g, 1)
    assert outcome.verdict == verdict
    assert codes(outcome) == ([] if verdict == "PASS" else ["dose-deviation"])


def test_dose_deviation_message_gives_the_percent() -> None:
    outcome = check_itp(100, 1)
    # (100 − 70) ÷ 70 × 100 = +42.86%
    assert outcome.findings[0].message.startswith("Day 1: ordered 100 g is +42.86% from the calculated 70 g")


def test_each_day_of_a_multi_day_regimen() -> None:
    # CAPS 65 kg: 0.4 g/kg × 5 = 26 g a day; 30 g a day is (30 − 26) ÷ 26 = +15.38%
    outcome = check_from_mapping("aps", {"weight": 65, "scenario": "caps"},
                                 {"ordered_dose": 30, "ordered_days": 5})
    assert codes(outcome) == ["dose-deviation"]
    assert outcome.findings[0].message.startswith("Each day: ordered 30 g is +15.38%")


# ------------------------------------------------------------------------------------------ weight-basis


def test_order_on_actual_weight_where_adjusted_applies() -> None:
    outcome = check_from_mapping("itp", ITP_OBESE, {"ordered_dose": 100, "ordered_days": 1})
    # 100 g vs 82.28 g: +21.54%; 1 g/kg × 100 kg actual = 100 g exactly
    assert codes(outcome) == ["dose-deviation", "weight-basis"]
    assert "+21.54%" in outcome.findings[0].message
    assert "matches actual weight (1 g/kg × 100 kg = 100 g, 0%)" in outcome.findings[1].message


def test_order_within_ten_percent_of_actual_still_names_the_basis() -> None:
    # 95 g: (95 − 100) ÷ 100 = −5% of the actual-weight dose, +15.46% of the adjusted 82.28 g
    outcome = check_from_mapping("itp", ITP_OBESE, {"ordered_dose": 95, "ordered_days": 1})
    assert codes(outcome) == ["dose-deviation", "weight-basis"]


def test_a_plain_wrong_dose_is_not_blamed_on_the_weight() -> None:
    outcome = check_from_mapping("itp", ITP_OBESE, {"ordered_dose": 150, "ordered_days": 1})
    assert codes(outcome) == ["dose-deviation"]  # 150 g matches no weight at 1 g/kg


# ------------------------------------------------------------------------------------------ days


def test_days_mismatch() -> None:
    outcome = check_itp(70, 2)  # no product: the guideline regimen is 1 g/kg once
    assert codes(outcome) == ["days-mismatch"]
    assert "Ordered 2 infusion days; the calculated regimen has 1" in outcome.findings[0].message


@pytest.mark.parametrize("product", ["Octagam 10%", "Privigen", "Panzyga", "Gammaplex 10%",
                                     "Flebogamma 10% DIF", "Gamunex-C"])
def test_labelled_itp_dose_1_g_per_kg_for_2_days_is_not_a_mismatch(product: str) -> None:
    outcome = check_itp(70, 2, product=product)
    assert outcome.verdict == "PASS"
    assert note_codes(outcome) == ["label-dose"]
    assert "ASH 2011 suggests 1 g/kg once, repeated if necessary" in outcome.notes[0].message


def test_gamunex_c_five_day_label_dose() -> None:
    # 0.4 g/kg × 70 kg = 28 g a day for 5 days: the Gamunex-C label's other ITP schedule
    outcome = check_itp(28, 5, product="Gamunex-C")
    assert outcome.verdict == "PASS" and note_codes(outcome) == ["label-dose"]


def test_label_schedule_on_the_wrong_weight_is_a_dose_and_weight_finding_not_days() -> None:
    # Gamunex-C 1 g/kg × 2 days on actual weight 100 kg = 100 g a day; the adjusted weight is 82.28 kg:
    # (100 − 82.28) ÷ 82.28 = +21.54% from the labelled 82.28 g a day
    outcome = check_from_mapping("itp", {**ITP_OBESE, "product": "Gamunex-C"},
                                 {"ordered_dose": 100, "ordered_days": 2})
    assert codes(outcome) == ["dose-deviation", "weight-basis"]
    assert "+21.54% from Gamunex-C's labelled 1 g/kg × 82.28 kg" in outcome.findings[0].message
    assert note_codes(outcome) == ["label-dose"]


def test_label_dose_needs_the_labelled_days() -> None:
    outcome = check_itp(70, 3, product="Octagam 10%")  # 1 g/kg × 3 days: no label says so
    assert codes(outcome) == ["days-mismatch"]


def test_label_dose_only_for_the_adult_itp_regimen() -> None:
    # a child's single dose (1 g/kg, ASH 2011 paediatric) is not held to the adult label's 2 days
    child = {"weight": 20, "platelets": 10, "bleeding": "active", "age": 8, "product": "Octagam 10%"}
    outcome = check_from_mapping("itp", child, {"ordered_dose": 20, "ordered_days": 2})
    assert codes(outcome) == ["days-mismatch"]


# ------------------------------------------------------------------------------------------ rates


def test_rate_at_the_label_maximum_passes_and_above_flags() -> None:
    # Octagam 10% ITP maximum 12 mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.1) = 504 mL/h
    assert check_itp(70, 1, 504, product="Octagam 10%").verdict == "PASS"
    outcome = check_itp(70, 1, 505, product="Octagam 10%")
    assert codes(outcome) == ["rate-above-label"]
    assert "12 mg/kg/min = 504 mL/h at 70 kg" in outcome.findings[0].message


def test_rate_above_the_at_risk_maximum() -> None:
    # age 70: Octagam 10% at-risk ≤ 3.3 mg/kg/min = 3.3 × 42 = 138.6 mL/h
    assert check_itp(70, 1, 138.6, product="Octagam 10%", age=70).verdict == "PASS"
    outcome = check_itp(70, 1, 139, product="Octagam 10%", age=70)
    assert codes(outcome) == ["rate-above-at-risk"]
    message = outcome.findings[0].message
    assert "138.6 mL/h" in message and "age 70 years (> 65)" in message


def test_rate_at_a_strict_at_risk_limit_flags() -> None:
    # Gamunex-C: "< 8 (renal risk)" = 8 × 42 = 336 mL/h, also the label maximum
    assert check_itp(70, 1, 335, product="Gamunex-C", diabetes=True).verdict == "PASS"
    outcome = check_itp(70, 1, 336, product="Gamunex-C", diabetes=True)
    assert codes(outcome) == ["rate-above-at-risk"]  # not above the label maximum of 336 mL/h
    assert check_itp(70, 1, 336, product="Gamunex-C").verdict == "PASS"  # no renal risk


def test_rate_above_both() -> None:
    outcome = check_itp(70, 1, 600, product="Octagam 10%", age=70)
    assert codes(outcome) == ["rate-above-label", "rate-above-at-risk"]


def test_rate_without_label_rates_is_noted_not_checked() -> None:
    outcome = check_itp(70, 1, 300, product="Kiovig")
    assert "rate-not-checked" in note_codes(outcome)
    assert "rate-above-label" not in codes(outcome)


def test_rate_needs_a_product() -> None:
    with pytest.raises(InputError, match="needs --product") as caught:
        check_itp(70, 1, 300)
    assert caught.value.field == "ordered_rate"


# ------------------------------------------------------------------------------------------ products


def test_product_not_labelled_for_itp() -> None:
    outcome = check_itp(70, 1, product="Gammagard Liquid")
    assert codes(outcome) == ["product-not-labelled"]


def test_aps_says_no_product_is_labelled_as_information() -> None:
    # CAPS 65 kg: 26 g a day × 5 with Privigen (vials: 25 g, −3.85%)
    outcome = check_from_mapping("aps", {"weight": 65, "scenario": "caps", "product": "Privigen"},
                                 {"ordered_dose": 26, "ordered_days": 5})
    assert outcome.verdict == "PASS"
    assert "product-not-labelled" in note_codes(outcome)


# ------------------------------------------------------------------------------------------ not indicated


def test_itp_not_indicated() -> None:
    outcome = check_from_mapping("itp", {"weight": 70, "platelets": 100, "age": 40},
                                 {"ordered_dose": 70, "ordered_days": 1})
    assert codes(outcome) == ["not-indicated"]
    assert outcome.expected.regimen is None


def test_aps_asymptomatic_not_indicated() -> None:
    outcome = check_from_mapping("aps", {"weight": 65, "scenario": "asymptomatic"},
                                 {"ordered_dose": 26, "ordered_days": 5})
    assert codes(outcome) == ["not-indicated"]


def test_aps_thrombosis_with_low_inr_not_indicated() -> None:
    outcome = check_from_mapping("aps", {"weight": 65, "scenario": "thrombosis", "inr": 1.5},
                                 {"ordered_dose": 26, "ordered_days": 1})
    assert codes(outcome) == ["not-indicated"]


def test_consider_is_noted() -> None:
    # adult, grade 4 without bleeding: consider (corticosteroids first line)
    outcome = check_from_mapping("itp", {"weight": 70, "platelets": 20, "age": 40},
                                 {"ordered_dose": 70, "ordered_days": 1})
    assert outcome.expected.status.value == "consider"
    assert outcome.verdict == "PASS" and "consider" in note_codes(outcome)


def test_multi_phase_regimen_checks_the_first_phase() -> None:
    values = {"weight": 65, "scenario": "thrombosis", "anticoagulated": True, "protocol": "intensive"}
    outcome = check_from_mapping("aps", values, {"ordered_dose": 26, "ordered_days": 3})
    assert outcome.verdict == "PASS" and "first-phase" in note_codes(outcome)


def test_haemolysis_note_for_the_ordered_course() -> None:
    outcome = check_itp(70, 2, product="Octagam 10%", blood_group="A")  # 2 g/kg in the course
    assert "haemolysis-risk" in note_codes(outcome) and outcome.verdict == "PASS"


# ------------------------------------------------------------------------------------------ order inputs


@pytest.mark.parametrize(("order", "field", "message"), [
    ({"ordered_days": 1}, "ordered_dose", "is required"),
    ({"ordered_dose": 70}, "ordered_days", "is required"),
    ({"ordered_dose": 0, "ordered_days": 1}, "ordered_dose", "above 0"),
    ({"ordered_dose": 70, "ordered_days": 1.5}, "ordered_days", "whole number"),
    ({"ordered_dose": 70, "ordered_days": 0}, "ordered_days", "whole number"),
    ({"ordered_dose": "seventy", "ordered_days": 1}, "ordered_dose", "is not a number"),
])
def test_bad_orders(order: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        check_from_mapping("itp", ITP_70, order)
    assert caught.value.field == field


# ------------------------------------------------------------------------------------------ CLI


def test_check_takes_every_option_of_the_command() -> None:
    from ivigcalc.cli.pharmacy import check_app

    group = typer.main.get_command(app)
    check_group = typer.main.get_command(check_app())
    for command in ("itp", "aps"):
        base = {opt for p in group.commands[command].params for opt in p.opts}  # type: ignore[attr-defined]
        check = check_group.commands[command]  # type: ignore[attr-defined]
        checked = {opt for p in check.params for opt in p.opts}
        # --output-format fhir is for results; check takes the order as FHIR with --order instead.
        assert checked == (base - {"--output-format"}) | {"--ordered-dose", "--ordered-days", "--ordered-rate",
                                                          "--order"}


def test_check_without_a_command_shows_help() -> None:
    out = CliRunner().invoke(app, ["check"])
    assert out.exit_code == 0
    assert "Usage: ivigcalc check" in out.stdout and "itp" in out.stdout and "aps" in out.stdout


def test_check_help_lists_the_order_options() -> None:
    out = CliRunner().invoke(app, ["check", "itp", "--help"], env={"COLUMNS": "200"})
    assert out.exit_code == 0
    assert "--ordered-dose" in out.stdout and "--platelets" in out.stdout and "--product" in out.stdout


def test_check_json_shape() -> None:
    out = CliRunner().invoke(app, ["check", "itp", "--weight", "70", "--platelets", "18", "--bleeding",
                                   "active", "--ordered-dose", "100", "--ordered-days", "1", "--json"])
    assert out.exit_code == 3
    payload = json.loads(out.stdout)
    assert payload["verdict"] == "FLAG"
    first = payload["findings"][0]
    assert first["code"] == "dose-deviation" and set(first) == {"code", "message", "references"}
    # every finding names its sources: the ±10% tolerance is Pharmacy Purchasing & Products 2010's
    assert first["references"] == ["pppmag-2010"]
    from ivigcalc.knowledge.references import REFERENCES

    for item in payload["findings"] + payload["notes"]:
        assert item["references"] and set(item["references"]) <= set(REFERENCES), item
    assert payload["expected"]["command"] == "itp" and payload["expected"]["regimen"]["total_dose_g"] == 70
    assert "explanation" not in payload


def test_check_text_output() -> None:
    out = CliRunner().invoke(app, ["check", "itp", "--weight", "70", "--platelets", "18", "--bleeding",
                                   "active", "--ordered-dose", "70", "--ordered-days", "2"],
                             env={"NO_COLOR": "1"})
    assert out.exit_code == 3
    verdict = "Order check: FLAG (1 finding: days-mismatch; ordered 70 g a day × 2 days)"
    assert out.stdout.startswith(verdict + "\n")  # the verdict first
    assert "FLAG [days-mismatch]" in out.stdout
    assert "Expected (calculated) result:" in out.stdout
    assert out.stdout.rstrip("\n").splitlines()[-1] == verdict  # and again as the last line


def _script(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *arguments], capture_output=True, text=True, check=False)


ITP_ARGS = ("--weight", "70", "--platelets", "18", "--bleeding", "active", "--age", "40")


def test_installed_script_exit_0_for_pass() -> None:
    done = _script("check", "itp", *ITP_ARGS, "--ordered-dose", "70", "--ordered-days", "1", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "PASS" and done.stderr == ""


def test_installed_script_exit_3_for_flag() -> None:
    done = _script("check", "itp", *ITP_ARGS, "--ordered-dose", "100", "--ordered-days", "1")
    assert done.returncode == 3
    assert "FLAG [dose-deviation]" in done.stdout and done.stderr == ""


def test_installed_script_exit_3_for_not_indicated_aps() -> None:
    done = _script("check", "aps", "--weight", "65", "--scenario", "asymptomatic", "--ordered-dose", "26",
                   "--ordered-days", "5", "--json")
    assert done.returncode == 3
    assert json.loads(done.stdout)["findings"][0]["code"] == "not-indicated"


@pytest.mark.parametrize("arguments", [
    ("check", "itp", *ITP_ARGS, "--ordered-days", "1"),  # no --ordered-dose
    ("check", "itp", *ITP_ARGS, "--ordered-dose", "70", "--ordered-days", "1", "--ordered-rate", "100"),
    ("check", "itp", *ITP_ARGS, "--ordered-dose", "70", "--ordered-days", "1", "--product", "nonesuch"),
    ("check", "aps", "--weight", "65", "--ordered-dose", "26", "--ordered-days", "5"),  # no --scenario
    ("check", "itp", "--weight", "70", "--scenario", "caps", "--ordered-dose", "70", "--ordered-days", "1"),
])
def test_installed_script_exit_2_for_bad_input(arguments: tuple[str, ...]) -> None:
    done = _script(*arguments)
    assert done.returncode == 2
    assert done.stdout == "" and done.stderr.startswith("ivigcalc: error: ") and done.stderr.count("\n") == 1


def test_check_json_does_not_import_rich() -> None:
    code = (
        "import sys\nfrom ivigcalc.cli import main\n"
        "try:\n    main(['check', 'itp', '--weight', '70', '--platelets', '18', '--ordered-dose', '70',"
        " '--ordered-days', '1', '--product', 'privigen', '--json'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    loaded = set(done.stderr.split())
    assert "ivigcalc.pharmacy.check" in loaded
    assert not any(name == "rich" or name.startswith("rich.") for name in loaded)


# ------------------------------------------------------------------------------------------ accepted alternatives


def check_caps(order_dose: float, days: int) -> CheckResult:
    return check_from_mapping("aps", {"weight": 70, "scenario": "caps"},
                              {"ordered_dose": order_dose, "ordered_days": days})


@pytest.mark.parametrize(
    ("dose", "days"),
    [(70, 2), (46.67, 3), (35, 4), (63, 2), (77, 2)],  # 2 g/kg × 70 kg = 140 g over the days; ±10% a day
)
def test_caps_on_ontarios_2_g_per_kg_over_2_to_5_days_is_information(dose: float, days: int) -> None:
    # 140 g ÷ 2 = 70 g (63 is −10%, 77 is +10%); ÷ 3 = 46.67 g; ÷ 4 = 35 g
    outcome = check_caps(dose, days)
    assert outcome.verdict == "PASS", outcome.findings
    assert note_codes(outcome) == ["caps-alternative"]
    assert set(outcome.notes[0].references) == {"ontario-ivig", "australian-criteria"}


@pytest.mark.parametrize(("dose", "days"), [(62.9, 2), (77.1, 2), (70, 3), (140, 1), (23.3, 6)])
def test_caps_orders_outside_the_alternative_are_flagged(dose: float, days: int) -> None:
    # 62.9 and 77.1 g are beyond ±10% of 70 g; 70 g × 3 days is 3 g/kg; one day and six days are outside 2-5
    assert check_caps(dose, days).verdict == "FLAG"


def test_caps_default_five_days_is_still_held_to_the_default() -> None:
    # 0.4 g/kg × 70 kg = 28 g × 5 days: PASS without the alternative's note
    outcome = check_caps(28, 5)
    assert outcome.verdict == "PASS" and note_codes(outcome) == []


def test_product_labelled_itp_regimen_is_information_not_a_flag() -> None:
    # Privigen label: 1 g/kg/day × 2 days = 70 g a day at 70 kg
    outcome = check_itp(70, 2, product="Privigen")
    assert outcome.verdict == "PASS"
    assert "label-dose" in note_codes(outcome)


def test_aps_findings_cite_aps_sources() -> None:
    # thrombosis standard: 0.4 g/kg once (28 g); ordered for 3 days: days-mismatch citing the APS regimen
    outcome = check_from_mapping("aps", {"weight": 70, "scenario": "thrombosis", "anticoagulated": True},
                                 {"ordered_dose": 28, "ordered_days": 3})
    mismatch = next(f for f in outcome.findings if f.code == "days-mismatch")
    assert "ash-2011" not in mismatch.references
    assert set(mismatch.references) == {"seed-aps", "tenti-2013"}
    caps = check_caps(70, 6)
    assert all("ash-2011" not in f.references for f in caps.findings)


# ------------------------------------------------------------------------------------------ a dose per day

# CAPS at 68.5 kg: 0.4 g/kg/day × 68.5 kg = 27.4 g a day for 5 days. With Privigen's 5/10/20/40 g packs
# the course plan gives 30 + 30 + 25 + 25 + 25 = 135 g (30 / 27.4 = +9.49%, 25 / 27.4 = −8.76%).
RUNNER = CliRunner()
CAPS_68_5 = ["aps", "--weight", "68.5", "--scenario", "caps", "--product", "privigen"]


def test_an_order_with_a_dose_per_day_is_checked_day_by_day() -> None:
    result = RUNNER.invoke(app, ["check", *CAPS_68_5, "--ordered-dose", "30+30+25+25+25", "--ordered-days", "5",
                                 "--json"])
    outcome = json.loads(result.stdout)
    assert result.exit_code == 0, outcome["findings"]
    assert outcome["order"]["doses_g_by_day"] == [30, 30, 25, 25, 25]
    days = [c for c in outcome["comparisons"] if c["what"].startswith("dose, day")]
    assert [(c["ordered"], c["expected"]) for c in days] == [(30, 27.4), (30, 27.4), (25, 27.4), (25, 27.4),
                                                             (25, 27.4)]
    assert round(days[0]["deviation_percent"], 2) == 9.49  # (30 − 27.4) / 27.4 = +9.49%


def test_a_day_beyond_ten_percent_is_flagged_by_its_day() -> None:
    # 31 / 27.4 = +13.14%: day 1 only.
    result = RUNNER.invoke(app, ["check", *CAPS_68_5, "--ordered-dose", "31+30+25+25+25", "--ordered-days", "5"])
    assert result.exit_code == 3
    assert "Day 1: ordered 31 g is +13.14% from the calculated 27.4 g" in result.stdout


def test_a_dose_count_that_does_not_match_the_days_is_refused() -> None:
    result = RUNNER.invoke(app, ["check", *CAPS_68_5, "--ordered-dose", "30+30+25", "--ordered-days", "5"])
    assert result.exit_code == 2
    assert "gives 3 daily doses for --ordered-days 5" in result.stderr
