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
from collections.abc import Callable, Iterator
from dataclasses import fields as dataclass_fields
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final, get_args, get_origin

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


class ResultEncoder:
    """`Result.to_json()`, byte for byte, from a compiled encoder (msgspec).

    msgspec writes a Result's dataclasses, enums, tuples and strings exactly as the stdlib `json` module
    does with `ensure_ascii=False` and compact separators, except for floats in exponent form: Python
    writes 1e+16 and 1e-05, msgspec 1e16 and 0.00001. Every such float puts a digit before an `e`, or a
    `0.0000`, in msgspec's output, so a part holding either (a text can too: then it is only a false
    alarm) is encoded again with the stdlib, and the bytes are always the stdlib's. Parts whose types
    hold no float (the audit block's hashes, the texts) are not checked. (NaN and infinities, which the
    two also write differently, never reach a Result: the inputs are validated finite and bounded.)

    The Result is encoded field by field in its field order. Tuples of records or texts (warnings,
    co-therapies, references) are the same objects for every row on a decision path (the calculation
    caches them), so their JSON is cached by identity in a bounded cache; the per-row fields are encoded
    each time.

    `compact`: warnings as `{code, severity}` (with the message and references only where they differ
    from the catalogue entry of that code and severity: a text filled with the patient's values) and
    the reference list as ids; `ivigcalc warnings --json` and `references --json` give the texts.
    """

    def __init__(self, *, compact: bool = False) -> None:
        import msgspec

        self._encode = msgspec.json.Encoder().encode
        self._parts = _FragmentCache(4096)
        self._catalogue: dict[tuple[str, str], tuple[str | None, tuple[str, ...]]] | None = None
        hints = typing.get_type_hints(Result)
        self._fields: list[tuple[str, bytes, int]] = []
        for index, field in enumerate(dataclass_fields(Result)):
            prefix = (b"{" if index == 0 else b",") + json.dumps(field.name).encode() + b":"
            annotation = hints[field.name]
            if compact and field.name == "warnings":
                kind = _COMPACT_WARNINGS
            elif compact and field.name == "references":
                kind = _REFERENCE_IDS
            elif get_origin(annotation) is tuple:
                kind = _SHARED
            else:
                kind = _CHECKED if _may_hold_float(annotation, set()) else _PLAIN
            self._fields.append((field.name, prefix, kind))

    def encode(self, result: Result) -> bytes:
        """The JSON of `result` (compact when asked), as UTF-8 bytes."""
        encode = self._encode
        out: list[bytes] = []
        append = out.append
        for name, prefix, kind in self._fields:
            value = getattr(result, name)
            append(prefix)
            if kind == _PLAIN:
                append(encode(value))
            elif kind == _CHECKED:
                fragment = encode(value)
                append(_dump(value) if _not_as_stdlib(fragment) else fragment)
            else:
                shared = self._parts.get(value)
                if shared is None:
                    shared = self._shared(value, kind)
                    self._parts.put(value, shared)
                append(shared)
        append(b"}")
        return b"".join(out)

    def _shared(self, value: Any, kind: int) -> bytes:
        if kind == _COMPACT_WARNINGS:
            value = self._compact_warnings(value)
        elif kind == _REFERENCE_IDS:
            value = [reference.id for reference in value]
        fragment = self._encode(value)
        return _dump(value) if _not_as_stdlib(fragment) else fragment

    def _compact_warnings(self, warnings: tuple[Any, ...]) -> list[dict[str, object]]:
        catalogue = self._catalogue
        if catalogue is None:
            catalogue = self._catalogue = warning_catalogue()
        out: list[dict[str, object]] = []
        for warning in warnings:
            item: dict[str, object] = {"code": warning.code, "severity": warning.severity}
            message, references = catalogue.get((warning.code, warning.severity.value), (None, ()))
            if warning.message != message:
                item["message"] = warning.message
            if warning.references != references:
                item["references"] = warning.references
            out.append(item)
        return out


_PLAIN, _CHECKED, _SHARED, _COMPACT_WARNINGS, _REFERENCE_IDS = range(5)
_DIGITS_AS_ZERO: Final = bytes.maketrans(b"123456789", b"000000000")


