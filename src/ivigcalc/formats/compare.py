"""`ivigcalc batch FILE --compare-policies A,B`: every row under two dosing-weight policies, side by side,
then the totals, so a committee sees what a policy change does to grams and cost.

A row's own `policy` cell is overridden by the two compared. One record per row (JSON Lines or CSV):
for each policy the dosing weight, its basis, the grams calculated and to give and (with prices) the
cost and waste; then `difference` = B − A. The last record holds the totals (JSON Lines: `{"totals":
...}`; CSV: the row with id `TOTAL`). Rows that fail are error records and are not in the totals; rows
with an open-ended regimen have no total and are counted apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from ivigcalc.errors import InputError
from ivigcalc.formats.batch_read import OutputFormat, Row
from ivigcalc.formats.batch_write import Writer, _cell
from ivigcalc.formatting import number, quantity, signed_percent
from ivigcalc.model.result import Result

if TYPE_CHECKING:
    from ivigcalc.api.settings import Settings

Pair = tuple[Result, Result]
MEASURES = ("dosing_weight_kg", "basis", "total_dose_g", "total_dose_g_rounded", "cost", "waste_cost", "currency")


def computer(policies: tuple[str, str], settings: Settings) -> Callable[
        [Callable[[Mapping[str, object], Settings | None], Result], dict[str, object]], Pair]:
    first, second = policies

    def compute(function: Callable[[Mapping[str, object], Settings | None], Result],
                values: dict[str, object]) -> Pair:
        return (function({**values, "policy": first}, settings), function({**values, "policy": second}, settings))

    return compute


def measures(result: Result) -> dict[str, Any]:
    regimen = result.regimen
    steward = result.stewardship
    return {
        "dosing_weight_kg": result.dosing_weight.kg,
        "basis": result.dosing_weight.basis.value,
        "total_dose_g": None if regimen is None else regimen.total_dose_g,
        "total_dose_g_rounded": None if regimen is None else regimen.total_dose_g_rounded,
        "cost": None if steward is None else steward.cost,
        "waste_cost": None if steward is None else steward.waste_cost,
        "currency": None if steward is None else steward.currency,
    }


def _difference(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in ("dosing_weight_kg", "total_dose_g", "total_dose_g_rounded", "cost", "waste_cost"):
        same_currency = name not in ("cost", "waste_cost") or a["currency"] == b["currency"]
        out[name] = round(b[name] - a[name], 2) if a[name] is not None and b[name] is not None and same_currency \
            else None
    return out


@dataclass
class _Totals:
    policies: tuple[str, str]
    rows: int = 0
    no_regimen: int = 0
    open_ended: int = 0
    grams: list[float] = field(default_factory=lambda: [0.0, 0.0])
    grams_rounded: list[float] = field(default_factory=lambda: [0.0, 0.0])
    cost: list[dict[str, float]] = field(default_factory=lambda: [{}, {}])

    def add(self, a: dict[str, Any], b: dict[str, Any]) -> None:
        self.rows += 1
        if a["total_dose_g"] is None and b["total_dose_g"] is None:
            self.no_regimen += 1
            return
        if a["total_dose_g"] is None or b["total_dose_g"] is None or None in (
                a["total_dose_g_rounded"], b["total_dose_g_rounded"]):
            self.open_ended += 1
            return
        for index, side in enumerate((a, b)):
            self.grams[index] += side["total_dose_g"]
            self.grams_rounded[index] += side["total_dose_g_rounded"]
            if side["cost"] is not None and side["currency"] is not None:
                costs = self.cost[index]
                costs[side["currency"]] = costs.get(side["currency"], 0.0) + side["cost"]

    def payload(self) -> dict[str, Any]:
        sides = {}
        for index, policy in enumerate(self.policies):
            sides[policy] = {"total_dose_g": round(self.grams[index], 2),
                             "total_dose_g_rounded": round(self.grams_rounded[index], 2),
                             "cost": {currency: round(value, 2) for currency, value in self.cost[index].items()}}
        return {
            "rows": self.rows, "without_regimen": self.no_regimen, "open_ended": self.open_ended, **sides,
            "difference": {
                "total_dose_g": round(self.grams[1] - self.grams[0], 2),
                "total_dose_g_rounded": round(self.grams_rounded[1] - self.grams_rounded[0], 2),
                "cost": {currency: round(self.cost[1].get(currency, 0.0) - self.cost[0].get(currency, 0.0), 2)
                         for currency in {*self.cost[0], *self.cost[1]}},
            },
        }

    def line(self) -> str:
        first, second = self.policies
        before, after = self.grams_rounded
        change = f"{_signed(after - before)} g"
        if before:
            change += f", {signed_percent((after - before) / before * 100)}"
        text = (f"{self.rows - self.no_regimen - self.open_ended} rows with a course: {first} "
                f"{quantity(before, 'g')}, {second} {quantity(after, 'g')} to give ({change})")
        for currency in sorted({*self.cost[0], *self.cost[1]}):
            a, b = self.cost[0].get(currency, 0.0), self.cost[1].get(currency, 0.0)
            text += f"; cost {currency} {number(a)} → {number(b)} ({_signed(b - a)})"
        return text


def _signed(value: float) -> str:
    """+5, −5 (a true minus sign), 0."""
    shown = number(abs(value))
    return shown if shown == "0" else ("+" if value > 0 else "−") + shown


class _CompareJsonl(Writer):
    def __init__(self, stream: IO[bytes], policies: tuple[str, str]) -> None:
        self._write = stream.write
        self._policies = policies
        self._totals = _Totals(policies)

    def success(self, row: Row, result: Any) -> None:
        a, b = (measures(item) for item in result)
        self._totals.add(a, b)
        record = {"id": row.id, "line": row.line, "command": result[0].command,
                  "policies": dict(zip(self._policies, (a, b), strict=True)), "difference": _difference(a, b)}
        self._write(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8") + b"\n")

    def failure(self, row: Row, error: InputError) -> None:
        record = {"id": row.id, "line": row.line,
                  "error": {"field": error.field, "value": None, "message": error.message}}
        self._write(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8") + b"\n")

    def close(self) -> None:
        self._write(json.dumps({"totals": self._totals.payload()}, ensure_ascii=False).encode("utf-8") + b"\n")

    def totals_line(self) -> str:
        return self._totals.line()


class _CompareCsv(Writer):
    def __init__(self, stream: IO[bytes], policies: tuple[str, str]) -> None:
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        self._csv = csv.writer(self._text, lineterminator="\r\n")
        self._policies = policies
        self._totals = _Totals(policies)
        self._columns = ["id", "line", "command"] + [
            f"{policy}:{name}" for policy in policies for name in MEASURES] + [
            "difference_total_dose_g_rounded", "difference_cost", "error_field", "error_message"]
        self._csv.writerow(self._columns)

    def success(self, row: Row, result: Any) -> None:
        a, b = (measures(item) for item in result)
        self._totals.add(a, b)
        difference = _difference(a, b)
        self._csv.writerow([_cell(row.id), str(row.line), result[0].command,
                            *(_cell(side[name]) for side in (a, b) for name in MEASURES),
                            _cell(difference["total_dose_g_rounded"]), _cell(difference["cost"]), "", ""])

    def failure(self, row: Row, error: InputError) -> None:
        self._csv.writerow([_cell(row.id), str(row.line), "", *([""] * (len(self._columns) - 5)),
                            _cell(error.field), _cell(error.message)])

    def close(self) -> None:
        totals = self._totals.payload()
        cells = ["TOTAL", "", ""]
        for policy in self._policies:
            side = totals[policy]
            costs = side["cost"]
            single = len(costs) == 1
            cells += ["", "", _cell(side["total_dose_g"]), _cell(side["total_dose_g_rounded"]),
                      _cell(next(iter(costs.values())) if single else None), "",
                      next(iter(costs)) if single else ""]
        difference = totals["difference"]
        cost = difference["cost"]
        cells += [_cell(difference["total_dose_g_rounded"]), _cell(next(iter(cost.values())) if len(cost) == 1
                                                                     else None), "", ""]
        self._csv.writerow(cells)
        self._text.flush()
        self._text.detach()

    def totals_line(self) -> str:
        return self._totals.line()


def compare_writer(stream: IO[bytes], output_format: OutputFormat, policies: tuple[str, str]) -> Writer:
    if output_format is OutputFormat.CSV:
        return _CompareCsv(stream, policies)
    return _CompareJsonl(stream, policies)
