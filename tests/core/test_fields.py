"""Each input is declared once (core/fields.py): the CLI options, the Python API, the parser, the batch
columns and the row schema all read the same table."""

from __future__ import annotations

import inspect

import pytest
import typer

from ivigcalc import api
from ivigcalc.cli import app
from ivigcalc.core import fields
from ivigcalc.core.parse import parse_aps, parse_itp
from ivigcalc.errors import InputError

OUTPUT_OPTIONS = {"--json", "--explain", "--full", "--prices", "--output-format", "--order", "--help", "-h"}


def _options(*path: str) -> set[str]:
    command = typer.main.get_command(app)
    for name in path:
        if name == "check":
            from ivigcalc.cli.pharmacy import check_app

            command = typer.main.get_command(check_app())
            continue
        command = command.commands[name]  # type: ignore[attr-defined]
    return {opt for param in command.params for opt in param.opts}


@pytest.mark.parametrize("command", ["itp", "aps"])
def test_the_cli_options_are_the_table(command: str) -> None:
    expected = {field.option for field in fields.fields_of(command)}
    assert _options(command) - OUTPUT_OPTIONS == expected


@pytest.mark.parametrize("command", ["itp", "aps"])
def test_check_takes_the_command_options_and_the_order(command: str) -> None:
    expected = {field.option for field in (*fields.fields_of(command), *fields.fields_of("check"))}
    assert _options("check", command) - OUTPUT_OPTIONS == expected


def test_required_fields_are_required_everywhere() -> None:
    required_itp = {f.name for f in fields.fields_of("itp") if f.required}
    assert required_itp == {"weight", "platelets"}
    signature = inspect.signature(api.itp)
    assert {n for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty} == required_itp
    with pytest.raises(InputError) as caught:
        parse_itp({"weight": 70})
    assert caught.value.field == "platelets"
    with pytest.raises(InputError) as caught:
        parse_aps({"weight": 70})
    assert caught.value.field == "scenario"


def test_every_choice_default_is_one_of_its_choices() -> None:
    for field in fields.FIELDS:
        if field.choices is not None and field.default is not None:
            assert field.default in {member.value for member in field.choices}, field.name


def test_the_parser_knows_every_field_and_nothing_else() -> None:
    # A field the table declares but the parser would ignore (or refuse) is a mistake either way.
    for command, parse in (("itp", parse_itp), ("aps", parse_aps)):
        base: dict[str, object] = {"weight": 70, "platelets": 18} if command == "itp" else {
            "weight": 70, "scenario": "caps"}
        with pytest.raises(InputError, match="unknown input"):
            parse({**base, "not_a_field": 1})
        for field in fields.fields_of(command):
            if field.kind == "flag":
                continue
            try:
                parse({**base, field.name: None})
            except InputError as error:  # a required field given as None: named, not unknown
                assert error.field == field.name
