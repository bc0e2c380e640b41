"""Dose rounding (steps and tolerance in knowledge/rounding.py). Pure functions, no catalogue: vial sizes
come in as numbers.

- `nearest`: adults to the nearest 5 g when that stays within 10% of the exact dose, else 2.5 g,
  else 1 g; children 2.5 g, else 1 g; neonates 0.1 g (no vial rounding). "Stay within 10% of the
  original order, rounding up or down" (Pharmacy Purchasing & Products 2010).
- `vial`: whole vials of one product (ASCIA: round to the full vial size): the achievable total
  nearest the exact dose (a tie goes to the lower total), then the fewest vials for that total.
- `none`: the exact dose.
A tie between two candidates always goes to the lower dose (less drug, less waste).

Arithmetic is done in integer centigrams, so 0.1 g and 2.5 g steps are exact: a dose_g arrives at
0.01 g precision (calculate.expand) and every pack size is a whole number of centigrams.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Final

from ivigcalc.knowledge.rounding import MAX_DEVIATION_PERCENT, NEAREST_STEPS_G
from ivigcalc.model.vocabulary import Population

# A deviation of 10.000000000000002% is 10% computed in floats, not a breach.
_DEVIATION_TOLERANCE_PERCENT: Final = 1e-9
CENTIGRAMS_PER_G: Final = 100


@dataclass(frozen=True, slots=True)
class Rounded:
    """The dose as it will be given. `step_g`: the `nearest` step used; `vials`: (size_g, count),
    largest size first, empty unless `vial`."""

    exact_g: float
    rounded_g: float
    step_g: float | None
    vials: tuple[tuple[float, int], ...]
    deviation_percent: float

    @property
    def beyond_limit(self) -> bool:
        return exceeds_limit(self.deviation_percent)


def exceeds_limit(deviation_percent: float) -> bool:
    """More than 10% away from the exact dose (exactly 10% is within)."""
    return abs(deviation_percent) > MAX_DEVIATION_PERCENT + _DEVIATION_TOLERANCE_PERCENT


def deviation_percent(rounded_g: float, exact_g: float) -> float:
    return (rounded_g - exact_g) / exact_g * 100.0


def _centigrams(grams: float) -> int:
    return round(grams * CENTIGRAMS_PER_G)


def _grams(centigrams: int) -> float:
    return centigrams / CENTIGRAMS_PER_G


def no_rounding(exact_g: float) -> Rounded:
    return Rounded(exact_g, exact_g, None, (), 0.0)


def round_to_multiple(exact_g: float, step_g: float) -> float:
    """The multiple of `step_g` nearest `exact_g` (a tie goes down); never 0 for a positive dose."""
    step = _centigrams(step_g)
    dose = _centigrams(exact_g)
    lower = dose // step * step
    upper = lower + step
    chosen = lower if dose - lower <= upper - dose else upper  # tie → lower
    if chosen == 0:
        chosen = step  # a positive dose never rounds to nothing
    return _grams(chosen)


def round_nearest(exact_g: float, population: Population) -> Rounded:
    """The coarsest step of the population that stays within 10%; the finest step otherwise."""
    if exact_g <= 0:
        raise ValueError("a dose to round must be positive")
    steps = NEAREST_STEPS_G[population]
    for step in steps:
        rounded = round_to_multiple(exact_g, step)
        deviation = deviation_percent(rounded, exact_g)
        if not exceeds_limit(deviation) or step == steps[-1]:
            return Rounded(exact_g, rounded, step, (), deviation)
    raise AssertionError("unreachable")  # pragma: no cover


def round_vials(exact_g: float, pack_sizes_g: tuple[float, ...]) -> Rounded:
    """Whole vials: the achievable total nearest `exact_g` (tie → lower total), then fewest vials."""
    if exact_g <= 0:
        raise ValueError("a dose to round must be positive")
    sizes = tuple(sorted({_centigrams(size) for size in pack_sizes_g}, reverse=True))
    if not sizes or sizes[-1] <= 0:
        raise ValueError("pack sizes must be positive")
    unit = reduce(math.gcd, sizes)  # every achievable total is a multiple of this
    sizes_in_units = tuple(size // unit for size in sizes)
    dose = _centigrams(exact_g)
    # Totals above dose + the largest vial are never nearer than a total with one vial fewer.
    ceiling_units = -(-dose // unit) + sizes_in_units[0]
    fewest = _fewest_vials(sizes_in_units, ceiling_units)
    best_total = None
    best_key: tuple[int, int] | None = None
    for total_units in range(1, ceiling_units + 1):
        if fewest[total_units] is None:
            continue
        key = (abs(total_units * unit - dose), total_units)  # nearest, then the lower total
        if best_key is None or key < best_key:
            best_key, best_total = key, total_units
    assert best_total is not None  # the smallest vial alone is always achievable
    counts = _combination(sizes_in_units, best_total, fewest)
    vials = tuple((_grams(size), count) for size, count in zip(sizes, counts, strict=True) if count)
    rounded = _grams(best_total * unit)
    return Rounded(exact_g, rounded, None, vials, deviation_percent(rounded, exact_g))


def _fewest_vials(sizes: tuple[int, ...], ceiling: int) -> list[int | None]:
    """fewest[t]: the fewest vials adding up to t units exactly (None: not achievable)."""
    return list(_fewest_table(sizes, ceiling))


@lru_cache(maxsize=64)
def _fewest_table(sizes: tuple[int, ...], ceiling: int) -> tuple[int | None, ...]:
    fewest: list[int | None] = [0] + [None] * ceiling
    for total in range(1, ceiling + 1):
        best: int | None = None
        for size in sizes:
            if size <= total:
                previous = fewest[total - size]
                if previous is not None and (best is None or previous + 1 < best):
                    best = previous + 1
        fewest[total] = best
    return tuple(fewest)


def _combination(sizes: tuple[int, ...], total: int, fewest: list[int | None]) -> list[int]:
    """One fewest-vial combination for `total`, preferring the largest vials (deterministic)."""
    counts = [0] * len(sizes)
    remaining = total
    while remaining:
        for index, size in enumerate(sizes):  # largest first
            previous = fewest[remaining - size] if size <= remaining else None
            current = fewest[remaining]
            if previous is not None and current is not None and previous == current - 1:
                counts[index] += 1
                remaining -= size
                break
        else:  # pragma: no cover - the table guarantees a predecessor
            raise AssertionError("no vial combination")
    return counts


def _vial_units(pack_sizes_g: tuple[float, ...]) -> tuple[tuple[int, ...], int]:
    """Pack sizes in units of their greatest common divisor (largest first), and that unit in centigrams."""
    sizes = tuple(sorted({_centigrams(size) for size in pack_sizes_g}, reverse=True))
    if not sizes or sizes[-1] <= 0:
        raise ValueError("pack sizes must be positive")
    unit = reduce(math.gcd, sizes)
    return tuple(size // unit for size in sizes), unit


def vial_options(exact_g: float, pack_sizes_g: tuple[float, ...]) -> list[tuple[float, tuple[tuple[float, int], ...]]]:
    """Every whole-vial total within 10% of `exact_g`, lowest first, each with its fewest-vial combination
    (largest vials preferred). Empty when no total is within 10%."""
    if exact_g <= 0:
        raise ValueError("a dose to round must be positive")
    sizes, unit = _vial_units(pack_sizes_g)
    dose = _centigrams(exact_g)
    ceiling = dose * 11 // (10 * unit) + 1  # every total up to 110% of the dose
    fewest = _fewest_vials(sizes, ceiling)
    options = []
    for total_units in range(1, ceiling + 1):
        if fewest[total_units] is None:
            continue
        total_g = _grams(total_units * unit)
        if exceeds_limit(deviation_percent(total_g, exact_g)):
            continue
        counts = _combination(sizes, total_units, fewest)
        options.append((total_g, tuple(
            (_grams(size * unit), count) for size, count in zip(sizes, counts, strict=True) if count)))
    return options


def cover_vials(dose_g: float, pack_sizes_g: tuple[float, ...]) -> tuple[float, tuple[tuple[float, int], ...]]:
    """The vials opened to give `dose_g` when it is not a whole-vial total: the smallest achievable total
    at or above it (least left over), then the fewest vials. Returns (grams opened, vials)."""
    if dose_g <= 0:
        raise ValueError("a dose must be positive")
    sizes, unit = _vial_units(pack_sizes_g)
    dose = _centigrams(dose_g)
    ceiling = -(-dose // unit) + sizes[-1]
    fewest = _fewest_vials(sizes, ceiling)
    for total_units in range(-(-dose // unit), ceiling + 1):
        if fewest[total_units] is not None:
            counts = _combination(sizes, total_units, fewest)
            return _grams(total_units * unit), tuple(
                (_grams(size * unit), count) for size, count in zip(sizes, counts, strict=True) if count)
    raise AssertionError("the smallest vial added always covers the dose")  # pragma: no cover
