"""Reading batch input: CSV or JSON Lines, row by row, each row's cells by canonical column name (or why
the row could not be read). Nothing here computes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import IO, Final

from ivigcalc.errors import InputError

# ------------------------------------------------------------------------------------------ formats


class InputFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"  # the `arrow` extra (formats/batch_arrow.py)
    ARROW = "arrow"  # an Arrow IPC file (Feather v2)


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    FHIR = "fhir"  # a FHIR Bundle per row, JSON Lines (formats/batch_fhir.py)
    FHIR_TRANSACTION = "fhir-transaction"  # one FHIR transaction Bundle
    PARQUET = "parquet"  # the flat columns and the full record (formats/batch_arrow.py)
    ARROW = "arrow"


_EXTENSIONS: Final = {
    ".csv": InputFormat.CSV, ".jsonl": InputFormat.JSONL, ".ndjson": InputFormat.JSONL,
    ".json": InputFormat.JSONL, ".parquet": InputFormat.PARQUET, ".arrow": InputFormat.ARROW,
    ".feather": InputFormat.ARROW, ".ipc": InputFormat.ARROW,
}
ARROW_FORMATS: Final = frozenset({"parquet", "arrow"})
STDIN: Final = "-"
ID_COLUMN: Final = "id"
COMMAND_COLUMN: Final = "command"
COMMANDS: Final = ("itp", "aps")
# Spreadsheets run a cell as a formula when its first non-blank character is one of these (OWASP "CSV
# injection"), and some strip a leading control character first.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@")
FORMULA_LEADING_CONTROLS: Final = ("\t", "\r", "\n", "\x0b", "\x0c")
PROGRESS_EVERY_ROWS: Final = 4096
# No IVIG row comes near this; a longer line is one error record, read in pieces so memory stays bounded.
MAX_LINE_CHARS: Final = 1 << 20


def input_columns() -> frozenset[str]:
    """Every column a batch row may have: `command`, `id` and the inputs of `itp` and `aps`, read from
    the one field table (core/fields.py) at call time."""
    from ivigcalc.core import fields

    return frozenset({ID_COLUMN, COMMAND_COLUMN}) | {
        field.name for field in fields.FIELDS if field.commands & {"itp", "aps"}}


def canonical_column(name: str) -> str:
    """A column name as the parser knows it: `Platelet-Unit ` -> `platelet_unit`."""
    return name.strip().lower().replace("-", "_")


def detect_input_format(source: str, head: bytes | str | None = b"") -> InputFormat:
    """From the file extension; for stdin or another extension, from the first non-blank character
    (`head` is the first non-blank line, or the first bytes)."""
    if source != STDIN:
        found = _EXTENSIONS.get(Path(source).suffix.lower())
        if found is not None:
            return found
    if head is None:
        return InputFormat.CSV
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    text = head.lstrip("\ufeff \t\r\n\x0b\x0c")
    return InputFormat.JSONL if text.startswith("{") else InputFormat.CSV


class ReadFailure(Exception):
    """The input stream itself failed (an I/O error mid-file): the environment, not a row."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror)
        self.error = error


def physical_lines(text: IO[str]) -> Iterator[str | None]:
    """The lines of `text`, line ends kept; None for a line over MAX_LINE_CHARS, whose rest is skipped
    unread into memory (one huge line must not exhaust it)."""
    limit = MAX_LINE_CHARS
    readline = text.readline
    try:
        for line in iter(partial(readline, limit), ""):
            if len(line) < limit or line[-1] in "\r\n":
                yield line
                continue
            while True:
                rest = readline(limit)
                if len(rest) < limit or rest[-1] in "\r\n":
                    break
            yield None
    except OSError as error:
        raise ReadFailure(error) from None


def whole_file_problem(first: str | None) -> str | None:
    """Why an input whose first non-blank line is `first` is not UTF-8 text at all, or None."""
    if first is None:
        return None
    if first.startswith(("\udcff\udcfe", "\udcfe\udcff")):
        return "the input is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8"
    if "\x00" in first:
        return "the input is not text: it holds NUL bytes (UTF-16, UTF-32 or a binary file?); save it as UTF-8"
    if not first.isascii() and _has_undecodable((first,)):
        return ("the input is not UTF-8 text (its first line is not; Latin-1 or Windows-1252?); "
                "save it as UTF-8")
    return None


