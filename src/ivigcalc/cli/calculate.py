"""`ivigcalc itp`, `aps`, `grade` and `references`: options → the Python API → a renderer."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ivigcalc.cli.app import app
from ivigcalc.cli.options import (
    JsonOpt,
    Weight,
    every_option,
    input_values,
    with_shared_options,
)
from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.ctcae import DEFAULT_LLN_10E9_PER_L


def _emit(result: Any, as_json: bool, explain: bool = False) -> None:
    if as_json:
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
    values = input_values(every_option(locals()))  # first: every parameter, nothing else
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
    values = input_values(every_option(locals()))  # first: every parameter, nothing else
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
