"""Quantities in the units the calculation uses (kg, cm, ×10⁹/L), converted from what the user typed,
then held to the hard limits (knowledge/limits.py) after conversion, whatever unit the value came in."""

from __future__ import annotations

from ivigcalc.core.scalars import accepted, compact, parse_number, within
from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.limits import (
    AGE_YEARS_LIMITS,
    HEIGHT_CM_LIMITS,
    LIKELY_PER_UL_COUNT,
    PLATELETS_10E9_PER_L_LIMITS,
    WEIGHT_KG_LIMITS,
)
from ivigcalc.knowledge.population import DAYS_PER_YEAR
from ivigcalc.knowledge.units import (
    CM_PER_INCH,
    DAYS_PER_WEEK,
    LB_TO_KG,
    MONTHS_PER_YEAR,
    PLATELETS_PER_UL_PER_10E9_PER_L,
)
from ivigcalc.model.vocabulary import AgeUnit, HeightUnit, PlateletUnit, WeightUnit


def age_years(field: str, raw: object, unit: AgeUnit) -> float:
    """The age in years from years, months, weeks or days. Days and weeks go through days, so 28 days and
    4 weeks both land exactly on the 28-day neonatal boundary."""
    value = parse_number(field, raw)
    if value < 0:
        raise InputError(field, raw, f"cannot be negative (accepted {accepted(AGE_YEARS_LIMITS, 'years')})")
    if unit is AgeUnit.YEARS:
        return within(field, raw, value, AGE_YEARS_LIMITS, "years")
    if unit is AgeUnit.MONTHS:
        years = value / MONTHS_PER_YEAR
    else:
        days = value * DAYS_PER_WEEK if unit is AgeUnit.WEEKS else value
        years = days / DAYS_PER_YEAR
    return within(field, raw, years, AGE_YEARS_LIMITS, "years", f"from {number(value)} {unit.value}")


def weight_kg(field: str, raw: object, unit: WeightUnit) -> float:
    value = parse_number(field, raw)
    if value <= 0:
        raise InputError(field, raw, f"must be greater than 0 (accepted {accepted(WEIGHT_KG_LIMITS, 'kg')})")
    kg = value * LB_TO_KG if unit is WeightUnit.LB else value
    converted = f"from {compact(value)} lb" if unit is WeightUnit.LB else None
    return within(field, raw, kg, WEIGHT_KG_LIMITS, "kg", converted)


def height_cm(field: str, raw: object, unit: HeightUnit) -> float:
    value = parse_number(field, raw)
    if value <= 0:
        raise InputError(field, raw, f"must be greater than 0 (accepted {accepted(HEIGHT_CM_LIMITS, 'cm')})")
    # Rounded to 1e-9 cm so 60 in lands exactly on the 152.4 cm Devine boundary.
    cm = round(value * CM_PER_INCH, 9) if unit is HeightUnit.IN else value
    converted = f"from {compact(value)} in" if unit is HeightUnit.IN else None
    return within(field, raw, cm, HEIGHT_CM_LIMITS, "cm", converted)


def platelets_10e9_per_l(field: str, raw: object, unit: PlateletUnit) -> float:
    value = parse_number(field, raw)
    if value < 0:
        raise InputError(
            field, raw, f"cannot be negative (accepted {accepted(PLATELETS_10E9_PER_L_LIMITS, '×10⁹/L')})")
    if unit is PlateletUnit.PER_MICROLITRE:
        if 0 < value < PLATELETS_PER_UL_PER_10E9_PER_L:
            raise InputError(
                field, raw,
                "is below 1,000 per µL and cannot be a platelet count per µL; it looks like ×10⁹/L "
                "(drop --platelet-unit or use 10^9/L)")
        value = value / PLATELETS_PER_UL_PER_10E9_PER_L
        return within(field, raw, value, PLATELETS_10E9_PER_L_LIMITS, "×10⁹/L", "converted from /µL")
    try:
        return within(field, raw, value, PLATELETS_10E9_PER_L_LIMITS, "×10⁹/L")
    except InputError as error:
        per_ul = value / PLATELETS_PER_UL_PER_10E9_PER_L
        if value >= LIKELY_PER_UL_COUNT and per_ul <= PLATELETS_10E9_PER_L_LIMITS[1]:
            raise InputError(field, raw, f"{error.message}; a count per µL? add --platelet-unit /uL "
                                         f"({compact(value)} per µL is {compact(per_ul)} ×10⁹/L)") from None
        raise


