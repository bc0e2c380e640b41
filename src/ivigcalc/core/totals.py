"""Sums of doses, done one way everywhere: doses to 0.01 g ("not rounded beyond 0.01 g"), and totals
that add the doses as shown, so what is printed adds up. Used for the calculated and the rounded doses."""

from __future__ import annotations

from collections.abc import Iterable

DOSE_DECIMALS = 2


def dose_g(dosing_weight_kg: float, g_per_kg: float) -> float:
    return round(dosing_weight_kg * g_per_kg, DOSE_DECIMALS)


def cycle_total_g(doses_g: Iterable[float]) -> float:
    return round(sum(doses_g), DOSE_DECIMALS)


def regimen_total_g(cycles_and_cycle_totals: Iterable[tuple[int | None, float]]) -> float | None:
    """Σ cycles × cycle total over the phases; None when a phase is open-ended (cycles None)."""
    total = 0.0
    for cycles, cycle_total in cycles_and_cycle_totals:
        if cycles is None:
            return None
        total += cycles * cycle_total
    return round(total, DOSE_DECIMALS)
