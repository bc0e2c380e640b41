"""`ivigcalc schema`: JSON Schemas generated from the models; real rows and results are valid against them."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from test_batch import batch_rows
from typer.testing import CliRunner

from ivigcalc import api
from ivigcalc.cli import app
from ivigcalc.core import fields
from ivigcalc.formats import schema
from ivigcalc.formats.batch import run_batch
from ivigcalc.model.result import Result
from ivigcalc.model.vocabulary import Bleeding

RUNNER = CliRunner()
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(kind: str) -> dict[str, Any]:
    result = RUNNER.invoke(app, ["schema", kind])
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def validator(document: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def test_schema_prints_all_three_by_default() -> None:
    document = schema_of("all")
    assert set(document) == {"row", "result", "record"}
    for part in document.values():
        assert part["$schema"] == DIALECT
        validator(part)


def test_unknown_kind_is_an_input_error() -> None:
    result = RUNNER.invoke(app, ["schema", "rows"])
    assert result.exit_code == 2
    assert "is not one of row, result, record, all" in result.stderr


def test_row_schema_has_every_parser_field_per_command() -> None:
    row = schema_of("row")
    definitions = row["$defs"]
    itp_row, aps_row = definitions["ItpRow"], definitions["ApsRow"]
    assert set(itp_row["properties"]) == {"command", "id"} | fields.ITP_FIELDS
    assert set(aps_row["properties"]) == {"command", "id"} | fields.APS_FIELDS
    assert set(itp_row["required"]) == {"command", "weight", "platelets"}
    assert set(aps_row["required"]) == {"command", "weight", "scenario"}
    assert itp_row["additionalProperties"] is False
    assert definitions["Bleeding"]["enum"] == [member.value for member in Bleeding]
    assert itp_row["properties"]["weight"]["type"] == "number"
    assert "kg unless --weight-unit lb" in itp_row["properties"]["weight"]["description"]  # the CLI's help


def test_row_schema_follows_the_field_table(monkeypatch: pytest.MonkeyPatch) -> None:
    added = fields.InputField("new_input", "flag", fields.ITP, "A new input.", fields.ITP_PANEL)
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, added))
    itp_row = schema.batch_row_schema()["$defs"]["ItpRow"]
    assert "new_input" in itp_row["properties"]


@pytest.mark.parametrize("row, valid", [
    ({"command": "itp", "weight": 70, "platelets": 18}, True),
    ({"command": "itp", "id": "a", "weight": 70.5, "platelets": 18, "bleeding": "active", "dic": False},
     True),
    ({"command": "aps", "weight": 65, "scenario": "caps"}, True),
    ({"command": "itp", "weight": 70}, False),  # platelets required
    ({"command": "aps", "weight": 65, "scenario": "caps", "platelets": 18}, False),  # an itp input
    ({"command": "itp", "weight": 70, "platelets": 18, "bleeding": "lots"}, False),
    ({"command": "grade", "platelets": 18}, False),
    ({"command": "itp", "weight": 70, "platelets": 18, "colour": "red"}, False),
])
def test_row_schema_accepts_and_refuses(row: dict[str, Any], valid: bool) -> None:
    assert validator(schema_of("row")).is_valid(row) is valid


ROW_VALIDATOR = validator(schema.batch_row_schema())


@given(row=batch_rows())
def test_generated_rows_are_valid_against_the_row_schema(row: dict[str, Any]) -> None:
    canonical = {key: value.lower() if key == "sex" else value for key, value in row.items()}
    errors = list(ROW_VALIDATOR.iter_errors(canonical))
    assert not errors, [error.message for error in errors]


def test_real_results_are_valid_against_the_result_schema() -> None:
    check = validator(schema_of("result"))
    for result in (
        api.itp(weight=70, platelets=18, bleeding="active"),
        api.itp(weight=100, height=175, sex="male", age=50, platelets=12),
        api.aps(weight=65, scenario="caps"),
        api.aps(weight=65, scenario="asymptomatic"),  # no regimen
    ):
        check.validate(json.loads(result.model_dump_json()))
    assert set(schema_of("result")["properties"]) == {field.name for field in dataclasses.fields(Result)}


def test_batch_records_are_valid_against_the_record_schema(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("id,command,weight,platelets,scenario\na,itp,70,18,\nb,itp,abc,18,\nc,aps,65,,caps\n")
    out = io.BytesIO()
    run_batch(str(source), stdout=out, stderr=io.StringIO())
    check = validator(schema_of("record"))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    for record in lines:
        check.validate(record)
    error_only = dict(lines[1])
    error_only["status"] = "indicated"  # an error record has no status
    assert not check.is_valid(error_only)
