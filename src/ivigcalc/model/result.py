"""The result: the one shape every front end (CLI, batch, Python API, renderers) reads. The JSON contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.record import Record
from ivigcalc.model.vocabulary import DosingWeightBasis, PolicyId, Severity, Status, WeightDecision


@dataclass(frozen=True, slots=True, kw_only=True)
class Grade(Record):
    ctcae_version: Literal["5.0"] = "5.0"
    grade: int
    platelets_10e9_per_l: float
    lln_10e9_per_l: float
    term: str = "Platelet count decreased"


@dataclass(frozen=True, slots=True, kw_only=True)
class DosingWeight(Record):
    """The weight the IVIG dose is computed on, how it was obtained, and the numbers behind it."""

    kg: float
    basis: DosingWeightBasis
    reason: str
    actual_kg: float
    ideal_kg: float | None = None
    adjusted_kg: float | None = None
    bmi_kg_per_m2: float | None = None
    adjustment_factor: float
    references: tuple[str, ...] = ()
    # The dosing-weight policy followed (knowledge/policies.py) and the step of it that decided.
    policy: PolicyId = PolicyId.IVIGCALC
    policy_label: str = "ivigcalc default"
    policy_verification: str = "ivigcalc rule"  # verified, partly verified, not verified, ivigcalc rule
    decision: WeightDecision
    triggers: tuple[str, ...] = ()  # the triggers met, when adjusted by one: bmi, ibw-excess


@dataclass(frozen=True, slots=True, kw_only=True)
class VialCount(Record):
    size_g: float
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleStep(Record):
    rate_mg_per_kg_min: float
    rate_ml_per_h: float
    minutes: float
    volume_ml: float


@dataclass(frozen=True, slots=True, kw_only=True)
class InfusionSchedule(Record):
    """Titration from the product's label (or the generic schedule, said in `source`), ending when
    the volume is given. Rates are converted on the dosing weight."""

    steps: tuple[ScheduleStep, ...]
    total_minutes: float
    source: str
    rates_for: str  # the label indication whose rates are used: itp, pi, cidp
    generic: bool  # the generic titration, not the label's own steps
    at_risk_max_mg_per_kg_min: float | None = None  # the at-risk cap applied, if any


@dataclass(frozen=True, slots=True, kw_only=True)
class Infusion(Record):
    day: int
    dose_g_per_kg: float
    dose_g: float
    # What is given: the rounded dose, its vials and deviation; volume and schedule with --product.
    dose_g_rounded: float | None = None
    rounding_step_g: float | None = None  # the `nearest` step used (5, 2.5, 1 or 0.1 g)
    vials: tuple[VialCount, ...] = ()
    deviation_percent: float | None = None
    volume_ml: float | None = None
    infusion_schedule: InfusionSchedule | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CoursePlan(Record):
    """Whole vials chosen for the course, not each day alone (pharmacy/course_plan.py): the course total
    nearest the exact total with every day within 10%. The infusions carry the planned doses; what
    rounding each day alone would give is kept here."""

    exact_g: float  # the cycle's calculated total
    planned_g: float
    deviation_percent: float
    vial_count: int
    rounded_alone_g: tuple[float, ...]  # each day rounded on its own, in day order
    rounded_alone_total_g: float
    rounded_alone_deviation_percent: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase(Record):
    name: str
    cycles: int | None
    interval_days: int | None
    infusions: tuple[Infusion, ...]
    dose_per_cycle_g: float
    dose_per_cycle_g_rounded: float | None = None
    course_plan: CoursePlan | None = None  # multi-day cycles with whole-vial rounding


@dataclass(frozen=True, slots=True, kw_only=True)
class Regimen(Record):
    id: str
    name: str
    phases: tuple[Phase, ...]
    total_dose_g: float | None
    references: tuple[str, ...] = ()
    total_dose_g_rounded: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cotherapy(Record):
    name: str
    detail: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Warning(Record):
    code: str
    severity: Severity
    message: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference(Record):
    id: str
    label: str
    citation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductFact(Record):
    """A label contraindication or warning of the named product, with where it came from."""

    code: str
    text: str
    source: str
    secondary: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductSummary(Record):
    """The product named with --product, as the catalogue gives it (verify against the current label)."""

    id: str
    name: str
    concentration_percent: float
    pack_sizes_g: tuple[float, ...]
    contains_sucrose: bool | None
    stabiliser: str | None
    labelled_for_itp: bool
    iga: str | None = None
    contraindications: tuple[ProductFact, ...] = ()
    label_warnings: tuple[ProductFact, ...] = ()
    min_age_itp_years: float | None = None
    verify: str = "Catalogue values compiled from the product labels; verify against the current label."


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskScreen(Record):
    """Boxed-warning risk factors found in the inputs."""

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


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseCost(Record):
    """One cycle of a phase: grams given, opened and left over in opened vials, and their cost."""

    name: str
    cycles: int | None
    grams_given: float
    grams_opened: float
    grams_wasted: float
    cost: float | None  # None when a pack used has no price
    waste_cost: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Stewardship(Record):
    """Cost and opened-vial waste, from the prices given (--prices or the config file); none ship with
    ivigcalc. Course totals are null when a phase is open-ended or (cost) a pack used has no price."""

    currency: str | None
    prices_source: str
    phases: tuple[PhaseCost, ...]
    grams_given: float | None
    grams_opened: float | None
    grams_wasted: float | None
    cost: float | None
    waste_cost: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Audit(Record):
    """What produced a result, so it can be tied to the exact rules: core/audit.py builds it."""

    ivigcalc_version: str
    knowledge_version: str  # SHA-256 of the knowledge tables (knowledge/fingerprint.py)
    catalogue_version: str  # SHA-256 of the product catalogue
    policy: str  # the dosing policy applied
    timestamp: str  # ISO 8601 UTC; SOURCE_DATE_EPOCH when set
    inputs_sha256: str  # SHA-256 of the validated inputs (the `inputs` block, keys sorted)


@dataclass(frozen=True, slots=True, kw_only=True)
class Result(Record):
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
    product: ProductSummary | None = None  # with --product
    risk_screen: RiskScreen | None = None  # boxed-warning risk factors
    stewardship: Stewardship | None = None  # cost and waste, with prices and a product
    audit: Audit | None = None  # always set by the calculation; None only for hand-built results


@dataclass(frozen=True, slots=True, kw_only=True)
class GradeResult(Record):
    """`ivigcalc grade`: the CTCAE grade with the ASH thresholds beside it."""

    grade: Grade
    notes: tuple[Warning, ...]
    references: tuple[Reference, ...]
    ivigcalc_version: str
