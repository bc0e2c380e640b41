"""Writing batch output: the JSON Lines encoder (byte-identical to `--json`, shared parts of a decision path
encoded once), the CSV writer, and the atomic output file with its signal handling."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import signal
import stat
import tempfile
import typing
from collections.abc import Iterator
from dataclasses import fields as dataclass_fields
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final, Literal, get_args, get_origin

from ivigcalc._checkpoint import checkpoint
from ivigcalc.errors import InputError
from ivigcalc.formats.batch_read import FORMULA_LEADING_CONTROLS, FORMULA_PREFIXES, Row
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
    if text[:1].isalnum():  # most cells: nothing a spreadsheet could run
        return text
    if text.startswith(FORMULA_LEADING_CONTROLS) or text.lstrip().startswith(FORMULA_PREFIXES):
        if _PLAIN_NUMBER.fullmatch(text):
            return text  # -5 stays a number
        return "'" + text
    return text


_PLAIN_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


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
    """A file written under a temporary name in the target's directory and renamed over the target only
    when complete: readers see the old file or the whole new one, never a half-written one.

    The constructor only checks the path (an unusable one is an InputError: nothing is written); `open`
    creates the temporary file. A symlink's target is replaced and the link kept; an existing file
    keeps its mode (and owner, where permitted). A target that is not a regular file (/dev/null, a
    pipe, /dev/full) cannot be replaced and is written in place.
    """

    def __init__(self, path: str) -> None:
        if not path:
            raise InputError("output", None, "is empty; give a file name, or - for stdout")
        self.path = Path(path)
        self._target = Path(os.path.realpath(path))  # through symlinks: the link stays a link
        self._temporary: Path | None = None
        self.stream: IO[bytes] | None = None
        try:
            self._existing: os.stat_result | None = os.stat(self._target)
        except FileNotFoundError:
            self._existing = None
        except OSError as error:
            raise InputError(None, None, f"cannot write {path!r}: {error.strerror}") from None
        existing = self._existing
        if existing is not None:
            if stat.S_ISDIR(existing.st_mode):
                raise InputError("output", path, "is a directory; give a file name in it")
            if stat.S_ISREG(existing.st_mode) and not os.access(self._target, os.W_OK):
                raise InputError("output", path, "is read-only; it is not replaced (remove it or write elsewhere)")

    def same_file(self, other: os.stat_result) -> bool:
        existing = self._existing
        return existing is not None and (existing.st_dev, existing.st_ino) == (other.st_dev, other.st_ino)

    def open(self) -> IO[bytes]:
        existing = self._existing
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            try:
                self.stream = open(self._target, "wb")  # noqa: SIM115 - closed in commit/abort
            except OSError as error:
                raise InputError(None, None, f"cannot write {str(self.path)!r}: {error.strerror}") from None
            return self.stream
        # Signals wait while the file is created and recorded, so whatever arrives finds it to remove.
        with blocked_signals():
            try:
                descriptor, name = tempfile.mkstemp(
                    prefix=f".{self._target.name}.", suffix=".partial", dir=self._target.parent)
            except OSError as error:
                raise InputError(None, None, f"cannot write {str(self.path)!r}: {error.strerror}") from None
            self._temporary = Path(name)
            checkpoint("output-created")
        if existing is not None:
            mode = stat.S_IMODE(existing.st_mode)
            with contextlib.suppress(OSError):  # only root may give a file away; the group may work
                os.fchown(descriptor, existing.st_uid, existing.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # what a plain `open` would give; mkstemp makes it 0600
        os.fchmod(descriptor, mode)
        self.stream = os.fdopen(descriptor, "wb", buffering=1 << 20)
        return self.stream

    def commit(self) -> None:
        if self.stream is not None:
            self.stream.close()
        if self._temporary is not None:
            os.replace(self._temporary, self._target)
            self._temporary = None

    def abort(self) -> None:
        with blocked_signals():
            if self.stream is not None:
                with contextlib.suppress(OSError):
                    self.stream.close()
            if self._temporary is not None:
                with contextlib.suppress(OSError):
                    self._temporary.unlink()
                self._temporary = None


class _Terminated(KeyboardInterrupt):
    """A terminating signal during a batch: unwinds like Ctrl-C, so the temporary file is removed."""


def _terminating_signals() -> tuple[signal.Signals, ...]:
    """Every catchable signal whose default action ends the process (the faults, SIGSEGV and kin,
    excepted: Python cannot run a handler for those)."""
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF",
             "SIGXCPU", "SIGXFSZ", "SIGIO", "SIGPWR", "SIGSTKFLT", "SIGABRT")
    found = {getattr(signal, name) for name in names if hasattr(signal, name)}
    return tuple(sorted(found))


@contextlib.contextmanager
def blocked_signals() -> Iterator[None]:
    """The terminating signals held back (delivered on exit) where a file is made or removed."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on Linux or macOS
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _terminating_signals())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Every terminating signal (SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM, ...) raises like Ctrl-C for
    the duration, so `finally` blocks run and no temporary file is left. A signal the parent set to be
    ignored (nohup) stays ignored."""
    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signal.Signals(signum).name)

    previous: dict[signal.Signals, Any] = {}
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        for number in _terminating_signals():
            old = signal.getsignal(number)
            if old is signal.SIG_IGN or (number == signal.SIGINT and old is not signal.default_int_handler):
                continue
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        with blocked_signals():
            for number, old in previous.items():
                signal.signal(number, old)
