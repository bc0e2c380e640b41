"""Volume and infusion schedule (PRODUCTS.md), by hand for several products including 5% ones.

mL/h = mg/kg/min × kg × 60 ÷ (1,000 × g/mL); a step's volume = mL/h × minutes ÷ 60; the last step
runs until the volume is given.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ivigcalc.api import aps_from_mapping, itp_from_mapping
from ivigcalc.cli import app
from ivigcalc.knowledge import products
from ivigcalc.model.result import Result, RiskScreen
from ivigcalc.pharmacy import schedule

NO_RISK = RiskScreen()


def steps_of(result: Result, index: int = 0) -> list[tuple[float, float, float, float]]:
    assert result.regimen is not None
    infusion = result.regimen.phases[0].infusions[index]
    assert infusion.infusion_schedule is not None
    return [(s.rate_mg_per_kg_min, s.rate_ml_per_h, s.minutes, s.volume_ml)
            for s in infusion.infusion_schedule.steps]


def schedule_of(result: Result, index: int = 0):  # type: ignore[no-untyped-def]
    assert result.regimen is not None
    return result.regimen.phases[0].infusions[index].infusion_schedule


def itp_70kg(**extra: object) -> Result:
    return itp_from_mapping({"weight": 70, "platelets": 18, "bleeding": "active", "age": 40, **extra})


# ---------------------------------------------------------------------------------------- Octagam 10% (issue)


def test_octagam_10_itp_70_kg_reproduces_the_issue_example() -> None:
    result = itp_70kg(product="Octagam 10%")
    infusion = result.regimen.phases[0].infusions[0]  # type: ignore[union-attr]
    assert infusion.dose_g_rounded == 70 and infusion.volume_ml == pytest.approx(700)  # 70 g ÷ 0.1 g/mL
    # 1, 2, 4, 8 mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.1) = 42, 84, 168, 336 mL/h;
    # × 30 min ÷ 60 = 21, 42, 84, 168 mL
    # then 12 mg/kg/min = 504 mL/h for the last 700 − 315 = 385 mL: 385 ÷ 504 × 60 = 45.83 min
    assert steps_of(result) == [
        (1, pytest.approx(42), 30, pytest.approx(21)),
        (2, pytest.approx(84), 30, pytest.approx(42)),
        (4, pytest.approx(168), 30, pytest.approx(84)),
        (8, pytest.approx(336), 30, pytest.approx(168)),
        (12, pytest.approx(504), pytest.approx(385 / 504 * 60), pytest.approx(385)),
    ]
    plan = schedule_of(result)
    assert plan.total_minutes == pytest.approx(120 + 45.8333333)  # 165.83 min
    assert plan.rates_for == "itp" and plan.generic is False and plan.at_risk_max_mg_per_kg_min is None
    assert "Octagam 10% label" in plan.source and "Verify against the current label" in plan.source


def test_octagam_10_at_risk_is_capped_at_3_3() -> None:
    result = itp_70kg(product="Octagam 10%", age=70)  # age > 65: renal and thrombosis risk
    # 1 and 2 mg/kg/min for 30 min (21 + 42 = 63 mL), then 3.3 mg/kg/min = 3.3 × 42 = 138.6 mL/h
    # for 700 − 63 = 637 mL: 637 ÷ 138.6 × 60 = 275.76 min; 335.76 min in all
    assert steps_of(result) == [
        (1, pytest.approx(42), 30, pytest.approx(21)),
        (2, pytest.approx(84), 30, pytest.approx(42)),
        (3.3, pytest.approx(138.6), pytest.approx(637 / 138.6 * 60), pytest.approx(637)),
    ]
    plan = schedule_of(result)
    assert plan.total_minutes == pytest.approx(60 + 637 / 138.6 * 60)
    assert plan.at_risk_max_mg_per_kg_min == 3.3
    assert "At-risk maximum ≤ 3.3 mg/kg/min" in plan.source


# ----------------------------------------------------------------------------------------- Privigen (generic)


def test_privigen_itp_generic_schedule() -> None:
    result = itp_70kg(product="Privigen")  # 70 g = 40 + 20 + 10, 700 mL
    # The label says only "increase if tolerated": generic 0.5, 1, 2 for 30 min each, then the ITP maximum 4.
    # mL/h = rate × 70 × 60 ÷ 100 = rate × 42: 21, 42, 84, 168; volumes 10.5, 21, 42 = 73.5 mL
    # then 700 − 73.5 = 626.5 mL at 168 mL/h = 223.75 min; 90 + 223.75 = 313.75 min
    assert steps_of(result) == [
        (0.5, pytest.approx(21), 30, pytest.approx(10.5)),
        (1, pytest.approx(42), 30, pytest.approx(21)),
        (2, pytest.approx(84), 30, pytest.approx(42)),
        (4, pytest.approx(168), pytest.approx(223.75), pytest.approx(626.5)),
    ]
    plan = schedule_of(result)
    assert plan.total_minutes == pytest.approx(313.75)
    assert plan.generic is True and "Generic titration" in plan.source


# --------------------------------------------------------------------------------------- Octagam 5% (5%, APS)


def test_octagam_5_caps_65_kg_pi_rates_and_5_percent_volume() -> None:
    result = aps_from_mapping({"weight": 65, "scenario": "caps", "product": "Octagam 5%"})
    infusion = result.regimen.phases[0].infusions[-1]  # type: ignore[union-attr]
    # 0.4 g/kg × 65 kg = 26 g; vials 2.5, 5, 10, 25: alone, 25 g (1 g away) beats 27.5 g (1.5 g away).
    # The course plan makes the 130 g course exact: 27.5 + 27.5 + 25 + 25 + 25; day 5 is 25 g.
    assert [i.dose_g_rounded for i in result.regimen.phases[0].infusions] == [  # type: ignore[union-attr]
        27.5, 27.5, 25, 25, 25]
    assert infusion.dose_g == 26 and infusion.dose_g_rounded == 25
    assert [(v.size_g, v.count) for v in infusion.vials] == [(25, 1)]
    assert infusion.volume_ml == pytest.approx(500)  # 25 g ÷ 0.05 g/mL
    # APS: no product is labelled, PI rates 0.5 → 3.33 (generic):
    # mL/h = rate × 65 × 60 ÷ (1,000 × 0.05) = rate × 78
    # 0.5, 1, 2 → 39, 78, 156 mL/h; 19.5 + 39 + 78 = 136.5 mL; 3.33 × 78 = 259.74 mL/h for 363.5 mL
    assert steps_of(result, -1) == [
        (0.5, pytest.approx(39), 30, pytest.approx(19.5)),
        (1, pytest.approx(78), 30, pytest.approx(39)),
        (2, pytest.approx(156), 30, pytest.approx(78)),
        (3.33, pytest.approx(259.74), pytest.approx(363.5 / 259.74 * 60), pytest.approx(363.5)),
    ]
    plan = schedule_of(result, -1)
    assert plan.total_minutes == pytest.approx(90 + 363.5 / 259.74 * 60)  # 173.97 min
    assert plan.rates_for == "pi" and "No IVIG product is labelled for APS" in plan.source
    codes = [w.code for w in result.warnings]
    assert "product-not-labelled" in codes  # info: off-label in APS
    # APS is a hypercoagulable condition, but Octagam 5% has no at-risk maximum: the schedule is not capped
    assert "at-risk-minimum-rate" in codes and plan.at_risk_max_mg_per_kg_min is None


# ------------------------------------------------------------------------------------- Gamunex-C (strict < 8)


def test_gamunex_c_renal_risk_holds_the_last_step_below_8() -> None:
    result = itp_70kg(product="Gamunex-C", diabetes=True)
    # generic 1, 2, 4, 8; renal risk: "< 8" → hold at 4 mg/kg/min (8 is not below 8)
    # 42, 84 mL/h for 30 min: 21 + 42 = 63 mL; then 4 × 42 = 168 mL/h for 637 mL = 227.5 min; 287.5 min in all
    assert steps_of(result) == [
        (1, pytest.approx(42), 30, pytest.approx(21)),
        (2, pytest.approx(84), 30, pytest.approx(42)),
        (4, pytest.approx(168), pytest.approx(227.5), pytest.approx(637)),
    ]
    assert schedule_of(result).total_minutes == pytest.approx(287.5)
    assert schedule_of(result).at_risk_max_mg_per_kg_min == 4


def test_gamunex_c_thrombosis_risk_alone_is_not_capped() -> None:
    # Gamunex-C's "< 8" is for renal risk: estrogen use alone leaves 1, 2, 4, 8
    # 21 + 42 + 84 = 147 mL; 553 mL at 336 mL/h = 98.75 min; 188.75 min in all
    result = itp_70kg(product="Gamunex-C", estrogen=True)
    assert [s[0] for s in steps_of(result)] == [1, 2, 4, 8]
    assert schedule_of(result).total_minutes == pytest.approx(188.75)
    assert schedule_of(result).at_risk_max_mg_per_kg_min is None


# --------------------------------------------------------------------------------------- Bivigam (increments)


def test_bivigam_label_increments() -> None:
    result = itp_70kg(product="Bivigam")  # not labelled for ITP: PI rates 0.5 → 6, 70 g = 7 × 10 g
    # 0.5 for 10 min, then +0.8 every 20 min: 1.3, 2.1, 2.9, 3.7, 4.5, 5.3, then 6
    # mL/h = rate × 42: 21, 54.6, 88.2, 121.8, 155.4, 189, 222.6, 252
    # volumes: 21 × 10 ÷ 60 = 3.5; then rate × 20 ÷ 60: 18.2, 29.4, 40.6, 51.8, 63, 74.2 → 280.7 mL
    # 700 − 280.7 = 419.3 mL at 252 mL/h = 99.83 min; 10 + 6 × 20 + 99.83 = 229.83 min
    expected = [(0.5, 21, 10, 3.5), (1.3, 54.6, 20, 18.2), (2.1, 88.2, 20, 29.4), (2.9, 121.8, 20, 40.6),
                (3.7, 155.4, 20, 51.8), (4.5, 189, 20, 63), (5.3, 222.6, 20, 74.2),
                (6, 252, 419.3 / 252 * 60, 419.3)]
    assert steps_of(result) == [tuple(pytest.approx(v) for v in row) for row in expected]
    assert schedule_of(result).total_minutes == pytest.approx(130 + 419.3 / 252 * 60)
    assert "product-not-labelled" in [w.code for w in result.warnings]
    assert schedule_of(result).rates_for == "pi"


def test_bivigam_thrombosis_risk_below_2() -> None:
    # "< 2 (thrombosis risk)": 0.5 for 10 min (3.5 mL), then held at 1.3 mg/kg/min = 54.6 mL/h for 696.5 mL
    result = itp_70kg(product="Bivigam", estrogen=True)
    assert steps_of(result) == [
        (0.5, pytest.approx(21), 10, pytest.approx(3.5)),
        (1.3, pytest.approx(54.6), pytest.approx(696.5 / 54.6 * 60), pytest.approx(696.5)),
    ]


# ------------------------------------------------------------------------------------------ Carimune NF (6%)


def test_carimune_6_percent_volume_and_rates() -> None:
    result = itp_from_mapping({"weight": 50, "platelets": 18, "bleeding": "active", "age": 40,
                               "product": "Carimune NF"})
    infusion = result.regimen.phases[0].infusions[0]  # type: ignore[union-attr]
    # 1 g/kg × 50 kg = 50 g; vials 3, 6, 12: 48 g (2 away) or 51 g = 4 × 12 + 3 (1 away) → 51 g
    assert infusion.dose_g_rounded == 51
    assert [(v.size_g, v.count) for v in infusion.vials] == [(12, 4), (3, 1)]
    assert infusion.volume_ml == pytest.approx(850)  # 51 g ÷ 0.06 g/mL
    # mL/h = rate × 50 × 60 ÷ (1,000 × 0.06) = rate × 50: 0.5, 1, 2 → 25, 50, 100 mL/h;
    # 12.5 + 25 + 50 = 87.5 mL
    # then 3 × 50 = 150 mL/h for 762.5 mL = 305 min; 395 min in all
    assert steps_of(result)[-1] == (3, pytest.approx(150), pytest.approx(305), pytest.approx(762.5))
    assert schedule_of(result).total_minutes == pytest.approx(395)
    assert "product-discontinued" in [w.code for w in result.warnings]


# ------------------------------------------------------------------------------------------ no rates


def test_flebogamma_5_schedule_uses_the_secondary_label_rates() -> None:
    result = itp_70kg(product="Flebogamma 5% DIF")
    infusion = result.regimen.phases[0].infusions[0]  # type: ignore[union-attr]
    assert [(v.size_g, v.count) for v in infusion.vials] == [(20, 3), (10, 1)]  # 70 g in 4 vials
    assert infusion.volume_ml == pytest.approx(1400)  # 70 g ÷ 0.05 g/mL
    schedule = infusion.infusion_schedule
    assert schedule is not None and schedule.generic and schedule.rates_for == "pi"
    # first step 0.5 mg/kg/min × 70 kg × 60 ÷ (1,000 × 0.05 g/mL) = 42 mL/h
    assert schedule.steps[0].rate_ml_per_h == pytest.approx(42.0)
    assert max(step.rate_mg_per_kg_min for step in schedule.steps) <= 5
    assert "no-label-rates" not in [w.code for w in result.warnings]


# ------------------------------------------------------------------------------------------ rules


def test_rates_use_the_dosing_weight() -> None:
    # male 175 cm 100 kg: adjusted 82.28 kg; 1 mg/kg/min × 82.28 × 60 ÷ 100 = 49.37 mL/h
    result = itp_from_mapping({"weight": 100, "height": 175, "sex": "male", "age": 50, "platelets": 18,
                               "bleeding": "active", "product": "Octagam 10%"})
    first = steps_of(result)[0]
    assert first[1] == pytest.approx(result.dosing_weight.kg * 60 / 100)
    assert result.dosing_weight.kg == pytest.approx(82.28, abs=0.005)


def test_volume_uses_the_rounded_dose() -> None:
    # 72.3 g of Privigen is given as 70 g: 700 mL, not 723 mL
    result = itp_from_mapping({"weight": 72.3, "platelets": 18, "bleeding": "active", "age": 40,
                               "product": "Privigen"})
    assert result.regimen.phases[0].infusions[0].volume_ml == pytest.approx(700)  # type: ignore[union-attr]
    assert sum(s[3] for s in steps_of(result)) == pytest.approx(700)


def test_multi_day_regimens_get_a_schedule_per_day() -> None:
    result = aps_from_mapping({"weight": 65, "scenario": "caps", "product": "Privigen"})
    infusions = result.regimen.phases[0].infusions  # type: ignore[union-attr]
    assert len(infusions) == 5
    assert all(i.infusion_schedule == infusions[0].infusion_schedule for i in infusions)


def test_rates_for_preferences() -> None:
    assert schedule.rates_for(products.get("Octagam 10%"), "itp")[0] == "itp"  # type: ignore[index]
    assert schedule.rates_for(products.get("Panzyga"), "aps")[0] == "pi"  # type: ignore[index]
    # Octagam 10% has only ITP rates: APS falls back to them and says so
    indication, _, why = schedule.rates_for(products.get("Octagam 10%"), "aps")  # type: ignore[misc]
    assert indication == "itp" and "ITP" in why
    indication, _, why = schedule.rates_for(products.get("Gammagard Liquid"), "itp")  # type: ignore[misc]
    assert indication == "pi" and "not labelled for ITP" in why
    assert schedule.rates_for(products.get("Kiovig"), "itp") is None


def test_a_step_volume_ending_exactly_at_the_dose() -> None:
    # 21 mL is exactly the first Octagam step at 70 kg (42 mL/h × 30 min): one step, 30 min
    spec = products.get("Octagam 10%").rates["itp"]
    used, total = schedule.build_steps(21, 70, 0.1, schedule.nominal_steps(spec))
    assert [(s.rate_mg_per_kg_min, s.minutes) for s in used] == [(1, pytest.approx(30))]
    assert total == pytest.approx(30)


def test_the_initial_rate_must_be_below_a_strict_at_risk_limit() -> None:
    from ivigcalc.knowledge.products import AtRiskMax

    cap = AtRiskMax(max_mg_per_kg_min=0.5, strict=True, applies_to="any", label_text="< 0.5")
    with pytest.raises(ValueError, match="not below the at-risk maximum"):
        schedule.capped_steps([(0.5, 30.0), (1.0, None)], cap)


def test_no_schedule_without_product_in_json() -> None:
    out = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active",
                                   "--json"])
    payload = json.loads(out.stdout)
    infusion = payload["regimen"]["phases"][0]["infusions"][0]
    assert infusion["volume_ml"] is None and infusion["infusion_schedule"] is None
    assert payload["product"] is None


def test_schedule_json_shape() -> None:
    out = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active",
                                   "--age", "40", "--product", "octagam-10", "--json"])
    payload = json.loads(out.stdout)
    infusion = payload["regimen"]["phases"][0]["infusions"][0]
    plan = infusion["infusion_schedule"]
    assert set(plan["steps"][0]) == {"rate_mg_per_kg_min", "rate_ml_per_h", "minutes", "volume_ml"}
    assert plan["total_minutes"] == pytest.approx(165.8333333)
    assert isinstance(plan["source"], str)
    assert infusion["volume_ml"] == 700
    assert payload["product"]["name"] == "Octagam 10%" and payload["product"]["concentration_percent"] == 10
    assert payload["inputs"]["product"] == "octagam-10" and payload["inputs"]["rounding"] == "vial"


def test_text_output_shows_the_schedule() -> None:
    out = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active",
                                   "--age", "40", "--product", "Octagam 10%", "--full"],
                             env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert out.exit_code == 0
    assert "give 70 g = 2 × 30 g + 1 × 10 g (whole vials)" in out.stdout
    assert "Total: 166 min (2 h 46 min)" in out.stdout
    assert "504" in out.stdout


@settings(max_examples=60, deadline=None)
@given(
    product=st.sampled_from([p for p in products.all_products() if p.rates]),
    command=st.sampled_from(["itp", "aps"]),
    dose_g=st.floats(min_value=1, max_value=200),
    weight_kg=st.floats(min_value=3, max_value=200),
    renal=st.booleans(), thrombosis=st.booleans(),
)
def test_schedule_properties(product: products.Product, command: str, dose_g: float, weight_kg: float, *,
                             renal: bool, thrombosis: bool) -> None:
    risk = RiskScreen(renal_risk_factors=("x",) if renal else (),
                      thrombosis_risk_factors=("y",) if thrombosis else ())
    plan = schedule.infusion_schedule(dose_g, weight_kg, product, command=command, risk=risk)  # type: ignore[arg-type]
    assert plan is not None
    volume = dose_g / product.concentration_g_per_ml
    assert sum(s.volume_ml for s in plan.steps) == pytest.approx(volume)  # ends when the volume is given
    assert plan.total_minutes == pytest.approx(sum(s.minutes for s in plan.steps))
    rates = [s.rate_mg_per_kg_min for s in plan.steps]
    assert rates == sorted(rates)  # titration only goes up
    spec = product.rates[plan.rates_for]  # type: ignore[index]
    assert rates[0] == spec.initial_mg_per_kg_min
    assert rates[-1] <= spec.max_mg_per_kg_min
    cap = product.at_risk_max.value
    if plan.at_risk_max_mg_per_kg_min is not None:
        assert cap is not None
        assert rates[-1] < cap.max_mg_per_kg_min if cap.strict else rates[-1] <= cap.max_mg_per_kg_min
    for step in plan.steps:
        assert step.rate_ml_per_h == pytest.approx(
            step.rate_mg_per_kg_min * weight_kg * 60 / (1000 * product.concentration_g_per_ml))
