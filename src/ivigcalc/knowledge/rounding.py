"""Dose rounding as data: the steps per population, the 10% tolerance and the sources.

- nearest: adults 5 g (Ontario, Option Care), then 2.5 g, then 1 g to stay within 10%; children
  2.5 g, then 1 g (1-2.5 g steps); neonates 0.1 g (no vial rounding).
- vial: whole vials of the named product (ASCIA: round to the full vial size).
- "Stay within 10% of the original order, rounding up or down" (Pharmacy Purchasing & Products 2010).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from ivigcalc.model.vocabulary import Population, RoundingMode

MAX_DEVIATION_PERCENT: Final = 10.0  # Pharmacy Purchasing & Products 2010
NEAREST_STEPS_G: Final[MappingProxyType[Population, tuple[float, ...]]] = MappingProxyType({
    Population.ADULT: (5.0, 2.5, 1.0),
    Population.CHILD: (2.5, 1.0),
    Population.NEONATE: (0.1,),
})
ROUNDING_REFERENCES: Final[MappingProxyType[RoundingMode, tuple[str, ...]]] = MappingProxyType({
    RoundingMode.NEAREST: ("pppmag-2010", "ontario-ivig"),
    RoundingMode.VIAL: ("ascia-ivig-2024", "pppmag-2010"),
    RoundingMode.NONE: (),
})
# Without --round: whole vials when a product is named, else the nearest step.
DEFAULT_ROUNDING_WITH_PRODUCT: Final = RoundingMode.VIAL
DEFAULT_ROUNDING_WITHOUT_PRODUCT: Final = RoundingMode.NEAREST
# Populations that never get whole-vial rounding: a 5 g vial for a 1.2 g neonatal dose is a fourfold overdose.
NO_VIAL_ROUNDING: Final = frozenset({Population.NEONATE})

SOURCES: Final = {"MAX_DEVIATION_PERCENT": ("pppmag-2010",), "NEAREST_STEPS_G": ("ontario-ivig", "pppmag-2010")}
