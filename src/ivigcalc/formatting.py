"""Numbers for people, per the ISMP list of error-prone designations: no trailing
zeros (1 g/kg, not 1.0), always a leading zero (0.4, not .4), thousands separators from 1,000, a space
between number and unit. JSON never goes through here: it carries full precision."""

from __future__ import annotations

import math
from collections.abc import Iterable


def number(value: float, decimals: int = 2) -> str:
    """`value` rounded to at most `decimals` places, trailing zeros dropped: 1.50 -> "1.5", 1000 -> "1,000"."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format non-finite number {value!r}")
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def number_beside(value: float, thresholds: Iterable[float], decimals: int = 2) -> str:
    """`value` as number() shows it, unless that text would equal or cross one of `thresholds` while the value
    is not exactly it: then as many more decimals as it takes (24.99999999999 beside 25 -> "24.99999999999",
    not "25"), so a shown count never lands on the other side of a decision threshold."""
    limits = tuple(thresholds)

    def misleads(text: str) -> bool:
        shown = float(text.replace(",", ""))
        return any(value != t and (shown == t or (shown < t) != (value < t)) for t in limits)

    text = number(value, decimals)
    for more in range(decimals + 1, 16):
        if not misleads(text):
            return text
        text = number(value, more)
    return text if not misleads(text) else repr(float(value))  # the shortest text that reads back exactly


def quantity(value: float, unit: str, decimals: int = 2) -> str:
    """`value` with its unit, a space between: quantity(70, "kg") -> "70 kg"."""
    return f"{number(value, decimals)} {unit}"


def signed_percent(percent: float) -> str:
    """A deviation with its sign: "+21.54%", "−0.34%" (a true minus sign), "0%" when it shows as 0."""
    if abs(percent) < 0.005:  # shows as 0 at two decimals
        return "0%"
    return ("+" if percent > 0 else "−") + number(abs(percent)) + "%"


PLATELET_UNIT = "×10⁹/L"  # ISMP: avoids µL, which is misread as mL


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """" (did you mean ash-2011?)" for a close known id, comparing without case, dashes or spaces; "" if none."""
    import difflib

    def squeezed(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum())

    by_squeezed = {squeezed(name): name for name in known}
    exact = by_squeezed.get(squeezed(given))
    close = [squeezed(exact)] if exact else difflib.get_close_matches(squeezed(given), list(by_squeezed), n=3,
                                                                      cutoff=0.6)
    return f" (did you mean {' or '.join(by_squeezed[c] for c in close)}?)" if close else ""
