"""The codes ivigcalc speaks in FHIR and CDS Hooks: indications, the medication class, the observations
it reads, the units, the dose types and the card indicators. Data only; formats/fhir.py and
formats/cds_hooks.py build and read resources with them.

Each code was checked against a published source (the reference ids beside it; the full citation is in
knowledge/references.py). Codes are strings: there are no numbers here.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

# ------------------------------------------------------------------------------------------ systems

SNOMED: Final = "http://snomed.info/sct"
ICD10CM: Final = "http://hl7.org/fhir/sid/icd-10-cm"
ATC: Final = "http://www.whocc.no/atc"
LOINC: Final = "http://loinc.org"
UCUM: Final = "http://unitsofmeasure.org"
DOSE_RATE_TYPE: Final = "http://terminology.hl7.org/CodeSystem/dose-rate-type"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
# ivigcalc's own identifiers: catalogue product ids, warning and finding codes, the input extension.
PRODUCT_SYSTEM: Final = "urn:ivigcalc:product"
WARNING_SYSTEM: Final = "urn:ivigcalc:warning"
FINDING_SYSTEM: Final = "urn:ivigcalc:finding"
INPUT_EXTENSION: Final = "urn:ivigcalc:input"  # complex extension: one inner extension per input field
AUDIT_EXTENSION: Final = "urn:ivigcalc:audit"


@dataclass(frozen=True, slots=True)
class Code:
    system: str
    code: str
    display: str
    references: tuple[str, ...]

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


# ------------------------------------------------------------------------------------------ indications
# 302215000 (Thrombocytopenic disorder) was considered for ITP and not used: it is the broader parent
# (HPO's "Thrombocytopenia" maps to it); 128091003 is the autoimmune (primary immune) disorder itself.

INDICATIONS: Final[MappingProxyType[str, tuple[Code, ...]]] = MappingProxyType({
    "itp": (
        Code(SNOMED, "128091003", "Autoimmune thrombocytopenia (disorder)", ("snomed-ct",)),
        Code(ICD10CM, "D69.3", "Immune thrombocytopenic purpura", ("icd-10-cm",)),
    ),
    # No SNOMED CT concept for catastrophic APS could be verified: CAPS is coded as APS (ICD-10-CM
    # D68.61 lists catastrophic APS among its terms).
    "aps": (
        Code(SNOMED, "26843008", "Antiphospholipid syndrome (disorder)", ("snomed-ct",)),
        Code(ICD10CM, "D68.61", "Antiphospholipid syndrome", ("icd-10-cm",)),
    ),
})

# ------------------------------------------------------------------------------------------ medication

IVIG_CLASS: Final = Code(ATC, "J06BA02", "immunoglobulins, normal human, for intravascular adm.", ("who-atc",))

# ------------------------------------------------------------------------------------------ observations
# LOINC code -> the input field it fills. Platelets: the automated count first (the common one), then
# the method-less code.

WEIGHT: Final = Code(LOINC, "29463-7", "Body weight", ("loinc",))
HEIGHT: Final = Code(LOINC, "8302-2", "Body height", ("loinc",))
AGE: Final = Code(LOINC, "30525-0", "Age", ("loinc",))
PLATELETS: Final = Code(LOINC, "777-3", "Platelets [#/volume] in Blood by Automated count", ("loinc",))
PLATELETS_ANY_METHOD: Final = Code(LOINC, "26515-7", "Platelets [#/volume] in Blood", ("loinc",))

OBSERVATION_FIELDS: Final[MappingProxyType[str, str]] = MappingProxyType({
    WEIGHT.code: "weight", HEIGHT.code: "height", AGE.code: "age",
    PLATELETS.code: "platelets", PLATELETS_ANY_METHOD.code: "platelets",
})

# UCUM unit code of an observation -> the unit option ivigcalc parses (it converts, as on the command
# line). 10*3/uL is numerically the same count as 10*9/L.
UNIT_FIELDS: Final = MappingProxyType({"weight": "weight_unit", "height": "height_unit", "platelets": "platelet_unit"})
UCUM_UNITS: Final[MappingProxyType[str, MappingProxyType[str, str]]] = MappingProxyType({
    "weight": MappingProxyType({"kg": "kg", "[lb_av]": "lb"}),
    "height": MappingProxyType({"cm": "cm", "[in_i]": "in"}),
    "age": MappingProxyType({"a": ""}),
    "platelets": MappingProxyType({"10*9/L": "10^9/L", "10*3/uL": "10^9/L", "/uL": "/uL", "/mm3": "/uL"}),
})
UCUM_GRAM: Final = "g"
UCUM_ML_PER_H: Final = "mL/h"
UCUM_YEAR: Final = "a"

# Patient.gender -> --sex (other and unknown: not given).
GENDERS: Final = MappingProxyType({"female": "female", "male": "male"})

# ------------------------------------------------------------------------------------------ dose types

CALCULATED: Final = Code(DOSE_RATE_TYPE, "calculated", "Calculated", ("hl7-fhir-r4b",))
ORDERED: Final = Code(DOSE_RATE_TYPE, "ordered", "Ordered", ("hl7-fhir-r4b",))

# ------------------------------------------------------------------------------------------ severities
# ivigcalc warning severity -> DetectedIssue.severity (high | moderate | low).
DETECTED_ISSUE_SEVERITY: Final = MappingProxyType({
    "danger": "high", "warning": "moderate", "caution": "moderate", "info": "low",
})

# CDS Hooks card indicator (info | warning | critical) of a `check` finding; a finding not listed here is
# a warning, and every note (INFO line) is info.
FINDING_INDICATORS: Final = MappingProxyType({
    "rate-above-label": "critical",
    "rate-above-at-risk": "critical",
    "not-indicated": "critical",
})
CARD_SUMMARIES: Final = MappingProxyType({
    "dose-deviation": "IVIG dose differs from the calculated dose by more than 10%",
    "weight-basis": "IVIG dose matches another body weight than the dosing weight",
    "days-mismatch": "IVIG order has a different number of infusion days",
    "rate-above-label": "IVIG infusion rate above the label maximum",
    "rate-above-at-risk": "IVIG infusion rate above the label's at-risk maximum",
    "product-not-labelled": "IVIG product not labelled for this indication",
    "not-indicated": "IVIG is not indicated for this patient",
})

SOURCES: Final[dict[str, tuple[str, ...]]] = {}  # codes only: no numbers to source