# A CSV line of only these is blank (a spreadsheet's row of empty cells too) and skipped; JSONL: whitespace.
BLANK_CSV_CHARACTERS: Final = " \t\r\n\x0b\x0c,"


def is_blank_line(line: str | None, input_format: InputFormat) -> bool:
    """The one-record-per-line rule's exception: blank lines have no record."""
    if line is None:
        return False
    return not line.strip(BLANK_CSV_CHARACTERS) if input_format is InputFormat.CSV else not line.strip()


def _too_long(line: int) -> InputError:
    return InputError(None, None, f"line {line} is longer than {MAX_LINE_CHARS:,} characters")


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


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """json's object hook: `{"bleeding": "life-threatening", "bleeding": "none"}` is refused, never
    silently read as its last value."""
    item = dict(pairs)
    if len(item) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return item


def _json_problem(error: BaseException) -> tuple[str | None, str]:
    """(field, message) for a line json could not read, naming the real cause."""
    if isinstance(error, _DuplicateKey):
        shown = error.key if error.key.isprintable() and len(error.key) <= 40 else None
        return shown, "is given twice in this row (a JSON key may appear once)" if shown else (
            "a key is given twice in this row (a JSON key may appear once)")
    if isinstance(error, json.JSONDecodeError):
        return None, f"line is not valid JSON ({error.msg} at column {error.colno})"
    if isinstance(error, RecursionError):
        return None, "line is not a batch row: its JSON is nested too deeply to read"
    if isinstance(error, ValueError) and "digits" in str(error):
        return None, "line is not valid JSON for a batch row: it holds a number longer than 4,300 digits"
    if isinstance(error, MemoryError):
        return None, "line is too large to read into memory"
    return None, f"line cannot be read as JSON ({type(error).__name__})"


def read_jsonl(lines: Iterable[str | None]) -> Iterator[Row]:
    """Rows of a JSON Lines text: one object per line; blank lines are skipped. Every other line is
    one Row, an error Row when it cannot be read, whatever went wrong in it."""
    return jsonl_rows(enumerate(lines, start=1))


def jsonl_rows(numbered: Iterable[tuple[int, str | None]]) -> Iterator[Row]:
    """`read_jsonl` of (line number, line) pairs: any run of a file's lines (a batch worker's chunk)."""
    read = ItemReader()
    loads = json.JSONDecoder(object_pairs_hook=_refuse_duplicate_keys).decode
    for line_number, text in numbered:
        if text is None:
            yield Row(line_number, None, None, _too_long(line_number))
            continue
        if not text or text.isspace():
            continue
        if not text.isascii() and _has_undecodable((text,)):
            yield Row(line_number, None, None, _not_utf8(line_number))
            continue
        try:
            item = loads(text)
        except Exception as bad_json:  # RecursionError, MemoryError, a too-long integer: this row only
            field, message = _json_problem(bad_json)
            yield Row(line_number, None, None, InputError(field, None, message))
            continue
        if type(item) is not dict:
            yield Row(line_number, None, None, InputError(None, None, "line is not a JSON object"))
            continue
        yield read(line_number, item)


class ItemReader:
    """A Row from one parsed object (a JSON Lines line, an Arrow table's row): its keys checked against
    the columns once per distinct key list, null and blank values left out."""

    __slots__ = ("_allowed", "_plans")

    def __init__(self) -> None:
        self._allowed = input_columns()
        self._plans: dict[tuple[str, ...], _KeyPlan] = {}  # a file repeats the same few key lists

    def __call__(self, line_number: int, item: dict[str, object]) -> Row:
        keys = tuple(item)
        plan = self._plans.get(keys)
        if plan is None:
            plan = _key_plan(keys, self._allowed)
            if len(self._plans) < 1024:
                self._plans[keys] = plan
        row_id = item.get(plan.id_key) if plan.id_key is not None else None
        if plan.error is not None:
            field, message = plan.error
            value = item.get(field) if field is not None and field in item else None
            return Row(line_number, row_id, None, InputError(field, value, message))
        values = {}
        for key, name in plan.names:
            value = item[key]
            if value is None or (value.__class__ is str and (not value or value.isspace())):
                continue  # null, "" and blanks mean "not given", as an empty CSV cell
            values[name] = value
        return Row(line_number, row_id, values)


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


