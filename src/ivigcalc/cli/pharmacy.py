"""`ivigcalc products` and `ivigcalc check itp|aps`. Registered on the app by cli/__init__.py.

`check itp` / `check aps` take exactly the options of `itp` / `aps` (their signatures are reused, not
copied) plus the order as written. Nothing heavy is imported here at start-up: the catalogue, the
check logic and Rich are imported inside the commands.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

import typer

from ivigcalc.cli import options as cli_options
from ivigcalc.cli.app import PassThroughGroup, app, refuse_ambiguous_options
from ivigcalc.cli.help import PanelledCommand
from ivigcalc.cli.options import JsonOpt
from ivigcalc.core.fields import ORDER_FIELDS
from ivigcalc.errors import ExitStatus, InputError

# --------------------------------------------------------------------------------------- products


@app.command(cls=PanelledCommand, short_help="The IVIG product catalogue, every value with its source.")
def products(
    name: Annotated[str | None, typer.Argument(
        metavar="[NAME]", help="A product name, e.g. gamunex-c or 'Octagam 10%'; all when left out.")] = None,
    json_output: JsonOpt = False,
) -> None:
    """The IVIG product catalogue: concentration, packs, sugar, IgA, label rates, each with its source."""
    from ivigcalc.knowledge import products as catalogue

    if name is None:
        if json_output:
            sys.stdout.write(catalogue.catalogue().model_dump_json() + "\n")
            return
        from ivigcalc.render.catalogue import print_products

        print_products(catalogue.catalogue())
        return
    product = catalogue.get(name, field="NAME")
    if json_output:
        sys.stdout.write(json.dumps(_product_payload(product), ensure_ascii=False) + "\n")
        return
    from ivigcalc.render.catalogue import print_product

    print_product(product, catalogue.catalogue())


def _product_payload(product: Any) -> dict[str, Any]:
    from ivigcalc.knowledge import products as catalogue

    whole = catalogue.catalogue()
    cited = {field.source for field in product.field_sources().values()}
    cited |= {spec.source for spec in product.rates.values()}
    if not product.rates:
        cited.add("not-found")
    return {
        "product": product.model_dump(mode="json"),
        "sources": {sid: whole.sources[sid].model_dump(mode="json") for sid in sorted(cited)},
        "verify": whole.about["verify"],
    }


# --------------------------------------------------------------------------------------- check
# `check itp|aps` reuse every option of `itp`/`aps` (dozens of them). Typer builds the parameters of
# every registered command on each run, so the full `check` group is built only when `check` runs:
# `ivigcalc --version`, `itp` and `batch` do not pay for it.

CHECK_HELP = (
    "Check an IVIG order as written against the calculated regimen: `ivigcalc check itp ...` or "
    "`ivigcalc check aps ...` with every option of `itp`/`aps` plus --ordered-dose, --ordered-days and "
    "--ordered-rate. PASS (exit 0) or FLAG (exit 3) with one line per finding; see "
    "`ivigcalc check itp --help`.")


@app.command(
    "check", help=CHECK_HELP, short_help="Check an IVIG order against the calculated dose: PASS or FLAG.",
    add_help_option=False,
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def check(ctx: typer.Context) -> int:
    arguments = list(ctx.args) or ["--help"]
    group = typer.main.get_command(check_app())
    refuse_ambiguous_options(group, arguments)  # `check` hands its arguments on unparsed
    returned = group.main(arguments, prog_name="ivigcalc check", standalone_mode=False)
    return returned if isinstance(returned, int) else ExitStatus.SUCCESS


@cache
def check_app() -> typer.Typer:
    """The `check` group: `itp` and `aps` with the options of the commands of the same name."""
    group = typer.Typer(name="check", cls=PassThroughGroup, help=CHECK_HELP, no_args_is_help=True,
                        rich_markup_mode=None,
                        add_completion=False, pretty_exceptions_enable=False,
                        context_settings={"help_option_names": ["-h", "--help"]})
    group.command("itp", cls=PanelledCommand)(_check_command("itp"))
    group.command("aps", cls=PanelledCommand)(_check_command("aps"))
    return group


def _check_command(command: Literal["itp", "aps"]) -> Callable[..., int]:
    """A `check <command>` callback whose options are the command's plus the order as written."""

    @cli_options.with_options([*cli_options.parameters_for(command, "check"), cli_options.ORDER_PARAMETER])
    def callback(**options: Any) -> int:
        return _run_check(command, options)

    callback.__name__ = f"check_{command}"
    callback.__doc__ = (
        f"Check an order as written against `ivigcalc {command}`: PASS (exit 0) or FLAG (exit 3). "
        f"Takes every `ivigcalc {command}` option plus the order, or the order as FHIR with --order.")
    return callback


