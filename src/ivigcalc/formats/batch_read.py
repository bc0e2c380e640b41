"""Reading batch input: CSV or JSON Lines, row by row, each row's cells by canonical column name (or why
the row could not be read). Nothing here computes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from ivigcalc.errors import InputError

# ------------------------------------------------------------------------------------------ formats


class InputFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    FHIR = "fhir"  # a FHIR Bundle per row, JSON Lines (formats/batch_fhir.py)
    FHIR_TRANSACTION = "fhir-transaction"  # one FHIR transaction Bundle


_EXTENSIONS: Final = {
    ".csv": InputFormat.CSV, ".jsonl": InputFormat.JSONL, ".ndjson": InputFormat.JSONL,
    ".json": InputFormat.JSONL,
}
STDIN: Final = "-"
ID_COLUMN: Final = "id"
COMMAND_COLUMN: Final = "command"
COMMANDS: Final = ("itp", "aps")
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY_ROWS: Final = 4096


def input_columns() -> frozenset[str]:
    """Every column a batch row may have: `command`, `id` and the inputs of `itp` and `aps`, read from
    the one field table (core/fields.py) at call time."""
    from ivigcalc.core import fields

    return frozenset({ID_COLUMN, COMMAND_COLUMN}) | {
        field.name for field in fields.FIELDS if field.commands & {"itp", "aps"}}


def canonical_column(name: str) -> str:
    """A column name as the parser knows it: `Platelet-Unit ` -> `platelet_unit`."""
    return name.strip().lower().replace("-", "_")


def detect_input_format(source: str, head: bytes = b"") -> InputFormat:
    """From the file extension; for stdin or another extension, from the first character."""
    if source != STDIN:
        found = _EXTENSIONS.get(Path(source).suffix.lower())
        if found is not None:
            return found
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return InputFormat.JSONL if text.startswith(b"{") else InputFormat.CSV


# ------------------------------------------------------------------------------------------ rows


@dataclass(frozen=True, slots=True)
class Row:
    """One input row: where it starts, its id, and its cells by canonical column name (empty cells
    left out), or why it could not be read."""

    line: int
    id: object
    values: dict[str, object] | None
    error: InputError | None = None


def _unknown_columns_message(unknown: Iterable[str], allowed: frozenset[str]) -> str:
    import difflib

    named = []
    for name in unknown:
        close = difflib.get_close_matches(canonical_column(name), sorted(allowed), n=1)
        shown = name if name.isprintable() else repr(name)  # a quoted "a\nb" header: keep the error one line
        named.append(f"{shown} (did you mean {close[0]}?)" if close else shown)
    return (
        f"unknown column(s): {', '.join(named)}. Columns are `command`, `id` and the options of "
        "`ivigcalc itp` and `ivigcalc aps` (dashes or underscores); see `ivigcalc schema row`")


def blank(value: object) -> bool:
    return value is None or (type(value) is str and (not value or value.isspace()))


def _not_utf8(line: int) -> InputError:
    return InputError(None, None, f"line {line} is not valid UTF-8 text")


def _has_undecodable(texts: Iterable[str]) -> bool:
    """True when a text holds bytes that were not UTF-8 (decoded as lone surrogates)."""
    for text in texts:
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def read_jsonl(lines: Iterable[str]) -> Iterator[Row]:
    """Rows of a JSON Lines text: one object per line; blank lines are skipped."""
    allowed = input_columns()
    plans: dict[tuple[str, ...], _KeyPlan] = {}  # a file repeats the same few key lists
    loads = json.loads
    for line_number, text in enumerate(lines, start=1):
        if not text or text.isspace():
            continue
        if not text.isascii() and _has_undecodable((text,)):
            yield Row(line_number, None, None, _not_utf8(line_number))
            continue
        try:
            item = loads(text)
        except ValueError as bad_json:
            detail = (f"{bad_json.msg} at column {bad_json.colno}"
                      if isinstance(bad_json, json.JSONDecodeError) else str(bad_json))
            yield Row(line_number, None, None, InputError(None, None, f"line is not valid JSON ({detail})"))
            continue
        if type(item) is not dict:
            yield Row(line_number, None, None, InputError(None, None, "line is not a JSON object"))
            continue
        keys = tuple(item)
        plan = plans.get(keys)
        if plan is None:
            plan = _key_plan(keys, allowed)
            if len(plans) < 1024:
                plans[keys] = plan
        row_id = item.get(plan.id_key) if plan.id_key is not None else None
        if plan.error is not None:
            field, message = plan.error
            value = item.get(field) if field is not None and field in item else None
            yield Row(line_number, row_id, None, InputError(field, value, message))
            continue
        values: dict[str, object] = {}
        for key, name in plan.names:
            value = item[key]
            if value is None or (value.__class__ is str and (not value or value.isspace())):
                continue  # null, "" and blanks mean "not given", as an empty CSV cell
            values[name] = value
        yield Row(line_number, row_id, values)


@dataclass(frozen=True, slots=True)
class _KeyPlan:
    """How to read an object with these keys: (key, column) pairs, the id key, or why it cannot be."""

    names: tuple[tuple[str, str], ...]
    id_key: str | None
    error: tuple[str | None, str] | None  # (field, message)


def _key_plan(keys: tuple[str, ...], allowed: frozenset[str]) -> _KeyPlan:
    names: list[tuple[str, str]] = []
    id_key: str | None = None
    unknown: list[str] = []
    error: tuple[str | None, str] | None = None
    seen: dict[str, str] = {}
    for key in keys:
        name = canonical_column(key)
        if name in seen:
            error = (key, f"is given twice in this row (as {seen[name]!r} too)")
        seen[name] = key
        if name == ID_COLUMN:
            id_key = key
        elif name not in allowed:
            unknown.append(key)
        else:
            names.append((key, name))
    if unknown:
        error = (unknown[0] if len(unknown) == 1 else None, _unknown_columns_message(unknown, allowed))
    return _KeyPlan(tuple(names), id_key, error)


def read_csv(lines: Iterable[str]) -> Iterator[Row]:
    """Rows of a CSV text with a header row. A header naming an unknown or repeated column, or with
    no `command` column, raises InputError: no row of such a file can be read as meant."""
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InputError(None, None, f"the CSV header cannot be read: {error}") from None
    if header is None:
        return
    names = [canonical_column(cell) for cell in header]
    allowed = input_columns()
    unknown = [
        cell.strip() or "(empty)" for cell, name in zip(header, names, strict=True) if name not in allowed]
    if unknown:
        raise InputError(None, None, _unknown_columns_message(unknown, allowed))
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError(None, None, f"column(s) given twice in the header: {', '.join(repeated)}")
    if COMMAND_COLUMN not in names:
        raise InputError(None, None, "the CSV header has no `command` column (itp or aps on each row)")
    width = len(names)
    id_index = names.index(ID_COLUMN) if ID_COLUMN in names else None
    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a cell over the size limit; the reader goes on at the next line
            message = f"the row cannot be read as CSV: {error}"
            yield Row(last_line + 1, None, None, InputError(None, None, message))
            last_line = reader.line_num
            continue
        line_number = last_line + 1  # a quoted cell may span lines: the row starts after the last one
        last_line = reader.line_num
        if not cells:
            continue  # a blank line
        row_id = cells[id_index] if id_index is not None and id_index < len(cells) else None
        if row_id == "":
            row_id = None
        if not all(map(str.isascii, cells)) and _has_undecodable(cells):
            yield Row(line_number, None, None, _not_utf8(line_number))
            continue
        if len(cells) != width:
            yield Row(line_number, row_id, None, InputError(
                None, None, f"the row has {len(cells)} cells; the header has {width}"))
            continue
        values: dict[str, object] = {
            name: cell for name, cell in zip(names, cells, strict=True) if cell and not cell.isspace()}
        if not values:
            continue  # every cell empty: a spreadsheet's trailing row, nothing to compute
        values.pop(ID_COLUMN, None)
        yield Row(line_number, row_id, values)


