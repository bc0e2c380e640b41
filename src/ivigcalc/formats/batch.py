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
import errno
import io
import itertools
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import IO, TYPE_CHECKING

from ivigcalc._checkpoint import checkpoint
from ivigcalc.errors import ExitStatus, InputError, IOFailure
from ivigcalc.formats import batch_parallel
from ivigcalc.formats.batch_compute import compute_rows
from ivigcalc.formats.batch_parallel import Plan, Pool, available_cores, chunks_of
from ivigcalc.formats.batch_read import (
    ARROW_FORMATS,
    PROGRESS_EVERY_ROWS,
    STDIN,
    InputFormat,
    OutputFormat,
    ReadFailure,
    Row,
    detect_input_format,
    physical_lines,
    read_csv,
    read_csv_header,
    read_jsonl,
    whole_file_problem,
)
from ivigcalc.formats.batch_write import AtomicOutput, CsvWriter, JsonlWriter, Writer, terminate_as_interrupt
from ivigcalc.model.result import Result

if TYPE_CHECKING:
    from ivigcalc.api.settings import Settings

# ------------------------------------------------------------------------------------------ computing


# ------------------------------------------------------------------------------------------ the run

ApiFunction = Callable[[Mapping[str, object], "Settings | None"], Result]
Compute = Callable[[ApiFunction, dict[str, object]], object]  # a Result, or a pair when comparing


def _one(function: ApiFunction, values: dict[str, object], *, settings: Settings) -> Result:
    return function(values, settings)



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
            f"{self.rows:,} {'row' if self.rows == 1 else 'rows'}, {self.succeeded:,} succeeded, "
            f"{self.failed:,} failed, "
            f"{self.rows_per_second:,.0f} rows/s ({self.seconds:.2f} s)")


def _open_input(source: str, stdin: IO[bytes] | None) -> tuple[IO[bytes], os.stat_result | None]:
    if source == STDIN:
        if stdin is None:
            if sys.stdin is None:  # started with stdin closed (`<&-`)
                raise InputError(None, None, "cannot read standard input: it is closed")
            stdin = sys.stdin.buffer
        stream = stdin
    else:
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed by run_batch
        except OSError as error:
            raise InputError(None, None, f"cannot read {source!r}: {error.strerror}") from None
    try:
        status: os.stat_result | None = os.fstat(stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation, AttributeError):
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        stream.close()
        raise InputError(None, None, f"cannot read {source!r}: Is a directory")
    return stream, status


