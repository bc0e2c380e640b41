"""`ivigcalc itp`, `aps`, `grade` and `references`: options → the Python API → a renderer."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ivigcalc.cli.app import app
from ivigcalc.cli.options import (
    OUTPUT_FORMAT_PARAMETER,
    JsonOpt,
    input_values,
    output_format,
    parameters_for,
    with_options,
)
from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.ctcae import DEFAULT_LLN_10E9_PER_L


def _emit(result: Any, chosen_format: str, explain: bool = False) -> None:
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

    render.print_result(result)
    if explain:
        from ivigcalc.api.explain import explain_result
        from ivigcalc.render.console import make_console
        from ivigcalc.render.explain import print_explanation

        print_explanation(explain_result(result), make_console())


# --------------------------------------------------------------------------------------- commands


@app.command()
@with_options([*parameters_for("itp"), OUTPUT_FORMAT_PARAMETER])
def itp(**options: Any) -> None:
    """IVIG in immune thrombocytopenia: grade, decision, regimen, co-therapy, warnings, references."""
    chosen = output_format(options)
    values = input_values(options)
    from ivigcalc.api import itp_from_mapping

    _emit(itp_from_mapping(values), chosen, options["explain"])


@app.command()
@with_options([*parameters_for("aps"), OUTPUT_FORMAT_PARAMETER])
def aps(**options: Any) -> None:
    """IVIG in antiphospholipid syndrome: decision, regimen, co-therapy, warnings, references."""
    chosen = output_format(options)
    values = input_values(options)
    from ivigcalc.api import aps_from_mapping

    _emit(aps_from_mapping(values), chosen, options["explain"])


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
    from ivigcalc.render import result as render

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
    from ivigcalc.render import result as render

    render.print_references(chosen)
