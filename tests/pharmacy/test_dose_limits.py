"""Regression tests for problems found by adversarial testing: each test names the input that broke
and what it did before the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ivigcalc.api import aps_from_mapping, itp_from_mapping
from ivigcalc.api.explain import explain_result
from ivigcalc.cli import app
from ivigcalc.knowledge import products
from ivigcalc.model.result import Result

HARD_MAX_G_PER_KG_PER_DAY = 2.0  # CLINICAL.md §7: a single day above 2 g/kg is refused


def _infusions(result: Result) -> list:  # type: ignore[type-arg]
    assert result.regimen is not None
    return [infusion for phase in result.regimen.phases for infusion in phase.infusions]


# ------------------------------------------------------------------------------------------ rounding


def test_vial_rounding_never_gives_more_than_the_hard_limit_a_day() -> None:
    # 0.3 kg (the lower hard limit), 1 g/kg = 0.3 g. Privigen's smallest vial is 5 g: whole vials
    # gave "give 5 g" = 5 ÷ 0.3 = 16.67 g/kg in one day, 8 times the 2 g/kg hard limit, with a
    # 70-hour infusion schedule. The calculated 0.3 g is given instead (part of a vial), with a warning.
    result = itp_from_mapping({"weight": 0.3, "platelets": 18, "bleeding": "active", "product": "privigen"})
    infusion = _infusions(result)[0]
    assert infusion.dose_g == pytest.approx(0.3)
    assert infusion.dose_g_rounded == pytest.approx(0.3)  # not 5
    assert infusion.vials == ()
    assert infusion.deviation_percent == 0
    assert infusion.volume_ml == pytest.approx(3)  # 0.3 g ÷ 0.1 g/mL
    warning = next(w for w in result.warnings if w.code == "rounding-hard-limit")
    assert "5 g for 0.3 g (16.67 g/kg)" in warning.message
    assert "rounding-deviation" not in {w.code for w in result.warnings}
    assert result.regimen is not None and result.regimen.total_dose_g_rounded == pytest.approx(0.3)
    text = " ".join(explain_result(result))
    assert "Not rounded" in text and "Whole vials" not in text


def test_nearest_rounding_never_gives_more_than_the_hard_limit_a_day() -> None:
    # 0.3 kg, no age: adult rules; nearest 5, 2.5 and 1 g are all beyond 10% of 0.3 g, and the
    # finest (1 g) gave "give 1 g" = 3.33 g/kg in one day. Now 0.3 g.
    result = itp_from_mapping({"weight": 0.3, "platelets": 18, "bleeding": "active"})
    infusion = _infusions(result)[0]
    assert infusion.dose_g_rounded == pytest.approx(0.3)
    assert infusion.rounding_step_g is None
    assert "rounding-hard-limit" in {w.code for w in result.warnings}


def test_rounding_at_exactly_the_hard_limit_is_kept() -> None:
    # 0.5 kg adult, 1 g/kg = 0.5 g; nearest 1 g = 1 ÷ 0.5 = 2 g/kg: at the limit, not above it.
    result = itp_from_mapping({"weight": 0.5, "platelets": 18, "bleeding": "active"})
    infusion = _infusions(result)[0]
    assert infusion.dose_g_rounded == 1
    codes = {w.code for w in result.warnings}
    assert "rounding-hard-limit" not in codes and "rounding-deviation" in codes


def test_rounding_within_the_limit_is_unchanged() -> None:
    # 7 kg child, 7 g → Privigen 5 g (0.71 g/kg): the existing whole-vial answer stands.
    result = itp_from_mapping({"weight": 7, "platelets": 10, "bleeding": "active", "age": 2, "product": "Privigen"})
    assert _infusions(result)[0].dose_g_rounded == 5
    assert "rounding-hard-limit" not in {w.code for w in result.warnings}


@pytest.mark.parametrize("product", [None, *[p.id for p in products.all_products()]])
@pytest.mark.parametrize("mode", [None, "none", "nearest", "vial"])
@pytest.mark.parametrize("weight_kg", [0.3, 0.7, 1.3, 2.9, 350])
def test_no_product_or_mode_gives_above_the_hard_limit(product: str | None, mode: str | None,
                                                       weight_kg: float) -> None:
    if mode == "vial" and product is None:
        return
    values = {"weight": weight_kg, "product": product, "round": mode, "allow_sucrose": True}
    results = [
        itp_from_mapping({**values, "platelets": 18, "bleeding": "active"}),
        itp_from_mapping({**values, "platelets": 18, "bleeding": "active", "age": 4}),
        aps_from_mapping({**values, "scenario": "caps"}),
        aps_from_mapping({**values, "scenario": "obstetric", "failed_standard_therapy": True,
                          "protocol": "source-2-plus-1"}),
    ]
    for result in results:
        for infusion in _infusions(result):
            given_g_per_kg = infusion.dose_g_rounded / result.dosing_weight.kg
            assert given_g_per_kg <= HARD_MAX_G_PER_KG_PER_DAY + 1e-9


def test_cli_shows_the_unrounded_dose_at_the_hard_limit() -> None:
    out = CliRunner().invoke(app, ["itp", "--weight", "0.3", "--platelets", "18", "--bleeding", "active",
                                   "--product", "privigen", "--explain"])
    assert out.exit_code == 0, out.stderr
    assert "give 0.3 g (not rounded)" in out.stdout
    assert "WARNING rounding-hard-limit:" in out.stdout


# ------------------------------------------------------------------------------------------ batch


def test_csv_header_with_a_line_break_is_a_one_line_error(tmp_path: Path) -> None:
    # A quoted header cell "we<newline>ight" was echoed raw: the error took two lines on stderr.
    source = tmp_path / "rows.csv"
    source.write_text('command,"we\night",platelets\nitp,70,18\n', encoding="utf-8")
    out = CliRunner().invoke(app, ["batch", str(source)])
    assert out.exit_code == 2
    assert out.stdout == ""
    assert len(out.stderr.splitlines()) == 1
    assert "unterminated quote in column 2" in out.stderr  # a quoted cell may not span lines


# ------------------------------------------------------------------------------------------ soft limits


@pytest.mark.parametrize(("weight_kg", "pre_pregnancy_kg", "warns"), [
    (70, 7, True),  # a dropped digit: 1 g/kg on 7 kg = 7 g for a 70 kg woman, unflagged before
    (70, 29.9, True),
    (70, 30, False),  # inside the usual 30-200 kg, both sides of each bound
    (170, 200, False),
    (170, 200.1, True),
    (200, 240, True),  # 240 kg: over 200 kg, though within 125% of the current 200 kg
])
def test_unusual_pre_pregnancy_weight_is_warned(weight_kg: float, pre_pregnancy_kg: float, warns: bool) -> None:
    result = itp_from_mapping({"weight": weight_kg, "pregnant": True, "pre_pregnancy_weight": pre_pregnancy_kg,
                               "platelets": 18, "bleeding": "active", "age": 30})
    assert result.dosing_weight.kg == pre_pregnancy_kg  # the dose is on it
    assert ("unusual-weight" in {w.code for w in result.warnings}) is warns
    if warns:
        message = next(w.message for w in result.warnings if w.code == "unusual-weight")
        assert f"{pre_pregnancy_kg:g} kg" in message
