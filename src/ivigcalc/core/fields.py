"""Every input field, declared once: its name (the batch column and the Python keyword), what it holds,
which commands take it, its default, its help text and its group on the help screen.

The CLI options (cli/options.py), the Python API's signatures (api/__init__.py), the parser's field sets
(core/parse.py), the batch columns (formats/batch_read.py) and the JSON Schema of a batch row
(formats/schema.py) are all derived from `FIELDS`; adding an input is one row here plus its parsing.
The order of `FIELDS` is the order of `--help`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from ivigcalc.formatting import number
from ivigcalc.knowledge.body_weight import DEFAULT_ADJUSTMENT_FACTOR
from ivigcalc.knowledge.ctcae import DEFAULT_LLN_10E9_PER_L
from ivigcalc.knowledge.platelet_targets import DEFAULT_PROCEDURE_TYPE, PROCEDURE_TARGETS_10E9_PER_L
from ivigcalc.knowledge.risk_screen import HAEMOLYSIS_G_PER_KG_PER_COURSE, RENAL_FUNCTION_THRESHOLD_ML_PER_MIN
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

Kind = Literal["number", "choice", "flag", "text"]
Command = Literal["itp", "aps", "check"]

# Help-screen groups.
PATIENT: Final = "Patient"
ITP_PANEL: Final = "ITP"
APS_PANEL: Final = "APS"
PHARMACY: Final = "Product and preparation"
RISK: Final = "Risk screen (boxed warning)"
CONTRAINDICATIONS: Final = "Product contraindications"
ORDER: Final = "Order as written"

ITP: Final = frozenset({"itp"})
APS: Final = frozenset({"aps"})
BOTH: Final = frozenset({"itp", "aps"})
CHECK: Final = frozenset({"check"})


@dataclass(frozen=True, slots=True)
class InputField:
    name: str  # the batch column, the Python keyword; the option is --name with dashes
    kind: Kind
    commands: frozenset[str]
    help: str
    panel: str
    metavar: str | None = None  # numbers and text; a choice shows its values
    choices: type[StrEnum] | None = None
    default: str | None = None  # as typed (a choice's value); None: not given
    required: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def shown_metavar(self) -> str | None:
        if self.choices is not None:
            return "[" + "|".join(member.value for member in self.choices) + "]"
        return self.metavar


def _flag(name: str, commands: frozenset[str], help_text: str, panel: str) -> InputField:
    return InputField(name, "flag", commands, help_text, panel)


_RENAL = number(RENAL_FUNCTION_THRESHOLD_ML_PER_MIN)
_TARGETS = ", ".join(f"{kind.value} {number(PROCEDURE_TARGETS_10E9_PER_L[kind])}" for kind in ProcedureType)

FIELDS: Final[tuple[InputField, ...]] = (
    InputField("weight", "number", BOTH, "Body weight (required); kg unless --weight-unit lb.", PATIENT,
               metavar="NUMBER", required=True),
    # ------------------------------------------------------------------ itp
    InputField("platelets", "number", ITP, "Platelet count (required); ×10⁹/L unless --platelet-unit /uL.",
               ITP_PANEL, metavar="COUNT", required=True),
    InputField("platelet_unit", "choice", ITP, "10^9/L (default) or /uL (also /mcL, /mm3).", ITP_PANEL,
               choices=PlateletUnit, default=PlateletUnit.PER_LITRE_10E9.value),
    InputField("bleeding", "choice", ITP,
               "none; minor (skin only); active (mucosal or other, not life-threatening); life-threatening "
               "(CNS, GI or genitourinary haemorrhage).", ITP_PANEL, choices=Bleeding, default=Bleeding.NONE.value),
    _flag("bleeding_risk", ITP, "A stated bleeding risk.", ITP_PANEL),
    _flag("rapid_rise", ITP, "A rapid platelet rise is needed.", ITP_PANEL),
    _flag("procedure", ITP, "Urgent surgery or procedure (target count: --procedure-type).", ITP_PANEL),
    InputField("procedure_type", "choice", ITP,
               f"minor, major or neurosurgery: the procedure's platelet target ({_TARGETS} ×10⁹/L, ICR 2019); "
               f"default {DEFAULT_PROCEDURE_TYPE.value}; implies --procedure.", ITP_PANEL, choices=ProcedureType),
    _flag("steroids_contraindicated", ITP, "Corticosteroids are contraindicated.", ITP_PANEL),
    InputField("population", "choice", ITP, "adult, child or neonate (default from --age: under 18 is child).",
               ITP_PANEL, choices=Population),
    InputField("cause", "choice", ITP,
               "primary, hcv, hiv, sepsis, maternal-itp or alloimmune (last two: neonates).", ITP_PANEL,
               choices=ItpCause, default=ItpCause.PRIMARY.value),
    _flag("dic", ITP, "DIC present (with --cause sepsis).", ITP_PANEL),
    InputField("regimen", "choice", ITP, "single-dose (1 g/kg) or five-day (0.4 g/kg/day × 5; slower).", ITP_PANEL,
               choices=ItpRegimenChoice, default=ItpRegimenChoice.SINGLE_DOSE.value),
    InputField("lln", "number", ITP,
               f"Lower limit of normal, ×10⁹/L (default {number(DEFAULT_LLN_10E9_PER_L)}).", ITP_PANEL,
               metavar="COUNT"),
    # ------------------------------------------------------------------ aps
    InputField("scenario", "choice", APS, "asymptomatic, obstetric, caps or thrombosis (required).", APS_PANEL,
               choices=ApsScenario, required=True),
    _flag("failed_standard_therapy", APS, "Obstetric: failed low-dose aspirin + LMWH.", APS_PANEL),
    _flag("anticoagulation_contraindicated", APS, "Obstetric: anticoagulation contraindicated by bleeding risk.",
          APS_PANEL),
    _flag("anticoagulated", APS, "Thrombosis: on adequate anticoagulation.", APS_PANEL),
    InputField("inr", "number", APS, "Thrombosis: current INR (implies warfarin; below 2.0 is not adequate).",
               APS_PANEL, metavar="NUMBER"),
    InputField("protocol", "choice", APS,
               "Obstetric: five-day (default), two-day, source-2-plus-1. Thrombosis: standard (default), intensive.",
               APS_PANEL, choices=ApsProtocol),
    # ------------------------------------------------------------------ both: patient
    InputField("weight_unit", "choice", BOTH, "kg or lb.", PATIENT, choices=WeightUnit, default=WeightUnit.KG.value),
    InputField("height", "number", BOTH, "Height; cm unless --height-unit in.", PATIENT, metavar="NUMBER"),
    # No default in the table: whether the unit was stated decides the adult-height unit-slip rule.
    InputField("height_unit", "choice", BOTH,
               "cm (default) or in; an adult height under 100 cm needs the unit stated.", PATIENT, choices=HeightUnit),
    InputField("sex", "choice", BOTH, "female or male (needed for ideal body weight).", PATIENT, choices=Sex),
    InputField("age", "number", BOTH,
               "Age, in --age-unit (under 28 days: neonate; under 18 years: child rules, actual weight).", PATIENT,
               metavar="NUMBER"),
    InputField("age_unit", "choice", BOTH, "years (default), months, weeks or days.", PATIENT, choices=AgeUnit,
               default=AgeUnit.YEARS.value),
    _flag("pregnant", BOTH, "Pregnant: dose on pre-pregnancy or actual weight.", PATIENT),
    InputField("pre_pregnancy_weight", "number", BOTH, "Pre-pregnancy weight, in the --weight-unit (with --pregnant).",
               PATIENT, metavar="NUMBER"),
    InputField("dosing_weight", "choice", BOTH, "auto (default rule), actual, ideal or adjusted.", PATIENT,
               choices=DosingWeightMode, default=DosingWeightMode.AUTO.value),
    InputField("adjustment_factor", "number", BOTH,
               f"Adjusted-weight factor (default {number(DEFAULT_ADJUSTMENT_FACTOR)}).", PATIENT, metavar="NUMBER"),
    InputField("policy", "choice", BOTH,
               "Dosing-weight policy (see `ivigcalc policies`). Default: IVIGCALC_POLICY, else `policy` in "
               "ivigcalc.toml, else ivigcalc.", PATIENT, choices=PolicyId),
    InputField("actual_weight_reason", "text", BOTH,
               "Why actual weight is used (with --dosing-weight actual); required where the policy needs a "
               "recorded reason (bloodstar-2026). Echoed.", PATIENT, metavar="TEXT"),
    # ------------------------------------------------------------------ both: product and preparation
    InputField("product", "text", BOTH,
               "IVIG product (see `ivigcalc products`): vials, volume and infusion schedule.", PHARMACY,
               metavar="NAME"),
    InputField("round", "choice", BOTH, "none, nearest or vial (default: vial with --product, else nearest).",
               PHARMACY, choices=RoundingMode),
    # ------------------------------------------------------------------ both: risk screen
    InputField("egfr", "number", BOTH, f"eGFR, mL/min (< {_RENAL}: renal risk).", RISK, metavar="ML_PER_MIN"),
    InputField("creatinine_clearance", "number", BOTH, f"Creatinine clearance, mL/min (< {_RENAL}: renal risk).",
               RISK, metavar="ML_PER_MIN"),
    _flag("diabetes", BOTH, "Diabetes mellitus (renal risk).", RISK),
    _flag("volume_depletion", BOTH, "Volume depletion (renal risk).", RISK),
    _flag("sepsis", BOTH, "Sepsis (renal risk; ITP --cause sepsis counts too).", RISK),
    _flag("paraproteinemia", BOTH, "Paraproteinaemia (renal risk).", RISK),
    _flag("nephrotoxic_drugs", BOTH, "Nephrotoxic drugs (renal risk).", RISK),
    _flag("thrombosis_history", BOTH, "History of venous or arterial thrombosis.", RISK),
    _flag("estrogen", BOTH, "Estrogen use (thrombosis risk).", RISK),
    _flag("immobilized", BOTH, "Prolonged immobilisation (thrombosis risk).", RISK),
    _flag("central_line", BOTH, "Indwelling vascular catheter (thrombosis risk).", RISK),
    _flag("hyperviscosity", BOTH, "Hyperviscosity (thrombosis risk).", RISK),
    _flag("cardiovascular_risk", BOTH, "Cardiovascular risk factors (thrombosis risk).", RISK),
    InputField("blood_group", "choice", BOTH,
               f"A, B, AB or O (non-O with ≥ {number(HAEMOLYSIS_G_PER_KG_PER_COURSE)} g/kg a course: haemolysis risk).",
               RISK, choices=BloodGroup),
    _flag("allow_sucrose", BOTH, "Compute with a sucrose-containing product despite renal risk.", PHARMACY),
    # ------------------------------------------------------------------ both: product contraindications
    _flag("iga_deficiency", BOTH, "IgA deficiency with antibodies against IgA (contraindication on IVIG labels).",
          CONTRAINDICATIONS),
    _flag("hyperprolinaemia", BOTH, "Hyperprolinaemia type I or II (Privigen: L-proline).", CONTRAINDICATIONS),
    _flag("fructose_intolerance", BOTH, "Hereditary fructose intolerance (sorbitol-containing products).",
          CONTRAINDICATIONS),
    _flag("heart_failure", BOTH, "Heart failure or another reason fluid volume is a concern.", CONTRAINDICATIONS),
    _flag("allow_contraindicated", BOTH,
          "Compute with a product that a stated condition contraindicates (shown as a danger warning).",
          CONTRAINDICATIONS),
    # ------------------------------------------------------------------ check: the order as written
    InputField("ordered_dose", "number", CHECK,
               "Ordered dose in g per infusion day (required); days with different doses: one per day, "
               "30+30+25+25+25.", ORDER,
               metavar="GRAMS", required=True),
    InputField("ordered_days", "number", CHECK, "Number of infusion days ordered (required).", ORDER,
               metavar="DAYS", required=True),
    InputField("ordered_rate", "number", CHECK, "Ordered maximum infusion rate, mL/h (needs --product).", ORDER,
               metavar="ML_PER_H"),
)

BY_NAME: Final = {field.name: field for field in FIELDS}


def fields_of(command: str) -> tuple[InputField, ...]:
    """The fields `command` takes, in help order."""
    return tuple(field for field in FIELDS if command in field.commands)


def names_of(command: str) -> frozenset[str]:
    return frozenset(field.name for field in fields_of(command))


ITP_FIELDS: Final = names_of("itp")
APS_FIELDS: Final = names_of("aps")
COMMON_FIELDS: Final = ITP_FIELDS & APS_FIELDS
ITP_ONLY_FIELDS: Final = ITP_FIELDS - APS_FIELDS
APS_ONLY_FIELDS: Final = APS_FIELDS - ITP_FIELDS
ORDER_FIELDS: Final = names_of("check")
_PHARMACY_PANELS: Final = (PHARMACY, RISK, CONTRAINDICATIONS)
PHARMACY_FIELDS: Final = frozenset(field.name for field in FIELDS if field.panel in _PHARMACY_PANELS)
RISK_FLAGS: Final = tuple(field.name for field in FIELDS if field.kind == "flag" and field.panel in _PHARMACY_PANELS)
