"""Tests for the weight-for-age plausibility band. Expected values are typed in by hand from the
published tables (WHO weight-for-age 0-24 months as hosted by CDC; CDC wtage.csv), not computed by
the module under test."""

from __future__ import annotations

import itertools
import math
from statistics import NormalDist

import pytest

from ivigcalc.knowledge import weight_for_age as wfa

# --- Published medians (M) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_months", "sex", "median_kg"),
    [
        # WHO Child Growth Standards, weight-for-age
        (0, "male", 3.3464),
        (6, "male", 7.9340),
        (12, "male", 9.6479),
        (18, "male", 10.9385),
        (0, "female", 3.2322),
        (6, "female", 7.2970),
        (12, "female", 8.9481),
        (23, "female", 11.2688),
        # CDC 2000, wtage.csv (Agemos as in the file)
        (24, "male", 12.6707633),
        (36.5, "male", 14.40262749),
        (120.5, "male", 32.08799062),
        (240, "male", 70.59761453),
        (24, "female", 12.05503983),
        (36.5, "female", 13.94108332),
        (156.5, "female", 45.98368656),
        (240, "female", 58.21897289),
    ],
)
def test_median_at_tabulated_ages(age_months: float, sex: str, median_kg: float) -> None:
    assert wfa.lms_at(age_months, sex).mu == pytest.approx(median_kg, rel=1e-9)
    assert wfa.weight_at_z(wfa.lms_at(age_months, sex), 0.0) == pytest.approx(median_kg, rel=1e-9)


def test_cdc_median_at_three_years_is_about_14_kg() -> None:
    # CDC boys 35.5 months 14.258, 36.5 months 14.403: 36 months interpolates to about 14.33.
    assert wfa.lms_at(36, "male").mu == pytest.approx(14.33, abs=0.01)
    assert wfa.lms_at(36, "female").mu == pytest.approx(13.87, abs=0.01)


# --- L and S: the tabulated parameters reproduce the published centiles --------------------------
# A transcription slip in L or S would move these.

_Z_P3 = NormalDist().inv_cdf(0.03)


@pytest.mark.parametrize(
    ("age_months", "sex", "z", "published_kg"),
    [
        # WHO (CDC-hosted WHO file): 2nd (2.3rd) and 98th (97.7th) centiles are z = -2 and +2
        (0, "male", -2.0, 2.459312),
        (0, "male", 2.0, 4.419354),
        (12, "male", -2.0, 7.742219),
        (12, "male", 2.0, 11.98574),
        (23, "male", 2.0, 15.0059),
        (6, "female", -2.0, 5.729383),
        (6, "female", 2.0, 9.33549062),
        (17, "female", 2.0, 12.9237235),
        # CDC wtage.csv: P3 and P97
        (36.5, "male", _Z_P3, 11.81842214),
        (36.5, "male", -_Z_P3, 18.04570363),
        (180.5, "male", _Z_P3, 41.52175462),
        (180.5, "male", -_Z_P3, 83.24017154),
        (240, "male", -_Z_P3, 100.7783809),
        (120.5, "female", _Z_P3, 23.99142774),
        (120.5, "female", -_Z_P3, 51.42912799),
        (204.5, "female", _Z_P3, 43.33645956),
        (204.5, "female", -_Z_P3, 86.16706131),
    ],
)
def test_lms_reproduces_published_centiles(age_months: float, sex: str, z: float, published_kg: float) -> None:
    assert wfa.weight_at_z(wfa.lms_at(age_months, sex), z) == pytest.approx(published_kg, rel=1e-5)


# --- The band ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sex", ["male", "female", None])
def test_three_year_old_band_excludes_120_kg_and_includes_14_kg(sex: str | None) -> None:
    low, high = wfa.weight_for_age_band_kg(36, sex)
    assert low < 14 < high
    assert not low <= 120 <= high
    assert wfa.is_plausible_weight(14, 36, sex)
    assert not wfa.is_plausible_weight(120, 36, sex)


@pytest.mark.parametrize(
    ("age_months", "sex", "weight_kg"),
    [
        (0, "male", 7.0),  # a 3.2 kg newborn entered as 7 (lb)
        (12, "female", 21.0),  # 9.5 kg entered in lb (20.9)
        (60, "male", 40.5),  # 18.4 kg entered in lb (40.6)
        (36, None, 1.4),  # 14 kg with a decimal slip
    ],
)
def test_gross_slips_fall_outside(age_months: float, sex: str | None, weight_kg: float) -> None:
    assert not wfa.is_plausible_weight(weight_kg, age_months, sex)


def test_unknown_sex_is_the_union_of_both_bands() -> None:
    for age in (0, 5.5, 12, 23.9, 24, 36, 100, 180, 204, 240):
        male = wfa.weight_for_age_band_kg(age, "male")
        female = wfa.weight_for_age_band_kg(age, "female")
        assert wfa.weight_for_age_band_kg(age, None) == (min(male[0], female[0]), max(male[1], female[1]))


def test_band_is_z_3_5() -> None:
    lms = wfa.lms_at(12, "male")
    low, high = wfa.weight_for_age_band_kg(12, "male")
    assert wfa.Z_BAND == 3.5
    assert low == wfa.weight_at_z(lms, -3.5)
    assert high == wfa.weight_at_z(lms, 3.5)
    # about the 0.023rd and 99.977th centiles
    assert NormalDist().cdf(-wfa.Z_BAND) == pytest.approx(0.000233, abs=1e-6)


