"""`ivigcalc itp`, `aps`, `grade` and `references`: options → the Python API → a renderer."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Annotated, Any

import typer

from ivigcalc.cli.app import app
from ivigcalc.cli.help import PanelledCommand
from ivigcalc.cli.options import (
    OUTPUT_FORMAT_PARAMETER,
    JsonOpt,
    input_values,
    output_format,
    parameters_for,
    settings_for,
    with_options,
)
from ivigcalc.errors import InputError
from ivigcalc.formatting import did_you_mean, number
from ivigcalc.knowledge.ctcae import DEFAULT_LLN_10E9_PER_L


def _emit(result: Any, chosen_format: str, explain: bool = False, full: bool = False) -> None:
    if chosen_format == "fhir":
        from ivigcalc.formats.fhir import bundle_json  # fhir.resources loads only here

        sys.stdout.write(bundle_json(result) + "\n")
        return
    if chosen_format == "json":
        if not explain:
            sys.stdout.write(result.to_json() + "\n")
            return
        import json

        from ivigcalc.api.explain import explain_result

        payload = result.to_dict()
        payload["explanation"] = list(explain_result(result))
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    from ivigcalc.render import result as render  # Rich only for people

    render.print_result(result, full=full)
    if explain:
        from ivigcalc.api.explain import explain_result
        from ivigcalc.render.console import make_console
        from ivigcalc.render.explain import print_explanation

        print_explanation(explain_result(result), make_console())


def _calculate_and_emit(command: str, options: dict[str, Any]) -> None:
    """`itp` or `aps`: the options as the parser's mapping, computed (asked for at a terminal where values
    are missing) and written in the chosen format."""
    chosen_format = output_format(options)
    values = input_values(options)
    from ivigcalc import api
    from ivigcalc.cli import guided

    from_mapping = api.itp_from_mapping if command == "itp" else api.aps_from_mapping
    settings = settings_for(options)

    def compute(given: Mapping[str, object]) -> Any:
        return from_mapping(given, settings)

    for_a_person = chosen_format == "text"
    if not guided.should_guide(command, values, as_json=not for_a_person, stdin=sys.stdin, stdout=sys.stdout):
        _emit(compute(values), chosen_format, options["explain"], options["full"])
        return
    result, values = guided.guide(command, values, compute, ask=_ask, say=print)
    _emit(result, chosen_format, options["explain"], options["full"])
    print(f"\nThe same, without questions: {guided.equivalent_command(command, values)}")


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:  # Ctrl-D: stop asking
        print()
        raise InputError(None, None, "no answer (end of input); give the values as options, see --help") from None


# --------------------------------------------------------------------------------------- commands


@app.command(cls=PanelledCommand, short_help="IVIG in immune thrombocytopenia (ITP): decision and dose.")
@with_options([*parameters_for("itp"), OUTPUT_FORMAT_PARAMETER])
def itp(**options: Any) -> None:
    """IVIG in immune thrombocytopenia: grade, decision, regimen, co-therapy, warnings, references.
    At a terminal, missing values are asked for."""
    _calculate_and_emit("itp", options)


@app.command(cls=PanelledCommand, short_help="IVIG in antiphospholipid syndrome (APS): decision and dose.")
@with_options([*parameters_for("aps"), OUTPUT_FORMAT_PARAMETER])
def aps(**options: Any) -> None:
    """IVIG in antiphospholipid syndrome: decision, regimen, co-therapy, warnings, references.
    At a terminal, missing values are asked for."""
    _calculate_and_emit("aps", options)


@app.command(cls=PanelledCommand, short_help="CTCAE v5.0 grade of a platelet count.")
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
    from ivigcalc.render import result as render

    render.print_grade(result)


@app.command(cls=PanelledCommand, short_help="The sources behind every number.")
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
        raise InputError(None, None, f"unknown reference id {reference_id!r}{did_you_mean(reference_id, REFERENCES)}; "
                                     "`ivigcalc references` lists them all")
    if json_output:
        import json

        payload = [ref.to_dict() for ref in chosen]
        sys.stdout.write(json.dumps(payload[0] if reference_id else payload, ensure_ascii=False) + "\n")
        return
    from ivigcalc.render import result as render

    render.print_references(chosen)


@app.command(cls=PanelledCommand, short_help="The warning codes: severity, text and sources.")
def warnings(
    code: Annotated[str | None, typer.Argument(
        metavar="[CODE]", help="A warning code, e.g. unadjusted-weight; all when left out.")] = None,
    json_output: JsonOpt = False,
) -> None:
    """Every warning ivigcalc can give: its code, severity, full text and sources. Placeholders such as
    <weight_kg> are filled with the patient's values in a result."""
    from ivigcalc.knowledge.warnings import WARNINGS

    definitions = list(WARNINGS.values())
    if code is not None:
        wanted = code.strip().lower()
        definitions = [d for d in definitions if d.code == wanted]
        if not definitions:
            codes = sorted({d.code for d in WARNINGS.values()})
            raise InputError(None, None, f"unknown warning code {code!r}{did_you_mean(code, codes)}; "
                                         "`ivigcalc warnings` lists them all")
    if json_output:
        import json

        payload = [{"code": d.code, "severity": d.severity.value, "summary": _placeholders_shown(d.summary),
                    "message": _placeholders_shown(d.message), "references": list(d.references)}
                   for d in definitions]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    from ivigcalc.render.result import print_warning_catalogue

    print_warning_catalogue([(d.code, d.severity, _placeholders_shown(d.summary), _placeholders_shown(d.message),
                              d.references) for d in definitions], whole=code is not None)
    if code is None:
        sys.stdout.write("The full text and sources of one: ivigcalc warnings CODE\n")


def _placeholders_shown(message: str) -> str:
    """`{weight_kg}` -> `<weight_kg>`: a value filled in per patient."""
    import re

    return re.sub(r"\{(\w+)\}", r"<\1>", message)


@app.command(cls=PanelledCommand, short_help="The dosing-weight policies: rules, sources, the default here.")
def policies(
    name: Annotated[str | None, typer.Argument(
        metavar="[NAME]", help="A policy id, e.g. bloodstar-2026; all when left out.")] = None,
    json_output: JsonOpt = False,
) -> None:
    """The dosing-weight policies: their rules, what was verified in their sources, and the default here."""
    from ivigcalc.api.settings import Settings, parse_policy
    from ivigcalc.knowledge.policies import POLICIES

    chosen = None if name is None else parse_policy(name, "NAME")
    if json_output:
        import json

        from ivigcalc.formats.policies import policies_payload

        sys.stdout.write(json.dumps(policies_payload(chosen), ensure_ascii=False) + "\n")
        return
    from ivigcalc.render import policies as render

    if chosen is not None:
        render.print_policy(POLICIES[chosen])
        return
    default, source = Settings().default_policy()
    render.print_policies(list(POLICIES.values()), default.value, source)
