"""A batch row computed: its `command` cell to the API function, the row's values through it, and the
Result or the error record written; shared by one-process runs, the workers and `compute_arrow`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ivigcalc.errors import InputError
from ivigcalc.formats.batch_read import COMMAND_COLUMN, Row, blank
from ivigcalc.formats.batch_write import Writer

if TYPE_CHECKING:
    from ivigcalc.api.settings import Settings
    from ivigcalc.model.result import Result


def command_function(raw: object) -> Callable[[Mapping[str, object], Settings | None], Result]:
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


ApiFunction = Callable[[Mapping[str, object], "Settings | None"], "Result"]


def compute_rows(rows: Iterable[Row], writer: Writer, settings: Settings | None, *, debug: bool,
                 on_row: Callable[[int], None] | None = None,
                 compute: Callable[[ApiFunction, dict[str, object]], object] | None = None) -> tuple[int, int]:
    """Every row computed and written (an error record where it fails); (rows, failed). `compute`
    replaces the plain `function(values, settings)` (a policy comparison computes a row twice)."""
    count = failed = 0
    success, failure = writer.success, writer.failure
    functions: dict[object, Callable[[Mapping[str, object], Settings | None], Result]] = {}  # command cell
    for row in rows:
        count += 1
        if on_row is not None:
            on_row(count)
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
                result = function(values, settings) if compute is None else compute(function, values)
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
    return count, failed
