"""The command line: options → the Python API → a renderer. Errors → exit codes, in one place.

Every option arrives as a string and is validated by `ivigcalc.inputs`, the parser the Python API
and batch mode use too, so all three accept and refuse the same things with the same messages.
Rich is imported only when a human-readable result is printed (render.py); JSON never loads it.
"""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ivigcalc._version import __version__
from ivigcalc.errors import ExitStatus, InputError, IvigcalcError
from ivigcalc.formatting import number
from ivigcalc.grading import DEFAULT_LLN_10E9_PER_L  # these three modules import nothing: start-up stays lean
from ivigcalc.knowledge.body_weight import DEFAULT_ADJUSTMENT_FACTOR
from ivigcalc.knowledge.risk_screen import HAEMOLYSIS_G_PER_KG_PER_COURSE, RENAL_FUNCTION_THRESHOLD_ML_PER_MIN

# --------------------------------------------------------------------------------------- error handling


class _ErrorHandlingGroup(TyperGroup):
    """Runs every invocation (the console script and typer.testing.CliRunner alike) through
    `_run`, so usage errors and domain errors both become one line on stderr and an exit code."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        code = _run(
            lambda: super(_ErrorHandlingGroup, self).main(
                arguments, prog_name or "ivigcalc", complete_var, standalone_mode=False, **extra),
            debug="--debug" in arguments,
        )
        if standalone_mode:
            sys.exit(code)
        return code


def _run(invoke: Callable[[], Any], *, debug: bool) -> int:
    try:
        returned = invoke()
    except InputError as error:
        _error_line(error.describe())
        return ExitStatus.INPUT_ERROR
    except IvigcalcError as error:
        _error_line(str(error))
        return error.exit_status
    except typer.Exit as exit_:  # pragma: no cover - non-standalone Typer returns the code instead
        return exit_.exit_code
    except typer.Abort:
        _error_line("aborted")
        return ExitStatus.ERROR
    except typer.TyperException as error:  # Typer's own usage errors: missing value, unknown option
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `ivigcalc`: the help, as it is
            sys.stderr.write(error.format_message().rstrip() + "\n")
            return ExitStatus.INPUT_ERROR
        _error_line(_usage_message(error))
        return ExitStatus.INPUT_ERROR if getattr(error, "exit_code", 2) == 2 else ExitStatus.ERROR
    except KeyboardInterrupt:
        _error_line("interrupted")
        return 130
    except BrokenPipeError:
        return ExitStatus.ERROR
    except Exception as error:
        if debug:
            raise
        # No message text: an exception's text may carry patient values.
        _error_line(
            f"internal error ({type(error).__name__}); no result was produced. Run again with --debug "
            "for the traceback and report it.")
        return ExitStatus.ERROR
    return returned if isinstance(returned, int) else ExitStatus.SUCCESS


def _error_line(message: str) -> None:
    sys.stderr.write(f"ivigcalc: error: {message}\n")


def _usage_message(error: typer.TyperException) -> str:
    message = error.format_message().strip().replace("\n", " ")
    option = getattr(error, "option_name", None)
    context = getattr(error, "ctx", None)
    command_name = getattr(getattr(context, "command", None), "name", None)
    if option and type(error).__name__ == "NoSuchOption" and command_name:
        owners = _commands_with_option(option)
        if owners:
            owner_list = ", ".join(f"`ivigcalc {name}`" for name in owners)
            return f"{option} belongs to {owner_list}, not `ivigcalc {command_name}`"
    prefix = f"{command_name}: " if command_name and command_name != "ivigcalc" else ""
    return f"{prefix}{message} (see --help)"


def _commands_with_option(option: str) -> list[str]:
    group = typer.main.get_command(app)
    owners = []
    for name, command in getattr(group, "commands", {}).items():
        if any(option in param.opts for param in command.params):
            owners.append(name)
    return owners


# --------------------------------------------------------------------------------------- the app

app = typer.Typer(
    cls=_ErrorHandlingGroup,
    name="ivigcalc",
    help="IVIG dosing for immune thrombocytopenia (ITP) and antiphospholipid syndrome (APS): the "
         "regimen with its dosing weight, co-therapy, warnings and references. A decision aid, not a "
         "substitute for clinical judgement.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a traceback with locals could print patient data
    rich_markup_mode=None,  # plain help: no Rich import at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"ivigcalc {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show a traceback on an internal error (may print patient data).")] = False,
) -> None:
    """IVIG dosing calculator."""


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
_FIELD_FOR_PARAMETER = {"rounding": "round"}


def _every_option(command_locals: dict[str, Any]) -> dict[str, Any]:
    """A command's own options and its shared `**options`, as one mapping."""
    shared: dict[str, Any] = command_locals["options"]
    return {name: value for name, value in command_locals.items() if name != "options"} | shared