def _first_lines(lines: Iterator[str | None]) -> tuple[list[str], str | None, bool]:
    """The blank lines before the first non-blank one, that line, and whether the input ended first."""
    leading: list[str] = []
    for line in lines:
        if line is not None and (not line or line.isspace()):
            leading.append(line)
            continue
        return leading, line, False
    return leading, None, True


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
    settings: Settings | None = None,
    compare: tuple[str, str] | None = None,
    compact: bool = False,
    jobs: int | None = None,
) -> Summary:
    """Compute every row of `source` (a path, or "-" for stdin) and write one record per non-blank line.

    `output` None or "-" writes to stdout. `progress` None shows a bar when stderr is a terminal and
    the input is a file. Raises InputError when the input as a whole cannot be read or the output path
    cannot be used (then no output file is created, and nothing is written), IOFailure when reading or
    writing fails on the way (disk full, a closed stream). Returns the summary; its `exit_status` is 0
    or 4.
    `settings`: the default policy and prices of every row (api/settings.py), read once for the run.
    `compare`: two policy ids; each row is computed under both and one comparison record written per
    row, then the totals (formats/compare.py).
    `compact`: JSON Lines records with warnings as {code, severity} and references as ids.
    `jobs`: worker processes (1: this process only); None: every available core for a regular input
    file of 256 KiB or more (batch_parallel.PARALLEL_MIN_BYTES), else one. JSON Lines, CSV and Arrow
    output only; FHIR output and `compare` always run in this process. The output is the same whatever
    the number.
    """
    if settings is None:
        from ivigcalc.api.settings import Settings

        settings = Settings()
    settings.default_policy()  # a bad IVIGCALC_POLICY or config file stops the run before any output
    if compact and output_format is not OutputFormat.JSONL:
        raise InputError("compact", None, "applies to JSON Lines output only (--output-format jsonl)")
    if jobs is not None and jobs < 1:
        raise InputError("jobs", jobs, "must be 1 or more")
    err = stderr if stderr is not None else sys.stderr
    if output == "-":
        output = None
    target = AtomicOutput(output) if output is not None else None  # an unusable path: refused first
    raw, status = _open_input(source, stdin)
    where = repr(output) if output is not None else "standard output"
    read_where = repr(source) if source != STDIN else "standard input"
    pool: Pool | None = None
    writer: Writer | None = None
    try:
        if target is not None and status is not None and stat.S_ISREG(status.st_mode) and target.same_file(status):
            raise InputError("output", output, "is the input file; the input is never overwritten: write elsewhere")
        chosen = input_format or (detect_input_format(source) if source != STDIN else None)
        workers = _workers(jobs, status, output_format, compare)
        chunks: Iterator[object] = iter(())
        first: Row | None = None
        rows: Iterator[Row] = iter(())
        if chosen is not None and chosen.value in ARROW_FORMATS:
            if source == STDIN or status is None or not stat.S_ISREG(status.st_mode):
                raise InputError(None, None, f"{chosen.value} input must be a file, not a stream")
            from ivigcalc.formats import batch_arrow

            kind = chosen.value
            if workers > 1:
                chunks = batch_arrow.arrow_chunks(raw, kind, batch_parallel.CHUNK_ROWS)
                first_chunk = next(chunks, None)  # an unreadable file stops here, before any output
                chunks = itertools.chain((first_chunk,) if first_chunk is not None else (), chunks)
            else:
                rows = batch_arrow.arrow_rows(raw, kind)
                first = next(rows, None)
            names = None
        else:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
            lines = physical_lines(text)
            try:
                leading, head, ended = _first_lines(lines)
            except ReadFailure as failure:
                raise IOFailure("read", read_where, failure.error) from None
            problem = whole_file_problem(head)
            if problem is not None:
                raise InputError(None, None, problem)
            if chosen is None or chosen.value in ARROW_FORMATS:
                chosen = detect_input_format(source, head)
            numbered: Iterator[str | None] = itertools.chain(leading, () if ended else (head,), lines)
            if workers > 1:
                pairs = enumerate(numbered, start=1)
                names = read_csv_header(pairs) if chosen is InputFormat.CSV else None  # checked before output
                chunks = chunks_of(pairs)
            else:
                rows = read_csv(numbered) if chosen is InputFormat.CSV else read_jsonl(numbered)
                first = next(rows, None)  # the CSV header is checked here, before any output exists
        with terminate_as_interrupt():
            try:
                if workers > 1:
                    pool = Pool(Plan(
                        input_kind="arrow" if chosen.value in ARROW_FORMATS else (
                            "csv" if chosen is InputFormat.CSV else "jsonl"),
                        csv_names=names, output_kind=_output_kind(output_format), compact=compact, debug=debug,
                        settings=settings), workers)
                stream = target.open() if target is not None else (
                    stdout if stdout is not None else _stdout_bytes())
                compute: Compute = partial(_one, settings=settings)
                if compare is not None:
                    from ivigcalc.formats.compare import compare_writer, computer

                    writer = compare_writer(stream, output_format, compare)
                    compute = computer(compare, settings)
                else:
                    writer = _writer(output_format, stream, err, compact=compact)
                show = progress if progress is not None else (
                    source != STDIN and status is not None and not quiet and err.isatty())
                size = status.st_size if status is not None else 0
                if pool is not None:
                    summary = _process_parallel(
                        pool, chunks, writer, stream, progress_of=raw if show else None, size=size, err=err)
                    pool.close()
                    pool = None
                else:
                    summary = _process(
                        first, rows, writer, progress_of=raw if show else None, size=size, err=err, debug=debug,
                        compute=compute)
                writer.close()
                if target is not None:
                    target.commit()
                    target = None
                else:
                    stream.flush()
            except ReadFailure as failure:
                raise IOFailure("read", read_where, failure.error) from None
            except BrokenPipeError:
                raise  # the reader went away: the CLI exits quietly
            except OSError as error:
                raise IOFailure("write", where, error) from None
            finally:
                if pool is not None:
                    pool.terminate()  # every worker ended and joined before the file is removed
                    pool = None
                if target is not None:
                    if writer is not None:
                        writer.discard()
                    target.abort()
    finally:
        if pool is not None:
            pool.terminate()
        if source != STDIN:
            raw.close()
    if not quiet:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed stderr loses the summary only
            err.write(f"ivigcalc: batch: {summary.line()}\n")
            totals = getattr(writer, "totals_line", None)
            if totals is not None:
                err.write(f"ivigcalc: compare: {totals()}\n")
    return summary