class _OneLine:
    """The csv reader's input, one physical line at a time: a quoted cell may not run on into the next
    line (no IVIG input needs one), so a stray quote costs its own row, never the rows after it. The
    reader asking for a second line while parsing one record marks an unterminated quote."""

    __slots__ = ("line", "overrun")

    def __init__(self) -> None:
        self.line: str | None = None
        self.overrun = False

    def __iter__(self) -> _OneLine:
        return self

    def __next__(self) -> str:
        line = self.line
        if line is None:
            self.overrun = True
            raise StopIteration
        self.line = None
        return line


def _csv_cells(reader: Iterator[list[str]], feed: _OneLine, line: str) -> list[str]:
    """The cells of one line; raises csv.Error, or returns a partial record with feed.overrun set."""
    feed.line = line
    feed.overrun = False
    return next(reader, [])


def read_csv(lines: Iterable[str | None]) -> Iterator[Row]:
    """Rows of a CSV text with a header row, one Row per non-blank line (blank lines, before the header
    too, and rows of empty cells are skipped). A header naming an unknown or repeated column, or with
    no `command` column, raises InputError: no row of such a file can be read as meant."""
    numbered = enumerate(lines, start=1)
    names = read_csv_header(numbered)
    if names is None:
        return
    yield from csv_rows(names, numbered)


def read_csv_header(numbered: Iterator[tuple[int, str | None]]) -> tuple[str, ...] | None:
    """The canonical column names of the header, the first non-blank line taken from `numbered` (None:
    the input has none); raises InputError for a header no row can be read under."""
    feed = _OneLine()
    reader = csv.reader(feed)
    header: list[str] | None = None
    for line_number, line in numbered:
        if line is None:
            raise InputError(None, None, f"the CSV header (line {line_number}) is longer than "
                                         f"{MAX_LINE_CHARS:,} characters")
        if not line.strip(BLANK_CSV_CHARACTERS):
            continue
        try:
            header = _csv_cells(reader, feed, line)
        except csv.Error as error:
            raise InputError(None, None, f"the CSV header cannot be read: {error}") from None
        if feed.overrun:
            raise InputError(None, None, f"the CSV header (line {line_number}) has an unterminated quote in "
                                         f"column {len(header)} (a quoted cell must end on its own line)")
        break
    if header is None:
        return None
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
    return tuple(names)


def csv_rows(names: tuple[str, ...], numbered: Iterable[tuple[int, str | None]]) -> Iterator[Row]:
    """The rows after a header of these columns, from (line number, line) pairs: any run of the lines
    after the header (a batch worker's chunk), each line read on its own."""
    feed = _OneLine()
    reader = csv.reader(feed)
    width = len(names)
    id_index = names.index(ID_COLUMN) if ID_COLUMN in names else None
    for line_number, line in numbered:
        if line is None:
            yield Row(line_number, None, None, _too_long(line_number))
            continue
        try:
            cells = _csv_cells(reader, feed, line)
        except csv.Error as error:  # e.g. a cell over the size limit; the next line is read afresh
            yield Row(line_number, None, None, InputError(None, None, f"the row cannot be read as CSV: {error}"))
            continue
        except Exception as error:  # anything else in one line costs that row only
            message = f"the row cannot be read as CSV ({type(error).__name__})"
            yield Row(line_number, None, None, InputError(None, None, message))
            continue
        if feed.overrun:
            column = names[len(cells) - 1] if 0 < len(cells) <= width else None
            row_id = cells[id_index] if id_index is not None and id_index < len(cells) - 1 else None
            yield Row(line_number, row_id or None, None, InputError(
                column, None, "has an unterminated quote (a quoted cell must end on its own line)"))
            continue
        if not line.strip(BLANK_CSV_CHARACTERS):
            continue  # a blank line, or a spreadsheet's row of empty cells
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
        values.pop(ID_COLUMN, None)
        yield Row(line_number, row_id, values)
