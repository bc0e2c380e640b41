"""Typer options derived from the one field table (core/fields.py), and how a command's parameters
become the input mapping the parser reads. No option of an input is declared here by hand."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Annotated, Any

import typer

from ivigcalc.core.fields import InputField, fields_of
from ivigcalc.errors import InputError

OUTPUT_PANEL = "Output"
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object on stdout instead of text.",
                                       rich_help_panel=OUTPUT_PANEL)]
ExplainOpt = Annotated[bool, typer.Option(
    "--explain", help="Show the arithmetic step by step, numbers substituted (JSON: an `explanation` list).",
    rich_help_panel=OUTPUT_PANEL)]
FullOpt = Annotated[bool, typer.Option(
    "--full", help="Every text whole: the complete warnings, the arithmetic of the dosing weight, every day and "
                   "every citation (default: one screen, one line per warning).", rich_help_panel=OUTPUT_PANEL)]
PricesOpt = Annotated[str | None, typer.Option(
    "--prices", metavar="FILE",
    help="Price list CSV (product, pack size g, price, currency) for the course cost and opened-vial waste; "
         "default: `prices` in ivigcalc.toml. No prices ship with ivigcalc.", rich_help_panel=OUTPUT_PANEL)]
OutputFormatOpt = Annotated[str | None, typer.Option(
    "--output-format", metavar="[text|json|fhir]",
    help="text (default), json (as --json) or fhir: a FHIR R4B Bundle (MedicationRequest, Observations, "
         "DetectedIssues); needs the `fhir` extra.", rich_help_panel=OUTPUT_PANEL)]
OrderOpt = Annotated[str | None, typer.Option(
    "--order", metavar="FILE",
    help="The order as a FHIR R4B MedicationRequest, or a Bundle with it, the Patient and LOINC-coded "
         "Observations (JSON; - reads stdin): its dose, days, rate, product and patient facts stand in for "
         "the options; needs the `fhir` extra.", rich_help_panel="Order as written")]
# Command parameters that shape the output, not the patient's calculation; every other parameter is an
# input field.
OUTPUT_PARAMETERS = frozenset({"json_output", "explain", "full", "prices", "output_format"})
OUTPUT_FORMAT_PARAMETER = inspect.Parameter(
    "output_format", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OutputFormatOpt)
ORDER_PARAMETER = inspect.Parameter("order", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OrderOpt)
OUTPUT_FORMATS = ("text", "json", "fhir")
_OUTPUT = (
    inspect.Parameter("json_output", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonOpt),
    inspect.Parameter("explain", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=ExplainOpt),
    inspect.Parameter("full", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=FullOpt),
    inspect.Parameter("prices", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=PricesOpt),
)


def settings_for(options: dict[str, Any]) -> Any:
    """The defaults of this invocation (api/settings.py): --prices, else the config file; the policy
    from --policy, IVIGCALC_POLICY or the config file."""
    from ivigcalc.api.settings import Settings

    prices = options.get("prices")
    if isinstance(prices, str) and not prices.strip():
        raise InputError("prices", prices, "is empty; give a file or leave the option out")
    settings = Settings(prices_path=prices)
    if prices is not None:
        settings.prices()  # read now: a --prices file that cannot be read is an error with or without --product
    return settings


def option_parameter(field: InputField) -> inspect.Parameter:
    """One input field as the keyword parameter Typer reads: every value arrives as text (or a flag) and
    is validated by the parser, like a batch cell."""
    if field.kind == "flag":
        annotation: Any = Annotated[bool, typer.Option(field.option, help=field.help, rich_help_panel=field.panel)]
        default: Any = False
    else:
        annotation = Annotated[str | None, typer.Option(
            field.option, metavar=field.shown_metavar, help=field.help, rich_help_panel=field.panel)]
        default = field.default
    return inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def parameters_for(*commands: str) -> list[inspect.Parameter]:
    """The input options of `commands` (e.g. "itp", then "check" for the order), then --json and --explain."""
    return [*(option_parameter(field) for command in commands for field in fields_of(command)), *_OUTPUT]


def with_options(parameters: Iterable[inspect.Parameter]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give `command(**options)` the signature Typer reads; it receives every option as a keyword."""
    listed = list(parameters)

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_signature(**options: Any) -> Any:
            return command(**options)

        with_signature.__signature__ = inspect.Signature(listed)  # type: ignore[attr-defined]
        with_signature.__annotations__ = {p.name: p.annotation for p in listed}
        return with_signature

    return decorate


def input_values(parameters: dict[str, Any]) -> dict[str, object]:
    """A command's parameters → the input mapping `core.parse` reads (one mapping for the command and
    for `check`, so both accept exactly the same options)."""
    values = {name: value for name, value in parameters.items() if name not in OUTPUT_PARAMETERS}
    reject_empty(values)
    return values


def output_format(options: dict[str, Any]) -> str:
    """text, json or fhir, from --output-format and --json (which may not disagree)."""
    chosen: str | None = options.get("output_format")
    as_json = bool(options.get("json_output"))
    if chosen is None:
        return "json" if as_json else "text"
    key = chosen.strip().lower()
    if key not in OUTPUT_FORMATS:
        raise InputError("output_format", chosen, f"is not one of {', '.join(OUTPUT_FORMATS)}")
    if as_json and key != "json":
        raise InputError("output_format", chosen, "and --json disagree; give one of them")
    if key == "fhir" and options.get("explain"):
        raise InputError("explain", None, "is not part of FHIR output; use --json --explain")
    return key


def reject_empty(values: dict[str, object]) -> None:
    """`--height ""` on a command line is a mistake, not "not given" (as an empty batch cell is)."""
    for name, value in values.items():
        if isinstance(value, str) and not value.strip():
            raise InputError(name, value, "is empty; give a value or leave the option out")