def _not_as_stdlib(fragment: bytes) -> bool:
    """msgspec's JSON may differ from the stdlib's here: a float in exponent form, or a false alarm."""
    if b"0.0000" in fragment:
        return True
    digits = fragment.translate(_DIGITS_AS_ZERO)
    return b"0e" in digits and b"0e" in digits.replace(b"_00e0_", b"")  # not the key names' `_10e9_`


def _may_hold_float(annotation: Any, seen: set[type]) -> bool:
    """Whether a value of this type can hold a float anywhere inside (records followed through)."""
    if annotation is float:
        return True
    if isinstance(annotation, type):
        if annotation in seen or not hasattr(annotation, "__dataclass_fields__"):
            return False
        seen.add(annotation)
        hints = typing.get_type_hints(annotation)
        return any(_may_hold_float(hint, seen) for hint in hints.values())
    return any(_may_hold_float(argument, seen) for argument in get_args(annotation))


def warning_catalogue() -> dict[tuple[str, str], tuple[str | None, tuple[str, ...]]]:
    """(code, severity) -> (message, references) of the first catalogue entry of that code and
    severity, as `ivigcalc warnings --json` lists them; the message None when it has placeholders
    (filled per patient, so a result's text is never the catalogue's)."""
    from ivigcalc.knowledge.warnings import WARNINGS

    found: dict[tuple[str, str], tuple[str | None, tuple[str, ...]]] = {}
    for definition in WARNINGS.values():
        key = (definition.code, definition.severity.value)
        if key not in found:
            message = definition.message if "{" not in definition.message else None
            found[key] = (message, tuple(definition.references))
    return found


# msgspec writes a float differently from Python's repr only in exponent form (module docstring).
_COMPACT: Final = (",", ":")  # as Record.to_json writes it


def _dump(value: object) -> bytes:
    return compact_json(jsonable(value)).encode()


def json_id(value: object) -> bytes:
    """`_json_value` of a row id; a plain text id (most) through the compiled encoder."""
    if type(value) is str and value.isascii() and value.isprintable():
        return b'"' + value.encode() + b'"' if '"' not in value and "\\" not in value else _json_value(value)
    return _json_value(value)


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

    def flush(self) -> None:
        """Hand what is buffered (a CSV header) to the stream, before bytes are written to it directly."""

    def close(self) -> None:
        """Flush what is buffered (the stream itself belongs to the caller)."""

    def discard(self) -> None:
        """The run failed and its output is being removed: let go of the stream without writing more."""


class JsonlWriter(Writer):
    """JSON Lines: the `--json` result with `id` and `line` first, or an error record."""

    def __init__(self, stream: IO[bytes], *, compact: bool = False) -> None:
        self._write = stream.write
        self._encode = ResultEncoder(compact=compact).encode

    def success(self, row: Row, result: Result) -> None:
        body = self._encode(result)
        self._write(b'{"id":' + json_id(row.id) + b',"line":' + str(row.line).encode() + b"," + body[1:] + b"\n")

    def failure(self, row: Row, error: InputError) -> None:
        record = {
            "id": row.id, "line": row.line,
            "error": {"field": error.field, "value": _error_value(error.value), "message": error.message},
        }
        self._write(_json_value(record) + b"\n")


