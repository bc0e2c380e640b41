"""Unit conversions, exact by definition (international yard and pound agreement, 1959; SI)."""

from __future__ import annotations

from typing import Final

LB_TO_KG: Final = 0.45359237
CM_PER_INCH: Final = 2.54
PLATELETS_PER_UL_PER_10E9_PER_L: Final = 1000.0  # 1 ×10⁹/L = 1,000/µL = 1,000/mm³
MG_PER_G: Final = 1000.0
MINUTES_PER_HOUR: Final = 60
MONTHS_PER_YEAR: Final = 12
DAYS_PER_WEEK: Final = 7

# The sources of each number above, for the generated clinical-numbers table: conversions are exact by
# definition (international yard and pound agreement, 1959; SI), so they cite nothing.
SOURCES: Final = {"LB_TO_KG": (), "CM_PER_INCH": (), "PLATELETS_PER_UL_PER_10E9_PER_L": (), "MG_PER_G": (),
                  "MINUTES_PER_HOUR": (), "MONTHS_PER_YEAR": (), "DAYS_PER_WEEK": ()}
