"""IVIG regimen templates and co-therapies. Doses are g/kg of dosing weight per
infusion day; a reviewer changes a dose here, in one line, and nowhere else. "Monthly" is every
28 days everywhere."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Final

from ivigcalc.formatting import number
from ivigcalc.knowledge.platelet_targets import NEONATE_ICH_TARGETS_10E9_PER_L
from ivigcalc.knowledge.records import CotherapyDef, PhaseTemplate, RegimenTemplate

MONTHLY_DAYS = 28

_REGIMENS = (
    # --- ITP
    RegimenTemplate(
        "itp-adult-single-dose", "IVIG {dose} once; may be repeated if necessary",
        (PhaseTemplate("Single dose", 1, None, (1.0,)),),
        ("ash-2011", "seed-itp"),
        warnings=("label-dose", "expected-response")),
    RegimenTemplate(
        "itp-adult-five-day", "IVIG {dose} (on request; slower)",
        (PhaseTemplate("Five-day course", 1, None, (0.4, 0.4, 0.4, 0.4, 0.4)),),
        ("product-labels", "seed-itp"),
        warnings=("slower-regimen", "label-dose")),
    RegimenTemplate(
        "itp-child-single-dose", "IVIG {dose} once (paediatric range {child_dose_range})",
        (PhaseTemplate("Single dose", 1, None, (1.0,)),),
        ("ash-2011",),
        warnings=("child-dose-range",)),
    RegimenTemplate(
        "itp-neonate-maternal", "IVIG {dose} (neonate of a mother with ITP)",
        (PhaseTemplate("Five-day course", 1, None, (0.4, 0.4, 0.4, 0.4, 0.4)),),
        ("neonatal-1987", "seed-itp"),
        warnings=("transient-response",)),
    RegimenTemplate(
        "itp-neonate-alloimmune", "IVIG {dose} once, as an add-on to platelet transfusion; then reassess",
        (PhaseTemplate("Single dose", 1, None, (1.0,)),),
        ("ontario-ivig",),
        warnings=("alloimmune-dose-conflict",)),
    RegimenTemplate(
        "itp-sepsis", "IVIG {dose} (septic thrombocytopenia without DIC)",
        (PhaseTemplate("Three-day course", 1, None, (0.4, 0.4, 0.4)),),
        ("sepsis-rct-1991", "seed-itp"),
        warnings=("sepsis-evidence",)),
    # --- APS
    RegimenTemplate(
        "aps-caps", "IVIG {course} per course: {dose}; usually one course",
        (PhaseTemplate("Course", 1, None, (0.4, 0.4, 0.4, 0.4, 0.4)),),
        ("australian-criteria", "ontario-ivig", "caps-registry-2018"),
        warnings=("caps-alternative", "caps-triple-therapy-conflict", "aps-prothrombotic")),
    RegimenTemplate(
        "aps-obstetric-five-day", "IVIG {dose} every 4 weeks through pregnancy",
        (PhaseTemplate("Monthly cycle", None, MONTHLY_DAYS, (0.4, 0.4, 0.4, 0.4, 0.4), until="through pregnancy"),),
        ("spinnato-1995",),
        warnings=("aps-obstetric-protocols",)),
    RegimenTemplate(
        "aps-obstetric-two-day", "IVIG {dose} every 4 weeks to 36 weeks' gestation",
        (PhaseTemplate("Monthly cycle", None, MONTHLY_DAYS, (1.0, 1.0), until="to 36 weeks' gestation"),),
        ("branch-2000",),
        warnings=("aps-obstetric-protocols",)),
    RegimenTemplate(
        "aps-obstetric-source-2-plus-1",
        "IVIG 0.4 g/kg/day for 2 days, then 1.5 g/kg on day 3, every 4 weeks through pregnancy "
        "(source document; unsourced)",
        (PhaseTemplate("Monthly cycle", None, MONTHLY_DAYS, (0.4, 0.4, 1.5), until="through pregnancy"),),
        ("seed-aps",),
        warnings=("unsourced-protocol", "aps-obstetric-protocols")),
    RegimenTemplate(
        "aps-thrombosis-standard", "IVIG {dose} once every 4 weeks for 12 cycles (may continue to 24 months)",
        (PhaseTemplate("Monthly infusion", 12, MONTHLY_DAYS, (0.4,)),),
        ("seed-aps", "tenti-2013"),
        warnings=("aps-treatment-duration", "aps-prothrombotic")),
    RegimenTemplate(
        "aps-thrombosis-intensive",
        "IVIG 0.4 g/kg/day for 3 days every 4 weeks for 3 months, then 0.4 g/kg once every 4 weeks "
        "for 9 months, with hydroxychloroquine",
        (
            PhaseTemplate("Induction", 3, MONTHLY_DAYS, (0.4, 0.4, 0.4)),
            PhaseTemplate("Maintenance", 9, MONTHLY_DAYS, (0.4,)),
        ),
        ("sciascia-2012", "seed-aps"),
        warnings=("aps-prothrombotic",),
        cotherapies=("hydroxychloroquine",)),
)

CHILD_DOSE_RANGE_G_PER_KG = (0.8, 1.0)  # ASH 2011 paediatric single dose; computed at the upper end
PREDNISONE_MG_PER_KG_PER_DAY = (1.0, 2.0)  # source document; ASH 2019 studied 0.5-2 mg/kg/day

# Ranges named in texts, written once from the numbers above.
def _range_text(limits: tuple[float, float], unit: str) -> str:
    return f"{number(limits[0])}-{number(limits[1])} {unit}"


RANGE_TEXTS = MappingProxyType({
    "child_dose_range": _range_text(CHILD_DOSE_RANGE_G_PER_KG, "g/kg"),
    "prednisone_range": _range_text(PREDNISONE_MG_PER_KG_PER_DAY, "mg/kg/day"),
})


def fill_dose_text(text: str, template: RegimenTemplate | None) -> str:
    """`text` with {dose} and {course} from `template`'s phases and the named ranges filled in."""
    if "{" not in text:
        return text
    doses = {"dose": template.dose_text, "course": template.course_text} if template is not None else {}
    return text.format(**doses, **RANGE_TEXTS)


