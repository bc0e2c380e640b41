"""Thrombocytopenia grade, NCI CTCAE v5.0 "Platelet count decreased" (CLINICAL.md §1).

Lower bounds inclusive, upper exclusive: 25 is grade 3, 50 is grade 2, 75 is grade 1; at or above the
lower limit of normal (LLN) the grade is 0."""

from __future__ import annotations

DEFAULT_LLN_10E9_PER_L = 150.0

# (inclusive lower bound in ×10⁹/L, grade), highest band first; below the last bound: grade 4.
CTCAE_V5_PLATELET_BANDS: tuple[tuple[float, int], ...] = ((75.0, 1), (50.0, 2), (25.0, 3))
CTCAE_V5_LOWEST_GRADE = 4


def ctcae_grade(platelets_10e9_per_l: float, lln_10e9_per_l: float = DEFAULT_LLN_10E9_PER_L) -> int:
    """CTCAE v5.0 grade (0-4) of a platelet count in ×10⁹/L."""
    if platelets_10e9_per_l >= lln_10e9_per_l:
        return 0
    for lower_bound, grade in CTCAE_V5_PLATELET_BANDS:
        if platelets_10e9_per_l >= lower_bound:
            return grade
    return CTCAE_V5_LOWEST_GRADE