def _workers(jobs: int | None, status: os.stat_result | None, output_format: OutputFormat,
             compare: tuple[str, str] | None) -> int:
    """How many worker processes: none (1) for FHIR output, `compare` and small or streamed inputs."""
    if compare is not None or output_format in (OutputFormat.FHIR, OutputFormat.FHIR_TRANSACTION):
        return 1
    if jobs is not None:
        return jobs
    if status is None or not stat.S_ISREG(status.st_mode) or status.st_size < batch_parallel.PARALLEL_MIN_BYTES:
        return 1
    return available_cores()


def _output_kind(output_format: OutputFormat) -> str:
    if output_format.value in ARROW_FORMATS:
        return "arrow"
    return "csv" if output_format is OutputFormat.CSV else "jsonl"


def _process_parallel(
    pool: Pool, chunks: Iterator[object], writer: Writer, stream: IO[bytes], *, progress_of: IO[bytes] | None,
    size: int | None, err: IO[str],
) -> Summary:
    """The chunks' outputs written in input order as they come back from the workers."""
    started = time.perf_counter()
    count = failed = 0
    write_ipc = getattr(writer, "write_ipc", None)
    write = write_ipc if write_ipc is not None else stream.write
    writer.flush()  # the CSV header first
    bar = _ProgressBar(progress_of, size or 0, err) if progress_of is not None else None
    try:
        for output, rows, failures in pool.run(chunks):
            write(output)
            count += rows
            failed += failures
            if bar is not None:
                bar.update()
            checkpoint("chunk-written")
    finally:
        if bar is not None:
            bar.stop()
    return Summary(count, count - failed, failed, time.perf_counter() - started)


def _stdout_bytes() -> IO[bytes]:
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise IOFailure("write", "standard output", OSError(errno.EBADF, os.strerror(errno.EBADF)))
    return sys.stdout.buffer


def _writer(output_format: OutputFormat, stream: IO[bytes], err: IO[str], *, compact: bool = False) -> Writer:
    if output_format.value in ARROW_FORMATS:
        from ivigcalc.formats.batch_arrow import ArrowFileWriter

        return ArrowFileWriter(stream, output_format.value)
    if output_format in (OutputFormat.FHIR, OutputFormat.FHIR_TRANSACTION):
        from ivigcalc.formats import batch_fhir  # fhir.resources loads only for FHIR output

        if output_format is OutputFormat.FHIR:
            return batch_fhir.FhirJsonlWriter(stream)
        return batch_fhir.FhirTransactionWriter(stream, err)
    return CsvWriter(stream) if output_format is OutputFormat.CSV else JsonlWriter(stream, compact=compact)


def _process(
    first: Row | None, rows: Iterator[Row], writer: Writer, *, progress_of: IO[bytes] | None,
    size: int | None, err: IO[str], debug: bool,
    compute: Compute,
) -> Summary:
    started = time.perf_counter()
    bar = _ProgressBar(progress_of, size or 0, err) if progress_of is not None else None

    def on_row(count: int) -> None:
        if bar is not None and not count % PROGRESS_EVERY_ROWS:
            bar.update()

    try:
        count, failed = compute_rows(_chain(first, rows) if first is not None else (), writer, None, debug=debug,
                                     on_row=on_row if bar is not None else None, compute=compute)
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