def test_tail_beyond_3_sd_is_the_who_restricted_method() -> None:
    lms = wfa.lms_at(12, "male")
    x2, x3 = wfa.weight_at_z(lms, 2.0), wfa.weight_at_z(lms, 3.0)
    assert wfa.weight_at_z(lms, 3.5) == pytest.approx(x3 + 0.5 * (x3 - x2))
    xm2, xm3 = wfa.weight_at_z(lms, -2.0), wfa.weight_at_z(lms, -3.0)
    assert wfa.weight_at_z(lms, -3.5) == pytest.approx(xm3 - 0.5 * (xm2 - xm3))
    # within +/-3 it is the plain LMS formula
    assert x3 == pytest.approx(lms.mu * (1 + lms.lam * lms.sigma * 3) ** (1 / lms.lam))


def test_adolescent_girls_upper_bound_is_finite_where_plain_lms_fails() -> None:
    # CDC girls 210.5 months: 1 + L*S*3.5 < 0, the plain formula has no value at z = +3.5.
    lms = wfa.lms_at(210.5, "female")
    assert 1 + lms.lam * lms.sigma * 3.5 < 0
    low, high = wfa.weight_for_age_band_kg(210.5, "female")
    assert math.isfinite(high)
    assert 37 < low < 39
    assert 150 < high < 250


# A grid over the whole range: every quarter month, and around the 24-month switch.
_GRID = sorted({i / 4 for i in range(0, 961)} | {23.9, 23.99, 23.999, 24.0, 24.001, 24.5})


@pytest.mark.parametrize("sex", ["male", "female"])
def test_band_contains_the_median_everywhere(sex: str) -> None:
    for age in _GRID:
        low, high = wfa.weight_for_age_band_kg(age, sex)
        median = wfa.lms_at(age, sex).mu
        assert 0 < low < median < high, age
        # the soft band never reaches past the hard limits (0.3-350 kg)
        assert low > 0.3 and high < 350, age


@pytest.mark.parametrize("sex", ["male", "female"])
def test_medians_rise_with_age_across_the_switch(sex: str) -> None:
    medians = [wfa.lms_at(age, sex).mu for age in _GRID]
    assert all(b >= a for a, b in itertools.pairwise(medians))


@pytest.mark.parametrize("sex", ["male", "female"])
def test_no_gap_at_the_who_to_cdc_switch(sex: str) -> None:
    who_median = wfa.lms_at(23.999, sex).mu  # WHO at 24 months: boys 12.1515, girls 11.4775
    cdc_median = wfa.lms_at(24, sex).mu  # CDC at 24 months: boys 12.6708, girls 12.0550
    before = wfa.weight_for_age_band_kg(23.999, sex)
    after = wfa.weight_for_age_band_kg(24, sex)
    for low, high in (before, after):
        assert low < min(who_median, cdc_median)
        assert high > max(who_median, cdc_median)
    # the step in each bound at the switch is small (girls' lower bound: 7.58 -> 8.60 kg, the largest)
    # compared with the band itself (about 10 kg wide)
    assert abs(after[0] - before[0]) < 1.5
    assert abs(after[1] - before[1]) < 1.5
    assert abs(after[0] - before[0]) < 0.15 * (before[1] - before[0])
    assert max(before[0], after[0]) < min(before[1], after[1])


def test_lower_bound_rises_through_childhood() -> None:
    for sex in ("male", "female"):
        lows = [wfa.weight_for_age_band_kg(age, sex)[0] for age in _GRID if age <= 204]
        assert all(b >= a for a, b in itertools.pairwise(lows)), sex


def test_interpolates_linearly_between_tabulated_ages() -> None:
    # WHO boys: 12 months M 9.6479, 13 months M 9.8749
    assert wfa.lms_at(12.5, "male").mu == pytest.approx((9.6479 + 9.8749) / 2)
    # CDC girls: 30.5 months L -0.914718817, 36.5 months L -1.024471278
    assert wfa.lms_at(33.5, "female").lam == pytest.approx((-0.914718817 + -1.024471278) / 2)


# --- Inputs and constants ----------------------------------------------------------------------------


@pytest.mark.parametrize("age_months", [-0.1, 240.01, math.nan, math.inf, 1200])
def test_age_outside_range_is_refused(age_months: float) -> None:
    with pytest.raises(ValueError, match="0-240 months"):
        wfa.weight_for_age_band_kg(age_months, "male")


@pytest.mark.parametrize("sex", ["M", "Male", "unknown", ""])
def test_unknown_sex_word_is_refused(sex: str) -> None:
    with pytest.raises(ValueError, match="sex"):
        wfa.weight_for_age_band_kg(36, sex)


def test_age_limits_are_inclusive() -> None:
    assert wfa.weight_for_age_band_kg(0, "female")[0] > 0
    assert wfa.weight_for_age_band_kg(240, "female")[1] > 0
    assert (wfa.AGE_MIN_MONTHS, wfa.AGE_MAX_MONTHS, wfa.WHO_TO_CDC_MONTHS) == (0.0, 240.0, 24.0)


def test_sources_are_cited_in_full() -> None:
    assert "WHO Multicentre Growth Reference Study Group" in wfa.WHO_SOURCE
    assert "2006" in wfa.WHO_SOURCE
    assert "Kuczmarski RJ" in wfa.CDC_SOURCE
    assert "Vital Health Stat 11(246)" in wfa.CDC_SOURCE
    assert "2002" in wfa.CDC_SOURCE
    assert wfa.CITATIONS == (wfa.WHO_SOURCE, wfa.CDC_SOURCE, wfa.TAIL_METHOD_SOURCE)


def test_every_table_names_its_reference_id() -> None:
    from ivigcalc.knowledge.references import REFERENCES

    assert wfa.SOURCES["_WHO_WEIGHT_FOR_AGE"] == ("who-growth-2006",)
    assert wfa.SOURCES["_CDC_WEIGHT_FOR_AGE"] == ("cdc-growth-2000",)
    assert all(ref in REFERENCES for refs in wfa.SOURCES.values() for ref in refs)
