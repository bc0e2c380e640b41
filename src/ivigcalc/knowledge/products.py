"""The IVIG product catalogue (knowledge/products.json, compiled from the labels), typed and loaded once.

Every field carries its source (a label id, `secondary` for facts taken from a secondary reference, or
`not-found`), so a pharmacist can see where each number came from. Rates are mg/kg/min; rates the
label gives in mL/kg/min were converted with the concentration and say so. Loaded lazily: only
`--product`, `products` and `check` pay for it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator

from ivigcalc.errors import InputError
from ivigcalc.knowledge.units import MG_PER_G, MINUTES_PER_HOUR

T = TypeVar("T")

_FROZEN = ConfigDict(frozen=True, extra="forbid")

Indication = Literal["itp", "pi", "cidp"]
INDICATION_NAMES: dict[str, str] = {
    "itp": "immune thrombocytopenia (ITP)",
    "pi": "primary immunodeficiency (PI)",
    "cidp": "chronic inflammatory demyelinating polyneuropathy (CIDP)",
}
# Float noise allowed when checking a stated mL/kg/min → mg/kg/min conversion.
_CONVERSION_TOLERANCE = 1e-9


class Sourced(BaseModel, Generic[T]):
    """A catalogue value with where it came from. `secondary`: from a secondary reference, not the label."""

    model_config = _FROZEN

    value: T
    source: str
    secondary: bool = False
    note: str | None = None


class StepSpec(BaseModel):
    """How the label titrates. `generic`: the label gives no usable interval or increments, so the
    generic schedule (initial rate for 30 min, doubling every 30 min up to the maximum) is used."""

    model_config = _FROZEN

    kind: Literal["explicit", "increment", "generic"]
    label_text: str
    rates_mg_per_kg_min: tuple[float, ...] = ()  # explicit: each step's rate...
    minutes: tuple[float, ...] = ()  # ...and its duration; then the maximum for the rest
    first_minutes: float | None = None  # increment: the initial rate lasts this long...
    increment_mg_per_kg_min: float | None = None  # ...then + this...
    interval_minutes: float | None = None  # ...every this many minutes, up to the maximum

    @model_validator(mode="after")
    def _complete(self) -> StepSpec:
        if self.kind == "explicit" and (not self.rates_mg_per_kg_min
                                        or len(self.rates_mg_per_kg_min) != len(self.minutes)):
            raise ValueError("explicit steps need one duration per rate")
        if self.kind == "increment" and None in (
                self.first_minutes, self.increment_mg_per_kg_min, self.interval_minutes):
            raise ValueError("increment steps need first_minutes, increment and interval")
        return self


class RateSpec(BaseModel):
    model_config = _FROZEN

    initial_mg_per_kg_min: float
    max_mg_per_kg_min: float
    label_text: str  # the rates as the label states them (unit included)
    # initial and maximum in mL/kg/min, where the label gives them so (checked against the mg/kg/min)
    label_ml_per_kg_min: tuple[float, float] | None = None
    steps: StepSpec
    source: str
    secondary: bool = False
    note: str | None = None  # conversions and choices, stated


class AtRiskMax(BaseModel):
    """The label's maximum rate for patients at risk. `strict`: the label says "below" (< 8), so the
    schedule holds the last step under it; otherwise the rate itself is the cap (≤ 3.3)."""

    model_config = _FROZEN

    max_mg_per_kg_min: float
    strict: bool
    applies_to: Literal["renal", "thrombosis", "any"]
    label_text: str


# The patient inputs a contraindication can meet (core/fields.py declares them); a contraindication without
# one is shown with the product but screens nothing.
PatientFlag = Literal["iga_deficiency", "hyperprolinaemia", "fructose_intolerance"]


class Contraindication(BaseModel):
    """A label contraindication. A stated `patient_flag` refuses the product unless overridden."""

    model_config = _FROZEN

    code: str  # a warning code (README)
    patient_flag: PatientFlag | None
    text: str
    source: str
    secondary: bool = False
    note: str | None = None


class LabelWarning(BaseModel):
    """A label warning or precaution, shown whenever the product is named."""

    model_config = _FROZEN

    code: str
    text: str
    source: str
    secondary: bool = False
    note: str | None = None


class MinAge(BaseModel):
    """The youngest age a label's indication covers; None with a note where no limit was found."""

    model_config = _FROZEN

    value: float | None
    source: str
    secondary: bool = False
    note: str | None = None


class LabelDose(BaseModel):
    model_config = _FROZEN

    g_per_kg_per_day: float
    days_min: int
    days_max: int


