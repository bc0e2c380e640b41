"""Arrow in and out: batch rows from Parquet or Arrow IPC (Feather v2) files, results as an Arrow table of
the flat CSV columns (full precision) plus the full JSON record, and `compute_arrow(table) -> table`
for the data engines that hand a function one Arrow batch at a time (Spark `mapInArrow`, Dask, Ray
Data `map_batches`, Polars, DuckDB). pyarrow is the `arrow` extra, imported only here.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, Final

from ivigcalc.errors import InputError
from ivigcalc.formats.batch_read import ItemReader, Row
from ivigcalc.formats.batch_write import FLAT_COLUMNS, FlatValues, JsonlWriter, Writer, json_id

if TYPE_CHECKING:
    import pyarrow as pa

    from ivigcalc.api.settings import Settings
    from ivigcalc.model.result import Result

RECORD_COLUMN: Final = "record"  # the full JSON record, as a JSON Lines line without its line end
FLUSH_ROWS: Final = 256  # rows per record batch and Parquet row group: ~2 MB of records (pyarrow holds several copies)


def load_pyarrow() -> Any:
    """The pyarrow module, or an InputError saying how to install it."""
    try:
        import pyarrow as pa
    except ImportError:
        raise InputError(None, None, "Parquet and Arrow files need pyarrow: pip install 'ivigcalc[arrow]'") from None
    return pa


def output_schema() -> pa.Schema:
    pa = load_pyarrow()
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS] + [(RECORD_COLUMN, pa.string())])


# ------------------------------------------------------------------------------------------ reading


def rows_of_batch(batch: pa.RecordBatch | pa.Table, first_line: int, read: ItemReader | None = None) -> Iterator[Row]:
    """A Row per table row, numbered from `first_line` (the row's position in the file, from 1); its
    cells as a JSON Lines row's values (nulls left out)."""
    read = read or ItemReader()
    for offset, item in enumerate(batch.to_pylist()):
        yield read(first_line + offset, item)


def read_arrow(stream: IO[bytes], kind: str, size: int) -> Iterator[Any]:
    """The record batches of a Parquet (`kind` "parquet") or Arrow IPC file, at most `size` rows each,
    read one at a time (memory bounded by a row group or a record batch)."""
    pa = load_pyarrow()
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            batches: Iterator[Any] = pq.ParquetFile(stream).iter_batches(batch_size=size)
        else:
            try:
                reader = pa.ipc.open_file(stream)
                batches = (reader.get_batch(index) for index in range(reader.num_record_batches))
            except pa.ArrowInvalid:
                stream.seek(0)
                batches = iter(pa.ipc.open_stream(stream))
    except (pa.ArrowException, OSError) as error:
        raise InputError(None, None, f"the input cannot be read as {kind}: {error}") from None
    for batch in batches:
        for start in range(0, batch.num_rows, size):
            yield batch.slice(start, size)


def arrow_rows(stream: IO[bytes], kind: str) -> Iterator[Row]:
    """Every Row of a Parquet or Arrow IPC file, in order."""
    read = ItemReader()
    line = 1
    for batch in read_arrow(stream, kind, FLUSH_ROWS):
        yield from rows_of_batch(batch, line, read)
        line += batch.num_rows


def arrow_chunks(stream: IO[bytes], kind: str, size: int) -> Iterator[tuple[int, bytes]]:
    """(first line, Arrow IPC bytes) of every `size` rows: a worker's chunk."""
    line = 1
    for batch in read_arrow(stream, kind, size):
        yield line, ipc_bytes(batch)
        line += batch.num_rows


def ipc_bytes(batch: Any) -> bytes:
    pa = load_pyarrow()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return bytes(sink.getvalue())


def rows_of_ipc(payload: tuple[int, bytes]) -> Iterator[Row]:
    pa = load_pyarrow()
    first_line, data = payload
    table = pa.ipc.open_stream(data).read_all()
    return rows_of_batch(table, first_line)


# ------------------------------------------------------------------------------------------ writing


class ArrowBatchWriter(Writer):
    """Collects rows as the flat columns plus the full record; `batch()` is them as one record batch."""

    def __init__(self) -> None:
        self._rows: list[list[object]] = []
        self._flat = FlatValues(_number)
        self._records = _RecordLines()

    def success(self, row: Row, result: Result) -> None:
        values = self._flat.success(row, result)
        values[0] = _id_text(row.id)
        values.append(self._records.success(row, result))
        self._rows.append(values)

    def failure(self, row: Row, error: InputError) -> None:
        values = self._flat.failure(row, error)
        values[0] = _id_text(row.id)
        values.append(self._records.failure(row, error))
        self._rows.append(values)

    def __len__(self) -> int:
        return len(self._rows)

    def batch(self) -> Any:
        pa = load_pyarrow()
        schema = output_schema()
        columns = list(zip(*self._rows, strict=True)) if self._rows else [()] * len(schema)
        self._rows = []
        return pa.RecordBatch.from_arrays(
            [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)], schema=schema)

    def ipc_bytes(self) -> bytes:
        return ipc_bytes(self.batch())


