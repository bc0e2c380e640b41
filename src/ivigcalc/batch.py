"""Batch mode: many `itp`/`aps` calculations from a CSV or JSON Lines file, one record out per row.

Streaming in constant memory: one row is read, computed through the Python API and written before the
next is read. A bad row becomes an error record and the batch goes on; only an input that cannot be
read as a whole (missing file, a CSV header with unknown columns) stops it. No Typer here: cli_batch.py
is the command-line shell around `run_batch`.

JSONL success records are the `--json` result of the same inputs, byte for byte, with `id` and `line`
first. `ResultEncoder` produces those bytes: the parts that every row on one decision path shares
(reasons, warnings, citations) are serialised once and reused, which is most of a result.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import signal
import sys
import tempfile
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from enum import Enum, StrEnum
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final, Literal, get_args, get_origin

from ivigcalc.errors import ExitStatus, InputError
from ivigcalc.models import Result, compact_json, jsonable

# ------------------------------------------------------------------------------------------ formats


class InputFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


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
    """Every column a batch row may have: `command`, `id` and the inputs of `itp` and `aps`.

    Read from the parser's field sets at call time, so an input added to `inputs.py` is a batch
    column at once."""
    from ivigcalc import inputs

    return frozenset({ID_COLUMN, COMMAND_COLUMN}) | inputs.COMMON_FIELDS | inputs.ITP_FIELDS | (
        inputs.APS_FIELDS)


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


def _blank(value: object) -> bool:
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


# ------------------------------------------------------------------------------------------ computing


def command_function(raw: object) -> Callable[[Mapping[str, object]], Result]:
    """`api.itp_from_mapping` or `api.aps_from_mapping` for a `command` cell."""
    from ivigcalc import api

    command = raw.strip().lower() if isinstance(raw, str) else raw
    if command == "itp":
        return api.itp_from_mapping
    if command == "aps":
        return api.aps_from_mapping
    if _blank(raw):
        raise InputError(COMMAND_COLUMN, None, "is required: itp or aps")
    raise InputError(COMMAND_COLUMN, raw, "is not one of itp, aps")


# ------------------------------------------------------------------------------------------ JSON


class _FragmentCache:
    """JSON fragments of objects by identity. An entry keeps its object alive, so an id is never
    reused for another object while it is cached; cleared when full, so memory stays bounded."""

    __slots__ = ("_entries", "_size")

    def __init__(self, size: int) -> None:
        self._entries: dict[int, tuple[object, bytes]] = {}
        self._size = size

    def get(self, value: object) -> bytes | None:
        entry = self._entries.get(id(value))
        return entry[1] if entry is not None and entry[0] is value else None

    def put(self, value: object, fragment: bytes) -> None:
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[id(value)] = (value, fragment)


_DIRECT, _TEXT, _TUPLE = 0, 1, 2


class ResultEncoder:
    """`Result.to_json()`, byte for byte, with the shared parts serialised once.

    Fields are encoded in the Result's field order and joined. Text fields (reasons, rule ids) are
    cached by value; tuples (warnings, co-therapies, citations) whole, by identity, since the
    calculation hands the same objects to every row on the same decision path. Per-row values (grade,
    dosing weight, regimen, inputs) are encoded each time. Built from the Result's dataclass fields, so
    a field added to the Result is encoded without a change here.
    """

    def __init__(self) -> None:
        self._fields: list[tuple[str, bytes, int]] = []
        hints = typing.get_type_hints(Result)
        for index, field in enumerate(dataclass_fields(Result)):
            prefix = (b"{" if index == 0 else b",") + json.dumps(field.name).encode() + b":"
            annotation = hints[field.name]
            origin = get_origin(annotation)
            kind = _TUPLE if origin is tuple else _TEXT if _is_text(annotation) else _DIRECT
            self._fields.append((field.name, prefix, kind))
        self._texts: dict[object, bytes] = {}
        self._tuples = _FragmentCache(2048)

    def parts(self, result: Result) -> list[bytes]:
        """The JSON of `result` in pieces: b"".join(parts) == result.to_json().encode()."""
        out: list[bytes] = []
        append = out.append
        for name, prefix, kind in self._fields:
            value = getattr(result, name)
            append(prefix)
            if kind == _TEXT:
                fragment = self._texts.get(value)
                if fragment is None:
                    fragment = _dump(value)
                    if len(self._texts) < 8192:
                        self._texts[value] = fragment
                append(fragment)
            elif kind == _TUPLE:
                fragment = self._tuples.get(value)
                if fragment is None:
                    fragment = _dump(value)
                    self._tuples.put(value, fragment)
                append(fragment)
            else:
                append(_dump(value))
        append(b"}")
        return out

    def encode(self, result: Result) -> bytes:
        return b"".join(self.parts(result))


def _is_text(annotation: object) -> bool:
    """A type whose values are strings (str, a string enum, a Literal of strings): safe to cache by
    value, unlike numbers, where 1 == 1.0 == True but each serialises differently."""
    if get_origin(annotation) is Literal:
        return all(isinstance(arg, str) for arg in get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, str) and (
        annotation is str or issubclass(annotation, Enum))


_COMPACT: Final = (",", ":")  # as Record.to_json writes it


def _dump(value: object) -> bytes:
    return compact_json(jsonable(value)).encode()


def _json_value(value: object) -> bytes:
    """An id or an echoed input value as JSON (UTF-8 kept readable; anything JSON cannot hold, as text)."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=_COMPACT, default=str, allow_nan=False)
    except ValueError:  # NaN or Infinity somewhere inside: not JSON, so the whole value as text
        text = json.dumps(str(value), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (undecodable input): escaped, still valid JSON
        return json.dumps(json.loads(text), separators=_COMPACT).encode("ascii")


def _error_value(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and Infinity are not JSON
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


# ------------------------------------------------------------------------------------------ writers


class _Writer:
    def success(self, row: Row, result: Result) -> None:
        raise NotImplementedError

    def failure(self, row: Row, error: InputError) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush what is buffered (the stream itself belongs to the caller)."""


class JsonlWriter(_Writer):
    """JSON Lines: the `--json` result with `id` and `line` first, or an error record."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._write = stream.write
        self._encoder = ResultEncoder()

    def success(self, row: Row, result: Result) -> None:
        parts = self._encoder.parts(result)
        head = b'{"id":' + _json_value(row.id) + b',"line":' + str(row.line).encode() + b","
        parts[0] = head + parts[0][1:]
        parts.append(b"\n")
        self._write(b"".join(parts))

    def failure(self, row: Row, error: InputError) -> None:
        record = {
            "id": row.id, "line": row.line,
            "error": {"field": error.field, "value": _error_value(error.value), "message": error.message},
        }
        self._write(_json_value(record) + b"\n")


def _cell(value: object) -> str:
    """A CSV cell: numbers without a trailing `.0`, text neutralised against formula injection."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_columns() -> list[str]:
    """The flat CSV output columns."""
    return [
        "id", "line", "command", "status", "grade", "dosing_weight_kg", "dosing_weight_basis", "regimen",
        "infusions", "infusions_rounded", "total_dose_g", "warnings", "error_field", "error_message",
    ]


class CsvWriter(_Writer):
    """Flat CSV: one line per row, infusions as `day:g` and warning codes joined by `;`."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        self._csv = csv.writer(self._text, lineterminator="\r\n")  # RFC 4180
        self._columns = csv_columns()
        self._csv.writerow(self._columns)
        self._codes: dict[int, tuple[object, str]] = {}

    def success(self, row: Row, result: Result) -> None:
        regimen = result.regimen
        dosing_weight = result.dosing_weight
        cells = [
            _cell(row.id), str(row.line), result.command, result.status.value,
            "" if result.grade is None else str(result.grade.grade), _cell(dosing_weight.kg),
            dosing_weight.basis.value,
        ]
        if regimen is None:
            cells += ["", "", "", ""]  # regimen, infusions, infusions_rounded, total_dose_g
        else:
            infusions = [infusion for phase in regimen.phases for infusion in phase.infusions]
            cells.append(_cell(regimen.name))
            cells.append(";".join(f"{i.day}:{_cell(i.dose_g)}" for i in infusions))
            cells.append(";".join(f"{i.day}:{_cell(i.dose_g_rounded)}" for i in infusions))
            cells.append(_cell(regimen.total_dose_g))
        cells += [self._warning_codes(result.warnings), "", ""]
        self._csv.writerow(cells)

    def _warning_codes(self, warnings: tuple[Any, ...]) -> str:
        entry = self._codes.get(id(warnings))
        if entry is not None and entry[0] is warnings:
            return entry[1]
        codes = ";".join(warning.code for warning in warnings)
        if len(self._codes) >= 2048:
            self._codes.clear()
        self._codes[id(warnings)] = (warnings, codes)
        return codes

    def failure(self, row: Row, error: InputError) -> None:
        cells = [_cell(row.id), str(row.line), "", "error"] + [""] * (len(self._columns) - 6)
        cells += [_cell(error.field), _cell(error.message)]
        self._csv.writerow(cells)

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the byte stream stays open for its owner


# ------------------------------------------------------------------------------------------ output


class AtomicOutput:
    """A file written under a temporary name in the same directory and renamed over the target only
    when complete: readers see the old file or the whole new one, never a half-written one.

    A target that is not a regular file (/dev/null, a pipe) cannot be replaced and is written in place.
    """

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._temporary: Path | None = None
        if self.path.exists() and not self.path.is_file():
            self.stream: IO[bytes] = open(self.path, "wb")  # noqa: SIM115 - closed in commit/abort
            return
        directory = self.path.parent
        try:
            descriptor, name = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".partial", dir=directory)
        except OSError as error:
            raise InputError(None, None, f"cannot write {str(self.path)!r}: {error.strerror}") from None
        self._temporary = Path(name)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)  # what a plain `open` would give; mkstemp makes it 0600
        self.stream = os.fdopen(descriptor, "wb", buffering=1 << 20)

    def commit(self) -> None:
        self.stream.close()
        if self._temporary is not None:
            os.replace(self._temporary, self.path)
            self._temporary = None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                self._temporary.unlink()
            self._temporary = None


