"""Cost and opened-vial waste from a price list (hand arithmetic in each test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivigcalc.api import Settings, aps_from_mapping, itp_from_mapping
from ivigcalc.errors import InputError
from ivigcalc.pharmacy.cost import parse_price_csv
from ivigcalc.pharmacy.rounding import cover_vials

PRICES = ("product,pack size g,price,currency\nprivigen,5,400,AUD\nprivigen,10,780,AUD\n"
          "privigen,20,1500,AUD\nprivigen,40,2900,AUD\n")
CAPS = {"weight": 68.5, "scenario": "caps", "product": "privigen"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    path = tmp_path / "prices.csv"
    path.write_text(PRICES, encoding="utf-8")
    return Settings(environ={"IVIGCALC_CONFIG": ""}, prices_path=str(path))


def test_whole_vial_course_cost_and_no_waste(settings: Settings) -> None:
    # Course plan 30 + 30 + 25 + 25 + 25 g: 2 × (20 + 10) + 3 × (20 + 5) = 2 × 2,280 + 3 × 1,900 = 10,260.
    steward = aps_from_mapping(CAPS, settings).stewardship
    assert steward is not None
    assert (steward.cost, steward.grams_opened, steward.grams_wasted, steward.waste_cost, steward.currency) == (
        10260.0, 135.0, 0.0, 0.0, "AUD")


def test_unrounded_doses_waste_what_is_left_in_opened_vials(settings: Settings) -> None:
    # --round none: 27.4 g a day from 20 + 10 g (the least left over): 2.6 g wasted a day, 13 g a course;
    # cost 5 × 2,280 = 11,400; waste 2.6 g × 2,280 / 30 g = 197.60 a day, 988 a course.
    steward = aps_from_mapping({**CAPS, "round": "none"}, settings).stewardship
    assert steward is not None
    assert (steward.grams_given, steward.grams_opened, steward.grams_wasted) == (137.0, 150.0, 13.0)
    assert steward.cost == 11400.0
    assert steward.waste_cost == pytest.approx(988.0)


def test_no_cost_without_prices_or_without_a_product(settings: Settings) -> None:
    assert aps_from_mapping(CAPS, Settings(environ={"IVIGCALC_CONFIG": ""})).stewardship is None
    assert itp_from_mapping({"weight": 70, "platelets": 10, "bleeding": "active"}, settings).stewardship is None


def test_an_unpriced_pack_leaves_the_cost_out_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("product,pack size g,price,currency\nprivigen,20,1500,AUD\n", encoding="utf-8")
    result = aps_from_mapping(CAPS, Settings(environ={"IVIGCALC_CONFIG": ""}, prices_path=str(path)))
    assert result.stewardship is not None and result.stewardship.cost is None
    assert result.stewardship.grams_opened == 135.0
    assert "price-missing" in [w.code for w in result.warnings]


def test_open_ended_regimens_have_a_cost_per_cycle_only(settings: Settings) -> None:
    # Obstetric APS: monthly 0.4 g/kg × 5 days, open-ended; 65 kg: 26 g a day, course plan 130 g exact ...
    result = aps_from_mapping({"weight": 65, "scenario": "obstetric", "failed_standard_therapy": True,
                               "sex": "female", "product": "privigen"}, settings)
    steward = result.stewardship
    assert steward is not None and steward.cost is None and steward.grams_opened is None
    assert steward.phases[0].cost is not None


def test_cover_vials_takes_the_least_left_over_then_fewest_vials() -> None:
    assert cover_vials(27.4, (5.0, 10.0, 20.0, 40.0)) == (30.0, ((20.0, 1), (10.0, 1)))
    assert cover_vials(40.0, (5.0, 10.0, 20.0, 40.0)) == (40.0, ((40.0, 1),))


@pytest.mark.parametrize(("text", "message"), [
    ("product,pack size g,price,currency\nnot-a-product,10,1,AUD\n", "not-a-product"),
    ("product,pack size g,price,currency\nprivigen,15,1,AUD\n", "has no 15 g pack"),
    ("product,pack size g,price,currency\nprivigen,10,-1,AUD\n", "not a non-negative number"),
    ("product,pack size g,price,currency\nprivigen,10,1,A\n", "3-letter code"),
    ("product,pack size g,price,currency\nprivigen,10,1,AUD\nprivigen,20,1,CAD\n", "two currencies"),
    ("product,pack size g,price,currency\nprivigen,10,1,AUD\nprivigen,10,2,AUD\n", "priced twice"),
    ("product,price,currency\nprivigen,1,AUD\n", "missing pack_size_g"),
])
def test_a_bad_price_list_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_price_csv(text, "prices.csv")
