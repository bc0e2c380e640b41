"""Thrombocytopenia grade, NCI CTCAE v5.0 (bands in knowledge/ctcae.py)."""

from __future__ import annotations

from ivigcalc.knowledge.ctcae import CTCAE_V5_LOWEST_GRADE, CTCAE_V5_PLATELET_BANDS, DEFAULT_LLN_10E9_PER_L


def ctcae_grade(platelets_10e9_per_l: float, lln_10e9_per_l: float = DEFAULT_LLN_10E9_PER_L) -> int:
    """CTCAE v5.0 grade (0-4) of a platelet count in ×10⁹/L."""
    if platelets_10e9_per_l >= lln_10e9_per_l:
        return 0
    for lower_bound, grade in CTCAE_V5_PLATELET_BANDS:
        if platelets_10e9_per_l >= lower_bound:
            return grade
    return CTCAE_V5_LOWEST_GRADE