class ArrowFileWriter(Writer):
    """Parquet or an Arrow IPC file on `stream`, a record batch every FLUSH_ROWS rows."""

    def __init__(self, stream: IO[bytes], kind: str) -> None:
        pa = load_pyarrow()
        self._pending = ArrowBatchWriter()
        schema = output_schema()
        if kind == "parquet":
            import pyarrow.parquet as pq

            # Dictionary pages for the repeating flat columns; never for the records (each one unique).
            repeating = [name for name, kind in FLAT_COLUMNS if kind == "string" and name != "id"]
            self._file: Any = pq.ParquetWriter(stream, schema, use_dictionary=repeating, compression="zstd")
        else:
            self._file = pa.ipc.new_file(stream, schema)

    def success(self, row: Row, result: Result) -> None:
        self._pending.success(row, result)
        if len(self._pending) >= FLUSH_ROWS:
            self._write(self._pending.batch())

    def failure(self, row: Row, error: InputError) -> None:
        self._pending.failure(row, error)
        if len(self._pending) >= FLUSH_ROWS:
            self._write(self._pending.batch())

    def write_ipc(self, data: bytes) -> None:
        """A worker's chunk (Arrow IPC bytes of one batch)."""
        pa = load_pyarrow()
        for batch in pa.ipc.open_stream(data):
            self._write(batch)

    def _write(self, batch: Any) -> None:
        if batch.num_rows:
            self._file.write_batch(batch)  # one row group each: nothing is held across batches

    def close(self) -> None:
        if len(self._pending):
            self._write(self._pending.batch())
        self._file.close()

    def discard(self) -> None:
        with contextlib.suppress(Exception):  # the file is being removed; pyarrow must not close it later
            self._file.close()


class _RecordLines:
    """The JSON Lines record of a row as text: the same bytes as `batch` JSONL, without the line end."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self._writer = JsonlWriter(self._buffer)

    def success(self, row: Row, result: Result) -> str:
        self._writer.success(row, result)
        return self._take()

    def failure(self, row: Row, error: InputError) -> str:
        self._writer.failure(row, error)
        return self._take()

    def _take(self) -> str:
        line = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return line[:-1].decode("utf-8")


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _id_text(value: object) -> str | None:
    """The id column is text: a text id as it is, any other as its JSON."""
    if value is None or isinstance(value, str):
        return value
    return json_id(value).decode("utf-8")


# ------------------------------------------------------------------------------------------ public


def compute_arrow(table: Any, settings: Settings | None = None) -> Any:
    """Every row of an Arrow table (or record batch) of batch input columns (`command`, `id`, `weight`,
    `platelets`, ...) computed: a table of the flat CSV columns at full precision plus `record`, each
    row's full JSON record (byte for byte a `batch` JSON Lines line; an error record for a bad row).
    `line` is the row's position in `table`, from 1. One call per batch is what Spark's `mapInArrow`,
    Dask's `map_partitions`, Ray Data's `map_batches`, Polars and DuckDB need."""
    from ivigcalc.api.settings import Settings
    from ivigcalc.formats.batch_compute import compute_rows

    pa = load_pyarrow()
    if settings is None:
        settings = Settings()
    writer = ArrowBatchWriter()
    compute_rows(rows_of_batch(table, 1), writer, settings, debug=False)
    return pa.Table.from_batches([writer.batch()])
