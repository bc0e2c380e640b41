"""Human-readable output with Rich. Imported only when a person reads the result (never for JSON or
batch). Numbers follow ISMP (formatting.py); severity is spelled out, so the output reads the same
without colour (NO_COLOR, pipes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ivigcalc.formatting import PLATELET_UNIT, number, quantity
from ivigcalc.knowledge.units import CM_PER_INCH, LB_TO_KG
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.result import GradeResult, Reference, Result, Warning
from ivigcalc.model.vocabulary import HeightUnit, Severity, Status, WeightUnit
from ivigcalc.render.console import make_console, print_table

SEVERITY_STYLE = {
    Severity.DANGER: "bold red",
    Severity.WARNING: "yellow",
    Severity.CAUTION: "magenta",
    Severity.INFO: "cyan",
}
STATUS_STYLE = {Status.INDICATED: "bold green", Status.CONSIDER: "bold yellow", Status.NOT_INDICATED: "bold red"}


class _Citations:
    """Numbers references in order of first appearance, as the References section lists them."""

    def __init__(self, references: Sequence[Reference]) -> None:
        self.number = {ref.id: index for index, ref in enumerate(references, start=1)}

    def marks(self, ids: Iterable[str]) -> str:
        numbers = sorted({self.number[i] for i in ids if i in self.number})
        return f" [{', '.join(str(n) for n in numbers)}]" if numbers else ""


def print_result(result: Result, console: Console | None = None) -> None:
    console = console or make_console()
    cite = _Citations(result.references)
    title = "IVIG in immune thrombocytopenia (ITP)" if result.command == "itp" else \
        "IVIG in antiphospholipid syndrome (APS)"
    console.print(Text(f"ivigcalc {result.ivigcalc_version}: {title}", style="bold"))
    console.print(Text("Inputs: ", style="bold") + Text(_inputs_line(result.inputs)))
    if result.grade is not None:
        g = result.grade
        grade_text = "0 (at or above the lower limit of normal)" if g.grade == 0 else str(g.grade)
        console.print(
            Text("Grade: ", style="bold")
            + Text(f"CTCAE v{g.ctcae_version} grade {grade_text}: {number(g.platelets_10e9_per_l)} "
                   f"{PLATELET_UNIT} (LLN {number(g.lln_10e9_per_l)}){cite.marks(['ctcae-v5'])}"))
    dw = result.dosing_weight
    console.print(
        Text("Dosing weight: ", style="bold")
        + Text(f"{quantity(dw.kg, 'kg')} ({dw.basis.value}). {dw.reason}{cite.marks(dw.references)}"))
    console.print(Text("Dosing-weight policy: ", style="bold") + Text(_policy_text(result)))
    console.print(
        Text("Status: ", style="bold")
        + Text(result.status.value.upper(), style=STATUS_STYLE[result.status])
        + Text(f". {result.status_reason}{cite.marks(result.status_references)}"))

    if result.regimen is not None:
        regimen = result.regimen
        console.print()
        console.print(Text("Regimen: ", style="bold") + Text(f"{regimen.name}{cite.marks(regimen.references)}"))
        table = Table(show_edge=True, header_style="bold")
        for column, justify in (("Phase", "left"), ("Cycles", "right"), ("Every", "right"), ("Day", "right"),
                                ("g/kg", "right"), ("Calculated dose", "right"), ("To give", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for phase in regimen.phases:
            cycles = "until stopped" if phase.cycles is None else str(phase.cycles)
            every = "" if phase.interval_days is None else f"{phase.interval_days} days"
            for index, infusion in enumerate(phase.infusions):
                first = index == 0
                table.add_row(
                    phase.name if first else "", cycles if first else "", every if first else "",
                    str(infusion.day), number(infusion.dose_g_per_kg), quantity(infusion.dose_g, "g"),
                    "" if infusion.dose_g_rounded is None else quantity(infusion.dose_g_rounded, "g"))
        print_table(console, table)
        lines = []
        for phase in regimen.phases:
            if phase.cycles != 1 or len(regimen.phases) > 1:
                lines.append(f"{phase.name}: {quantity(phase.dose_per_cycle_g, 'g')} a cycle")
        total = "open-ended (no total)" if regimen.total_dose_g is None else quantity(regimen.total_dose_g, "g")
        lines.append(f"Total: {total}")
        console.print(Text("; ".join(lines)))
        from ivigcalc.render.preparation import print_preparation  # rounding, vials, volume, schedule

        print_preparation(result, console, cite.marks)
    if result.stewardship is not None:
        _print_stewardship(console, result)

    if result.cotherapies:
        console.print()
        console.print(Text("With it / instead:", style="bold"))
        for cotherapy in result.cotherapies:
            console.print(Text(f"  - {cotherapy.name}: {cotherapy.detail}{cite.marks(cotherapy.references)}"))
    _print_warnings(console, result.warnings, cite)
    _print_reference_list(console, result.references)
    console.print(Text(
        "Decision aid only: verify against the current product label and local protocol.", style="dim"))


def _policy_text(result: Result) -> str:
    dw = result.dosing_weight
    return (f"{dw.policy.value}, {dw.policy_label} ({dw.policy_verification}); step: {dw.decision.value}. "
            f"Rules and sources: ivigcalc policies {dw.policy.value}")


def _money(value: float | None, currency: str | None) -> str:
    if value is None:
        return "not computed (a pack has no price)"
    return f"{currency or ''} {number(value)}".strip()


def _print_stewardship(console: Console, result: Result) -> None:
    steward = result.stewardship
    assert steward is not None
    console.print()
    console.print(Text("Cost and waste", style="bold") + Text(f" (prices: {steward.prices_source}):"))
    for phase in steward.phases:
        per = "" if phase.cycles == 1 else " a cycle"
        console.print(Text(
            f"  {phase.name}{per}: {quantity(phase.grams_given, 'g')} given, {quantity(phase.grams_opened, 'g')} "
            f"opened, {quantity(phase.grams_wasted, 'g')} wasted in opened vials; cost "
            f"{_money(phase.cost, steward.currency)}, waste {_money(phase.waste_cost, steward.currency)}"))
    if steward.grams_opened is not None and (len(steward.phases) > 1 or steward.phases[0].cycles != 1):
        assert steward.grams_wasted is not None
        console.print(Text(
            f"  Course: {quantity(steward.grams_opened, 'g')} opened, {quantity(steward.grams_wasted, 'g')} wasted; "
            f"cost {_money(steward.cost, steward.currency)}, waste {_money(steward.waste_cost, steward.currency)}"))
    elif steward.grams_opened is None:
        console.print(Text("  Open-ended regimen: no course total (per cycle above)."))


def _print_warnings(console: Console, warnings: Sequence[Warning], cite: _Citations) -> None:
    if not warnings:
        return
    console.print()
    console.print(Text("Warnings:", style="bold"))
    for warning in warnings:
        console.print(
            Text("  ")
            + Text(f"{warning.severity.value.upper()}", style=SEVERITY_STYLE[warning.severity])
            + Text(f" [{warning.code}] {warning.message}{cite.marks(warning.references)}"))


def _print_reference_list(console: Console, references: Sequence[Reference]) -> None:
    console.print()
    console.print(Text("References:", style="bold"))
    for index, reference in enumerate(references, start=1):
        console.print(Text(f"  {index}. {reference.citation} ({reference.id})"))


def _inputs_line(inputs: ItpInput | ApsInput) -> str:
    parts = [_weight_text(inputs.weight_kg, inputs.weight_unit)]
    if inputs.height_cm is not None:
        parts.append(_height_text(inputs.height_cm, inputs.height_unit))
    if inputs.sex is not None:
        parts.append(inputs.sex.value)
    if inputs.age_years is not None:
        parts.append(f"age {number(inputs.age_years)} years")
    if inputs.pregnant:
        parts.append("pregnant")
    if inputs.pre_pregnancy_weight_kg is not None:
        parts.append("pre-pregnancy " + _weight_text(inputs.pre_pregnancy_weight_kg, inputs.weight_unit))
    parts.append(f"dosing weight {inputs.dosing_weight.value}")
    if inputs.actual_weight_reason is not None:
        parts.append(f"actual-weight reason: {inputs.actual_weight_reason}")
    if isinstance(inputs, ItpInput):
        parts.append(f"platelets {number(inputs.platelets_10e9_per_l)} {PLATELET_UNIT}")
        parts.append(f"bleeding {inputs.bleeding.value}")
        parts.extend(flag.replace("_", " ") for flag in (
            "bleeding_risk", "rapid_rise", "procedure", "steroids_contraindicated", "dic")
            if getattr(inputs, flag))
        origin = "" if inputs.population_stated else " (from age)" if inputs.age_years is not None else " (default)"
        parts.append(f"population {inputs.population.value}{origin}")
        parts.append(f"cause {inputs.cause.value}")
        parts.append(f"regimen {inputs.regimen.value}")
    else:
        parts.append(f"scenario {inputs.scenario.value}")
        parts.extend(flag.replace("_", " ") for flag in (
            "failed_standard_therapy", "anticoagulation_contraindicated", "anticoagulated")
            if getattr(inputs, flag))
        if inputs.inr is not None:
            parts.append(f"INR {number(inputs.inr)}")
        if inputs.protocol is not None:
            parts.append(f"protocol {inputs.protocol.value}")
    return "; ".join(parts)


def _weight_text(kg: float, unit: WeightUnit) -> str:
    if unit is WeightUnit.LB:
        return f"weight {quantity(kg / LB_TO_KG, 'lb')} = {quantity(kg, 'kg')}"
    return f"weight {quantity(kg, 'kg')}"


def _height_text(cm: float, unit: HeightUnit) -> str:
    if unit is HeightUnit.IN:
        return f"height {quantity(cm / CM_PER_INCH, 'in')} = {quantity(cm, 'cm')}"
    return f"height {quantity(cm, 'cm')}"


def print_grade(result: GradeResult, console: Console | None = None) -> None:
    console = console or make_console()
    cite = _Citations(result.references)
    g = result.grade
    grade_text = "0 (at or above the lower limit of normal)" if g.grade == 0 else str(g.grade)
    console.print(Text(
        f"CTCAE v{g.ctcae_version} '{g.term}' grade {grade_text}: {number(g.platelets_10e9_per_l)} "
        f"{PLATELET_UNIT} (LLN {number(g.lln_10e9_per_l)}){cite.marks(['ctcae-v5'])}", style="bold"))
    for note in result.notes:
        marks = cite.marks(note.references)
        console.print(Text(f"  {note.severity.value.upper()} [{note.code}] {note.message}{marks}"))
    _print_reference_list(console, result.references)


def print_references(references: Sequence[Reference], console: Console | None = None) -> None:
    console = console or make_console()
    table = Table(show_edge=True, header_style="bold")
    table.add_column("id")
    table.add_column("citation")
    for reference in references:
        table.add_row(reference.id, reference.citation)
    print_table(console, table, numbers=False)


def print_warning_catalogue(entries: Sequence[tuple[str, Severity, str, tuple[str, ...]]],
                            console: Console | None = None) -> None:
    """`ivigcalc warnings`: one paragraph per warning, code and severity first, then its sources by label."""
    from ivigcalc.knowledge.references import REFERENCES

    console = console or make_console()
    for code, severity, message, reference_ids in entries:
        labels = "; ".join(REFERENCES[i].label for i in reference_ids if i in REFERENCES)
        console.print(Text(f"{code} ", style="bold") + Text(severity.value.upper(), style=SEVERITY_STYLE[severity])
                      + Text(f": {message}" + (f" ({labels})" if labels else "")))
