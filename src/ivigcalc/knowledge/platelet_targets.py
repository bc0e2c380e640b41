"""Platelet counts that decide whether IVIG is needed: the procedure targets and the neonatal thresholds
of the International Consensus Report (ICR 2019, Provan et al., Blood Adv 2019;3:3780). ×10⁹/L; a
count below the target needs raising, a count at or above it does not."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from ivigcalc.model.vocabulary import ProcedureType

# ICR 2019, target platelet counts for procedures: minor surgery ≥ 50, major surgery ≥ 80, major
# neurosurgery ≥ 100 ×10⁹/L.
PROCEDURE_TARGETS_10E9_PER_L: Final = MappingProxyType({
    ProcedureType.MINOR: 50.0,
    ProcedureType.MAJOR: 80.0,
    ProcedureType.NEUROSURGERY: 100.0,
})
# A procedure stated without its type is held to the major-surgery target: the stricter of the two
# surgical targets, so an unstated type never hides a count that needs raising.
DEFAULT_PROCEDURE_TYPE: Final = ProcedureType.MAJOR
PROCEDURE_NAMES: Final = MappingProxyType({
    ProcedureType.MINOR: "minor surgery",
    ProcedureType.MAJOR: "major surgery",
    ProcedureType.NEUROSURGERY: "major neurosurgery",
})

# Neonates (ICR 2019): IVIG for symptomatic bleeding or a count below 30 ×10⁹/L.
NEONATE_TREATMENT_THRESHOLD_10E9_PER_L: Final = 30.0
# Neonatal intracranial haemorrhage (ICR 2019): IVIG and limited corticosteroids to keep the count above
# 100 ×10⁹/L for one week if possible, then above 50 ×10⁹/L for another week.
NEONATE_ICH_TARGETS_10E9_PER_L: Final = (100.0, 50.0)

SOURCES: Final = {
    "PROCEDURE_TARGETS_10E9_PER_L": ("icr-2019",),
    "DEFAULT_PROCEDURE_TYPE": ("icr-2019",),
    "PROCEDURE_NAMES": ("icr-2019",),
    "NEONATE_TREATMENT_THRESHOLD_10E9_PER_L": ("icr-2019",),
    "NEONATE_ICH_TARGETS_10E9_PER_L": ("icr-2019",),
}
