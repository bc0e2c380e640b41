"""A platelet count is never shown rounded onto or across a threshold it is judged against: 24.99999999999
is grade 4, and printing it as "25" (grade 3 in CTCAE v5.0) next to "grade 4" contradicts the grade."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from ivigcalc.cli import app
from ivigcalc.formatting import number_beside
from ivigcalc.knowledge.itp_rules import platelet_text, platelet_thresholds

ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}


@pytest.mark.parametrize(("value", "shown"), [
    (24.99999999999, "24.99999999999"),  # would round onto 25 (grade 3)
    (24.994, "24.99"),  # 2 decimals stay below 25: no extra digits
    (25.0, "25"),  # exactly the threshold
    (29.996, "29.996"),  # would round onto 30 (ASH)
    (25.0000001, "25.0000001"),  # above, would read as exactly 25
    (1234.5, "1,234.5"),
])
def test_number_beside(value: float, shown: str) -> None:
    assert number_beside(value, (75.0, 50.0, 25.0, 30.0, 20.0)) == shown


def test_number_beside_never_lands_on_a_threshold() -> None:
    for threshold in (20.0, 25.0, 30.0, 100.0):
        for ulps in range(1, 5):
            below, above = threshold - ulps * 2 ** -40, threshold + ulps * 2 ** -40
            for value in (below, above):
                text = float(number_beside(value, (threshold,)).replace(",", ""))
                assert text != threshold and (text < threshold) == (value < threshold), value


def test_the_thresholds_come_from_knowledge() -> None:
    assert {150.0, 75.0, 50.0, 25.0, 30.0, 20.0, 80.0, 100.0} <= set(platelet_thresholds(150.0))
    assert platelet_text(149.999, 150.0) == "149.999"
    assert platelet_text(99.999, 160.0) == "99.999"  # the neurosurgery target


def cli(*argv: str) -> str:
    result = CliRunner().invoke(app, list(argv), env=ENV)
    assert result.exit_code in (0, 3), result.stderr
    return result.stdout


def test_grade_shows_the_count_on_its_side_of_25() -> None:
    out = cli("grade", "--platelets", "24.99999999999")
    assert "grade 4: 24.99999999999 ×10⁹/L" in out
    assert "grade 4: 25 " not in out
    assert "grade 3: 25 ×10⁹/L" in cli("grade", "--platelets", "25")
    assert "grade 3: 24.99 " not in cli("grade", "--platelets", "24.994")
    assert "grade 4: 24.99 ×10⁹/L" in cli("grade", "--platelets", "24.994")


def test_itp_shows_the_count_on_its_side_of_30() -> None:
    out = cli("itp", "--weight", "70", "--age", "40", "--platelets", "29.996")
    assert "platelets 29.996 ×10⁹/L" in out
    assert "platelets 30 " not in out
    full = cli("itp", "--weight", "70", "--age", "40", "--platelets", "29.996", "--full")
    assert "grade 3: 29.996 ×10⁹/L" in full


def test_procedure_note_shows_the_count_below_its_target() -> None:
    out = cli("itp", "--weight", "70", "--age", "40", "--platelets", "79.999", "--procedure", "--full")
    assert "the count, 79.999, is below it" in out


def test_lln_is_not_shown_equal_to_a_count_it_differs_from() -> None:
    out = cli("grade", "--platelets", "150", "--lln", "150.001")
    assert "grade 1: 150 ×10⁹/L (LLN 150.001)" in out


def test_flebogamma_rates_and_schedule_times_have_no_trailing_zero_or_fractional_minute() -> None:
    products = cli("products", "flebogamma-5")
    assert "0.01 → 0.1 mL/kg/min" in products and "0.10" not in products
    out = cli("itp", "--weight", "70", "--platelets", "18", "--bleeding", "active", "--product", "flebogamma-5",
              "--full")
    assert "0.1 mL/kg/min" in out and "0.10 " not in out
    assert re.search(r"\d+ h \d+\.\d+ min", out) is None
    assert re.search(r"Total: \d+ min \(\d+ h( \d+ min)?\)", out)
