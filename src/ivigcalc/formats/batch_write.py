"""Writing batch output: the JSON Lines encoder (byte-identical to `--json`, shared parts of a decision path
encoded once), the CSV writer, and the atomic output file with its signal handling."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import signal
import tempfile
import typing
from collections.abc import Iterator
from dataclasses import fields as dataclass_fields
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final, Literal, get_args, get_origin

from ivigcalc.errors import InputError
from ivigcalc.formats.batch_read import FORMULA_PREFIXES, Row
from ivigcalc.model.record import compact_json, jsonable
from ivigcalc.model.result import Result

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


class Writer:
    def success(self, row: Row, result: Any) -> None:  # a Result (a comparison writer: a pair of them)
        raise NotImplementedError

    def failure(self, row: Row, error: InputError) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush what is buffered (the stream itself belongs to the caller)."""


class JsonlWriter(Writer):
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
        "id", "line", "command", "status", "grade", "dosing_weight_kg", "dosing_weight_basis", "policy", "regimen",
        "infusions", "infusions_rounded", "total_dose_g", "total_dose_g_rounded", "grams_opened", "grams_wasted",
        "cost", "waste_cost", "currency", "warnings", "error_field", "error_message",
    ]


class CsvWriter(Writer):
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
            dosing_weight.basis.value, dosing_weight.policy.value,
        ]
        if regimen is None:
            cells += ["", "", "", "", ""]  # regimen, infusions, infusions_rounded, total_dose_g(_rounded)
        else:
            infusions = [infusion for phase in regimen.phases for infusion in phase.infusions]
            cells.append(_cell(regimen.name))
            cells.append(";".join(f"{i.day}:{_cell(i.dose_g)}" for i in infusions))
            cells.append(";".join(f"{i.day}:{_cell(i.dose_g_rounded)}" for i in infusions))
            cells.append(_cell(regimen.total_dose_g))
            cells.append(_cell(regimen.total_dose_g_rounded))
        steward = result.stewardship
        if steward is None:
            cells += ["", "", "", "", ""]
        else:
            cells += [_cell(steward.grams_opened), _cell(steward.grams_wasted), _cell(steward.cost),
                      _cell(steward.waste_cost), _cell(steward.currency)]
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
def terminate_as_interrupt() -> Iterator[None]:
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