REGIMENS: MappingProxyType[str, RegimenTemplate] = MappingProxyType({
    r.id: replace(r, name=fill_dose_text(r.name, r)) for r in _REGIMENS})

# `--regimen five-day` swaps the adult ITP single dose for the five-day schedule; no other regimen has
# a five-day form (children, neonates and sepsis have their own sourced schedules).
FIVE_DAY_SUBSTITUTES: MappingProxyType[str, str] = MappingProxyType(
    {"itp-adult-single-dose": "itp-adult-five-day"}
)

# Corticosteroid amounts are on actual body weight: {prednisone_low_mg} etc. are
# filled by the calculation from the prednisone range below.
DEXAMETHASONE_MG_PER_DAY = 40.0  # ASH 2019
DEXAMETHASONE_DAYS = 4  # ASH 2019
CORTICOSTEROID_MAX_WEEKS = 6  # ASH 2019: short course
# In pregnancy prednisone is a fixed daily dose, not per kg, then the minimum effective dose (ICR 2019).
PREGNANCY_PREDNISONE_MG_PER_DAY = (10.0, 20.0)
# No guideline found sets a maximum daily prednisone dose: above this on actual weight, a caution says so.
PREDNISONE_CAUTION_MG_PER_DAY = 100.0

# The texts are built from the constants above so a dose is written once; {placeholders} stay for
# the amounts computed per patient.
_PREDNISONE_DETAIL = (
    f"{RANGE_TEXTS['prednisone_range']} on "
    "actual body weight: {prednisone_low_mg} mg to {prednisone_high_mg} mg a day at {actual_weight_kg} kg; "
    f"a short course, {CORTICOSTEROID_MAX_WEEKS} weeks at most (ASH 2019)."
)
_PREDNISONE_PREGNANCY_DETAIL = (
    f"In pregnancy {_range_text(PREGNANCY_PREDNISONE_MG_PER_DAY, 'mg')} a day (a fixed dose, not per kg), then "
    "the minimum effective dose; prednisone crosses the placenta less than dexamethasone (ICR 2019)."
)
_NEONATE_CORTICOSTEROIDS_DETAIL = (
    "Neonatal intracranial haemorrhage (ICR 2019): IVIG with limited corticosteroids, to keep the count "
    f"above {number(NEONATE_ICH_TARGETS_10E9_PER_L[0])} ×10⁹/L for 1 week if possible, then above "
    f"{number(NEONATE_ICH_TARGETS_10E9_PER_L[1])} ×10⁹/L for another week; agent, dose and duration with the "
    "neonatologist and haematologist."
)
_DEXAMETHASONE_DETAIL = (
    f"{number(DEXAMETHASONE_MG_PER_DAY)} mg a day for {DEXAMETHASONE_DAYS} days (ASH 2019).")