def input_values(parameters: dict[str, Any]) -> dict[str, object]:
    """A command's parameters → the input mapping `ivigcalc.inputs` parses (one mapping for the
    command and for `check`, so both accept exactly the same options)."""
    values = {_FIELD_FOR_PARAMETER.get(name, name): value for name, value in parameters.items()
              if name not in OUTPUT_PARAMETERS}
    reject_empty(values)
    return values


def reject_empty(values: dict[str, object]) -> None:
    """`--height ""` on a command line is a mistake, not "not given" (as an empty batch cell is)."""
    for name, value in values.items():
        if isinstance(value, str) and not value.strip():
            raise InputError(name, value, "is empty; give a value or leave the option out")


def _emit(result: Any, as_json: bool, explain: bool = False) -> None:
    if as_json:
        if not explain:
            sys.stdout.write(result.to_json() + "\n")
            return
        import json

        from ivigcalc.explain import explain_result

        payload = result.to_dict()
        payload["explanation"] = list(explain_result(result))
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    from ivigcalc import render  # Rich only for people

    render.print_result(result)
    if explain:
        from ivigcalc.explain import explain_result
        from ivigcalc.render_pharmacy import print_explanation

        print_explanation(explain_result(result), render._console())


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


# --------------------------------------------------------------------------------------- commands


@app.command()
@with_shared_options
def itp(
    weight: Weight = None,
    platelets: Annotated[str | None, typer.Option(
        "--platelets", metavar="COUNT", help="Platelet count (required); ×10⁹/L unless --platelet-unit /uL.")] = None,
    platelet_unit: Annotated[str, typer.Option(
        "--platelet-unit", metavar="[10^9/L|/uL]", help="10^9/L (default) or /uL (also /mcL, /mm3).")] = "10^9/L",
    bleeding: Annotated[str, typer.Option(
        "--bleeding", metavar="[none|minor|active|life-threatening]",
        help="none; minor (skin only); active (mucosal or other, not life-threatening); life-threatening "
             "(CNS, GI or genitourinary haemorrhage).")] = "none",
    bleeding_risk: Annotated[bool, typer.Option("--bleeding-risk", help="A stated bleeding risk.")] = False,
    rapid_rise: Annotated[bool, typer.Option("--rapid-rise", help="A rapid platelet rise is needed.")] = False,
    procedure: Annotated[bool, typer.Option("--procedure", help="Urgent surgery or procedure.")] = False,
    steroids_contraindicated: Annotated[bool, typer.Option(
        "--steroids-contraindicated", help="Corticosteroids are contraindicated.")] = False,
    population: Annotated[str | None, typer.Option(
        "--population", metavar="[adult|child|neonate]",
        help="adult, child or neonate (default from --age: under 18 is child).")] = None,
    cause: Annotated[str, typer.Option(
        "--cause", metavar="[primary|hcv|hiv|sepsis|maternal-itp|alloimmune]",
        help="primary, hcv, hiv, sepsis, maternal-itp or alloimmune (last two: neonates).")] = "primary",
    dic: Annotated[bool, typer.Option("--dic", help="DIC present (with --cause sepsis).")] = False,
    regimen: Annotated[str, typer.Option(
        "--regimen", metavar="[single-dose|five-day]",
        help="single-dose (1 g/kg) or five-day (0.4 g/kg/day × 5; slower).")] = "single-dose",
    lln: Annotated[str | None, typer.Option(
        "--lln", metavar="COUNT",
        help=f"Lower limit of normal, ×10⁹/L (default {number(DEFAULT_LLN_10E9_PER_L)}).")] = None,
    **options: Any,
) -> None:
    """IVIG in immune thrombocytopenia: grade, decision, regimen, co-therapy, warnings, references."""
    values = input_values(_every_option(locals()))  # first: every parameter, nothing else
    from ivigcalc.api import itp_from_mapping

    _emit(itp_from_mapping(values), options["json_output"], options["explain"])


