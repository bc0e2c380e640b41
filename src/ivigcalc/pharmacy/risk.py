"""The boxed-warning risk screen. Pure: validated input in, factors out.

Renal risk: eGFR or creatinine clearance < 60 mL/min, diabetes, age > 65, volume depletion, sepsis
(the flag or ITP `--cause sepsis`), paraproteinaemia, nephrotoxic drugs. Thrombosis risk: age > 65,
history of thrombosis, estrogen use, immobilisation, an indwelling vascular catheter, hyperviscosity,
cardiovascular risk factors, and (for `aps`) antiphospholipid syndrome itself, a hypercoagulable
condition named by the boxed warning.
"""

from __future__ import annotations

from typing import Final

from ivigcalc.formatting import number
from ivigcalc.knowledge import limits
from ivigcalc.knowledge.risk_screen import (
    HAEMOLYSIS_G_PER_KG_PER_COURSE,
    RENAL_FUNCTION_THRESHOLD_ML_PER_MIN,
    RISK_AGE_YEARS,
)
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.result import RiskScreen
from ivigcalc.model.vocabulary import ItpCause

_RENAL_FLAGS: Final = (
    ("diabetes", "diabetes mellitus"),
    ("volume_depletion", "volume depletion"),
    ("paraproteinemia", "paraproteinaemia"),
    ("nephrotoxic_drugs", "nephrotoxic drugs"),
)
_THROMBOSIS_FLAGS: Final = (
    ("thrombosis_history", "history of venous or arterial thrombosis"),
    ("estrogen", "estrogen use"),
    ("immobilized", "prolonged immobilisation"),
    ("central_line", "indwelling vascular catheter"),
    ("hyperviscosity", "hyperviscosity"),
    ("cardiovascular_risk", "cardiovascular risk factors"),
)


def screen(patient: ItpInput | ApsInput) -> RiskScreen:
    renal: list[str] = []
    thrombosis: list[str] = []
    for label, value in (("eGFR", patient.egfr_ml_per_min),
                         ("creatinine clearance", patient.creatinine_clearance_ml_per_min)):
        if value is not None and value < RENAL_FUNCTION_THRESHOLD_ML_PER_MIN:
            renal.append(f"{label} {number(value)} mL/min (< {number(RENAL_FUNCTION_THRESHOLD_ML_PER_MIN)})")
    if patient.age_years is not None and patient.age_years > RISK_AGE_YEARS:
        age = f"age {number(patient.age_years)} years (> {number(RISK_AGE_YEARS)})"
        renal.append(age)
        thrombosis.append(age)
    renal.extend(label for name, label in _RENAL_FLAGS if getattr(patient, name))
    if patient.sepsis:
        renal.append("sepsis")
    elif isinstance(patient, ItpInput) and patient.cause is ItpCause.SEPSIS:
        renal.append("sepsis (--cause sepsis)")
    thrombosis.extend(label for name, label in _THROMBOSIS_FLAGS if getattr(patient, name))
    if isinstance(patient, ApsInput):
        thrombosis.append("antiphospholipid syndrome (a hypercoagulable condition)")
    return RiskScreen(renal_risk_factors=tuple(renal), thrombosis_risk_factors=tuple(thrombosis))


def describe(risk: RiskScreen) -> str:
    """'renal risk: diabetes mellitus; thrombosis risk: estrogen use'."""
    parts = []
    if risk.renal_risk:
        parts.append("renal risk: " + ", ".join(risk.renal_risk_factors))
    if risk.thrombosis_risk:
        parts.append("thrombosis risk: " + ", ".join(risk.thrombosis_risk_factors))
    return "; ".join(parts)


def reaches_haemolysis_dose(g_per_kg_per_course: float) -> bool:
    return limits.at_least(g_per_kg_per_course, HAEMOLYSIS_G_PER_KG_PER_COURSE)
