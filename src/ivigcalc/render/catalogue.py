"""Rich output of the product catalogue (`ivigcalc products [NAME]`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ivigcalc.formatting import number
from ivigcalc.knowledge.titration import GENERIC_STEP_MINUTES
from ivigcalc.render.console import make_console, print_table

if TYPE_CHECKING:
    from ivigcalc.knowledge.products import Catalogue, Product, RateSpec, Sourced


def _packs(sizes: Sequence[float]) -> str:
    return ", ".join(number(size) for size in sizes) + " g"


def _rate_text(spec: RateSpec) -> str:
    return f"{number(spec.initial_mg_per_kg_min)} → {number(spec.max_mg_per_kg_min)}"


def _sucrose_text(value: bool | None) -> str:
    return {True: "YES", False: "no", None: "not found"}[value]


def print_products(catalogue: Catalogue, console: Console | None = None) -> None:
    console = console or make_console(wide=True)
    table = Table(show_edge=True, header_style="", title="IVIG products (rates in mg/kg/min)")
    for column in ("Product", "Conc.", "Packs", "Stabiliser / sugar", "Sucrose", "IgA", "ITP rate",
                   "PI rate", "At-risk max", "ITP label dose"):
        table.add_column(column, no_wrap=column in ("Product", "Conc.", "Sucrose", "ITP rate", "PI rate"))
    for product in catalogue.products:
        at_risk = product.at_risk_max.value
        doses = product.itp_label_doses.value
        table.add_row(
            product.name + (" (discontinued)" if product.discontinued else ""),
            f"{number(product.concentration_percent.value)}%",
            _packs(product.pack_sizes_g.value),
            _marked(product.stabiliser),
            _sucrose_text(product.contains_sucrose.value),
            _marked(product.iga),
            _rate_text(product.rates["itp"]) if "itp" in product.rates else "-",
            _rate_text(product.rates["pi"]) if "pi" in product.rates else "-",
            at_risk.label_text.replace(" mg/kg/min", "") if at_risk else "-",
            "; ".join(_dose_text(d.g_per_kg_per_day, d.days_min, d.days_max) for d in doses) or "-",
        )
    print_table(console, table, numbers=False)
    console.print(Text(
        "(2°): from a secondary source, not the label. NF: not found. "
        + catalogue.about["verify"] + " Sources per field: ivigcalc products NAME.", style="dim"))


def _marked(field: Sourced[str | None]) -> str:
    if field.value is None:
        return "NF"
    return field.value + (" (2°)" if field.secondary else "")


def _dose_text(g_per_kg: float, days_min: int, days_max: int) -> str:
    days = f"{days_min}" if days_min == days_max else f"{days_min} to {days_max}"
    return f"{number(g_per_kg)} g/kg × {days} days"


def print_product(product: Product, catalogue: Catalogue, console: Console | None = None) -> None:
    """One product, every field with its source id; the sources' titles are listed once below."""
    from ivigcalc.knowledge.products import INDICATION_NAMES

    console = console or make_console()
    also = f"; also: {', '.join(product.aliases)}" if product.aliases else ""
    console.print(Text(product.name) + Text(f" (id {product.id}{also})"))
    table = Table(show_edge=True, header_style="")
    table.add_column("Field", no_wrap=True)
    table.add_column("Value")
    table.add_column("Source")
    cited: dict[str, None] = {}

    def row(label: str, value: str, source_id: str, secondary: bool, note: str | None = None) -> None:
        cited.setdefault(source_id, None)
        source = source_id + (" (2°)" if secondary else "")
        if note and note != "(2°)":
            value += f" [{note}]"
        table.add_row(label, value, source)

    concentration = product.concentration_percent
    row("Concentration", f"{number(concentration.value)}% ({number(product.concentration_g_per_ml, 3)} g/mL)",
        concentration.source, concentration.secondary, concentration.note)
    packs = product.pack_sizes_g
    row("Pack sizes", _packs(packs.value), packs.source, packs.secondary, packs.note)
    stabiliser = product.stabiliser
    row("Stabiliser / sugar", _marked(stabiliser), stabiliser.source, stabiliser.secondary)
    sucrose = product.contains_sucrose
    row("Contains sucrose", _sucrose_text(sucrose.value), sucrose.source, sucrose.secondary,
        sucrose.note if sucrose.note and "2°" not in sucrose.note else None)
    row("IgA", _marked(product.iga), product.iga.source, product.iga.secondary)
    if not product.rates:
        row("Infusion rates", "NF", "not-found", False)
    for indication, spec in product.rates.items():
        steps = spec.steps.label_text
        if spec.steps.kind == "generic":
            minutes = number(GENERIC_STEP_MINUTES)
            steps += f" → generic schedule: initial rate {minutes} min, doubling every {minutes} min"
        row(f"Rates, {indication.upper()}", f"{_rate_text(spec)} mg/kg/min (label: {spec.label_text})",
            spec.source, spec.secondary, spec.note)
        row(f"Steps, {indication.upper()}", steps, spec.source, spec.secondary)
    at_risk = product.at_risk_max
    row("At-risk maximum", at_risk.value.label_text if at_risk.value else "NF", at_risk.source,
        at_risk.secondary, at_risk.note)
    doses = product.itp_label_doses
    row("ITP label dose",
        "; ".join(_dose_text(d.g_per_kg_per_day, d.days_min, d.days_max) for d in doses.value) or "none",
        doses.source, doses.secondary, doses.note if not doses.value else None)
    for indication, minimum in product.min_age_years.items():
        age = f"from {number(minimum.value)} years" if minimum.value is not None else "no limit found"
        row(f"Label age, {indication.upper()}", age, minimum.source, minimum.secondary, minimum.note)
    for item in product.contraindications:
        flag = f" (--{item.patient_flag.replace('_', '-')})" if item.patient_flag else ""
        row("Contraindication", f"{item.code}{flag}: {item.text}", item.source, item.secondary, item.note)
    for warning in product.label_warnings:
        row("Label warning", f"{warning.code}: {warning.text}", warning.source, warning.secondary, warning.note)
    if product.discontinued is not None:
        row("Status", product.discontinued.value, product.discontinued.source, product.discontinued.secondary)
    print_table(console, table, numbers=False)
    if product.note:
        console.print(Text(f"Note: {product.note}"))
    used = list(product.rates)
    if used:
        console.print(Text("Indications: " + "; ".join(f"{i.upper()} = {INDICATION_NAMES[i]}" for i in used)))
    console.print(Text("Sources (2° = secondary source, not the label):"))
    for source_id in cited:
        console.print(Text(f"  {source_id}: {catalogue.sources[source_id].title}"))
    console.print(Text(catalogue.about["verify"]))


# --------------------------------------------------------------------------------------- preparation


