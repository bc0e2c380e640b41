"""Dose rounding (CLINICAL.md §5): nearest steps, whole vials (least waste, then fewest vials, proven
against brute force), the 10% rule and its warning, and the --round option."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ivigcalc.api import aps_from_mapping, itp_from_mapping
from ivigcalc.cli import app
from ivigcalc.errors import InputError
from ivigcalc.knowledge import products
from ivigcalc.model.vocabulary import Population
from ivigcalc.pharmacy.rounding import (
    deviation_percent,
    exceeds_limit,
    round_nearest,
    round_to_multiple,
    round_vials,
)

GAMUNEX_C = (1, 2.5, 5, 10, 20, 40)
PRIVIGEN = (5, 10, 20, 40)
OCTAGAM_10 = (2, 5, 10, 20, 30)


def vials_of(rounded: object) -> list[tuple[float, int]]:
    return list(rounded.vials)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------- the examples


def test_gamunex_c_72_3_g_is_72_5_g_in_four_vials() -> None:
    result = round_vials(72.3, GAMUNEX_C)
    assert result.rounded_g == 72.5  # 40 + 20 + 10 + 2.5
    assert vials_of(result) == [(40, 1), (20, 1), (10, 1), (2.5, 1)]
    assert result.deviation_percent == pytest.approx((72.5 - 72.3) / 72.3 * 100)  # +0.28%


def test_privigen_72_3_g_is_70_g_in_three_vials() -> None:
    result = round_vials(72.3, PRIVIGEN)
    assert result.rounded_g == 70  # 40 + 20 + 10; 75 is 2.7 g away, 70 is 2.3 g away
    assert vials_of(result) == [(40, 1), (20, 1), (10, 1)]
    assert result.deviation_percent == pytest.approx((70 - 72.3) / 72.3 * 100)  # −3.18%


# ------------------------------------------------------------------------------------------ vials


def test_fewest_vials_for_the_chosen_total() -> None:
    # 80 g of Gamunex-C: 2 × 40 g, not 4 × 20 g or 40 + 20 + 20
    assert vials_of(round_vials(80, GAMUNEX_C)) == [(40, 2)]
    # 70 g of Octagam 10%: three vials (30 + 30 + 10 or 30 + 20 + 20); the larger vials are preferred
    assert vials_of(round_vials(70, OCTAGAM_10)) == [(30, 2), (10, 1)]


def test_a_total_the_packs_cannot_make_is_never_chosen() -> None:
    # Octagam 10% has no 1 g or 3 g vial: 3 g lies between 2 g and 4 g (2 + 2); a tie goes to the lower
    result = round_vials(3, OCTAGAM_10)
    assert result.rounded_g == 2 and vials_of(result) == [(2, 1)]
    assert result.beyond_limit  # (2 − 3) ÷ 3 = −33.3%


def test_vial_tie_goes_to_the_lower_total() -> None:
    # 7.5 g of Privigen: 5 g and 10 g are both 2.5 g away → 5 g
    assert round_vials(7.5, PRIVIGEN).rounded_g == 5
    # 7.51 g: 10 g is nearer (2.49 g vs 2.51 g)
    assert round_vials(7.51, PRIVIGEN).rounded_g == 10


def test_a_dose_below_the_smallest_vial_gets_one_vial() -> None:
    result = round_vials(1.2, PRIVIGEN)
    assert result.rounded_g == 5 and vials_of(result) == [(5, 1)]
    assert result.deviation_percent == pytest.approx((5 - 1.2) / 1.2 * 100)  # +316.67%


def _brute_force(dose_g: float, sizes: tuple[float, ...]) -> tuple[float, int]:
    """Every combination of vials up to dose + the largest vial: nearest total (tie → lower), then
    the fewest vials."""
    cents = [round(size * 100) for size in sizes]
    dose = round(dose_g * 100)
    ceiling = dose + max(cents)
    best: tuple[int, int, int] | None = None
    ranges = [range(ceiling // c + 1) for c in cents]
    for counts in itertools.product(*ranges):
        total = sum(n * c for n, c in zip(counts, cents, strict=True))
        if total == 0 or total > ceiling:
            continue
        key = (abs(total - dose), total, sum(counts))
        if best is None or key < best:
            best = key
    assert best is not None
    return best[1] / 100, best[2]


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.sampled_from([(5, 10, 20, 40), (2, 5, 10, 20, 30), (2.5, 5, 10, 25), (3, 6, 12), (5, 10),
                           (1, 2.5, 5, 10, 20, 40), (0.5, 2.5, 5, 10, 20)]),
    dose_cents=st.integers(min_value=10, max_value=3500),
)
def test_vial_rounding_is_least_waste_then_fewest_vials(sizes: tuple[float, ...], dose_cents: int) -> None:
    """Proven against brute force: the nearest achievable total (tie → lower), then the fewest vials."""
    dose_g = dose_cents / 100
    result = round_vials(dose_g, sizes)
    expected_total, expected_count = _brute_force(dose_g, sizes)
    assert result.rounded_g == pytest.approx(expected_total)
    assert sum(count for _, count in result.vials) == expected_count
    assert sum(size * count for size, count in result.vials) == pytest.approx(result.rounded_g)
    assert all(size in sizes for size, _ in result.vials)


def test_every_catalogue_product_rounds_a_realistic_dose() -> None:
    for product in products.all_products():
        result = round_vials(82.28, product.pack_sizes_g.value)
        assert sum(size * count for size, count in result.vials) == pytest.approx(result.rounded_g)


# ------------------------------------------------------------------------------------------ nearest


@pytest.mark.parametrize(("population", "exact_g", "rounded_g", "step_g"), [
    # adults: 5 g if within 10%, else 2.5 g, else 1 g
    (Population.ADULT, 82.28, 80, 5),  # (80 − 82.28) ÷ 82.28 = −2.77%
    (Population.ADULT, 72.3, 70, 5),  # −3.18%
    (Population.ADULT, 12, 12.5, 2.5),  # 5 g: 10 (−16.67%) beyond; 2.5 g: 12.5 (+4.17%)
    (Population.ADULT, 3.3, 3, 1),  # 5 g: 5 (+51.5%); 2.5 g: 2.5 (−24.2%); 1 g: 3 (−9.09%)
    (Population.ADULT, 26, 25, 5),  # −3.85%
    # children: 2.5 g if within 10%, else 1 g
    (Population.CHILD, 12, 12.5, 2.5),  # +4.17%
    (Population.CHILD, 7, 7.5, 2.5),  # +7.14%
    (Population.CHILD, 3.3, 3, 1),  # 2.5 g: 2.5 (−24.2%) beyond; 1 g: 3 (−9.09%)
    (Population.CHILD, 20, 20, 2.5),
    # neonates: 0.1 g, no vial rounding
    (Population.NEONATE, 3.14, 3.1, 0.1),  # −1.27%
    (Population.NEONATE, 1.26, 1.3, 0.1),  # +3.17%
])
def test_nearest(population: Population, exact_g: float, rounded_g: float, step_g: float) -> None:
    result = round_nearest(exact_g, population)
    assert (result.rounded_g, result.step_g) == (pytest.approx(rounded_g), step_g)
    assert result.deviation_percent == pytest.approx((rounded_g - exact_g) / exact_g * 100)
    assert not result.beyond_limit


@pytest.mark.parametrize(("population", "exact_g", "rounded_g"), [
    (Population.ADULT, 1.4, 1),  # finest step 1 g: −28.6%
    (Population.CHILD, 0.6, 1),  # +66.7%: a positive dose never rounds to 0
    (Population.NEONATE, 0.45, 0.4),  # tie 0.4 / 0.5 → lower: −11.1%
    (Population.NEONATE, 0.36, 0.4),  # +11.1%
])
def test_nearest_beyond_ten_percent_at_the_finest_step(population: Population, exact_g: float,
                                                       rounded_g: float) -> None:
    result = round_nearest(exact_g, population)
    assert result.rounded_g == pytest.approx(rounded_g)
    assert result.beyond_limit


def test_round_to_multiple_ties_go_down_and_never_to_zero() -> None:
    assert round_to_multiple(7.5, 5) == 5  # 5 and 10 equally near
    assert round_to_multiple(0.25, 0.1) == 0.2  # centigrams: no float drift at 0.1 g steps
    assert round_to_multiple(0.3, 0.1) == 0.3
    assert round_to_multiple(0.3, 5) == 5  # 0 is nearer, but a dose never rounds to nothing


def test_ten_percent_is_within_and_just_over_is_not() -> None:
    assert not exceeds_limit(deviation_percent(11, 10))  # (11 − 10) ÷ 10 = +10%
    assert exceeds_limit(deviation_percent(11.01, 10))  # +10.1%
    assert not exceeds_limit(deviation_percent(9, 10))  # −10%
    assert exceeds_limit(deviation_percent(8.99, 10))  # −10.1%
    assert not exceeds_limit(10.000000000000002)  # float noise at exactly 10%


@given(exact_cents=st.integers(min_value=1, max_value=70_000),
       population=st.sampled_from(list(Population)))
def test_nearest_uses_the_coarsest_step_within_ten_percent(exact_cents: int, population: Population) -> None:
    from ivigcalc.knowledge.rounding import NEAREST_STEPS_G

    exact_g = exact_cents / 100
    result = round_nearest(exact_g, population)
    steps = NEAREST_STEPS_G[population]
    assert result.step_g in steps
    assert round(result.rounded_g * 100) % round(result.step_g * 100) == 0  # a multiple of its step
    for coarser in steps[: steps.index(result.step_g)]:  # every coarser step broke the 10%
        assert exceeds_limit(deviation_percent(round_to_multiple(exact_g, coarser), exact_g))
    if result.step_g != steps[-1]:
        assert not result.beyond_limit


# ------------------------------------------------------------------------------------------ in the result


def _infusions(result: object) -> list[object]:
    regimen = result.regimen  # type: ignore[attr-defined]
    return [i for phase in regimen.phases for i in phase.infusions]


def test_default_is_nearest_without_a_product_and_vial_with_one() -> None:
    plain = itp_from_mapping({"weight": 72.3, "platelets": 18, "bleeding": "active", "age": 40})
    infusion = _infusions(plain)[0]
    assert plain.inputs.rounding.value == "nearest"
    assert (infusion.dose_g_rounded, infusion.rounding_step_g, infusion.vials) == (70, 5, ())
    assert infusion.volume_ml is None and infusion.infusion_schedule is None

    with_product = itp_from_mapping({"weight": 72.3, "platelets": 18, "bleeding": "active", "age": 40,
                                     "product": "Gamunex-C"})
    infusion = _infusions(with_product)[0]
    assert with_product.inputs.rounding.value == "vial"
    assert infusion.dose_g_rounded == 72.5
    assert [(v.size_g, v.count) for v in infusion.vials] == [(40, 1), (20, 1), (10, 1), (2.5, 1)]
    assert infusion.volume_ml == pytest.approx(725)  # 72.5 g ÷ 0.1 g/mL


def test_round_none_gives_the_exact_dose() -> None:
    result = itp_from_mapping({"weight": 72.3, "platelets": 18, "bleeding": "active", "age": 40,
                               "product": "Privigen", "round": "none"})
    infusion = _infusions(result)[0]
    assert (infusion.dose_g_rounded, infusion.deviation_percent, infusion.vials) == (72.3, 0.0, ())
    assert infusion.volume_ml == pytest.approx(723)  # the exact dose is what is infused


def test_rounded_totals_add_the_rounded_doses() -> None:
    # CAPS 0.4 g/kg × 5 at 65 kg = 26 g a day; nearest 5 g: 25 g (−3.85%) → 125 g in all
    result = aps_from_mapping({"weight": 65, "scenario": "caps"})
    assert [i.dose_g_rounded for i in _infusions(result)] == [25] * 5
    assert result.regimen.phases[0].dose_per_cycle_g_rounded == 125
    assert result.regimen.total_dose_g_rounded == 125
    assert result.regimen.total_dose_g == 130  # the calculated total is kept beside it


def test_vial_needs_a_product() -> None:
    with pytest.raises(InputError, match="needs --product") as caught:
        itp_from_mapping({"weight": 70, "platelets": 18, "round": "vial"})
    assert caught.value.field == "round"


def test_neonates_get_no_vial_rounding() -> None:
    neonate = {"weight": 3.14, "platelets": 18, "population": "neonate", "cause": "alloimmune", "age": 0,
               "product": "Privigen"}
    result = itp_from_mapping(neonate)  # default with a product: nearest 0.1 g, not a 5 g vial
    infusion = _infusions(result)[0]
    assert result.inputs.rounding.value == "nearest"
    assert (infusion.dose_g_rounded, infusion.rounding_step_g) == (pytest.approx(3.1), 0.1)
    assert infusion.volume_ml == pytest.approx(31)  # 3.1 g ÷ 0.1 g/mL
    with pytest.raises(InputError, match="neonates get no vial rounding"):
        itp_from_mapping({**neonate, "round": "vial"})


def test_bad_round_value() -> None:
    result = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--round", "up"])
    assert result.exit_code == 2
    assert "--round 'up'" in result.stderr and "none, nearest, vial" in result.stderr


def test_warning_when_rounding_leaves_ten_percent() -> None:
    # 7 kg child (age 2), 1 g/kg = 7 g; Privigen's smallest vial is 5 g: 5 g (−28.57%) or 10 g (+42.86%)
    result = itp_from_mapping({"weight": 7, "platelets": 10, "bleeding": "active", "age": 2,
                               "product": "Privigen"})
    infusion = _infusions(result)[0]
    assert infusion.dose_g_rounded == 5
    codes = [w.code for w in result.warnings]
    assert "rounding-deviation" in codes
    message = next(w.message for w in result.warnings if w.code == "rounding-deviation")
    assert "5 g for 7 g (−28.57%)" in message


def test_json_carries_the_rounding_fields() -> None:
    out = CliRunner().invoke(app, ["itp", "--weight", "72.3", "--platelets", "18", "--bleeding", "active",
                                   "--age", "40", "--product", "privigen", "--json"])
    infusion = json.loads(out.stdout)["regimen"]["phases"][0]["infusions"][0]
    assert infusion["dose_g"] == 72.3
    assert infusion["dose_g_rounded"] == 70
    assert infusion["vials"] == [
        {"size_g": 40, "count": 1}, {"size_g": 20, "count": 1}, {"size_g": 10, "count": 1}]
    assert infusion["deviation_percent"] == pytest.approx(-3.1811894882)


@settings(max_examples=80, deadline=None)
@given(
    weight_kg=st.floats(min_value=0.5, max_value=250, allow_nan=False),
    product=st.sampled_from([None, *[p.id for p in products.all_products()]]),
    mode=st.sampled_from([None, "nearest", "none", "vial"]),
    scenario=st.sampled_from(["itp-adult", "itp-child", "caps", "obstetric", "thrombosis"]),
)
def test_rounding_never_leaves_ten_percent_without_a_warning(weight_kg: float, product: str | None,
                                                             mode: str | None, scenario: str) -> None:
    if mode == "vial" and product is None:
        mode = None
    values: dict[str, object] = {"weight": round(weight_kg, 1), "product": product, "round": mode}
    if scenario.startswith("itp"):
        values.update(platelets=10, bleeding="active", age=40 if scenario == "itp-adult" else 8)
        result = itp_from_mapping(values)
    else:
        values.update(scenario=scenario, age=30)
        if scenario == "obstetric":
            values.update(failed_standard_therapy=True, sex="female")
        if scenario == "thrombosis":
            values.update(anticoagulated=True)
        result = aps_from_mapping(values)
    beyond = [i for i in _infusions(result) if exceeds_limit(i.deviation_percent)]
    codes = {w.code for w in result.warnings}
    assert bool(beyond) == ("rounding-deviation" in codes)
