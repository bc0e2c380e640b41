"""Cost and waste of a regimen, from a price list the user gives (no prices ship with ivigcalc). Pure.

Per infusion: the vials opened are the ones given with whole-vial rounding; otherwise the fewest vials
with the least left over that cover the dose (pharmacy/rounding.cover_vials). Grams wasted = grams
opened − grams given; the cost of the waste = grams wasted × that day's cost per gram opened. Totals are
per cycle of each phase, and over the regimen when it has a fixed number of cycles.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.records import WarningRequest
from ivigcalc.model.result import PhaseCost, Regimen, Stewardship
from ivigcalc.pharmacy.rounding import cover_vials

PRODUCT_COLUMN, PACK_COLUMN, PRICE_COLUMN, CURRENCY_COLUMN = "product", "pack_size_g", "price", "currency"
_PACK_ALIASES = frozenset({"pack_size_g", "pack_size", "pack_g", "size_g", "pack_size_(g)"})


@dataclass(frozen=True, slots=True)
class PackPrice:
    product: str  # catalogue id
    pack_size_g: float
    price: float
    currency: str


@dataclass(frozen=True, slots=True)
class PriceList:
    prices: tuple[PackPrice, ...]
    source: str  # where the prices came from: a file name or the config file

    def for_product(self, product_id: str) -> dict[float, PackPrice]:
        return {price.pack_size_g: price for price in self.prices if price.product == product_id}


def _canonical(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def parse_price_rows(rows: list[dict[str, object]], source: str) -> PriceList:
    """Price rows (product, pack_size_g, price, currency) → a checked PriceList. Every product must be in the
    catalogue and every pack size one of its packs; one currency per product; no pack priced twice."""
    from ivigcalc.knowledge import products

    found: dict[tuple[str, float], PackPrice] = {}
    currencies: dict[str, str] = {}
    for index, row in enumerate(rows, start=1):
        where = f"prices ({source}), entry {index}"
        cells = {_canonical(str(key)): value for key, value in row.items()}
        cells = {PACK_COLUMN if key in _PACK_ALIASES else key: value for key, value in cells.items()}
        missing = [name for name in (PRODUCT_COLUMN, PACK_COLUMN, PRICE_COLUMN, CURRENCY_COLUMN)
                   if cells.get(name) in (None, "")]
        if missing:
            raise InputError(None, None, f"{where}: missing {', '.join(missing)}")
        name = cells[PRODUCT_COLUMN]
        if not isinstance(name, str):
            raise InputError(None, None, f"{where}: product is not a name")
        try:
            product = products.get(name)
        except InputError as error:
            raise InputError(None, None, f"{where}: product {name!r} {error.message}") from None
        size = _number(cells[PACK_COLUMN], f"{where}: pack size")
        if size not in product.pack_sizes_g.value:
            packs = ", ".join(number(pack) for pack in product.pack_sizes_g.value)
            raise InputError(None, None, f"{where}: {product.name} has no {number(size)} g pack (packs: {packs} g)")
        price = _number(cells[PRICE_COLUMN], f"{where}: price", allow_zero=True)
        currency = str(cells[CURRENCY_COLUMN]).strip().upper()
        if not (len(currency) == 3 and currency.isalpha()):
            raise InputError(None, None, f"{where}: currency {currency!r} is not a 3-letter code (AUD, CAD, GBP)")
        if currencies.setdefault(product.id, currency) != currency:
            raise InputError(None, None, f"{where}: {product.name} is priced in two currencies")
        if (product.id, size) in found:
            raise InputError(None, None, f"{where}: {product.name} {number(size)} g is priced twice")
        found[(product.id, size)] = PackPrice(product.id, size, price, currency)
    return PriceList(tuple(found.values()), source)


def parse_price_csv(text: str, source: str) -> PriceList:
    """A price CSV: a header with product, pack size g, price, currency; one pack a row."""
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, object]] = [dict(row) for row in reader if any((cell or "").strip() for cell in row.values())]
    if reader.fieldnames is None:
        raise InputError(None, None, f"prices ({source}): the file is empty")
    header = {_canonical(name) for name in reader.fieldnames if name}
    header = {PACK_COLUMN if name in _PACK_ALIASES else name for name in header}
    missing = [name for name in (PRODUCT_COLUMN, PACK_COLUMN, PRICE_COLUMN, CURRENCY_COLUMN) if name not in header]
    if missing:  # checked even with no rows: a header-only file with the wrong columns is no price list
        raise InputError(None, None, f"prices ({source}): header: missing {', '.join(missing)} column(s)")
    return parse_price_rows(rows, source)


def _number(raw: object, what: str, *, allow_zero: bool = False) -> float:
    try:
        value = float(raw) if isinstance(raw, int | float | str) and not isinstance(raw, bool) else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise InputError(None, None, f"{what} {raw!r} is not a {'non-negative' if allow_zero else 'positive'} number")
    return value


def stewardship(regimen: Regimen, product_id: str, pack_sizes_g: tuple[float, ...],
                prices: PriceList) -> tuple[Stewardship, list[WarningRequest]]:
    """Cost, grams opened and wasted, and the cost of the waste, of `regimen` with this product."""
    priced = prices.for_product(product_id)
    currency = next(iter(priced.values())).currency if priced else None
    unpriced: set[float] = set()
    phases = []
    for phase in regimen.phases:
        given = opened = cost = waste_cost = 0.0
        for infusion in phase.infusions:
            dose = infusion.dose_g_rounded if infusion.dose_g_rounded is not None else infusion.dose_g
            if infusion.vials:
                vials = tuple((v.size_g, v.count) for v in infusion.vials)
                day_opened = sum(size * count for size, count in vials)
            else:
                day_opened, vials = cover_vials(dose, pack_sizes_g)
            missing = {size for size, _ in vials if size not in priced}
            unpriced |= missing
            day_cost = sum(priced[size].price * count for size, count in vials if size in priced)
            given += dose
            opened += day_opened
            cost += day_cost
            waste_cost += (day_opened - dose) * day_cost / day_opened
        phases.append(PhaseCost(
            name=phase.name, cycles=phase.cycles, grams_given=round(given, 2), grams_opened=round(opened, 2),
            grams_wasted=round(opened - given, 2), cost=round(cost, 2), waste_cost=round(waste_cost, 2)))
    complete = not unpriced
    finite = all(phase.cycles is not None for phase in phases)

    def course(values: list[float]) -> float | None:
        return round(sum(values), 2) if finite else None

    cycles = [phase.cycles or 0 for phase in phases]
    result = Stewardship(
        currency=currency, prices_source=prices.source,
        phases=tuple(phases if complete else (
            PhaseCost(name=p.name, cycles=p.cycles, grams_given=p.grams_given, grams_opened=p.grams_opened,
                      grams_wasted=p.grams_wasted, cost=None, waste_cost=None) for p in phases)),
        grams_given=course([c * p.grams_given for c, p in zip(cycles, phases, strict=True)]),
        grams_opened=course([c * p.grams_opened for c, p in zip(cycles, phases, strict=True)]),
        grams_wasted=course([c * p.grams_wasted for c, p in zip(cycles, phases, strict=True)]),
        cost=course([c * (p.cost or 0.0) for c, p in zip(cycles, phases, strict=True)]) if complete else None,
        waste_cost=course([c * (p.waste_cost or 0.0) for c, p in zip(cycles, phases, strict=True)])
        if complete else None,
    )
    warnings: list[WarningRequest] = []
    if unpriced:
        warnings.append(("price-missing", {
            "packs": ", ".join(f"{number(size)} g" for size in sorted(unpriced)), "source": prices.source}))
    return result, warnings
