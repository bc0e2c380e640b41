"""The options of `itp` and `aps` (and of `check itp|aps`), declared once, and how a command's
parameters become the input mapping the parser reads."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.body_weight import DEFAULT_ADJUSTMENT_FACTOR  # these modules import nothing: start-up
from ivigcalc.knowledge.risk_screen import HAEMOLYSIS_G_PER_KG_PER_COURSE, RENAL_FUNCTION_THRESHOLD_ML_PER_MIN

# --------------------------------------------------------------------------------------- options

PATIENT = "Patient"
ITP_PANEL = "ITP"
APS_PANEL = "APS"
OUTPUT = "Output"

Weight = Annotated[str | None, typer.Option(
    "--weight", metavar="NUMBER", help="Body weight (required); kg unless --weight-unit lb.", rich_help_panel=PATIENT)]
WeightUnitOpt = Annotated[str, typer.Option("--weight-unit", metavar="[kg|lb]",
    help="kg or lb.", rich_help_panel=PATIENT)]
Height = Annotated[str | None, typer.Option("--height", metavar="NUMBER", help="Height; cm unless --height-unit in.")]
HeightUnitOpt = Annotated[str, typer.Option("--height-unit", metavar="[cm|in]", help="cm or in.")]
SexOpt = Annotated[str | None, typer.Option("--sex", metavar="[female|male]",
    help="female or male (needed for ideal body weight).")]
Age = Annotated[str | None, typer.Option("--age", metavar="YEARS",
    help="Age in years (under 18: child rules, actual weight).")]
Pregnant = Annotated[bool, typer.Option("--pregnant", help="Pregnant: dose on pre-pregnancy or actual weight.")]
PrePregnancyWeight = Annotated[str | None, typer.Option(
    "--pre-pregnancy-weight", metavar="NUMBER", help="Pre-pregnancy weight, in the --weight-unit (with --pregnant).")]
DosingWeightOpt = Annotated[str, typer.Option(
    "--dosing-weight", metavar="[auto|actual|ideal|adjusted]", help="auto (default rule), actual, ideal or adjusted.")]
AdjustmentFactor = Annotated[str | None, typer.Option(
    "--adjustment-factor", metavar="NUMBER",
    help=f"Adjusted-weight factor (default {number(DEFAULT_ADJUSTMENT_FACTOR)}).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object on stdout instead of text.")]
ExplainOpt = Annotated[bool, typer.Option(
    "--explain", help="Show the arithmetic step by step, numbers substituted (JSON: an `explanation` list).")]

# Pharmacy and risk-screen options (issue 3), shared by itp, aps and check.
PHARMACY = "Pharmacy"
RISK = "Risk screen (boxed warning)"
ProductOpt = Annotated[str | None, typer.Option(
    "--product", metavar="NAME", help="IVIG product (see `ivigcalc products`): vials, volume and infusion schedule.",
    rich_help_panel=PHARMACY)]
RoundOpt = Annotated[str | None, typer.Option(
    "--round", metavar="[none|nearest|vial]",
    help="none, nearest or vial (default: vial with --product, else nearest).",
    rich_help_panel=PHARMACY)]
AllowSucrose = Annotated[bool, typer.Option(
    "--allow-sucrose", help="Compute with a sucrose-containing product despite renal risk.",
    rich_help_panel=PHARMACY)]
Egfr = Annotated[str | None, typer.Option(
    "--egfr", metavar="ML_PER_MIN",
    help=f"eGFR, mL/min (< {number(RENAL_FUNCTION_THRESHOLD_ML_PER_MIN)}: renal risk).",
    rich_help_panel=RISK)]
CreatinineClearance = Annotated[str | None, typer.Option(
    "--creatinine-clearance", metavar="ML_PER_MIN",
    help=f"Creatinine clearance, mL/min (< {number(RENAL_FUNCTION_THRESHOLD_ML_PER_MIN)}: renal risk).",
    rich_help_panel=RISK)]
BloodGroupOpt = Annotated[str | None, typer.Option(
    "--blood-group", metavar="[A|B|AB|O]",
    help=f"A, B, AB or O (non-O with ≥ {number(HAEMOLYSIS_G_PER_KG_PER_COURSE)} g/kg a course: "
         "haemolysis risk).",
    rich_help_panel=RISK)]


Diabetes = Annotated[bool, typer.Option(
    "--diabetes", help="Diabetes mellitus (renal risk).", rich_help_panel=RISK)]
VolumeDepletion = Annotated[bool, typer.Option(
    "--volume-depletion", help="Volume depletion (renal risk).", rich_help_panel=RISK)]
Sepsis = Annotated[bool, typer.Option(
    "--sepsis", help="Sepsis (renal risk; ITP --cause sepsis counts too).", rich_help_panel=RISK)]
Paraproteinemia = Annotated[bool, typer.Option(
    "--paraproteinemia", help="Paraproteinaemia (renal risk).", rich_help_panel=RISK)]
NephrotoxicDrugs = Annotated[bool, typer.Option(
    "--nephrotoxic-drugs", help="Nephrotoxic drugs (renal risk).", rich_help_panel=RISK)]
ThrombosisHistory = Annotated[bool, typer.Option(
    "--thrombosis-history", help="History of venous or arterial thrombosis.", rich_help_panel=RISK)]
Estrogen = Annotated[bool, typer.Option(
    "--estrogen", help="Estrogen use (thrombosis risk).", rich_help_panel=RISK)]
Immobilized = Annotated[bool, typer.Option(
    "--immobilized", help="Prolonged immobilisation (thrombosis risk).", rich_help_panel=RISK)]
CentralLine = Annotated[bool, typer.Option(
    "--central-line", help="Indwelling vascular catheter (thrombosis risk).", rich_help_panel=RISK)]
Hyperviscosity = Annotated[bool, typer.Option(
    "--hyperviscosity", help="Hyperviscosity (thrombosis risk).", rich_help_panel=RISK)]
CardiovascularRisk = Annotated[bool, typer.Option(
    "--cardiovascular-risk", help="Cardiovascular risk factors (thrombosis risk).", rich_help_panel=RISK)]

# Command parameters that shape the output, not the calculation; every other parameter of itp/aps
# (and check) is an input field of the same name, but for --round (field `round`).
OUTPUT_PARAMETERS = frozenset({"json_output", "explain"})
FIELD_FOR_PARAMETER = {"rounding": "round"}


def every_option(command_locals: dict[str, Any]) -> dict[str, Any]:
    """A command's own options and its shared `**options`, as one mapping."""
    shared: dict[str, Any] = command_locals["options"]
    return {name: value for name, value in command_locals.items() if name != "options"} | shared


