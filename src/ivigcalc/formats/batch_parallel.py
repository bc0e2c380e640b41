"""Batch across worker processes: the input cut into chunks of lines (or of Arrow rows), each chunk read,
computed and encoded by a worker, the encoded chunks written by the main process strictly in input order.

Memory stays bounded: at most `window` chunks are in flight (sent and not yet written), whatever the
input size. The main process only reads lines and writes bytes; the rows are read, computed and
encoded in the workers by the same code as a one-process run (formats/batch_read.py, batch_write.py),
so every non-blank line still gives exactly one record, in order. The workers never touch the output
file: an interrupted run terminates and joins every worker, then removes the temporary file as a
one-process run does.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import queue
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ivigcalc.formats.batch_compute import compute_rows
from ivigcalc.formats.batch_read import Row, csv_rows, jsonl_rows
from ivigcalc.formats.batch_write import CsvWriter, JsonlWriter, Writer, _terminating_signals

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from ivigcalc.api.settings import Settings

CHUNK_ROWS: Final = 512  # ~3 MB of full JSONL records a chunk
# Below this a one-process run is done before the workers have started (~5,000 rows of CSV).
PARALLEL_MIN_BYTES: Final = 256 * 1024


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Plan:
    """What every worker needs to turn a chunk into output bytes, sent once when it starts."""

    input_kind: str  # "csv", "jsonl" or "arrow"
    csv_names: tuple[str, ...] | None
    output_kind: str  # "jsonl", "csv" or "arrow"
    compact: bool
    debug: bool
    settings: Settings


Task = tuple[int, Any]  # (chunk index, lines as (number, text) pairs, or Arrow IPC bytes)
Done = tuple[int, bytes, int, int]  # (chunk index, encoded output, rows, failed)


def compute_chunk(plan: Plan, payload: Any) -> tuple[bytes, int, int]:
    """One chunk's output bytes, its row count and failures: what a one-process run writes for it."""
    rows: Iterable[Row]
    if plan.input_kind == "arrow":
        from ivigcalc.formats.batch_arrow import rows_of_ipc

        rows = rows_of_ipc(payload)
    elif plan.input_kind == "csv":
        assert plan.csv_names is not None
        rows = csv_rows(plan.csv_names, payload)
    else:
        rows = jsonl_rows(payload)
    buffer = io.BytesIO()
    writer: Writer
    from ivigcalc.formats.batch_arrow import ArrowBatchWriter  # pyarrow itself loads only when used

    if plan.output_kind == "arrow":
        writer = ArrowBatchWriter()
    elif plan.output_kind == "csv":
        writer = CsvWriter(buffer, header=False)
    else:
        writer = JsonlWriter(buffer, compact=plan.compact)
    count, failed = compute_rows(rows, writer, plan.settings, debug=plan.debug)
    writer.close()
    if isinstance(writer, ArrowBatchWriter):
        return writer.ipc_bytes(), count, failed
    return buffer.getvalue(), count, failed


def chunks_of(numbered: Iterable[tuple[int, str | None]], size: int | None = None) -> Iterator[list[Any]]:
    """(line number, line) pairs in lists of `size` lines (default CHUNK_ROWS)."""
    size = size or CHUNK_ROWS
    chunk: list[Any] = []
    append = chunk.append
    for pair in numbered:
        append(pair)
        if len(chunk) >= size:
            yield chunk
            chunk = []
            append = chunk.append
    if chunk:
        yield chunk


class WorkerStopped(Exception):
    """A worker process ended without finishing its chunk (killed, out of memory): a bug or the system."""


class Pool:
    """`jobs` worker processes sharing one task queue; results come back tagged and are put in order."""

    def __init__(self, plan: Plan, jobs: int) -> None:
        context = _context()
        self._tasks: Any = context.Queue()
        self._results: Any = context.Queue()
        self._window = 2 * jobs + 2
        self._workers: list[BaseProcess] = []
        flush_standard_streams()  # a forked worker must not inherit (and later flush) buffered output
        for _ in range(jobs):
            worker = context.Process(target=_work, args=(plan, self._tasks, self._results), daemon=True)
            worker.start()
            self._workers.append(worker)

    def run(self, chunks: Iterator[Any]) -> Iterator[tuple[bytes, int, int]]:
        """Each chunk's (output, rows, failed), in the order of `chunks`, at most `window` in flight."""
        sent = written = 0
        waiting: dict[int, tuple[bytes, int, int]] = {}
        exhausted = False
        while True:
            while not exhausted and sent - written < self._window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                self._tasks.put((sent, chunk))
                sent += 1
            if written == sent:
                return
            while written not in waiting:
                index, output, rows, failed = self._next_result()
                waiting[index] = (output, rows, failed)
            yield waiting.pop(written)
            written += 1

    def _next_result(self) -> Done:
        while True:
            try:
                done = self._results.get(timeout=0.5)
            except queue.Empty:
                stopped = [worker for worker in self._workers if not worker.is_alive()]
                if stopped:
                    raise WorkerStopped(f"a batch worker stopped (exit code {stopped[0].exitcode})") from None
                continue
            if isinstance(done[1], BaseException):
                raise done[1]
            return done  # type: ignore[no-any-return]

    def close(self) -> None:
        """Every chunk is done: the workers are told to stop and joined."""
        for _ in self._workers:
            self._tasks.put(None)
        for worker in self._workers:
            worker.join()
        self._close_queues()

    def terminate(self) -> None:
        """Interrupted or failed: every worker is ended and joined, so none outlives the run."""
        for worker in self._workers:
            if worker.is_alive():
                worker.terminate()
        for worker in self._workers:
            worker.join()
        self._close_queues()

    def _close_queues(self) -> None:
        for channel in (self._tasks, self._results):
            channel.cancel_join_thread()  # what is still queued is not needed
            channel.close()


def _context() -> Any:
    """fork where there is one (the workers start in milliseconds, with the tables already loaded); the
    pool is started before any thread of this process, so forking is safe. spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if stream is not None:
                stream.flush()


def _work(plan: Plan, tasks: Any, results: Any) -> None:
    # Ctrl-C reaches the whole process group: the main process ends the workers itself. Every other
    # terminating signal ends a worker at once (the main process's handlers are not inherited).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in _terminating_signals():
        if number != signal.SIGINT:
            with contextlib.suppress(OSError, ValueError):
                signal.signal(number, signal.SIG_DFL)
    sys.stdout = sys.stderr = None  # never flush the parent's buffers
    while True:
        task = tasks.get()
        if task is None:
            return
        index, payload = task
        try:
            output, rows, failed = compute_chunk(plan, payload)
        except BaseException as error:  # sent to the main process, which raises it
            results.put((index, error, 0, 0))
            return
        results.put((index, output, rows, failed))
