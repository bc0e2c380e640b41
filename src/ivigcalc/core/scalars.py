"""Scalar values from any front end (a CLI string, a batch cell, a Python number): numbers, choices,
yes/no flags, and the range check every quantity goes through. One set of messages for all."""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Final, TypeVar, cast

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.model.vocabulary import HeightUnit, PlateletUnit, Sex, WeightUnit

E = TypeVar("E", bound=StrEnum)

_ALIASES: Final[dict[type[StrEnum], dict[str, str]]] = {
    Sex: {"m": "male", "f": "female"},
    WeightUnit: {"lbs": "lb", "kgs": "kg"},
    HeightUnit: {"inch": "in", "inches": "in"},
    PlateletUnit: {
        "/ul": "/uL", "ul": "/uL", "/mcl": "/uL", "mcl": "/uL", "/mm3": "/uL", "mm3": "/uL",
        "/µl": "/uL", "/μl": "/uL", "10^9/l": "10^9/L", "x10^9/l": "10^9/L", "×10⁹/l": "10^9/L",
        "g/l": "10^9/L", "10e9/l": "10^9/L",
    },
}

_THOUSANDS: Final = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL_COMMA: Final = re.compile(r"[+-]?[0-9]*,[0-9]+")
# A number with a unit typed after it (`70kg`, `5ft`, `18 /uL`): the units people write, in any case.
_WITH_UNIT: Final = re.compile(
    r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*(kgs?|lbs?|g|cm|mm|m|in|inch(?:es)?|ft|feet|\"|'|y|yrs?|years?|"
    r"mos?|months?|w|wks?|weeks?|d|days?|/?[uµμ]l|/?mcl|/?mm3|g/l|/l|[x×]?10(?:\^9|⁹|e9)/l|k(?:/[uµμ]l)?)",
    re.IGNORECASE)
# Where a quantity's unit goes instead of after its number (`--weight 70kg`).
UNIT_OPTIONS: Final[dict[str, str]] = {
    "weight": "--weight-unit kg or lb", "pre_pregnancy_weight": "--weight-unit kg or lb",
    "height": "--height-unit cm or in", "age": "--age-unit years, months, weeks or days",
    "platelets": "--platelet-unit 10^9/L or /uL", "lln": "×10⁹/L only",
}
_PLAIN_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NON_FINITE_WORDS: Final = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity",
                                      "-infinity"})


def parse_number(field: str, raw: object) -> float:
    """A finite number from an int, a float or a string; bool, empty, NaN and infinity are refused."""
    if isinstance(raw, bool) or raw is None:
        raise InputError(field, raw, "is not a number")
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # an int beyond the float range
            raise InputError(field, None, "is too large to be a finite number") from None
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise InputError(field, raw, "is empty; give a number")
        if "," in text:
            raise InputError(field, raw, _comma_hint(text))
        if text.lower() in _NON_FINITE_WORDS:
            raise InputError(field, raw, "is not a finite number")
        # Plain ASCII decimals only: float() would also take "7_0" (a typo for 70) and non-ASCII digits.
        if _PLAIN_DECIMAL.fullmatch(text) is None:
            raise InputError(field, raw, _not_a_number_hint(field, text))
        value = float(text)
    else:
        value = _other_real(field, raw)
    if math.isnan(value) or math.isinf(value):
        raise InputError(field, raw, "is not a finite number")
    return value + 0.0  # -0.0 becomes 0.0: the echo must not show "-0"


def _comma_hint(text: str) -> str:
    """`1,200`: a thousands separator; `70,5`: a decimal comma. Each gets the number it should be."""
    if _THOUSANDS.fullmatch(text):
        return f"has a thousands separator; give the number without it: {text.replace(',', '')}"
    if _DECIMAL_COMMA.fullmatch(text):
        return f"has a decimal comma; give a decimal point: {text.replace(',', '.')}"
    return "has a comma; give a plain number such as 1200 or 70.5"


def _not_a_number_hint(field: str, text: str) -> str:
    """`70kg`: the number alone, and where its unit goes."""
    with_unit = _WITH_UNIT.fullmatch(text)
    if with_unit is not None:
        where = UNIT_OPTIONS.get(field)
        unit = f" and the unit with {where}" if where and not where.endswith("only") else \
            f" ({where})" if where else ""
        return f"has a unit in it; give the number alone ({with_unit.group(1)}){unit}"
    return "is not a number; give a plain decimal such as 70 or 70.5"


def _other_real(field: str, raw: object) -> float:
    """Decimal, Fraction and any other `numbers.Real` (numpy scalars): imported only when one comes."""
    import numbers
    from decimal import Decimal

    if not isinstance(raw, numbers.Real | Decimal):
        raise InputError(field, raw, "is not a number")
    try:
        return float(raw)
    except OverflowError:
        raise InputError(field, None, "is too large to be a finite number") from None
    except (ValueError, ArithmeticError):  # Decimal("sNaN") cannot become a float
        raise InputError(field, raw, "is not a finite number") from None


_CHOSEN: dict[tuple[type[StrEnum], str], StrEnum] = {}  # (enum, text as given) -> member: batch repeats a few


def parse_choice(field: str, raw: object, enum: type[E]) -> E:
    if isinstance(raw, enum):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(field, raw, f"is not one of {choices(enum)}")
    chosen = _CHOSEN.get((enum, raw))
    if chosen is not None:
        return cast(E, chosen)
    text = raw.strip()
    key = text.lower()
    key = _ALIASES.get(enum, {}).get(key, key)
    for member in enum:
        if member.value.lower() == key.lower():
            if len(_CHOSEN) < 4096:
                _CHOSEN[(enum, raw)] = member
            return member
    raise InputError(field, raw, f"is not one of {choices(enum)}")


def parse_flag(field: str, raw: object) -> bool:
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        key = raw.strip().lower()
        if key in ("", "false", "no", "0", "n", "f"):
            return False
        if key in ("true", "yes", "1", "y", "t"):
            return True
    raise InputError(field, raw, "is not a yes/no value (true, false, yes, no, 1, 0)")


def choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def within(field: str, raw: object, value: float, limits: tuple[float, float], unit: str,
            converted_from: str | None = None) -> float:
    low, high = limits
    if not low <= value <= high:
        shown = f"{shown_beyond(value, limits)} {unit}".strip()
        origin = f" ({converted_from})" if converted_from else ""
        raise InputError(
            field, raw,
            f"{shown}{origin} is outside the accepted {accepted(limits, unit)}".replace("  ", " "),
        )
    return value


def accepted(limits: tuple[float, float], unit: str) -> str:
    return f"{number(limits[0])} to {number(limits[1])} {unit}".rstrip()




def shown_beyond(value: float, limits: tuple[float, float]) -> str:
    """An out-of-range value as people read numbers, but never rounded into the range it is outside
    ("350.0000000001", not "350") and never a screenful of digits ("1e+308", not 309 of them)."""
    text = compact(value)
    if "e" in text:
        return text
    if limits[0] <= float(text.replace(",", "")) <= limits[1]:
        return repr(value)  # the shortest text that is exactly this float
    return text


def compact(value: float) -> str:
    """`number(value)`, or 6 significant digits in scientific notation when that would be very long."""
    magnitude = abs(value)
    if magnitude >= 1e9 or 0 < magnitude < 1e-4:
        return f"{value:.6g}"
    return number(value)
