"""Validated inputs, in normalised units only (kg, cm, years, ×10⁹/L); the unit the user typed is echoed
beside them. Built by `core.parse` only, which fills every default from `knowledge/`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ivigcalc.model.record import Record
from ivigcalc.model.vocabulary import (
    AgeUnit,
    ApsProtocol,
    ApsScenario,
    Bleeding,
    BloodGroup,
    DosingWeightMode,
    HeightUnit,
    ItpCause,
    ItpRegimenChoice,
    PlateletUnit,
    PolicyId,
    Population,
    ProcedureType,
    RoundingMode,
    Sex,
    WeightUnit,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PatientInput(Record):
    """Patient facts shared by `itp` and `aps`, in normalised units."""

    weight_kg: float
    weight_unit: WeightUnit = WeightUnit.KG
    height_cm: float | None = None
    height_unit: HeightUnit = HeightUnit.CM
    sex: Sex | None = None
    age_years: float | None = None
    age_unit: AgeUnit = AgeUnit.YEARS  # the unit the age was typed in; age_years holds it converted
    pregnant: bool = False
    pre_pregnancy_weight_kg: float | None = None
    dosing_weight: DosingWeightMode = DosingWeightMode.AUTO
    adjustment_factor: float  # the parser fills the default from the policy (knowledge/policies)
    policy: PolicyId = PolicyId.IVIGCALC  # the dosing-weight policy followed
    actual_weight_reason: str | None = None  # recorded reason for --dosing-weight actual
    # Pharmacy: product, rounding (resolved: vial with a product, else nearest) and the boxed-warning
    # risk screen.
    product: str | None = None  # catalogue id (ivigcalc products)
    rounding: RoundingMode = RoundingMode.NEAREST
    egfr_ml_per_min: float | None = None
    creatinine_clearance_ml_per_min: float | None = None
    diabetes: bool = False
    volume_depletion: bool = False
    sepsis: bool = False
    paraproteinemia: bool = False
    nephrotoxic_drugs: bool = False
    thrombosis_history: bool = False
    estrogen: bool = False
    immobilized: bool = False
    central_line: bool = False
    hyperviscosity: bool = False
    cardiovascular_risk: bool = False
    blood_group: BloodGroup | None = None
    allow_sucrose: bool = False
    # Patient conditions that meet product contraindications, and the one override (like allow_sucrose).
    iga_deficiency: bool = False  # IgA deficiency with antibodies against IgA
    hyperprolinaemia: bool = False
    fructose_intolerance: bool = False  # hereditary fructose intolerance
    heart_failure: bool = False  # fluid volume is a concern
    allow_contraindicated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ItpInput(PatientInput):
    command: Literal["itp"] = "itp"
    platelets_10e9_per_l: float
    platelet_unit: PlateletUnit = PlateletUnit.PER_LITRE_10E9
    lln_10e9_per_l: float  # the parser fills the default from knowledge/ctcae
    bleeding: Bleeding = Bleeding.NONE
    bleeding_risk: bool = False
    rapid_rise: bool = False
    procedure: bool = False
    procedure_type: ProcedureType | None = None  # resolved: major when a procedure is stated without a type
    steroids_contraindicated: bool = False
    population: Population = Population.ADULT
    population_stated: bool = False
    cause: ItpCause = ItpCause.PRIMARY
    dic: bool = False
    regimen: ItpRegimenChoice = ItpRegimenChoice.SINGLE_DOSE


@dataclass(frozen=True, slots=True, kw_only=True)
class ApsInput(PatientInput):
    command: Literal["aps"] = "aps"
    scenario: ApsScenario
    failed_standard_therapy: bool = False
    anticoagulation_contraindicated: bool = False
    anticoagulated: bool = False
    inr: float | None = None
    protocol: ApsProtocol | None = None
