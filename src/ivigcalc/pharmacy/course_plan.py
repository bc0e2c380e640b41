"""Course-level vial planning: the whole vials of each day of a multi-day course chosen together.

Rounding each day alone can drift the course far from its total: 27.4 g a day for 5 days is 25 g a day
with 5/10/20/40 g packs (125 g, −8.76% over the course), where 30 + 30 + 25 + 25 + 25 = 135 g (−1.46%)
keeps every day within 10% of its calculated dose. The plan chooses, for every day, a whole-vial total
within 10% of that day's dose (and allowed by `allowed`, the hard limit), such that:

1. the course total is the achievable total nearest the exact course total (a tie goes to the lower);
2. then the fewest vials (whole vials are given whole, so nothing opened is left over: the least
   opened-vial waste is always 0 here, and the tie-break after it is the vial count);
3. then, deterministically, the larger doses on the earlier days.

When a day has no whole-vial total within 10%, there is no plan (None): rounding each day alone is
what happens. Otherwise rounding each day alone is itself one of the plans considered, so the plan's
total is never further from the exact total. Pure: arithmetic in integer centigrams.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ivigcalc.pharmacy.rounding import CENTIGRAMS_PER_G, deviation_percent, vial_options

Vials = tuple[tuple[float, int], ...]


@dataclass(frozen=True, slots=True)
class PlannedDay:
    exact_g: float
    rounded_g: float
    vials: Vials
    deviation_percent: float


@dataclass(frozen=True, slots=True)
class Plan:
    days: tuple[PlannedDay, ...]
    exact_total_g: float
    total_g: float
    vial_count: int

    @property
    def deviation_percent(self) -> float:
        return deviation_percent(self.total_g, self.exact_total_g)


def plan_course(exact_doses_g: Sequence[float], pack_sizes_g: tuple[float, ...],
                allowed: Callable[[float], bool] = lambda grams: True) -> Plan | None:
    """The vials of every day, chosen for the course (see the module's docstring); None when a day has
    no whole-vial total within 10% of its dose."""
    choices: list[list[tuple[int, Vials, int]]] = []  # per day: (centigrams, vials, vial count)
    for exact in exact_doses_g:
        options = [(round(total * CENTIGRAMS_PER_G), vials, sum(count for _, count in vials))
                   for total, vials in vial_options(exact, pack_sizes_g) if allowed(total)]
        if not options:
            return None
        choices.append(sorted(options, reverse=True))  # larger first: the tie-break prefers them early
    # states: course total so far (centigrams) -> (vial count, chosen option index per day)
    states: dict[int, tuple[int, tuple[int, ...]]] = {0: (0, ())}
    for options in choices:
        following: dict[int, tuple[int, tuple[int, ...]]] = {}
        for total, (count, picked) in states.items():
            for index, (grams, _, vial_count) in enumerate(options):
                candidate = (count + vial_count, (*picked, index))
                best = following.get(total + grams)
                if best is None or candidate < best:  # fewer vials, then larger doses earlier
                    following[total + grams] = candidate
        states = following
    exact_total = sum(round(exact * CENTIGRAMS_PER_G) for exact in exact_doses_g)
    total, (count, picked) = min(
        states.items(), key=lambda item: (abs(item[0] - exact_total), item[0], item[1]))
    days = []
    for exact, options, index in zip(exact_doses_g, choices, picked, strict=True):
        grams, vials, _ = options[index]
        rounded = grams / CENTIGRAMS_PER_G
        days.append(PlannedDay(exact, rounded, vials, deviation_percent(rounded, exact)))
    return Plan(tuple(days), exact_total / CENTIGRAMS_PER_G, total / CENTIGRAMS_PER_G, count)
