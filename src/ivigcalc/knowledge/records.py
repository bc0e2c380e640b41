"""Record types of the clinical tables. Plain frozen dataclasses: cheap to build at import (start-up
matters for a bedside tool) and easy to read in a diff."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ivigcalc.formatting import number
from ivigcalc.model.vocabulary import Population, Severity, Status

FactsT = TypeVar("FactsT")

# A warning to show: its catalogue key and the values for its {placeholders}.
WarningRequest = tuple[str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class WarningDef:
    """A warning in the catalogue. `message` may hold `{placeholders}` filled at calculation time."""

    key: str  # unique catalogue key
    code: str  # public, stable kebab-case code (several keys may share one code)
    severity: Severity
    message: str
    references: tuple[str, ...]
    # One short sentence (at most 100 characters) for the one-screen output; may use the message's
    # placeholders. The message stays the full text (in --full, JSON and batch records).
    summary: str


@dataclass(frozen=True, slots=True)
class PhaseTemplate:
    name: str
    cycles: int | None  # None: open-ended ("throughout pregnancy")
    interval_days: int | None  # None for a single course
    doses_g_per_kg: tuple[float, ...]  # one entry per infusion day, day 1 first
    until: str | None = None  # how an open-ended phase ends, in words: "through pregnancy"


@dataclass(frozen=True, slots=True)
class RegimenTemplate:
    id: str
    name: str  # may hold {dose} and {course}: filled from the phases, so a dose is written once
    phases: tuple[PhaseTemplate, ...]
    references: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # warning keys that always come with this regimen
    cotherapies: tuple[str, ...] = ()  # co-therapy keys that belong to this regimen

    @property
    def dose_text(self) -> str:
        """The dose of the first phase in words: "1 g/kg", "0.4 g/kg/day for 5 days"; a phase whose
        days differ is spelled day by day ("0.4, 0.4, 1.5 g/kg on days 1-3")."""
        doses = self.phases[0].doses_g_per_kg
        if len(doses) == 1:
            return f"{number(doses[0])} g/kg"
        if len(set(doses)) == 1:
            return f"{number(doses[0])} g/kg/day for {len(doses)} days"
        return f"{', '.join(number(d) for d in doses)} g/kg on days 1-{len(doses)}"

    @property
    def course_text(self) -> str:
        """The first phase's total per course: "2 g/kg"."""
        return f"{number(sum(self.phases[0].doses_g_per_kg))} g/kg"


@dataclass(frozen=True, slots=True)
class CotherapyDef:
    """Co-therapy or alternative. `detail` may hold `{placeholders}` (amounts on actual weight)."""

    key: str
    name: str
    detail: str
    references: tuple[str, ...]
    is_corticosteroid: bool = False
    avoid_in_pregnancy: bool = False  # dexamethasone crosses the placenta (ICR 2019)
    pregnancy_detail: str | None = None  # the text in pregnancy, where the dose differs (prednisone, ICR 2019)
    pregnancy_references: tuple[str, ...] = ()

    @property
    def weight_based(self) -> bool:
        """The detail computes an amount on actual body weight (prednisone mg/kg/day)."""
        return "{prednisone_high_mg}" in self.detail


@dataclass(frozen=True, slots=True)
class Rule(Generic[FactsT]):
    """One row of a decision table: the first row whose `when` holds decides."""

    id: str
    when: Callable[[FactsT], bool]
    status: Status
    reason: str
    references: tuple[str, ...]
    regimen: str | None = None  # regimen template id
    cotherapies: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    population: Population | None = None  # None: APS tables (no population split)
    # A rapid rise is needed: the slower five-day schedule, if asked for, comes with a danger warning
    # (source-document pitfall) but is computed: it may be what a patient at risk of volume overload needs.
    rapid_response_needed: bool = False
    regimen_by_protocol: Mapping[str, str] = field(default_factory=dict)
