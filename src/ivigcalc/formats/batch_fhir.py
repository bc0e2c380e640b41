"""Batch output as FHIR: `--output-format fhir` (one Bundle per row, JSON Lines) and `fhir-transaction`
(one transaction Bundle for the whole input, written as it streams).

A row that fails is, in JSON Lines, an OperationOutcome naming the input and the line; the transaction
Bundle holds only the rows that succeeded (a server applies a transaction whole, so a failed row has no
place in it) and the failures go to stderr, one line each, with the batch's exit code 4 as always.
Resource ids are seeded with the row's line, so identical rows still get distinct ids in one transaction.
"""

from __future__ import annotations

from typing import IO, Any

from ivigcalc.errors import InputError
from ivigcalc.formats import fhir
from ivigcalc.formats.batch_read import Row
from ivigcalc.formats.batch_write import Writer
from ivigcalc.model.record import compact_json
from ivigcalc.model.result import Result


def operation_outcome(row: Row, error: InputError) -> dict[str, Any]:
    where = f"line {row.line}" + (f" (id {row.id})" if row.id is not None else "")
    location = [error.field] if error.field else []
    issue: dict[str, Any] = {"severity": "error", "code": "invalid", "diagnostics": f"{where}: {error.describe('')}"}
    if location:
        issue["expression"] = location
    return {"resourceType": "OperationOutcome", "issue": [issue]}


class FhirJsonlWriter(Writer):
    """One FHIR Bundle (type collection) per row, one per line; a failed row is an OperationOutcome."""

    def __init__(self, stream: IO[bytes]) -> None:
        fhir.require_fhir_resources()
        self._write = stream.write

    def success(self, row: Row, result: Result) -> None:
        self._write(fhir.bundle_json(result, seed=str(row.line)).encode() + b"\n")

    def failure(self, row: Row, error: InputError) -> None:
        outcome = operation_outcome(row, error)
        fhir.validate(outcome)
        self._write(compact_json(outcome).encode("utf-8", "backslashreplace") + b"\n")


class FhirTransactionWriter(Writer):
    """One transaction Bundle: every successful row's resources, each entry a POST."""

    def __init__(self, stream: IO[bytes], err: IO[str]) -> None:
        fhir.require_fhir_resources()
        self._write = stream.write
        self._err = err
        self._first = True
        self._write(b'{"resourceType":"Bundle","type":"transaction","entry":[')

    def success(self, row: Row, result: Result) -> None:
        document = fhir.bundle(result, bundle_type="transaction", seed=str(row.line))
        for item in document["entry"]:
            self._write((b"" if self._first else b",") + compact_json(item).encode())
            self._first = False

    def failure(self, row: Row, error: InputError) -> None:
        where = f"line {row.line}" + (f" (id {row.id})" if row.id is not None else "")
        self._err.write(f"ivigcalc: batch: {where} left out of the transaction: {error.describe('')}\n")

    def close(self) -> None:
        self._write(b"]}\n")