def _run_check(command: Literal["itp", "aps"], options: dict[str, Any]) -> int:
    from ivigcalc.api.check import check_from_mapping

    source = options.pop("order", None)
    order_values = {name: options.pop(name) for name in ORDER_FIELDS}
    cli_options.reject_empty(order_values)
    explain = bool(options.get("explain"))
    as_json = bool(options.get("json_output"))
    settings = cli_options.settings_for(options)
    values = cli_options.input_values(options)
    if source is not None:
        values, order_values = _with_fhir_order(command, source, values, order_values)
    outcome = check_from_mapping(command, values, order_values, settings)
    if as_json:
        payload = outcome.to_dict()
        if explain:
            from ivigcalc.api.explain import explain_check

            payload["explanation"] = list(explain_check(outcome))
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        from ivigcalc.render.check import print_check

        print_check(outcome, explain=explain, full=bool(options.get("full")))
    return ExitStatus.SUCCESS if outcome.verdict == "PASS" else ExitStatus.CHECK_FLAGGED


def _read_order_document(source: str) -> object:
    if not source.strip():
        raise InputError("order", source, "is empty; give a file, or - for stdin")
    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8-sig").read()  # noqa: SIM115
    except OSError as error:
        raise InputError("order", source, f"cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError("order", source, "is not UTF-8 text (a FHIR JSON document)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("order", source, f"is not JSON: {error.msg} at line {error.lineno}, column "
                                          f"{error.colno}") from None


def _given(name: str, value: object) -> bool:
    """An option the user typed (not its default)."""
    from ivigcalc.core.fields import BY_NAME

    default = BY_NAME[name].default if name in BY_NAME else None
    return value is not None and value is not False and value != default


def _with_fhir_order(command: Literal["itp", "aps"], source: str, values: dict[str, object],
                     order_values: dict[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """The options with the FHIR order's facts filled in; an option also in the order is refused."""
    from ivigcalc.core.fields import fields_of
    from ivigcalc.formats.fhir_read import fail, missing_weight, read_order

    document = _read_order_document(source)
    order = read_order(document)
    if order.command is not None and order.command != command:
        raise fail(f"{order.request_path}.reasonCode",
                   f"codes {order.command.upper()}, not {command.upper()}: use `ivigcalc check {order.command}`")
    allowed = {field.name for field in fields_of(command)}
    merged = dict(values)
    for name, value in order.values.items():
        if name not in allowed:
            raise fail(order.paths[name], f"{name} is not an input of `ivigcalc {command}`")
        if _given(name, values.get(name)):
            raise InputError(name, values[name], f"is also in the order ({order.paths[name]}); give it once")
        merged[name] = value
    ordered = dict(order_values)
    for name, value in order.order_values.items():
        if ordered.get(name) is not None:
            raise InputError(name, ordered[name], f"is also in the order ({order.paths[name]}); give it once")
        ordered[name] = value
    if merged.get("weight") is None:
        raise missing_weight(order, document if isinstance(document, dict) else {})
    return merged, ordered


__all__ = ["InputError", "check", "check_app", "products"]
