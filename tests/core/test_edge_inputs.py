"""Regressions for problems found in code review (each test names the input that went wrong)."""

from __future__ import annotations

import pytest

import ivigcalc
from ivigcalc.errors import InputError

BASE = {"weight": 154, "platelets": 18}


@pytest.mark.parametrize(
    ("field", "value"),
    [("weight_unit", 0), ("height_unit", False), ("bleeding", False), ("cause", 0), ("regimen", []),
     ("platelet_unit", 0), ("dosing_weight", False)],
)
def test_a_falsy_wrong_choice_is_refused_not_read_as_the_default(field: str, value: object) -> None:
    # `"weight_unit": 0` in a JSONL row used to compute as kg: 154 read as 154 kg, silently.
    with pytest.raises(InputError) as caught:
        ivigcalc.itp_from_mapping({**BASE, field: value})
    assert caught.value.field == field


@pytest.mark.parametrize("empty", [None, ""])
def test_an_absent_or_empty_choice_takes_the_default(empty: object) -> None:
    result = ivigcalc.itp_from_mapping({**BASE, "weight_unit": empty})
    assert result.inputs.weight_kg == 154  # kg, the default


def test_non_string_keys_are_an_input_error_not_a_crash() -> None:
    with pytest.raises(InputError, match="unknown input"):
        ivigcalc.itp_from_mapping({**BASE, 1: "x"})  # type: ignore[dict-item]


def test_a_product_that_is_not_a_string_is_refused() -> None:
    # str(["privigen"]) normalised to "privigen" and was accepted.
    with pytest.raises(InputError) as caught:
        ivigcalc.itp_from_mapping({**BASE, "product": ["privigen"]})
    assert caught.value.field == "product"


NEONATE = {"weight": 3, "platelets": 20, "population": "neonate", "cause": "alloimmune"}


def test_a_neonate_is_in_the_first_28_days() -> None:
    # 27 days = 27 / 365.25 = 0.0739 years: a neonate; 28 days = 0.0767 years: no longer one.
    assert ivigcalc.itp_from_mapping({**NEONATE, "age": 27 / 365.25}).inputs.population.value == "neonate"
    with pytest.raises(InputError) as caught:
        ivigcalc.itp_from_mapping({**NEONATE, "age": 28 / 365.25})
    assert caught.value.field == "population"


def test_a_patient_in_the_first_28_days_rounds_as_a_neonate_even_without_the_population() -> None:
    # aps has no --population: a 3 kg, 0.05-year-old (18 days) CAPS patient with Privigen used to get
    # whole vials: 0.4 g/kg × 3 kg = 1.2 g a day → 5 g (a fourfold overdose, 8.3 g/kg a course).
    result = ivigcalc.aps(weight=3, age=0.05, scenario="caps", product="privigen")
    assert result.inputs.rounding.value == "nearest"
    infusion = result.regimen.phases[0].infusions[0]  # type: ignore[union-attr]
    assert infusion.dose_g == 1.2 and infusion.dose_g_rounded == 1.2  # neonates: 0.1 g steps
    assert infusion.vials == ()
    with pytest.raises(InputError) as caught:
        ivigcalc.aps(weight=3, age=0.05, scenario="caps", product="privigen", round="vial")
    assert caught.value.field == "round"


@pytest.mark.parametrize(
    ("product", "rates"),
    [("octagam 10%", "immune thrombocytopenia (ITP)"), ("privigen", "primary immunodeficiency (PI)")],
)
def test_the_aps_off_label_warning_names_the_rates_the_schedule_used(product: str, rates: str) -> None:
    # Octagam 10% has no PI rates in the catalogue: its APS schedule uses the ITP rates, and the warning
    # used to say "primary immunodeficiency (PI) rates" whatever the schedule used.
    result = ivigcalc.aps(weight=65, scenario="caps", product=product)
    message = next(w.message for w in result.warnings if w.code == "product-not-labelled")
    assert f"uses the {rates} rates" in message


@pytest.mark.parametrize(
    ("argv", "shown"), [(["products", "bogus"], "NAME 'bogus'"), (["schema", "bogus"], "KIND 'bogus'")])
def test_a_bad_positional_argument_is_named_as_an_argument_not_an_option(argv: list[str], shown: str) -> None:
    from typer.testing import CliRunner

    from ivigcalc.cli import app

    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"ivigcalc: error: {shown}")  # not "--name"/"--kind", which do not exist


