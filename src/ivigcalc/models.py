"""Validated inputs and the result: the JSON contract lives here.

Inputs hold normalised units only (kg, cm, years, ×10⁹/L); what unit the user typed is echoed
beside them. The Result is the one shape every front end (CLI, batch, Python API) hands out.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, TypeVar

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


class RoundingMode(StrEnum):
    NONE = "none"
    NEAREST = "nearest"
    VIAL = "vial"


class BloodGroup(StrEnum):
    A = "A"
    B = "B"
    AB = "AB"
    O = "O"  # noqa: E741 - the blood group's name


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

ModelT = TypeVar("ModelT", bound=BaseModel)
_REQUIRED: Any = object()
_CONSTRUCT_PLANS: dict[type[BaseModel], tuple[dict[str, Any], frozenset[str]] | None] = {}


def construct(model: type[ModelT], values: dict[str, Any]) -> ModelT:
    """`model.model_construct(**values)` for already-validated values, several times faster (the
    batch hot path builds two models per row): the same `__dict__` in field order, defaults filled in,
    the same fields-set. Anything it does not cover (a default factory, an unknown or missing
    required name, extra="allow") goes to `model_construct` itself."""
    plan = _CONSTRUCT_PLANS.get(model, _REQUIRED)
    if plan is _REQUIRED:
        plan = _CONSTRUCT_PLANS[model] = _construct_plan(model)
    if plan is not None:
        template, required = plan
        merged = template | values  # the template's key order (field order), the given values
        if len(merged) == len(template) and values.keys() >= required:
            instance = model.__new__(model)
            object.__setattr__(instance, "__dict__", merged)
            object.__setattr__(instance, "__pydantic_fields_set__", set(values))
            object.__setattr__(instance, "__pydantic_extra__", None)
            object.__setattr__(instance, "__pydantic_private__", None)
            return instance
    return model.model_construct(**values)


def _construct_plan(model: type[BaseModel]) -> tuple[dict[str, Any], frozenset[str]] | None:
    if model.model_config.get("extra") == "allow" or model.__pydantic_post_init__ or (
            model.__private_attributes__):
        return None
    template: dict[str, Any] = {}
    required = []
    for name, field in model.__pydantic_fields__.items():
        if field.alias not in (None, name) or field.validation_alias not in (None, name):
            return None
        if field.is_required():
            template[name] = _REQUIRED
            required.append(name)
        elif field.default_factory is not None or not isinstance(
                field.default, str | int | float | bool | tuple | frozenset | type(None)):
            return None  # model_construct would call the factory or copy a mutable default
        else:
            template[name] = field.default
    return template, frozenset(required)


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
    # Pharmacy (issue 3): product, rounding (resolved: vial with a product, else nearest) and the
    # boxed-warning risk screen (CLINICAL.md §6).
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


class VialCount(BaseModel):
    model_config = _FROZEN

    size_g: float
    count: int


class ScheduleStep(BaseModel):
    model_config = _FROZEN

    rate_mg_per_kg_min: float
    rate_ml_per_h: float
    minutes: float
    volume_ml: float


class InfusionSchedule(BaseModel):
    """Titration from the product's label (or the generic schedule, said in `source`), ending when
    the volume is given. Rates are converted on the dosing weight."""

    model_config = _FROZEN

    steps: tuple[ScheduleStep, ...]
    total_minutes: float
    source: str
    rates_for: str  # the label indication whose rates are used: itp, pi, cidp
    generic: bool  # the generic titration, not the label's own steps
    at_risk_max_mg_per_kg_min: float | None = None  # the at-risk cap applied, if any


class Infusion(BaseModel):
    model_config = _FROZEN

    day: int
    dose_g_per_kg: float
    dose_g: float
    # What is given (issue 3): the rounded dose, its vials and deviation; volume and schedule with --product.
    dose_g_rounded: float | None = None
    rounding_step_g: float | None = None  # the `nearest` step used (5, 2.5, 1 or 0.1 g)
    vials: tuple[VialCount, ...] = ()
    deviation_percent: float | None = None
    volume_ml: float | None = None
    infusion_schedule: InfusionSchedule | None = None


class Phase(BaseModel):
    model_config = _FROZEN

    name: str
    cycles: int | None
    interval_days: int | None
    infusions: tuple[Infusion, ...]
    dose_per_cycle_g: float
    dose_per_cycle_g_rounded: float | None = None


class Regimen(BaseModel):
    model_config = _FROZEN

    id: str
    name: str
    phases: tuple[Phase, ...]
    total_dose_g: float | None
    references: tuple[str, ...] = ()
    total_dose_g_rounded: float | None = None


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


class ProductSummary(BaseModel):
    """The product named with --product, as the catalogue gives it (verify against the current label)."""

    model_config = _FROZEN

    id: str
    name: str
    concentration_percent: float
    pack_sizes_g: tuple[float, ...]
    contains_sucrose: bool | None
    stabiliser: str | None
    labelled_for_itp: bool
    verify: str = "Catalogue values from PRODUCTS.md; verify against the current label."


class RiskScreen(BaseModel):
    """Boxed-warning risk factors found in the inputs (CLINICAL.md §6)."""

    model_config = _FROZEN

    renal_risk_factors: tuple[str, ...] = ()
    thrombosis_risk_factors: tuple[str, ...] = ()

    @property
    def renal_risk(self) -> bool:
        return bool(self.renal_risk_factors)

    @property
    def thrombosis_risk(self) -> bool:
        return bool(self.thrombosis_risk_factors)

    @property
    def at_risk(self) -> bool:
        return self.renal_risk or self.thrombosis_risk


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
    product: ProductSummary | None = None  # with --product (issue 3)
    risk_screen: RiskScreen | None = None  # boxed-warning risk factors (issue 3)


class GradeResult(BaseModel):
    """`ivigcalc grade`: the CTCAE grade with the ASH thresholds beside it."""

    model_config = _FROZEN

    grade: Grade
    notes: tuple[Warning, ...]
    references: tuple[Reference, ...]
    ivigcalc_version: str
