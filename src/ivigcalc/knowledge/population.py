"""Who is an adult, a child, a neonate: the ages every rule (decision and rounding alike) reads."""

from __future__ import annotations

from typing import Final

ADULT_AGE_YEARS: Final = 18.0  # 18 exactly is an adult (dosing-weight rule and decision table)
DAYS_PER_YEAR: Final = 365.25
NEONATE_MAX_AGE_DAYS: Final = 28  # a neonate is in the first 28 days of life
NEONATE_MAX_AGE_YEARS: Final = NEONATE_MAX_AGE_DAYS / DAYS_PER_YEAR

# The sources of each number above (the generated clinical-numbers table reads them).
SOURCES: Final = {
    "ADULT_AGE_YEARS": ("ash-2011", "dosing-weight-practice"),  # paediatric ITP guideline; no adjustment under 18
    "DAYS_PER_YEAR": (),  # the Julian year, by definition
    "NEONATE_MAX_AGE_DAYS": ("icr-2019",),
    "NEONATE_MAX_AGE_YEARS": ("icr-2019",),
}