def _cell(value: object) -> str:
    """A CSV cell: numbers rounded for people (0.01) without a trailing `.0`, text neutralised against
    formula injection."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(round(value, 2) + 0.0)  # + 0.0: -0.0 shown as 0
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

# The flat columns of batch CSV (and of Arrow output, beside the full record), with their Arrow types.
FLAT_COLUMNS: Final = (
    ("id", "string"), ("line", "int64"), ("command", "string"), ("status", "string"), ("grade", "int64"),
    ("dosing_weight_kg", "float64"), ("dosing_weight_basis", "string"), ("policy", "string"),
    ("regimen", "string"), ("infusions", "string"), ("infusions_rounded", "string"), ("to_give_g", "string"),
    ("total_dose_g", "float64"), ("total_dose_g_rounded", "float64"), ("total_to_give_g", "float64"),
    ("vials", "string"), ("volume_ml", "string"), ("grams_opened", "float64"), ("grams_wasted", "float64"),
    ("cost", "float64"), ("waste_cost", "float64"), ("currency", "string"), ("warnings", "string"),
    ("error_field", "string"), ("error_message", "string"),
)


def csv_columns() -> list[str]:
    """The flat CSV output columns."""
    return [name for name, _ in FLAT_COLUMNS]


_REGIMEN_CELLS: Final = 9  # regimen ... volume_ml
_STEWARDSHIP_CELLS: Final = 5


class FlatValues:
    """A result or an error as the flat columns' values: numbers as numbers (full precision), per-infusion
    lists as text (`day:value` joined by `;`). Shared by the CSV and Arrow writers; the warning codes
    of a decision path are joined once."""

    __slots__ = ("_codes", "_number")

    def __init__(self, number: Callable[[object], str]) -> None:
        self._number = number  # how a number is written inside a per-infusion list
        self._codes: dict[int, tuple[object, str]] = {}

    def success(self, row: Row, result: Result) -> list[object]:
        regimen = result.regimen
        dosing_weight = result.dosing_weight
        cells: list[object] = [
            row.id, row.line, result.command, result.status.value,
            None if result.grade is None else result.grade.grade, dosing_weight.kg,
            dosing_weight.basis.value, dosing_weight.policy.value,
        ]
        if regimen is None:
            cells += [None] * _REGIMEN_CELLS
        else:
            number = self._number
            infusions = [infusion for phase in regimen.phases for infusion in phase.infusions]
            given = [i.dose_g if i.dose_g_rounded is None else i.dose_g_rounded for i in infusions]
            total = regimen.total_dose_g if regimen.total_dose_g_rounded is None else regimen.total_dose_g_rounded
            cells += [
                regimen.name,
                ";".join(f"{i.day}:{number(i.dose_g)}" for i in infusions),
                ";".join(f"{i.day}:{number(i.dose_g_rounded)}" for i in infusions),
                ";".join(f"{i.day}:{number(g)}" for i, g in zip(infusions, given, strict=True)),
                regimen.total_dose_g, regimen.total_dose_g_rounded, total,
            ]
            if any(i.vials for i in infusions):
                cells.append(";".join(
                    f"{i.day}:" + "+".join(f"{v.count}x{number(v.size_g)}g" for v in i.vials) for i in infusions))
            else:
                cells.append(None)
            if any(i.volume_ml is not None for i in infusions):
                cells.append(";".join(f"{i.day}:{number(i.volume_ml)}" for i in infusions))
            else:
                cells.append(None)
        steward = result.stewardship
        if steward is None:
            cells += [None] * _STEWARDSHIP_CELLS
        else:
            cells += [steward.grams_opened, steward.grams_wasted, steward.cost, steward.waste_cost, steward.currency]
        cells += [self._warning_codes(result.warnings), None, None]
        return cells

    @staticmethod
    def failure(row: Row, error: InputError) -> list[object]:
        cells: list[object] = [row.id, row.line, None, "error"] + [None] * (len(FLAT_COLUMNS) - 6)
        cells += [error.field, error.message]
        return cells

    def _warning_codes(self, warnings: tuple[Any, ...]) -> str:
        entry = self._codes.get(id(warnings))
        if entry is not None and entry[0] is warnings:
            return entry[1]
        codes = ";".join(warning.code for warning in warnings)
        if len(self._codes) >= 2048:
            self._codes.clear()
        self._codes[id(warnings)] = (warnings, codes)
        return codes


class CsvWriter(Writer):
    """Flat CSV for people: one line per row, numbers rounded to 0.01 (g, kg, ml, cost), infusions as
    `day:g` and warning codes joined by `;`. `header=False`: the rows only (a worker's chunk)."""

    def __init__(self, stream: IO[bytes], *, header: bool = True) -> None:
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        self._csv = csv.writer(self._text, lineterminator="\r\n")  # RFC 4180
        self._flat = FlatValues(_cell)
        if header:
            self._csv.writerow(csv_columns())

    def success(self, row: Row, result: Result) -> None:
        self._csv.writerow(_cells(self._flat.success(row, result)))

    def failure(self, row: Row, error: InputError) -> None:
        self._csv.writerow(_cells(self._flat.failure(row, error)))

    def flush(self) -> None:
        self._text.flush()

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the byte stream stays open for its owner


def _cells(values: list[object]) -> list[str]:
    """The flat values as CSV cells; the id as given (a number id is not rounded)."""
    row_id = values[0]
    first = _cell(row_id) if not isinstance(row_id, float) else _cell(repr(row_id).removesuffix(".0"))
    return [first] + [str(value) if type(value) is int else _cell(value) for value in values[1:]]


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
