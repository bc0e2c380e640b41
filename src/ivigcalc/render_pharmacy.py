"""Rich output for the pharmacist workflow: the product catalogue, the preparation (rounding, vials,
volume, infusion schedule), the order check and the explanation. Imported only for people, never
for JSON or batch output."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ivigcalc.explain import duration
from ivigcalc.formatting import number, quantity, signed_percent
from ivigcalc.models import Infusion, Result
from ivigcalc.schedule import GENERIC_STEP_MINUTES

if TYPE_CHECKING:
    from ivigcalc.check import CheckResult
    from ivigcalc.products import Catalogue, Product, RateSpec, Sourced


WIDE_TABLE_COLUMNS = 160  # the catalogue table is wide: piped output is not squeezed to 80 columns


def _console(wide: bool = False) -> Console:
    console = Console(highlight=False, soft_wrap=True)
    if wide and not console.is_terminal:
        console.width = WIDE_TABLE_COLUMNS
    return console


# --------------------------------------------------------------------------------------- catalogue


def _packs(sizes: Sequence[float]) -> str:
    return ", ".join(number(size) for size in sizes) + " g"


def _rate_text(spec: RateSpec) -> str:
    return f"{number(spec.initial_mg_per_kg_min)} → {number(spec.max_mg_per_kg_min)}"


def _sucrose_text(value: bool | None) -> str:
    return {True: "YES", False: "no", None: "not found"}[value]


def print_products(catalogue: Catalogue, console: Console | None = None) -> None:
    console = console or _console(wide=True)
    table = Table(show_edge=True, header_style="bold", title="IVIG products (rates in mg/kg/min)")
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
    console.print(table)
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
    from ivigcalc.products import INDICATION_NAMES

    console = console or _console()
    also = f"; also: {', '.join(product.aliases)}" if product.aliases else ""
    console.print(Text(product.name, style="bold") + Text(f" (id {product.id}{also})"))
    table = Table(show_edge=True, header_style="bold")
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
    if product.discontinued is not None:
        row("Status", product.discontinued.value, product.discontinued.source, product.discontinued.secondary)
    console.print(table)
    if product.note:
        console.print(Text(f"Note: {product.note}"))
    used = list(product.rates)
    if used:
        console.print(Text("Indications: " + "; ".join(f"{i.upper()} = {INDICATION_NAMES[i]}" for i in used)))
    console.print(Text("Sources (2° = secondary source, not the label):", style="bold"))
    for source_id in cited:
        console.print(Text(f"  {source_id}: {catalogue.sources[source_id].title}"))
    console.print(Text(catalogue.about["verify"], style="bold"))


# --------------------------------------------------------------------------------------- preparation


def preparation_lines(result: Result) -> list[str]:
    """The rounding line per infusion day: exact → rounded, vials, deviation, volume."""
    lines: list[str] = []
    if result.regimen is None:
        return lines
    for phase in result.regimen.phases:
        prefix = f"{phase.name}, " if len(result.regimen.phases) > 1 else ""
        for infusion in phase.infusions:
            if infusion.dose_g_rounded is None:
                continue
            lines.append(f"{prefix}day {infusion.day}: {_rounding_text(infusion)}")
    return lines


def _rounding_text(infusion: Infusion) -> str:
    assert infusion.dose_g_rounded is not None
    text = f"calculated {quantity(infusion.dose_g, 'g')} → give {quantity(infusion.dose_g_rounded, 'g')}"
    if infusion.vials:
        text += " = " + " + ".join(
            f"{vial.count} × {quantity(vial.size_g, 'g')}" for vial in infusion.vials)
    if infusion.rounding_step_g is not None:
        text += f" (nearest {quantity(infusion.rounding_step_g, 'g')})"
    elif infusion.vials:
        text += " (whole vials)"
    else:
        text += " (not rounded)"
    deviation = infusion.deviation_percent or 0.0
    text += f", {signed_percent(deviation)} from calculated"
    if infusion.volume_ml is not None:
        text += f"; volume {quantity(infusion.volume_ml, 'mL')}"
    return text



def print_preparation(result: Result, console: Console,
                      marks: Callable[[Iterable[str]], str] = lambda ids: "") -> None:
    """Rounded doses and, with --product, the infusion schedule (once per distinct dose)."""
    lines = preparation_lines(result)
    if not lines or result.regimen is None:
        return
    console.print()
    product = result.product
    rounding = result.inputs.rounding.value
    heading = f"Preparation (round: {rounding}"
    if product is not None:
        heading += f"; {product.name}, {number(product.concentration_percent)}%"
    from ivigcalc.pharmacy import ROUNDING_REFERENCES

    cited = [*ROUNDING_REFERENCES[result.inputs.rounding], *(["product-catalogue"] if product else [])]
    console.print(Text(heading + "):", style="bold") + Text(marks(cited)))
    for line in lines:
        console.print(Text(f"  {line}"))
    total = result.regimen.total_dose_g_rounded
    if total is not None and total != result.regimen.total_dose_g:
        console.print(Text(f"  Total to give: {quantity(total, 'g')}"))
    shown: set[tuple[float, str]] = set()
    for phase in result.regimen.phases:
        for infusion in phase.infusions:
            schedule = infusion.infusion_schedule
            if schedule is None or infusion.dose_g_rounded is None:
                continue
            key = (infusion.dose_g_rounded, schedule.source)
            if key in shown:
                continue
            shown.add(key)
            days = [f"day {i.day}" for p in result.regimen.phases for i in p.infusions
                    if i.dose_g_rounded == infusion.dose_g_rounded]
            console.print()
            console.print(Text(
                f"Infusion schedule for {quantity(infusion.dose_g_rounded, 'g')} "
                f"({quantity(infusion.volume_ml or 0.0, 'mL')}; {', '.join(dict.fromkeys(days))}):",
                style="bold"))
            table = Table(show_edge=True, header_style="bold")
            for column in ("Step", "mg/kg/min", "mL/h", "Minutes", "Volume"):
                table.add_column(column, justify="right")
            for index, step in enumerate(schedule.steps, start=1):
                table.add_row(str(index), number(step.rate_mg_per_kg_min), number(step.rate_ml_per_h),
                              number(step.minutes), quantity(step.volume_ml, "mL"))
            console.print(table)
            console.print(Text(f"  Total: {duration(schedule.total_minutes)}. {schedule.source}"))


# --------------------------------------------------------------------------------------- explanation


def print_explanation(lines: Sequence[str], console: Console) -> None:
    console.print()
    console.print(Text("How it was calculated (--explain):", style="bold"))
    for line in lines:
        console.print(Text(f"  {line}"))


# --------------------------------------------------------------------------------------- check


def _sources(reference_ids: tuple[str, ...]) -> str:
    """' (Pharmacy Purchasing & Products 2010)': a finding's sources by their short labels."""
    from ivigcalc.knowledge.references import REFERENCES

    labels = [REFERENCES[i].label for i in reference_ids if i in REFERENCES]
    return f" ({'; '.join(labels)})" if labels else ""


def print_check(outcome: CheckResult, *, explain: bool, console: Console | None = None) -> None:
    from ivigcalc import render

    console = console or _console()
    style = "bold green" if outcome.verdict == "PASS" else "bold red"
    console.print(Text("Order check: ", style="bold") + Text(outcome.verdict, style=style)
                  + Text(f" ({outcome.order_text})"))
    for finding in outcome.findings:
        console.print(Text("  FLAG ", style="bold red")
                      + Text(f"[{finding.code}] {finding.message}{_sources(finding.references)}"))
    for note in outcome.notes:
        console.print(Text("  INFO ", style="cyan") + Text(f"[{note.code}] {note.message}{_sources(note.references)}"))
    if explain:
        from ivigcalc.explain import explain_check

        print_explanation(explain_check(outcome), console)
    console.print()
    console.print(Text("Expected (calculated) result:", style="bold"))
    render.print_result(outcome.expected, console)