class Product(BaseModel):
    model_config = _FROZEN

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    concentration_percent: Sourced[float]
    pack_sizes_g: Sourced[tuple[float, ...]]
    stabiliser: Sourced[str | None]
    contains_sucrose: Sourced[bool | None]
    iga: Sourced[str | None]
    rates: dict[Indication, RateSpec]
    at_risk_max: Sourced[AtRiskMax | None]
    itp_label_doses: Sourced[tuple[LabelDose, ...]]
    discontinued: Sourced[str] | None = None
    note: str | None = None
    contraindications: tuple[Contraindication, ...] = ()
    label_warnings: tuple[LabelWarning, ...] = ()
    min_age_years: dict[Indication, MinAge] = {}

    @property
    def concentration_g_per_ml(self) -> float:
        return self.concentration_percent.value / 100.0

    @property
    def labelled_for_itp(self) -> bool:
        return "itp" in self.rates or bool(self.itp_label_doses.value)

    @model_validator(mode="after")
    def _consistent(self) -> Product:
        if not self.pack_sizes_g.value or any(size <= 0 for size in self.pack_sizes_g.value):
            raise ValueError(f"{self.id}: pack sizes must be positive")
        mg_per_ml = self.concentration_percent.value * 10.0
        at_risk = self.at_risk_max.value
        for indication, spec in self.rates.items():
            if spec.initial_mg_per_kg_min <= 0 or spec.max_mg_per_kg_min < spec.initial_mg_per_kg_min:
                raise ValueError(f"{self.id} {indication}: initial rate must be > 0 and ≤ the maximum")
            # An at-risk schedule starts at the initial rate, so it must be below the at-risk maximum
            # (checked here, at load, so a bad record never reaches a patient's schedule).
            if at_risk is not None and spec.initial_mg_per_kg_min >= at_risk.max_mg_per_kg_min:
                raise ValueError(f"{self.id} {indication}: initial rate is not below the at-risk maximum")
            if spec.label_ml_per_kg_min is not None:
                initial_ml, max_ml = spec.label_ml_per_kg_min
                if (abs(initial_ml * mg_per_ml - spec.initial_mg_per_kg_min) > _CONVERSION_TOLERANCE
                        or abs(max_ml * mg_per_ml - spec.max_mg_per_kg_min) > _CONVERSION_TOLERANCE):
                    raise ValueError(
                        f"{self.id} {indication}: mL/kg/min does not convert to the mg/kg/min given")
        return self

    def field_sources(self) -> dict[str, Sourced[object]]:
        """Every sourced field by its name, for `ivigcalc products NAME`."""
        fields: dict[str, Sourced[object]] = {}
        for name in ("concentration_percent", "pack_sizes_g", "stabiliser", "contains_sucrose", "iga",
                     "at_risk_max", "itp_label_doses", "discontinued"):
            value = getattr(self, name)
            if value is not None:
                fields[name] = value
        return fields


class Source(BaseModel):
    model_config = _FROZEN

    title: str
    kind: Literal["label", "secondary", "not-found", "rule", "guideline"]
    market: Literal["US", "EU", "UK"] | None = None
    date: str | None = None  # not recorded when the catalogue was compiled


class Catalogue(BaseModel):
    model_config = _FROZEN

    about: dict[str, str]
    sources: dict[str, Source]
    products: tuple[Product, ...]

    @model_validator(mode="after")
    def _sources_known(self) -> Catalogue:
        for product in self.products:
            cited = [(name, field.source, field.secondary) for name, field in product.field_sources().items()]
            cited += [(f"rates.{ind}", spec.source, spec.secondary) for ind, spec in product.rates.items()]
            cited += [(f"contraindications.{item.code}", item.source, item.secondary)
                      for item in product.contraindications]
            cited += [(f"label_warnings.{item.code}", item.source, item.secondary) for item in product.label_warnings]
            cited += [(f"min_age_years.{ind}", item.source, item.secondary)
                      for ind, item in product.min_age_years.items()]
            for name, source_id, secondary in cited:
                source = self.sources.get(source_id)
                if source is None:
                    raise ValueError(f"{product.id}.{name}: unknown source {source_id!r}")
                if secondary != (source.kind == "secondary"):
                    raise ValueError(
                        f"{product.id}.{name}: the secondary marker disagrees with {source_id!r}")
        return self


def normalise_name(name: str) -> str:
    """Case, spaces, hyphens and '%' do not matter: "Gamunex C", "gamunex-c" → "gamunexc"."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


@cache
def catalogue() -> Catalogue:
    text = resources.files("ivigcalc.knowledge").joinpath("products.json").read_text(encoding="utf-8")
    return Catalogue.model_validate(json.loads(text))


@cache
def _index() -> dict[str, Product]:
    index: dict[str, Product] = {}
    for product in catalogue().products:
        for name in (product.id, product.name, *product.aliases):
            key = normalise_name(name)
            if key in index and index[key] is not product:  # pragma: no cover - a catalogue error
                raise ValueError(f"product name {name!r} is ambiguous")
            index[key] = product
    return index


def all_products() -> tuple[Product, ...]:
    return catalogue().products


def get(name: str, field: str = "product") -> Product:
    """The product called `name` (id, name or alias; case, spaces and hyphens ignored)."""
    key = normalise_name(name) if isinstance(name, str) else ""
    product = _index().get(key) if key else None
    if product is not None:
        return product
    names = ", ".join(p.name for p in catalogue().products)
    close = [p.name for p in catalogue().products if key and normalise_name(p.name).startswith(key)]
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise InputError(field, name, f"is not in the product catalogue; {hint}known products: {names}")


def rate_ml_per_h(rate_mg_per_kg_min: float, weight_kg: float, concentration_g_per_ml: float) -> float:
    """mL/h = mg/kg/min × kg × 60 min/h ÷ (1,000 mg/g × g/mL)."""
    return rate_mg_per_kg_min * weight_kg * MINUTES_PER_HOUR / (MG_PER_G * concentration_g_per_ml)


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def iga_upper_mcg_per_ml(product: Product) -> float | None:
    """The highest IgA figure the catalogue states for `product` (mcg/mL; a maximum or an average, as the
    label gives it), for ranking the lowest-IgA products; None where it was not found."""
    text = product.iga.value
    if not text:
        return None
    figures = [float(match.replace(",", "")) for match in _NUMBER.findall(text)]
    return max(figures) if figures else None


def lowest_iga_products(count: int = 3) -> tuple[Product, ...]:
    """The `count` products with the lowest stated IgA content (products whose IgA was not found are left out)."""
    known = [(figure, index, product) for index, product in enumerate(catalogue().products)
             if (figure := iga_upper_mcg_per_ml(product)) is not None and product.discontinued is None]
    return tuple(product for _, _, product in sorted(known)[:count])
