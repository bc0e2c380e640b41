"""Dose-error-reduction limits, set the way smart-pump drug libraries set them.

Hard limits refuse (exit 2) whatever unit the value came in; soft limits compute and warn. None of these
numbers comes from a clinical guideline: the output cites them as `ivigcalc-limits`. Bounds are
inclusive. Also here: the one tolerance for comparing g/kg sums with these limits, since sums of
decimal doses carry float noise (0.4 + 0.4 + 0.4 is 1.2000000000000002) that must not decide a side.
"""

from __future__ import annotations

from typing import Final

REFERENCES: Final = ("ivigcalc-limits",)

# Hard limits on the inputs, after unit conversion.
WEIGHT_KG_LIMITS: Final = (0.3, 350.0)
HEIGHT_CM_LIMITS: Final = (20.0, 272.0)
AGE_YEARS_LIMITS: Final = (0.0, 120.0)
PLATELETS_10E9_PER_L_LIMITS: Final = (0.0, 2000.0)
INR_LIMITS: Final = (0.5, 20.0)
# The LLN must leave CTCAE grade 1 (75 to < LLN) meaningful; 500 is beyond any laboratory's.
LLN_10E9_PER_L_LIMITS: Final = (75.0, 500.0)
ADJUSTMENT_FACTOR_LIMITS: Final = (0.0, 1.0)  # above 0, at most 1
# Plausibility bounds for eGFR / creatinine clearance (mL/min); normal is about 90-120.
RENAL_FUNCTION_ML_PER_MIN_LIMITS: Final = (0.0, 250.0)

# Limits on the dose.
HARD_MAX_G_PER_KG_PER_DAY: Final = 2.0  # refused (a regimen), never reached by rounding
USUAL_MAX_G_PER_KG_PER_DAY: Final = 1.0  # above: `above-usual-dose`
USUAL_MAX_G_PER_KG_PER_COURSE: Final = 2.0  # above: `above-usual-dose`; a course is one cycle of a phase
UNUSUAL_ADULT_WEIGHT_KG: Final = (30.0, 200.0)  # outside: `unusual-weight`
# A count at or above this, given as ×10⁹/L, is far above normal: `platelet-unit-check` asks whether it was
# per µL (1,500/µL is 1.5 ×10⁹/L), the mirror of the refused per-µL count below 1,000.
PLATELET_UNIT_CHECK_10E9_PER_L: Final = 1000.0
# A count above the hard limit and this high was probably typed per µL (5,000/µL is 5 ×10⁹/L): the refusal
# says how to give it so.
LIKELY_PER_UL_COUNT: Final = 5000.0
# Weight is gained in pregnancy: a pre-pregnancy weight (the dose is on it) more than 25% above the current
# weight is refused as a slip; above it at all, `pre-pregnancy-weight` cautions.
PRE_PREGNANCY_MAX_FRACTION_OF_ACTUAL: Final = 1.25

# Unit slips, the commonest dosing error. An adult height under 100 cm typed without a unit is refused
# (64 is far likelier 64 in than 64 cm); with --height-unit cm stated it computes with `unusual-height`.
UNUSUAL_ADULT_HEIGHT_CM: Final = 100.0
# A BMI above this is refused whatever the units: no living patient has one, a unit slip does.
MAX_BMI_KG_PER_M2: Final = 150.0
# A neonate (under 28 days) weighing outside this is refused: 0.3 kg is the smallest weight accepted at all,
# and 10 kg is about three times a term newborn's median weight.
NEONATE_WEIGHT_KG_LIMITS: Final = (0.3, 10.0)

G_PER_KG_TOLERANCE: Final = 1e-9


def above(g_per_kg: float, limit: float) -> bool:
    """`g_per_kg` is above `limit`, float noise aside (2 + 4e-16 is not above 2)."""
    return g_per_kg > limit + G_PER_KG_TOLERANCE


def at_least(g_per_kg: float, limit: float) -> bool:
    """`g_per_kg` reaches `limit`, float noise aside (1.9999999999999998 reaches 2)."""
    return g_per_kg >= limit - G_PER_KG_TOLERANCE

# Plausibility bounds of an order given to `check` (not clinical limits: an order beyond the dose limits
# is what `check` is for, so it is flagged, not refused).
ORDERED_DOSE_G_LIMITS: Final = (0.0, 1000.0)  # above 0
ORDERED_DAYS_LIMITS: Final = (1, 30)
ORDERED_RATE_ML_PER_H_LIMITS: Final = (0.0, 2000.0)  # above 0

# Every limit here is the project's own, set as smart-pump libraries set theirs.
SOURCES: Final = dict.fromkeys((
    "WEIGHT_KG_LIMITS", "HEIGHT_CM_LIMITS", "AGE_YEARS_LIMITS", "PLATELETS_10E9_PER_L_LIMITS", "INR_LIMITS",
    "LLN_10E9_PER_L_LIMITS", "ADJUSTMENT_FACTOR_LIMITS", "RENAL_FUNCTION_ML_PER_MIN_LIMITS",
    "HARD_MAX_G_PER_KG_PER_DAY", "USUAL_MAX_G_PER_KG_PER_DAY", "USUAL_MAX_G_PER_KG_PER_COURSE",
    "UNUSUAL_ADULT_WEIGHT_KG", "UNUSUAL_ADULT_HEIGHT_CM", "MAX_BMI_KG_PER_M2", "NEONATE_WEIGHT_KG_LIMITS",
    "G_PER_KG_TOLERANCE", "ORDERED_DOSE_G_LIMITS", "ORDERED_DAYS_LIMITS",
    "ORDERED_RATE_ML_PER_H_LIMITS", "PLATELET_UNIT_CHECK_10E9_PER_L", "LIKELY_PER_UL_COUNT",
    "PRE_PREGNANCY_MAX_FRACTION_OF_ACTUAL"), REFERENCES)
