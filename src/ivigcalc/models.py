"""Validated inputs and the result: the JSON contract lives here.

Inputs hold normalised units only (kg, cm, years, ×10⁹/L); what unit the user typed is echoed
beside them. The Result is the one shape every front end (CLI, batch, Python API) hands out.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class WeightUnit(StrEnum):
    KG = "kg"
    LB = "lb"


class HeightUnit(StrEnum):
    CM = "cm"
    IN = "in"


class PlateletUnit(StrEnum):
    PER_LITRE_10E9 = "10^9/L"
    PER_MICROLITRE = "/uL"


class DosingWeightMode(StrEnum):
    AUTO = "auto"
    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"


class DosingWeightBasis(StrEnum):
    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"
    PRE_PREGNANCY = "pre-pregnancy"


class Bleeding(StrEnum):
    NONE = "none"
    MINOR = "minor"
    ACTIVE = "active"
    LIFE_THREATENING = "life-threatening"


class Population(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    NEONATE = "neonate"


class ItpCause(StrEnum):
    PRIMARY = "primary"
    HCV = "hcv"
    HIV = "hiv"
    SEPSIS = "sepsis"
    MATERNAL_ITP = "maternal-itp"
    ALLOIMMUNE = "alloimmune"


class ItpRegimenChoice(StrEnum):
    SINGLE_DOSE = "single-dose"
    FIVE_DAY = "five-day"


class ApsScenario(StrEnum):
    ASYMPTOMATIC = "asymptomatic"
    OBSTETRIC = "obstetric"
    CAPS = "caps"
    THROMBOSIS = "thrombosis"


class ApsProtocol(StrEnum):
    FIVE_DAY = "five-day"
    TWO_DAY = "two-day"
    SOURCE_2_PLUS_1 = "source-2-plus-1"
    STANDARD = "standard"
    INTENSIVE = "intensive"


class Status(StrEnum):
    INDICATED = "indicated"
    CONSIDER = "consider"
    NOT_INDICATED = "not-indicated"


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"
    DANGER = "danger"


_FROZEN = ConfigDict(frozen=True, extra="forbid")


class PatientInput(BaseModel):
    """Patient facts shared by `itp` and `aps`, in normalised units."""

    model_config = _FROZEN

    weight_kg: float
    weight_unit: WeightUnit = WeightUnit.KG
    height_cm: float | None = None
    height_unit: HeightUnit = HeightUnit.CM
    sex: Sex | None = None
    age_years: float | None = None
    pregnant: bool = False
    pre_pregnancy_weight_kg: float | None = None
    dosing_weight: DosingWeightMode = DosingWeightMode.AUTO
    adjustment_factor: float = 0.4


class ItpInput(PatientInput):
    command: Literal["itp"] = "itp"
    platelets_10e9_per_l: float
    platelet_unit: PlateletUnit = PlateletUnit.PER_LITRE_10E9
    lln_10e9_per_l: float = 150
    bleeding: Bleeding = Bleeding.NONE
    bleeding_risk: bool = False
    rapid_rise: bool = False
    procedure: bool = False
    steroids_contraindicated: bool = False
    population: Population = Population.ADULT
    population_stated: bool = False
    cause: ItpCause = ItpCause.PRIMARY
    dic: bool = False
    regimen: ItpRegimenChoice = ItpRegimenChoice.SINGLE_DOSE


class ApsInput(PatientInput):
    command: Literal["aps"] = "aps"
    scenario: ApsScenario
    failed_standard_therapy: bool = False
    anticoagulation_contraindicated: bool = False
    anticoagulated: bool = False
    inr: float | None = None
    protocol: ApsProtocol | None = None


# ----------------------------------------------------------------------------------------------
# Result


class Grade(BaseModel):
    model_config = _FROZEN

    ctcae_version: Literal["5.0"] = "5.0"
    grade: int
    platelets_10e9_per_l: float
    lln_10e9_per_l: float
    term: str = "Platelet count decreased"


class DosingWeight(BaseModel):
    """The weight the IVIG dose is computed on, how it was obtained, and the numbers behind it."""

    model_config = _FROZEN

    kg: float
    basis: DosingWeightBasis
    reason: str
    actual_kg: float
    ideal_kg: float | None = None
    adjusted_kg: float | None = None
    bmi_kg_per_m2: float | None = None
    adjustment_factor: float = 0.4
    references: tuple[str, ...] = ()


class Infusion(BaseModel):
    model_config = _FROZEN

    day: int
    dose_g_per_kg: float
    dose_g: float


class Phase(BaseModel):
    model_config = _FROZEN

    name: str
    cycles: int | None
    interval_days: int | None
    infusions: tuple[Infusion, ...]
    dose_per_cycle_g: float


class Regimen(BaseModel):
    model_config = _FROZEN

    id: str
    name: str
    phases: tuple[Phase, ...]
    total_dose_g: float | None
    references: tuple[str, ...] = ()


class Cotherapy(BaseModel):
    model_config = _FROZEN

    name: str
    detail: str
    references: tuple[str, ...] = ()


class Warning(BaseModel):
    model_config = _FROZEN

    code: str
    severity: Severity
    message: str
    references: tuple[str, ...] = ()


class Reference(BaseModel):
    model_config = _FROZEN

    id: str
    label: str
    citation: str


class Result(BaseModel):
    model_config = _FROZEN

    command: Literal["itp", "aps"]
    status: Status
    status_reason: str
    status_references: tuple[str, ...]
    rule: str
    grade: Grade | None
    dosing_weight: DosingWeight
    regimen: Regimen | None
    cotherapies: tuple[Cotherapy, ...]
    warnings: tuple[Warning, ...]
    references: tuple[Reference, ...]
    inputs: ItpInput | ApsInput
    ivigcalc_version: str


class GradeResult(BaseModel):
    """`ivigcalc grade`: the CTCAE grade with the ASH thresholds beside it."""

    model_config = _FROZEN

    grade: Grade
    notes: tuple[Warning, ...]
    references: tuple[Reference, ...]
    ivigcalc_version: str