def test_no_regimen_in_the_tables_exceeds_the_hard_limit_of_2_g_per_kg_a_day() -> None:
    # CLINICAL.md §7: a single day above 2 g/kg is refused. The tables are the only source of a g/kg
    # dose, so the limit is checked here, on every template, instead of at every calculation.
    from ivigcalc.knowledge import limits
    from ivigcalc.knowledge.regimens import REGIMENS

    for template in REGIMENS.values():
        for phase in template.phases:
            for g_per_kg in phase.doses_g_per_kg:
                assert not limits.above(g_per_kg, limits.HARD_MAX_G_PER_KG_PER_DAY), template.id


def test_the_limit_tolerance_absorbs_float_noise_on_both_sides() -> None:
    from ivigcalc.knowledge import limits

    assert 0.4 + 0.4 + 0.4 == 1.2000000000000002  # the noise sums of decimal doses carry
    assert not limits.above(2.0 + 4e-16, 2.0)  # noise above a limit is not "above 2 g/kg"
    assert not limits.above(sum([0.4] * 5), 2.0)  # CAPS, 5 × 0.4 g/kg
    assert limits.above(2.3, 2.0)  # source-2-plus-1: 0.4 + 0.4 + 1.5 g/kg
    assert limits.at_least(1.9999999999999998, 2.0) and not limits.at_least(1.99, 2.0)


# ---------- dose paths that had no hand-computed test


def test_rounded_totals_of_the_two_phase_intensive_aps_regimen() -> None:
    # 65 kg × 0.4 g/kg = 26 g a day; nearest 5 g = 25 g (−3.85%, within 10%).
    # Induction: 3 days × 25 g = 75 g a cycle × 3 cycles = 225 g; maintenance: 25 g × 9 cycles = 225 g;
    # 225 + 225 = 450 g to give (calculated: 3 × 78 + 9 × 26 = 468 g).
    result = ivigcalc.aps(weight=65, scenario="thrombosis", anticoagulated=True, protocol="intensive")
    regimen = result.regimen
    assert regimen is not None
    assert [p.dose_per_cycle_g_rounded for p in regimen.phases] == [75.0, 25.0]
    assert regimen.total_dose_g == 468.0 and regimen.total_dose_g_rounded == 450.0


def test_an_open_ended_regimen_has_no_rounded_total() -> None:
    # Obstetric five-day, every 4 weeks through pregnancy: 5 × 25 g = 125 g a cycle, no total.
    result = ivigcalc.aps(weight=65, scenario="obstetric", failed_standard_therapy=True)
    regimen = result.regimen
    assert regimen is not None
    assert regimen.phases[0].dose_per_cycle_g_rounded == 125.0
    assert regimen.total_dose_g is None and regimen.total_dose_g_rounded is None


def test_panzyga_at_risk_cap_on_its_generic_steps() -> None:
    # Panzyga 10%, ITP 1 → 8 mg/kg/min, label interval but no increments: generic doubling 1, 2, 4, ...
    # Age 70 (> 65): at risk, capped at ≤ 3.3 mg/kg/min, so 1, 2, then 3.3 until the end.
    # mL/h = mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.1 g/mL) = rate × 42: 42, 84, 138.6 mL/h.
    # 70 g = 700 mL: 21 mL + 42 mL in the first hour, then 637 mL ÷ 138.6 mL/h × 60 = 275.76 min;
    # 30 + 30 + 275.76 = 335.76 min in all.
    result = ivigcalc.itp(weight=70, platelets=18, bleeding="active", age=70, product="panzyga")
    assert result.regimen is not None
    schedule = result.regimen.phases[0].infusions[0].infusion_schedule
    assert schedule is not None and schedule.generic
    assert [(s.rate_mg_per_kg_min, s.rate_ml_per_h) for s in schedule.steps] == [(1, 42), (2, 84), (3.3, 138.6)]
    assert [round(s.volume_ml, 2) for s in schedule.steps] == [21, 42, 637]
    assert round(schedule.steps[-1].minutes, 2) == 275.76
    assert round(schedule.total_minutes, 2) == 335.76


def test_the_api_signature_is_the_field_table() -> None:
    import inspect

    from ivigcalc import api
    from ivigcalc.core import fields

    assert set(inspect.signature(api.itp).parameters) == fields.ITP_FIELDS
    assert set(inspect.signature(api.aps).parameters) == fields.APS_FIELDS
