"""Batch mode: many `itp`/`aps` calculations from a CSV or JSON Lines file, one record out per row.

Streaming in constant memory: one row is read, computed through the Python API and written before the
next is read. A bad row becomes an error record and the batch goes on; only an input that cannot be
read as a whole (missing file, a CSV header with unknown columns) stops it. No Typer here: cli/batch.py
is the command-line shell around `run_batch`.

JSONL success records are the `--json` result of the same inputs, byte for byte, with `id` and `line`
first. `ResultEncoder` produces those bytes: the parts that every row on one decision path shares
(reasons, warnings, citations) are serialised once and reused, which is most of a result.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO

from ivigcalc.errors import ExitStatus, InputError
from ivigcalc.formats.batch_read import (
    COMMAND_COLUMN,
    PROGRESS_EVERY_ROWS,
    STDIN,
    InputFormat,
    OutputFormat,
    Row,
    blank,
    detect_input_format,
    read_csv,
    read_jsonl,
)
from ivigcalc.formats.batch_write import AtomicOutput, CsvWriter, JsonlWriter, Writer, terminate_as_interrupt
from ivigcalc.model.result import Result

# ------------------------------------------------------------------------------------------ computing


def command_function(raw: object) -> Callable[[Mapping[str, object]], Result]:
    """`api.itp_from_mapping` or `api.aps_from_mapping` for a `command` cell."""
    from ivigcalc import api

    command = raw.strip().lower() if isinstance(raw, str) else raw
    if command == "itp":
        return api.itp_from_mapping
    if command == "aps":
        return api.aps_from_mapping
    if blank(raw):
        raise InputError(COMMAND_COLUMN, None, "is required: itp or aps")
    raise InputError(COMMAND_COLUMN, raw, "is not one of itp, aps")


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
        with terminate_as_interrupt():
            if output is not None:
                target = AtomicOutput(output)
                stream = target.stream
            else:
                stream = stdout if stdout is not None else sys.stdout.buffer
            writer = _writer(output_format, stream, err)
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


def _writer(output_format: OutputFormat, stream: IO[bytes], err: IO[str]) -> Writer:
    if output_format in (OutputFormat.FHIR, OutputFormat.FHIR_TRANSACTION):
        from ivigcalc.formats import batch_fhir  # fhir.resources loads only for FHIR output

        if output_format is OutputFormat.FHIR:
            return batch_fhir.FhirJsonlWriter(stream)
        return batch_fhir.FhirTransactionWriter(stream, err)
    return CsvWriter(stream) if output_format is OutputFormat.CSV else JsonlWriter(stream)


def _peek(raw: IO[bytes]) -> bytes:
    peek = getattr(raw, "peek", None)
    return peek(64)[:64] if peek is not None else b""


def _process(
    first: Row | None, rows: Iterator[Row], writer: Writer, *, progress_of: IO[bytes] | None,
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