class _Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a batch: unwinds like Ctrl-C, so the temporary file is removed."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signal.Signals(signum).name)

    previous: dict[signal.Signals, Any] = {}
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        for number in (signal.SIGTERM, signal.SIGHUP):
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


# ------------------------------------------------------------------------------------------ the run


@dataclass(frozen=True, slots=True)
class Summary:
    rows: int
    succeeded: int
    failed: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.BATCH_PARTIAL if self.failed else ExitStatus.SUCCESS

    def line(self) -> str:
        return (
            f"{self.rows:,} rows, {self.succeeded:,} succeeded, {self.failed:,} failed, "
            f"{self.rows_per_second:,.0f} rows/s ({self.seconds:.2f} s)")


def _open_input(source: str, stdin: IO[bytes] | None) -> tuple[IO[bytes], int | None]:
    if source == STDIN:
        return (stdin if stdin is not None else sys.stdin.buffer), None
    try:
        stream = open(source, "rb")  # noqa: SIM115 - closed by run_batch
    except OSError as error:
        raise InputError(None, None, f"cannot read {source!r}: {error.strerror}") from None
    try:
        size = os.fstat(stream.fileno()).st_size
    except OSError:
        size = None
    return stream, size


def run_batch(
    source: str,
    *,
    output: str | None = None,
    input_format: InputFormat | None = None,
    output_format: OutputFormat = OutputFormat.JSONL,
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
    stderr: IO[str] | None = None,
    progress: bool | None = None,
    quiet: bool = False,
    debug: bool = False,
) -> Summary:
    """Compute every row of `source` (a path, or "-" for stdin) and write one record per row.

    `output` None writes to stdout. `progress` None shows a bar when stderr is a terminal and the
    input is a file. Raises InputError when the input as a whole cannot be read (then an `output`
    file is not created). Returns the summary; its `exit_status` is 0 or 4.
    """
    err = stderr if stderr is not None else sys.stderr
    raw, size = _open_input(source, stdin)
    target: AtomicOutput | None = None
    try:
        chosen = input_format or detect_input_format(source, _peek(raw))
        text = io.TextIOWrapper(
            raw, encoding="utf-8-sig", errors="surrogateescape",
            newline="" if chosen is InputFormat.CSV else None)
        rows = read_csv(text) if chosen is InputFormat.CSV else read_jsonl(text)
        first = next(rows, None)  # the CSV header is checked here, before any output exists
        with _terminate_as_interrupt():
            if output is not None:
                target = AtomicOutput(output)
                stream = target.stream
            else:
                stream = stdout if stdout is not None else sys.stdout.buffer
            writer: _Writer = CsvWriter(stream) if output_format is OutputFormat.CSV else JsonlWriter(stream)
            show = progress if progress is not None else (
                source != STDIN and size is not None and not quiet and err.isatty())
            summary = _process(
                first, rows, writer, progress_of=raw if show else None, size=size, err=err, debug=debug)
            writer.close()
            if target is not None:
                target.commit()
                target = None
            else:
                stream.flush()
    finally:
        if target is not None:
            target.abort()
        if source != STDIN:
            raw.close()
    if not quiet:
        err.write(f"ivigcalc: batch: {summary.line()}\n")
    return summary


