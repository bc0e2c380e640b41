"""JSON Schemas for scripts: the batch input row, the result, and the batch output record.

All are generated from pydantic models. The row models are built at call time from the parser's
field sets (`inputs.ITP_FIELDS`, `inputs.APS_FIELDS`), typed from the Python API's signature (the
same inputs as the CLI) and the input models' enums, so an input added to the parser appears here
without an edit. The schema gives each value its canonical JSON form (numbers, booleans, the
canonical choice); batch mode also accepts the strings a CSV cell holds ("70", "yes", "LB").
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Mapping
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any, Final, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from ivigcalc.models import ApsInput, ItpInput, Result

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
KINDS: Final = ("row", "result", "record")

Scalar = str | float | bool


class BatchErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str | None = Field(description="The input (column) at fault, underscores; null for the whole row.")
    value: Any = Field(description="The value as given, or null.")
    message: str = Field(description="What is wrong and what is accepted.")


class BatchError(BaseModel):
    """A batch output record for a row that could not be computed (it has no `status`)."""

    model_config = ConfigDict(extra="forbid", title="BatchError")

    id: Any = Field(description="The row's `id`, as given; null when the row has none.")
    line: int = Field(description="The line of the input file where the row starts (1 is the first line).")
    error: BatchErrorDetail


def _json_type(annotation: Any) -> Any:
    """The API's `float | int | str` (a number as Python or a CSV cell gives it) -> a JSON number."""
    union = typing.get_origin(annotation) in (Union, UnionType)
    args = set(typing.get_args(annotation)) if union else {annotation}
    optional = NoneType in args
    args.discard(NoneType)
    if args and args <= {float, int, str} and float in args:
        base: Any = float
    elif args == {bool}:
        base = bool
    elif args == {str}:
        base = str
    else:
        base = Scalar
    return base | None if optional else base


def _model_type(name: str, model: type[BaseModel]) -> Any:
    """For an input the API signature does not list: the input model's same-named field, if simple."""
    field = model.model_fields.get(name)
    if field is not None and field.annotation in (bool, float, str):
        return field.annotation
    return Scalar | None


def _enum_of(name: str, models: tuple[type[BaseModel], ...]) -> type[Enum] | None:
    for model in models:
        field = model.model_fields.get(name)
        if field is None:
            continue
        for candidate in (field.annotation, *typing.get_args(field.annotation)):
            if isinstance(candidate, type) and issubclass(candidate, Enum):
                return candidate
    return None


def _row_model(
    command: Literal["itp", "aps"], fields: frozenset[str], function: Any, input_model: type[BaseModel],
    descriptions: Mapping[str, str],
) -> type[BaseModel]:
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)
    definitions: dict[str, Any] = {
        "command": (Literal[command], Field(description=f"`{command}`: what `ivigcalc {command}` computes.")),
        "id": (str | int | None, Field(None, description="Passed through to the output record as given.")),
    }
    for name in sorted(fields):
        parameter = signature.parameters.get(name)
        annotation: Any = _json_type(hints[name]) if name in hints else _model_type(name, input_model)
        enum = _enum_of(name, (input_model,))
        if enum is not None:
            annotation = enum | None if annotation is not str else enum
        required = parameter is not None and parameter.default is inspect.Parameter.empty
        default: Any = ... if required else None
        given = None if parameter is None else parameter.default
        if not required and given not in (None, inspect.Parameter.empty):
            default = given
        if not required:
            annotation = annotation | None
        description = descriptions.get(name) or f"`--{name.replace('_', '-')}` of `ivigcalc {command}`."
        definitions[name] = (annotation, Field(default, description=description))
    model: type[BaseModel] = create_model(
        f"{command.capitalize()}Row", __config__=ConfigDict(extra="forbid"),
        __doc__=f"A batch row for `ivigcalc {command}`: columns named like its options.", **definitions)
    return model


def batch_row_schema(descriptions: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """The JSON Schema of one batch input row (a JSON Lines object, or a CSV row by its header).

    `descriptions`: per command, option help by field name (the CLI passes its `--help` texts)."""
    from ivigcalc import api, inputs

    given = descriptions or {}
    itp_row = _row_model("itp", inputs.ITP_FIELDS, api.itp, ItpInput, given.get("itp", {}))
    aps_row = _row_model("aps", inputs.APS_FIELDS, api.aps, ApsInput, given.get("aps", {}))
    row_type = Annotated[itp_row | aps_row, Field(discriminator="command")]  # type: ignore[valid-type]
    schema = TypeAdapter(row_type).json_schema()
    return _document("BatchRow", schema, (
        "One row of `ivigcalc batch` input. Column names may use dashes or underscores (platelet-unit); "
        "empty cells and null mean 'not given'. Batch also accepts numbers and yes/no values as text."))


def result_schema() -> dict[str, Any]:
    """The JSON Schema of `ivigcalc itp --json` / `aps --json` (the Result)."""
    return _document("Result", Result.model_json_schema(mode="serialization"), (
        "The result of `ivigcalc itp --json` and `ivigcalc aps --json`, and of the Python API's "
        "`.model_dump_json()`."))


def record_schema() -> dict[str, Any]:
    """The JSON Schema of one `ivigcalc batch` JSON Lines output record."""
    success = create_model(
        "BatchResult", __base__=Result,
        id=(Any, Field(description="The row's `id`, as given; null when the row has none.")),
        line=(int, Field(description="The line of the input file where the row starts.")),
    )
    schema = TypeAdapter(success | BatchError).json_schema(mode="serialization")
    return _document("BatchRecord", schema, (
        "One line of `ivigcalc batch` JSON Lines output: the `--json` result with `id` and `line` "
        "added, or an error record (no `status`)."))


def schemas(kind: str = "all", descriptions: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """`row`, `result`, `record`, or `all` of them keyed by kind."""
    builders = {
        "row": lambda: batch_row_schema(descriptions), "result": result_schema, "record": record_schema,
    }
    if kind == "all":
        return {name: build() for name, build in builders.items()}
    return builders[kind]()


def _document(title: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    document: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": title, "description": description}
    document.update({key: value for key, value in schema.items() if key not in ("title", "description")})
    return document