def input_values(parameters: dict[str, Any]) -> dict[str, object]:
    """A command's parameters → the input mapping `core.parse` reads (one mapping for the
    command and for `check`, so both accept exactly the same options)."""
    values = {FIELD_FOR_PARAMETER.get(name, name): value for name, value in parameters.items()
              if name not in OUTPUT_PARAMETERS}
    reject_empty(values)
    return values


def reject_empty(values: dict[str, object]) -> None:
    """`--height ""` on a command line is a mistake, not "not given" (as an empty batch cell is)."""
    for name, value in values.items():
        if isinstance(value, str) and not value.strip():
            raise InputError(name, value, "is empty; give a value or leave the option out")


def _shared_options(
    weight_unit: WeightUnitOpt = "kg",
    height: Height = None,
    height_unit: HeightUnitOpt = "cm",
    sex: SexOpt = None,
    age: Age = None,
    pregnant: Pregnant = False,
    pre_pregnancy_weight: PrePregnancyWeight = None,
    dosing_weight: DosingWeightOpt = "auto",
    adjustment_factor: AdjustmentFactor = None,
    product: ProductOpt = None,
    rounding: RoundOpt = None,
    egfr: Egfr = None,
    creatinine_clearance: CreatinineClearance = None,
    diabetes: Diabetes = False,
    volume_depletion: VolumeDepletion = False,
    sepsis: Sepsis = False,
    paraproteinemia: Paraproteinemia = False,
    nephrotoxic_drugs: NephrotoxicDrugs = False,
    thrombosis_history: ThrombosisHistory = False,
    estrogen: Estrogen = False,
    immobilized: Immobilized = False,
    central_line: CentralLine = False,
    hyperviscosity: Hyperviscosity = False,
    cardiovascular_risk: CardiovascularRisk = False,
    blood_group: BloodGroupOpt = None,
    allow_sucrose: AllowSucrose = False,
    json_output: JsonOpt = False,
    explain: ExplainOpt = False,
) -> None:
    """The options `itp` and `aps` (and `check itp|aps`) share: patient, pharmacy, risk screen, output.
    Declared once here; `with_shared_options` adds them to each command's signature."""


def with_shared_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command`'s own options followed by the shared ones, as one signature Typer reads. The command
    receives every option as a keyword argument (its own and the shared ones alike)."""
    parameters = [
        parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for function in (command, _shared_options)
        for parameter in annotated_parameters(function)
    ]

    @functools.wraps(command)
    def with_options(**options: Any) -> None:
        command(**options)

    with_options.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_options


def annotated_parameters(function: Callable[..., Any]) -> list[inspect.Parameter]:
    """`function`'s parameters with their annotations resolved (this module postpones annotations);
    a `**options` catch-all is left out."""
    hints = typing.get_type_hints(function, include_extras=True)
    return [
        parameter.replace(annotation=hints[parameter.name])
        for parameter in inspect.signature(function).parameters.values()
        if parameter.kind is not inspect.Parameter.VAR_KEYWORD
    ]
