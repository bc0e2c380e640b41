"""`ivigcalc batch` and `ivigcalc schema`: thin shells over formats/batch.py and formats/schema.py.

cli/__init__.py imports this module after `app` exists (cli/app.py), so the import below
finds it whichever module is imported first. Only Typer is imported here: batch and schema code (and
pydantic) load when one of these commands runs, so start-up stays as fast as the other commands'.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ivigcalc.cli.app import app
from ivigcalc.cli.help import PanelledCommand
from ivigcalc.errors import InputError


def _choice(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    key = value.strip().lower()
    if key not in allowed:
        raise InputError(option, value, f"is not one of {', '.join(allowed)}")
    return key


_OUTPUT_EXTENSIONS = {"csv": "csv", "parquet": "parquet", "arrow": "arrow", "feather": "arrow", "ipc": "arrow"}


@app.command(cls=PanelledCommand, short_help="Many itp/aps calculations from CSV or JSON Lines.")
def batch(
    *,
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(
        metavar="INPUT", help="CSV or JSON Lines file, one calculation per row; - reads stdin.")],
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Write here (atomically: a temporary file, renamed when complete). "
                               "Default: stdout.")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", help="csv, jsonl, parquet or arrow (default: from the extension, else the first "
                               "character).",
    )] = None,
    output_format: Annotated[str | None, typer.Option(
        "--output-format", help="jsonl (default), csv (default when --output ends in .csv), parquet or "
                                "arrow (by --output's extension too; the `arrow` extra), fhir (a FHIR "
                                "Bundle per row, JSON Lines) or fhir-transaction (one FHIR transaction "
                                "Bundle); the FHIR formats need the `fhir` extra.")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar and no summary line on stderr.")] = False,
    prices: Annotated[str | None, typer.Option(
        "--prices", metavar="FILE", help="Price list CSV (product, pack size g, price, currency): cost and "
                                         "waste per row. Default: `prices` in ivigcalc.toml.")] = None,
    compact: Annotated[bool, typer.Option(
        "--compact", help="JSON Lines with warnings as {code, severity} and references as ids; "
                          "`ivigcalc warnings --json` and `references --json` give the texts.")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="N", help="Worker processes (1: one process). Default: every core for an "
                                          "input file of 256 KB or more, else 1. Output is the same.")] = None,
    compare_policies: Annotated[str | None, typer.Option(
        "--compare-policies", metavar="A,B",
        help="Compute every row under two dosing-weight policies and write them side by side, then the "
             "totals (grams and, with prices, cost): what a policy change does.")] = None,
) -> None:
    """Many itp/aps calculations: a `command` column (itp or aps), columns named like the options
    (weight, platelets, bleeding, ...) and an optional `id`. One record out per row, in input order.
    Exit 0 when every row succeeded, 4 when some failed (each written as an error record), 2 when the
    input cannot be read."""
    from ivigcalc.formats.batch import run_batch
    from ivigcalc.formats.batch_read import InputFormat, OutputFormat

    chosen_input = _choice("input_format", input_format, ("csv", "jsonl", "parquet", "arrow"))
    chosen_output = _choice(
        "output_format", output_format, ("jsonl", "csv", "fhir", "fhir-transaction", "parquet", "arrow"))
    if chosen_output is None:
        chosen_output = _OUTPUT_EXTENSIONS.get(output.lower().rpartition(".")[2], "jsonl") if output else "jsonl"
    debug = bool(ctx.parent is not None and ctx.parent.params.get("debug"))
    from ivigcalc.api.settings import Settings, parse_policy

    compare = None
    if compare_policies is not None:
        named = [name for name in compare_policies.split(",") if name.strip()]
        if len(named) != 2:
            raise InputError("compare_policies", compare_policies, "takes two policy ids: A,B")
        first, second = (parse_policy(name, "--policy").value for name in named)
        if first == second:
            raise InputError("compare_policies", compare_policies, "names the same policy twice")
        compare = (first, second)
    settings = Settings(prices_path=prices)
    if prices is not None:
        settings.prices()  # read now: an unreadable --prices is an error before any row is read
    summary = run_batch(
        source, output=output, input_format=InputFormat(chosen_input) if chosen_input else None,
        output_format=OutputFormat(chosen_output), quiet=quiet, debug=debug,
        settings=settings, compare=compare, compact=compact, jobs=jobs,
    )
    raise typer.Exit(int(summary.exit_status))


@app.command(cls=PanelledCommand, short_help="JSON Schema of batch rows, results and batch records.")
def schema(
    kind: Annotated[str, typer.Argument(
        metavar="[KIND]", help="row (batch input), result (itp/aps --json), record (batch output) "
                               "or all (default).")] = "all",
) -> None:
    """JSON Schema (draft 2020-12) of the batch input row, the result and the batch output record."""
    from ivigcalc.formats.schema import KINDS, schemas

    chosen = _choice("KIND", kind, (*KINDS, "all"))
    assert chosen is not None
    sys.stdout.write(json.dumps(schemas(chosen), indent=2, ensure_ascii=False) + "\n")