_COTHERAPIES = (
    CotherapyDef(
        "platelet-transfusion-now", "Platelet transfusion",
        "Now, at the same time as IVIG; do not postpone it.",
        ("icr-2019", "seed-itp")),
    CotherapyDef(
        "platelet-transfusion", "Platelet transfusion",
        "Simultaneously with IVIG.",
        ("seed-itp",)),
    CotherapyDef(
        "iv-corticosteroids", "IV corticosteroids",
        "Start together with IVIG.",
        ("icr-2019", "seed-itp"), is_corticosteroid=True),
    CotherapyDef(
        "prednisone", "Prednisone", _PREDNISONE_DETAIL,
        ("seed-itp", "ash-2019"), is_corticosteroid=True,
        pregnancy_detail=_PREDNISONE_PREGNANCY_DETAIL, pregnancy_references=("icr-2019",)),
    CotherapyDef(
        "dexamethasone-alternative", "Dexamethasone (alternative to prednisone)", _DEXAMETHASONE_DETAIL,
        ("ash-2019",), is_corticosteroid=True, avoid_in_pregnancy=True),
    CotherapyDef(
        "prednisone-first-line", "Prednisone (first line, instead of IVIG)",
        "Corticosteroids are first line (ASH 2011: longer courses preferred over IVIG, 2B). "
        + _PREDNISONE_DETAIL,
        ("ash-2011", "ash-2019", "seed-itp"), is_corticosteroid=True,
        pregnancy_detail="Corticosteroids or IVIG in pregnancy (ASH 2011, 6.1.A). " + _PREDNISONE_PREGNANCY_DETAIL,
        pregnancy_references=("icr-2019",)),
    CotherapyDef(
        "dexamethasone-first-line", "Dexamethasone (first-line alternative)", _DEXAMETHASONE_DETAIL,
        ("ash-2019",), is_corticosteroid=True, avoid_in_pregnancy=True),
    CotherapyDef(
        "prednisone-alone", "Prednisone (instead of IVIG)",
        "The source document's choice at this grade. " + _PREDNISONE_DETAIL,
        ("seed-itp", "ash-2019"), is_corticosteroid=True,
        pregnancy_detail="The source document's choice at this grade. " + _PREDNISONE_PREGNANCY_DETAIL,
        pregnancy_references=("icr-2019",)),
    CotherapyDef(
        "neonate-limited-corticosteroids", "Corticosteroids (limited)", _NEONATE_CORTICOSTEROIDS_DETAIL,
        ("icr-2019",), is_corticosteroid=True),
    CotherapyDef(
        "alloimmune-transfusion", "Platelet transfusion",
        "IVIG is an add-on to platelet transfusion; reassess the count after both.",
        ("ontario-ivig",)),
    # --- APS
    CotherapyDef(
        "aspirin-heparin", "Low-dose aspirin + heparin (LMWH)",
        "Continue throughout; IVIG is an adjunct, never a replacement.",
        ("seed-aps",)),
    CotherapyDef(
        "aspirin-heparin-contraindicated", "Low-dose aspirin + heparin (LMWH)",
        "Stated contraindicated by bleeding risk: IVIG is given without them here; resume them as soon "
        "as the bleeding risk allows.",
        ("seed-aps",)),
    CotherapyDef(
        "anticoagulation-caps", "Anticoagulation",
        "Therapeutic anticoagulation (heparin): part of triple therapy.",
        ("caps-registry-2018", "seed-aps")),
    CotherapyDef(
        "corticosteroids-caps", "Corticosteroids",
        "Part of triple therapy.",
        ("caps-registry-2018", "seed-aps"), is_corticosteroid=True),
    CotherapyDef(
        "plasma-exchange-caps", "Plasma exchange",
        "Triple therapy is anticoagulation + corticosteroids + plasma exchange and/or IVIG.",
        ("caps-registry-2018", "seed-aps")),
    CotherapyDef(
        "anticoagulation-continue", "Anticoagulation",
        "Continue; IVIG never replaces it.",
        ("seed-aps", "eular-2019")),
    CotherapyDef(
        "hydroxychloroquine", "Hydroxychloroquine",
        "With the intensive protocol (Sciascia 2012).",
        ("sciascia-2012",)),
)

COTHERAPIES: MappingProxyType[str, CotherapyDef] = MappingProxyType({c.key: c for c in _COTHERAPIES})

# The sources of the numbers above (each template carries its own references).
SOURCES: Final = {
    "MONTHLY_DAYS": ("seed-aps",), "CHILD_DOSE_RANGE_G_PER_KG": ("ash-2011",),
    "PREDNISONE_MG_PER_KG_PER_DAY": ("seed-itp", "ash-2019"), "DEXAMETHASONE_MG_PER_DAY": ("ash-2019",),
    "DEXAMETHASONE_DAYS": ("ash-2019",), "CORTICOSTEROID_MAX_WEEKS": ("ash-2019",),
    "PREGNANCY_PREDNISONE_MG_PER_DAY": ("icr-2019",), "PREDNISONE_CAUTION_MG_PER_DAY": ("ivigcalc-limits",),
}
