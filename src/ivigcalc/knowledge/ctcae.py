"""Thrombocytopenia grading, NCI CTCAE v5.0 "Platelet count decreased", as data.

Lower bounds inclusive, upper exclusive: 25 is grade 3, 50 is grade 2, 75 is grade 1; at or above the
lower limit of normal (LLN) the grade is 0."""

from __future__ import annotations

from typing import Final

REFERENCES: Final = ("ctcae-v5",)
CTCAE_VERSION: Final = "5.0"

DEFAULT_LLN_10E9_PER_L: Final = 150.0  # overridable with --lln

# (inclusive lower bound in ×10⁹/L, grade), highest band first; below the last bound: grade 4.
CTCAE_V5_PLATELET_BANDS: Final[tuple[tuple[float, int], ...]] = ((75.0, 1), (50.0, 2), (25.0, 3))
CTCAE_V5_LOWEST_GRADE: Final = 4

SOURCES: Final = dict.fromkeys(
    ("DEFAULT_LLN_10E9_PER_L", "CTCAE_V5_PLATELET_BANDS", "CTCAE_V5_LOWEST_GRADE"), REFERENCES)
