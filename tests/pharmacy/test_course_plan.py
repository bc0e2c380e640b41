"""Course-level vial planning: the course total nearest the exact total, every day within 10%."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ivigcalc
from ivigcalc.knowledge import products
from ivigcalc.pharmacy.course_plan import plan_course
from ivigcalc.pharmacy.rounding import exceeds_limit, round_vials

PRIVIGEN_PACKS = (5.0, 10.0, 20.0, 40.0)


def test_caps_at_68_5_kg_with_privigen_gives_135_g_not_125_g() -> None:
    # 0.4 g/kg × 68.5 kg = 27.4 g a day, 137 g a course. Each day alone: 25 g (−8.76%), 125 g (−8.76%).
    # Within 10% of 27.4 g (24.66 to 30.14 g) the whole-vial totals are 25 and 30 g; 2 × 30 + 3 × 25 = 135 g,
    # −2 g = −1.46% (140 g would be +2.19%); 30 g = 20 + 10, 25 g = 20 + 5: 10 vials.
    plan = plan_course([27.4] * 5, PRIVIGEN_PACKS)
    assert plan is not None
    assert [day.rounded_g for day in plan.days] == [30.0, 30.0, 25.0, 25.0, 25.0]
    assert plan.total_g == 135.0
    assert plan.deviation_percent == pytest.approx(-1.459854, abs=1e-6)
    assert plan.vial_count == 10
    assert plan.days[0].vials == ((20.0, 1), (10.0, 1))


def test_the_plan_reaches_the_result_and_keeps_the_day_by_day_rounding_visible() -> None:
    result = ivigcalc.aps(weight=68.5, scenario="caps", product="privigen", policy="ivigcalc")
    assert result.regimen is not None
    phase = result.regimen.phases[0]
    assert [i.dose_g_rounded for i in phase.infusions] == [30.0, 30.0, 25.0, 25.0, 25.0]
    assert [i.volume_ml for i in phase.infusions] == [300.0, 300.0, 250.0, 250.0, 250.0]  # 10%: 0.1 g/mL
    assert result.regimen.total_dose_g_rounded == 135.0
    plan = phase.course_plan
    assert plan is not None
    assert plan.rounded_alone_g == (25.0,) * 5
    assert (plan.rounded_alone_total_g, plan.planned_g, plan.exact_g) == (125.0, 135.0, 137.0)
    assert plan.rounded_alone_deviation_percent == pytest.approx(-8.759124, abs=1e-6)
    assert not [w for w in result.warnings if w.code == "rounding-deviation"]


def test_a_single_day_has_no_course_plan() -> None:
    result = ivigcalc.itp(weight=70, platelets=10, bleeding="active", product="privigen", policy="ivigcalc")
    assert result.regimen is not None
    assert result.regimen.phases[0].course_plan is None


def test_no_plan_when_a_day_cannot_be_within_10_percent() -> None:
    # 3 g with 5 g vials: +66.7%, nothing within 10%; rounding each day alone (and its warning) stays.
    assert plan_course([3.0, 3.0], (5.0,)) is None


def test_already_exact_days_keep_their_vials() -> None:
    plan = plan_course([20.0, 20.0], PRIVIGEN_PACKS)
    assert plan is not None
    assert [day.rounded_g for day in plan.days] == [20.0, 20.0]
    assert plan.vial_count == 2


PACKS = st.sampled_from(sorted({product.pack_sizes_g.value for product in products.all_products()}))
DOSES = st.lists(st.integers(min_value=500, max_value=20000).map(lambda centigrams: centigrams / 100),
                 min_size=2, max_size=5)


@given(doses=DOSES, packs=PACKS)
def test_the_plan_is_never_further_from_the_course_total_than_each_day_alone(
        doses: list[float], packs: tuple[float, ...]) -> None:
    alone = [round_vials(dose, packs) for dose in doses]
    plan = plan_course(doses, packs)
    if any(day.beyond_limit for day in alone):
        assert plan is None or all(not exceeds_limit(day.deviation_percent) for day in plan.days)
        return
    assert plan is not None  # each day alone is one of the plans considered
    exact = round(sum(doses) * 100)
    assert abs(round(plan.total_g * 100) - exact) <= abs(round(sum(d.rounded_g for d in alone) * 100) - exact)


@given(doses=DOSES, packs=PACKS)
def test_the_plan_never_breaks_the_10_percent_rule_on_a_day(doses: list[float], packs: tuple[float, ...]) -> None:
    plan = plan_course(doses, packs)
    if plan is None:
        return
    for dose, day in zip(doses, plan.days, strict=True):
        assert not exceeds_limit(day.deviation_percent)
        assert sum(size * count for size, count in day.vials) == pytest.approx(day.rounded_g)
        assert day.exact_g == dose
