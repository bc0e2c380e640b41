"""CTCAE v5.0 "Platelet count decreased" grading (CLINICAL.md §1).

Bands in ×10⁹/L, lower bound inclusive, upper bound exclusive:
grade 1: < LLN (default 150) and ≥ 75; grade 2: < 75 and ≥ 50; grade 3: < 50 and ≥ 25; grade 4: < 25;
at or above the LLN: grade 0. 1 ×10⁹/L = 1,000/µL.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ivigcalc
from ivigcalc.core.grading import ctcae_grade
from ivigcalc.errors import InputError


@pytest.mark.parametrize(
    ("platelets_10e9_per_l", "expected_grade"),
    [
        (0, 4),
        (10, 4),
        (24.9, 4),  # < 25
        (25, 3),  # exactly 25 is grade 3 (lower bound inclusive)
        (29.9, 3),
        (30, 3),  # the ASH 30 threshold is not a CTCAE boundary
        (49.9, 3),
        (50, 2),  # exactly 50 is grade 2
        (74.9, 2),
        (75, 1),  # exactly 75 is grade 1
        (149.9, 1),
        (150, 0),  # at the default LLN: normal
        (400, 0),
        (2000, 0),
    ],
)
def test_ctcae_v5_bands_default_lln(platelets_10e9_per_l: float, expected_grade: int) -> None:
    assert ctcae_grade(platelets_10e9_per_l) == expected_grade


@pytest.mark.parametrize(
    ("platelets_10e9_per_l", "lln_10e9_per_l", "expected_grade"),
    [
        (99.9, 100, 1),  # below a lab LLN of 100: grade 1
        (100, 100, 0),  # at the LLN: grade 0
        (120, 100, 0),  # normal for this lab, grade 1 with the default LLN
        (140, 140, 0),
        (139.9, 140, 1),
        (160, 200, 1),  # above the default 150 but below a higher lab LLN
        (74.9, 100, 2),  # the fixed bands below 75 do not move with the LLN
        (24.9, 100, 4),
    ],
)
def test_ctcae_v5_custom_lln(platelets_10e9_per_l: float, lln_10e9_per_l: float, expected_grade: int) -> None:
    assert ctcae_grade(platelets_10e9_per_l, lln_10e9_per_l) == expected_grade


@given(
    low=st.floats(min_value=0, max_value=2000, allow_nan=False),
    high=st.floats(min_value=0, max_value=2000, allow_nan=False),
)
def test_grade_never_rises_with_the_count(low: float, high: float) -> None:
    low, high = sorted((low, high))
    assert ctcae_grade(low) >= ctcae_grade(high)
    assert 0 <= ctcae_grade(high) <= 4


# ------------------------------------------------------------------------------------------ public API


@pytest.mark.parametrize(
    ("platelets", "platelet_unit", "expected_10e9_per_l", "expected_grade"),
    [
        (18000, "/uL", 18.0, 4),  # 18,000 /µL ÷ 1,000 = 18 ×10⁹/L
        (25000, "/uL", 25.0, 3),
        (50000, "/mcL", 50.0, 2),  # /mcL is an alias of /uL
        (75000, "/mm3", 75.0, 1),  # /mm3 as well
        (150000, "/uL", 150.0, 0),
        (1000, "/uL", 1.0, 4),  # the smallest per-µL value accepted
        (0, "/uL", 0.0, 4),
        (18, "10^9/L", 18.0, 4),
    ],
)
def test_grade_api_units(
    platelets: float, platelet_unit: str, expected_10e9_per_l: float, expected_grade: int
) -> None:
    result = ivigcalc.grade(platelets, platelet_unit=platelet_unit)
    assert result.grade.platelets_10e9_per_l == pytest.approx(expected_10e9_per_l)
    assert result.grade.grade == expected_grade
    assert result.grade.ctcae_version == "5.0"


@pytest.mark.parametrize("per_ul", [1, 18, 999])
def test_per_ul_value_below_1000_is_refused(per_ul: float) -> None:
    # §7: above 0 and below 1,000 /µL cannot be a platelet count per µL; it looks like ×10⁹/L.
    with pytest.raises(InputError) as caught:
        ivigcalc.grade(per_ul, platelet_unit="/uL")
    assert caught.value.field == "platelets"


def test_grade_api_custom_lln() -> None:
    assert ivigcalc.grade(120, lln=100).grade.grade == 0
    assert ivigcalc.grade(99.9, lln=100).grade.grade == 1
    assert ivigcalc.grade(120).grade.grade == 1  # default LLN 150
    assert ivigcalc.grade(120, lln=100).grade.lln_10e9_per_l == 100


@pytest.mark.parametrize(
    ("platelets", "relation_30", "relation_20"),
    [
        (18, "below", "below"),
        (19.9, "below", "below"),
        (20, "below", "at or above"),  # ASH admit vs outpatient: < 20 vs ≥ 20
        (29.9, "below", "at or above"),
        (30, "at or above", "at or above"),  # ASH treat vs observe: < 30 vs ≥ 30
        (200, "at or above", "at or above"),
    ],
)
def test_grade_api_shows_ash_thresholds(platelets: float, relation_30: str, relation_20: str) -> None:
    result = ivigcalc.grade(platelets)
    notes = {note.code: note for note in result.notes}
    assert "ash-thresholds" in notes
    message = notes["ash-thresholds"].message
    assert f"{relation_30} 30" in message
    assert f"{relation_20} 20" in message
    assert {"ash-2011", "ash-2019"} <= set(notes["ash-thresholds"].references)


def test_grade_api_names_ctcae_version_and_cites_everything() -> None:
    result = ivigcalc.grade(18)
    assert "ctcae-version" in {note.code for note in result.notes}
    reference_ids = {reference.id for reference in result.references}
    assert "ctcae-v5" in reference_ids
    for note in result.notes:
        assert set(note.references) <= reference_ids
    for reference in result.references:
        assert reference.citation.startswith(reference.label)
    labels = {reference.id: reference.label for reference in result.references}
    assert labels["ctcae-v5"] == "CTCAE v5.0"


@pytest.mark.parametrize(
    ("platelets", "lln", "expected_grade"),
    [(24.9, None, 4), (25, None, 3), (149.9, None, 1), (150, None, 0), (120, 100, 0), (99.9, 100, 1)],
)
def test_itp_result_carries_the_grade(platelets: float, lln: float | None, expected_grade: int) -> None:
    result = ivigcalc.itp(weight=70, platelets=platelets, age=40, lln=lln)
    assert result.grade is not None
    assert result.grade.grade == expected_grade
    assert result.grade.ctcae_version == "5.0"


def test_itp_per_ul_input_is_graded_in_10e9_per_l() -> None:
    result = ivigcalc.itp(weight=70, platelets=18000, platelet_unit="/uL", age=40)
    assert result.grade is not None
    assert result.grade.platelets_10e9_per_l == pytest.approx(18.0)
    assert result.grade.grade == 4