def _peek(raw: IO[bytes]) -> bytes:
    peek = getattr(raw, "peek", None)
    return peek(64)[:64] if peek is not None else b""


def _process(
    first: Row | None, rows: Iterator[Row], writer: _Writer, *, progress_of: IO[bytes] | None,
    size: int | None, err: IO[str], debug: bool,
) -> Summary:
    started = time.perf_counter()
    count = failed = 0
    success, failure = writer.success, writer.failure
    functions: dict[object, Callable[[Mapping[str, object]], Result]] = {}  # command cell -> API function
    bar = _ProgressBar(progress_of, size or 0, err) if progress_of is not None else None
    try:
        for row in _chain(first, rows) if first is not None else ():
            count += 1
            if bar is not None and not count % PROGRESS_EVERY_ROWS:
                bar.update()
            error = row.error
            values = row.values
            if error is None and values is not None:
                try:
                    raw = values.pop(COMMAND_COLUMN, None)
                    function = functions.get(raw) if type(raw) is str else None
                    if function is None:
                        function = command_function(raw)
                        if type(raw) is str and len(functions) < 64:
                            functions[raw] = function
                    result = function(values)
                except InputError as raised:
                    error = raised
                except Exception as raised:
                    if debug:
                        raise
                    # No message text: an exception's text may carry patient values.
                    error = InputError(None, None, f"internal error ({type(raised).__name__}); report it")
                else:
                    success(row, result)
                    continue
            failed += 1
            failure(row, error or InputError(None, None, "the row cannot be read"))
    finally:
        if bar is not None:
            bar.stop()
    return Summary(count, count - failed, failed, time.perf_counter() - started)


def _chain(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest


class _ProgressBar:
    """Rich progress on stderr by bytes read; Rich is imported only when a bar is shown."""

    def __init__(self, raw: IO[bytes], size: int, err: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self._raw = raw
        self._progress = Progress(
            TextColumn("batch"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
            console=Console(file=err), transient=True)
        self._task = self._progress.add_task("batch", total=max(size, 1))
        self._progress.start()

    def update(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._progress.update(self._task, completed=self._raw.tell())

    def stop(self) -> None:
        self._progress.stop()
