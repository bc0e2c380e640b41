"""What an adversarial clinical review found, as behaviour: life-threatening bleeding is never treated with
IVIG alone on any path; a warning never names a co-therapy the result leaves out; implausible weights and
counts are caught where the dose depends on them; check names the hard limit."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import ivigcalc
from ivigcalc.cli import app
from ivigcalc.errors import InputError

RUNNER = CliRunner()


def codes(result: ivigcalc.Result) -> list[str]:
    return [w.code for w in result.warnings]


@pytest.mark.parametrize("age", [40, 10])
def test_life_threatening_bleeding_below_a_procedure_target_gets_transfusion_and_steroids(age: int) -> None:
    # LLN lowered to 80: 90 ×10⁹/L is at or above it, but below the neurosurgery target of 100 (ICR 2019).
    result = ivigcalc.itp(weight=70, age=age, platelets=90, lln=80, procedure_type="neurosurgery",
                          bleeding="life-threatening")
    assert result.status.value == "indicated"
    assert {"Platelet transfusion", "IV corticosteroids"} <= {c.name for c in result.cotherapies}
    assert "no-ivig-alone" in codes(result)
    # 1 g/kg × 70 kg = 70 g.
    assert result.regimen is not None and result.regimen.total_dose_g == 70.0


def test_at_the_procedure_target_life_threatening_bleeding_is_not_explained_by_the_count() -> None:
    result = ivigcalc.itp(weight=70, age=40, platelets=100, lln=80, procedure_type="neurosurgery",
                          bleeding="life-threatening")
    assert result.status.value == "not-indicated"
    assert "bleeding-not-explained" in codes(result)


def test_steroids_contraindicated_the_no_ivig_alone_warning_does_not_ask_for_them() -> None:
    result = ivigcalc.itp(weight=70, age=40, platelets=10, bleeding="life-threatening",
                          steroids_contraindicated=True)
    names = {c.name for c in result.cotherapies}
    assert "IV corticosteroids" not in names and "Platelet transfusion" in names
    alone = next(w for w in result.warnings if w.code == "no-ivig-alone")
    assert "with IV corticosteroids" not in alone.message
    assert "stated contraindicated" in alone.message


def test_a_neonate_with_alloimmune_thrombocytopenia_and_life_threatening_bleeding() -> None:
    # 1 g/kg × 3 kg = 3 g, with platelets now and limited corticosteroids (ICR 2019), never IVIG alone.
    result = ivigcalc.itp(weight=3, age=5, age_unit="days", cause="alloimmune", platelets=10,
                          bleeding="life-threatening")
    assert result.rule == "itp-neonate-alloimmune-life-threatening"
    assert result.regimen is not None and result.regimen.total_dose_g == 3.0
    assert {c.name for c in result.cotherapies} >= {"Platelet transfusion"}
    assert any("limited" in c.name.lower() for c in result.cotherapies)
    assert "no-ivig-alone" in codes(result)


def test_sepsis_with_a_procedure_below_its_target_keeps_the_sepsis_regimen() -> None:
    # LLN 80, count 90, neurosurgery target 100: the sepsis row, 0.4 g/kg/day × 3 = 28 g a day at 70 kg.
    result = ivigcalc.itp(weight=70, age=40, cause="sepsis", platelets=90, lln=80, procedure_type="neurosurgery")
    assert result.rule == "itp-adult-sepsis-bleeding-or-procedure"
    assert result.regimen is not None
    assert [i.dose_g for i in result.regimen.phases[0].infusions] == [28.0, 28.0, 28.0]


@pytest.mark.parametrize(("count", "warned"), [(999.9, False), (1000, True), (1500, True)])
def test_a_count_of_a_thousand_or_more_asks_whether_it_was_per_microlitre(count: float, warned: bool) -> None:
    result = ivigcalc.itp(weight=70, age=40, platelets=count)
    assert ("platelet-unit-check" in codes(result)) is warned
    if warned:
        message = next(w.message for w in result.warnings if w.code == "platelet-unit-check")
        assert "--platelet-unit /uL" in message


def test_a_count_given_per_microlitre_is_not_asked_about() -> None:
    result = ivigcalc.itp(weight=70, age=40, platelets=1_500_000, platelet_unit="/uL")
    assert "platelet-unit-check" not in codes(result)


PREGNANT = {"weight": 70, "sex": "female", "age": 30, "pregnant": True, "platelets": 10, "rapid_rise": True}


@pytest.mark.parametrize(("pre_kg", "outcome"), [(69, "none"), (70.1, "caution"), (87.5, "caution"),
                                                  (87.6, "refused")])
def test_a_pre_pregnancy_weight_above_the_current_one(pre_kg: float, outcome: str) -> None:
    # 70 kg × 1.25 = 87.5 kg: the most a pre-pregnancy weight may be above the current weight.
    if outcome == "refused":
        with pytest.raises(InputError) as caught:
            ivigcalc.itp(**PREGNANT, pre_pregnancy_weight=pre_kg)
        assert caught.value.field == "pre_pregnancy_weight"
        assert "more than 125% of the current --weight 70 kg" in caught.value.message
        return
    result = ivigcalc.itp(**PREGNANT, pre_pregnancy_weight=pre_kg)
    assert ("pre-pregnancy-weight" in codes(result)) is (outcome == "caution")


def test_the_bmi_limit_holds_for_the_pre_pregnancy_weight() -> None:
    # 340 kg / 1.5² = 151.1 kg/m², above 150 (and 340 kg is more than 125% of 300 kg: the BMI speaks first).
    with pytest.raises(InputError, match=r"--pre-pregnancy-weight 340 kg gives a BMI of 151\.1"):
        ivigcalc.itp(weight=300, height=150, height_unit="cm", sex="female", age=30, pregnant=True,
                     pre_pregnancy_weight=340, platelets=10, rapid_rise=True)


@pytest.mark.parametrize(("ordered_g", "flagged"), [(100, False), (100.1, True)])
def test_check_names_the_hard_limit_of_2_g_per_kg_a_day(ordered_g: float, flagged: bool) -> None:
    # 50 kg: 2 g/kg × 50 kg = 100 g is at the limit; 100.1 g is 2.002 g/kg.
    result = RUNNER.invoke(app, ["check", "itp", "--weight", "50", "--height", "175", "--sex", "male", "--age",
                                 "70", "--platelets", "18", "--rapid-rise", "--ordered-dose", str(ordered_g),
                                 "--ordered-days", "1", "--json"])
    outcome = json.loads(result.stdout)
    assert ("above-hard-limit" in [f["code"] for f in outcome["findings"]]) is flagged