@app.command()
@with_shared_options
def aps(
    weight: Weight = None,
    scenario: Annotated[str | None, typer.Option(
        "--scenario", metavar="[asymptomatic|obstetric|caps|thrombosis]",
        help="asymptomatic, obstetric, caps or thrombosis (required).")] = None,
    failed_standard_therapy: Annotated[bool, typer.Option(
        "--failed-standard-therapy", help="Obstetric: failed low-dose aspirin + LMWH.")] = False,
    anticoagulation_contraindicated: Annotated[bool, typer.Option(
        "--anticoagulation-contraindicated",
        help="Obstetric: anticoagulation contraindicated by bleeding risk.")] = False,
    anticoagulated: Annotated[bool, typer.Option(
        "--anticoagulated", help="Thrombosis: on adequate anticoagulation.")] = False,
    inr: Annotated[str | None, typer.Option(
        "--inr", metavar="NUMBER",
        help="Thrombosis: current INR (implies warfarin; below 2.0 is not adequate).")] = None,
    protocol: Annotated[str | None, typer.Option(
        "--protocol", metavar="[five-day|two-day|source-2-plus-1|standard|intensive]",
        help="Obstetric: five-day (default), two-day, source-2-plus-1. "
             "Thrombosis: standard (default), intensive.")] = None,
    **options: Any,
) -> None:
    """IVIG in antiphospholipid syndrome: decision, regimen, co-therapy, warnings, references."""
    values = input_values(_every_option(locals()))  # first: every parameter, nothing else
    from ivigcalc.api import aps_from_mapping

    _emit(aps_from_mapping(values), options["json_output"], options["explain"])


@app.command()
def grade(
    platelets: Annotated[str | None, typer.Option(
        "--platelets", metavar="COUNT", help="Platelet count (required); ×10⁹/L unless --platelet-unit /uL.")] = None,
    platelet_unit: Annotated[str, typer.Option(
        "--platelet-unit", metavar="[10^9/L|/uL]", help="10^9/L (default) or /uL (also /mcL, /mm3).")] = "10^9/L",
    lln: Annotated[str | None, typer.Option("--lln", metavar="COUNT",
        help=f"Lower limit of normal, ×10⁹/L (default {number(DEFAULT_LLN_10E9_PER_L)}).")] = None,
    json_output: JsonOpt = False,
) -> None:
    """CTCAE v5.0 grade of a platelet count, with the ASH thresholds beside it."""
    from ivigcalc.api import grade as grade_api

    if platelets is None:
        raise InputError("platelets", None, "is required (platelet count, ×10⁹/L unless --platelet-unit /uL)")
    result = grade_api(platelets, platelet_unit, lln)
    if json_output:
        sys.stdout.write(result.to_json() + "\n")
        return
    from ivigcalc import render

    render.print_grade(result)


@app.command()
def references(
    reference_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", help="A reference id, e.g. ash-2011; all when left out.")] = None,
    json_output: JsonOpt = False,
) -> None:
    """The sources behind every number: ids, labels and full citations."""
    from ivigcalc.knowledge.references import REFERENCES

    if reference_id is None:
        chosen = list(REFERENCES.values())
    elif reference_id.strip().lower() in REFERENCES:
        chosen = [REFERENCES[reference_id.strip().lower()]]
    else:
        raise InputError(None, None, f"unknown reference id {reference_id!r}; known ids: {', '.join(REFERENCES)}")
    if json_output:
        import json

        payload = [ref.to_dict() for ref in chosen]
        sys.stdout.write(json.dumps(payload[0] if reference_id else payload, ensure_ascii=False) + "\n")
        return
    from ivigcalc import render

    render.print_references(chosen)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    command = typer.main.get_command(app)
    command.main(list(sys.argv[1:] if argv is None else argv), prog_name="ivigcalc")
    raise SystemExit(0)  # pragma: no cover - main() above always exits


# Commands defined in their own modules register themselves on `app` when imported here.
from ivigcalc import cli_batch as _cli_batch  # noqa: E402, F401  (batch, schema)
from ivigcalc import cli_pharmacy as _cli_pharmacy  # noqa: E402, F401  (products, check)
