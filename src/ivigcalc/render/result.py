"""Human-readable output with Rich. Imported only when a person reads the result (never for JSON or
batch). Numbers follow ISMP (formatting.py); severity is spelled out, so the output reads the same
without colour (NO_COLOR, pipes).

By default one screen: the answer on line 1 (render/answer.py), the patient and the first-choice
co-therapy, the reason, the calculation, one line per warning (its short summary), references by label.
`--full` prints every text whole and every citation. Bold marks only the status and the doses to give;
colour only the severity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ivigcalc.formatting import PLATELET_UNIT, number, quantity
from ivigcalc.knowledge.itp_rules import lln_text, platelet_text
from ivigcalc.knowledge.units import CM_PER_INCH, LB_TO_KG
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.result import Grade, GradeResult, Infusion, Phase, Reference, Result, Warning
from ivigcalc.model.vocabulary import (
    DosingWeightMode,
    HeightUnit,
    ItpCause,
    ItpRegimenChoice,
    PolicyId,
    Severity,
    Status,
    WeightUnit,
)
from ivigcalc.render.answer import answer, days_text, weight_phrase
from ivigcalc.render.console import make_console, print_table

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

SEVERITY_STYLE = {
    Severity.DANGER: "red",
    Severity.WARNING: "yellow",
    Severity.CAUTION: "magenta",
    Severity.INFO: "cyan",
}
STATUS_STYLE = {Status.INDICATED: "bold green", Status.CONSIDER: "bold yellow", Status.NOT_INDICATED: "bold red"}
STRONG = "bold"  # the doses to give
FOOTER = "Decision aid only: verify against the current product label and local protocol."


class _Citations:
    """Numbers references in order of first appearance, as the References section lists them."""

    def __init__(self, references: Sequence[Reference]) -> None:
        self.number = {ref.id: index for index, ref in enumerate(references, start=1)}

    def marks(self, ids: Iterable[str]) -> str:
        numbers = sorted({self.number[i] for i in ids if i in self.number})
        return f" [{', '.join(str(n) for n in numbers)}]" if numbers else ""


def _text(*parts: str | tuple[str, str]) -> Text:
    """A line of plain parts and (text, style) parts."""
    from rich.text import Text

    line = Text()
    for part in parts:
        if isinstance(part, tuple):
            line.append(part[0], style=part[1])
        else:
            line.append(part)
    return line


def answer_text(result: Result, cite: _Citations) -> Text:
    """Line 1 with the status in its colour and the doses to give in bold."""
    from rich.text import Text

    pieces = answer(result)
    line = Text()
    for index, piece in enumerate(pieces):
        style = STATUS_STYLE[result.status] if index == 0 else STRONG if piece.strong else ""
        line.append(piece.text, style=style)
    if result.status is Status.NOT_INDICATED or result.regimen is None:
        line.append(cite.marks(result.status_references))
    return line


def print_result(result: Result, console: Console | None = None, *, full: bool = False) -> None:
    console = console or make_console()
    if full:
        console.print(answer_text(result, _Citations(result.references)))
        console.print()
        _print_full(result, console, _Citations(result.references))
        return
    references = _brief_references(result)
    cite = _Citations(references)
    console.print(answer_text(result, cite))
    dw = result.dosing_weight
    console.print(_text(f"Patient: dosing weight {weight_phrase(dw)}{cite.marks(dw.references)}"))
    if result.cotherapies:
        first = result.cotherapies[0]
        label = {Status.INDICATED: "With it", Status.CONSIDER: "First choice", Status.NOT_INDICATED: "Instead"}
        console.print(_text(f"{label[result.status]}: {first.name}: {first.detail}{cite.marks(first.references)}"))
    if result.status is not Status.NOT_INDICATED and result.regimen is not None:
        console.print(_text(f"Why: {result.status_reason}{cite.marks(result.status_references)}"))
    console.print(_text(f"Inputs: {_inputs_line(result.inputs, brief=True, grade=_grade_text(result, cite))}"))
    if dw.policy is not PolicyId.IVIGCALC:
        console.print(_text(f"Dosing-weight policy: {_policy_text(result)}"))
    if result.regimen is not None:
        _print_regimen_brief(result, console, cite)
    if result.stewardship is not None:
        _print_stewardship(console, result)
    if len(result.cotherapies) > 1:
        console.print(_text("Also: " + " ".join(
            f"{cotherapy.name}: {cotherapy.detail}{cite.marks(cotherapy.references)}"
            for cotherapy in result.cotherapies[1:])))
    _print_warnings_brief(console, result.warnings, cite)
    console.print(_text("References: " + " ".join(
        f"[{index}] {reference.label}" for index, reference in enumerate(references, start=1))))
    console.print(_text("Decision aid: check the label and local protocol. All texts: --full"))


def _brief_references(result: Result) -> list[Reference]:
    """The references the one-screen output cites, in the result's order (the class-wide warnings are
    named by code only: `ivigcalc warnings CODE` and --full give their sources)."""
    from ivigcalc.knowledge.rounding import ROUNDING_REFERENCES
    from ivigcalc.knowledge.warnings import CLASS_WIDE_CODES

    cited: set[str] = {*result.dosing_weight.references, *result.status_references}
    for cotherapy in result.cotherapies:
        cited.update(cotherapy.references)
    if result.grade is not None:
        cited.add("ctcae-v5")
    if result.regimen is not None:
        cited.update(result.regimen.references)
        cited.update(ROUNDING_REFERENCES[result.inputs.rounding])
        if result.product is not None:
            cited.add("product-catalogue")
    for warning in result.warnings:
        if warning.code not in CLASS_WIDE_CODES:
            cited.update(warning.references)
    return [reference for reference in result.references if reference.id in cited]


def _grade_text(result: Result, cite: _Citations) -> str:
    if result.grade is None:
        return ""
    return f" (CTCAE v{result.grade.ctcae_version} grade {result.grade.grade}{cite.marks(['ctcae-v5'])})"


def _print_regimen_brief(result: Result, console: Console, cite: _Citations) -> None:
    """The regimen's name, the table of what is given (identical days on one row) and the totals; a
    single infusion needs no table: its calculation is on line 1."""
    from ivigcalc.knowledge.rounding import ROUNDING_REFERENCES
    from ivigcalc.render.preparation import course_plan_line, print_schedules, rounding_text

    regimen = result.regimen
    assert regimen is not None
    head = f"Regimen: {regimen.name}{cite.marks(regimen.references)}"
    rounding_marks = cite.marks([*ROUNDING_REFERENCES[result.inputs.rounding],
                                 *(["product-catalogue"] if result.product else [])])
    phases = regimen.phases
    if len(phases) == 1 and len(_day_rows(phases[0])) == 1:
        # Every day alike: line 1 has said it all; one line of how each day's dose was rounded.
        phase = phases[0]
        first = phase.infusions[0]
        rounded = ""
        if first.dose_g_rounded is not None:
            each = "Each day: " if len(phase.infusions) > 1 else ""
            text = rounding_text(first, brief=True)
            rounded = f". {each}{text if each else text[0].upper() + text[1:]}{rounding_marks}"
        console.print(_text(head + rounded))
    else:
        console.print(_text(head))
        _print_dose_table(console, phases)
        total = "open-ended (no total)" if regimen.total_dose_g is None else quantity(regimen.total_dose_g, "g")
        given = regimen.total_dose_g_rounded
        to_give: list[str | tuple[str, str]] = [] if given is None or regimen.total_dose_g is None else [
            ", to give ", (quantity(given, "g"), STRONG)]
        console.print(_text(f"Total: calculated {total}", *to_give, rounding_marks))
    for phase in phases:
        if phase.course_plan is not None:
            line = f"{phase.name}, " if len(phases) > 1 else ""
            line += course_plan_line(phase)
            console.print(_text(line[0].upper() + line[1:]))
    print_schedules(result, console, brief=True)


def _day_rows(phase: Phase) -> list[tuple[list[int], Infusion]]:
    rows: list[tuple[list[int], Infusion]] = []
    for infusion in phase.infusions:
        if rows and _same_dose(rows[-1][1], infusion):
            rows[-1][0].append(infusion.day)
        else:
            rows.append(([infusion.day], infusion))
    return rows


def _same_dose(a: Infusion, b: Infusion) -> bool:
    return (a.dose_g_per_kg, a.dose_g, a.dose_g_rounded, a.vials, a.volume_ml) == (
        b.dose_g_per_kg, b.dose_g, b.dose_g_rounded, b.vials, b.volume_ml)


def _print_dose_table(console: Console, phases: Sequence[Phase]) -> None:
    from rich import box
    from rich.table import Table

    infusions = [infusion for phase in phases for infusion in phase.infusions]
    cycled = len(phases) > 1 or any(phase.cycles != 1 for phase in phases)
    vials = any(infusion.vials for infusion in infusions)
    volume = any(infusion.volume_ml is not None for infusion in infusions)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="")
    columns = [*(("Phase", "left"), ("Cycles", "right"), ("Every", "right")) * cycled,
               ("Days", "left"), ("g/kg a day", "right"), ("Calculated", "right"), ("To give", "right")]
    columns += [("Vials", "left")] * vials + [("Volume", "right")] * volume
    for column, justify in columns:
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for phase in phases:
        cycles = "until stopped" if phase.cycles is None else str(phase.cycles)
        every = "" if phase.interval_days is None else f"{phase.interval_days} days"
        for index, (days, infusion) in enumerate(_day_rows(phase)):
            first = index == 0
            row = [phase.name if first else "", cycles if first else "", every if first else ""] if cycled else []
            row += [days_text(days).removeprefix("days ").removeprefix("day "), number(infusion.dose_g_per_kg),
                    quantity(infusion.dose_g, "g")]
            given = "" if infusion.dose_g_rounded is None else quantity(infusion.dose_g_rounded, "g")
            cells: list[object] = [*row, _text((given, STRONG))]
            if vials:
                cells.append(" + ".join(f"{vial.count} × {quantity(vial.size_g, 'g')}" for vial in infusion.vials))
            if volume:
                cells.append("" if infusion.volume_ml is None else quantity(infusion.volume_ml, "mL"))
            table.add_row(*cells)  # type: ignore[arg-type]
    print_table(console, table)


def _print_warnings_brief(console: Console, warnings: Sequence[Warning], cite: _Citations) -> None:
    """One line per warning: severity, code, its short summary, reference numbers; within each severity
    the class-wide ones (the same for every IVIG course) last, as one line of codes
    (`ivigcalc warnings CODE` explains each)."""
    from ivigcalc.knowledge.warnings import CLASS_WIDE_CODES, summary_of

    if not warnings:
        return
    console.print(_text("Warnings:"))
    ordered = sorted_warnings(warnings)
    for severity in dict.fromkeys(w.severity for w in ordered):
        of_severity = [w for w in ordered if w.severity is severity]
        label = (severity.value.upper(), SEVERITY_STYLE[severity])
        for warning in (w for w in of_severity if w.code not in CLASS_WIDE_CODES):
            console.print(_text("  ", label, f" {warning.code}: {summary_of(warning.code, warning.message)}"
                                             f"{cite.marks(warning.references)}"))
        class_wide = [w for w in of_severity if w.code in CLASS_WIDE_CODES]
        if class_wide:
            codes = ", ".join(w.code for w in class_wide)
            console.print(_text("  ", label, f" every IVIG course: {codes}"))


def sorted_warnings(warnings: Sequence[Warning]) -> list[Warning]:
    """By severity, then the ones specific to this patient before the class-wide ones; otherwise in the
    order the result gives them."""
    from ivigcalc.knowledge.warnings import CLASS_WIDE_CODES, SEVERITY_ORDER

    return sorted(warnings, key=lambda w: (SEVERITY_ORDER[w.severity], w.code in CLASS_WIDE_CODES))


def _print_full(result: Result, console: Console, cite: _Citations) -> None:
    """Every text whole and every citation: the inputs, grade, dosing weight with its arithmetic, the
    policy, the status, the regimen day by day, preparation, co-therapy, warnings and references."""
    from rich.table import Table

    title = "IVIG in immune thrombocytopenia (ITP)" if result.command == "itp" else \
        "IVIG in antiphospholipid syndrome (APS)"
    console.print(_text(f"ivigcalc {result.ivigcalc_version}: {title}"))
    console.print(_text(f"Inputs: {_inputs_line(result.inputs)}"))
    if result.grade is not None:
        g = result.grade
        grade_text = "0 (at or above the lower limit of normal)" if g.grade == 0 else str(g.grade)
        console.print(_text(f"Grade: CTCAE v{g.ctcae_version} grade {grade_text}: {_grade_counts(g)}"
                            f"{cite.marks(['ctcae-v5'])}"))
    dw = result.dosing_weight
    console.print(_text(f"Dosing weight: {quantity(dw.kg, 'kg')} ({dw.basis.value}). {dw.reason}"
                        f"{cite.marks(dw.references)}"))
    console.print(_text(f"Dosing-weight policy: {_policy_text(result)}"))
    console.print(_text("Status: ", (result.status.value.upper(), STATUS_STYLE[result.status]),
                        f". {result.status_reason}{cite.marks(result.status_references)}"))

    if result.regimen is not None:
        regimen = result.regimen
        console.print()
        console.print(_text(f"Regimen: {regimen.name}{cite.marks(regimen.references)}"))
        table = Table(show_edge=True, header_style="")
        for column, justify in (("Phase", "left"), ("Cycles", "right"), ("Every", "right"), ("Day", "right"),
                                ("g/kg", "right"), ("Calculated dose", "right"), ("To give", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for phase in regimen.phases:
            cycles = "until stopped" if phase.cycles is None else str(phase.cycles)
            every = "" if phase.interval_days is None else f"{phase.interval_days} days"
            for index, infusion in enumerate(phase.infusions):
                first = index == 0
                given = "" if infusion.dose_g_rounded is None else quantity(infusion.dose_g_rounded, "g")
                table.add_row(
                    phase.name if first else "", cycles if first else "", every if first else "",
                    str(infusion.day), number(infusion.dose_g_per_kg), quantity(infusion.dose_g, "g"),
                    _text((given, STRONG)))
        print_table(console, table)
        lines = []
        for phase in regimen.phases:
            if phase.cycles != 1 or len(regimen.phases) > 1:
                lines.append(f"{phase.name}: {quantity(phase.dose_per_cycle_g, 'g')} a cycle")
        total = "open-ended (no total)" if regimen.total_dose_g is None else quantity(regimen.total_dose_g, "g")
        lines.append(f"Total: {total}")
        console.print(_text("; ".join(lines)))
        from ivigcalc.render.preparation import print_preparation  # rounding, vials, volume, schedule

        print_preparation(result, console, cite.marks)
    if result.stewardship is not None:
        _print_stewardship(console, result)

    if result.cotherapies:
        console.print()
        console.print(_text("With it / instead:"))
        for cotherapy in result.cotherapies:
            console.print(_text(f"  - {cotherapy.name}: {cotherapy.detail}{cite.marks(cotherapy.references)}"))
    _print_warnings(console, sorted_warnings(result.warnings), cite)
    _print_reference_list(console, result.references)
    console.print(_text(FOOTER))


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
    console.print(_text(f"Cost and waste (prices: {steward.prices_source}):"))
    for phase in steward.phases:
        per = "" if phase.cycles == 1 else " a cycle"
        console.print(_text(
            f"  {phase.name}{per}: {quantity(phase.grams_given, 'g')} given, {quantity(phase.grams_opened, 'g')} "
            f"opened, {quantity(phase.grams_wasted, 'g')} wasted in opened vials; cost "
            f"{_money(phase.cost, steward.currency)}, waste {_money(phase.waste_cost, steward.currency)}"))
    if steward.grams_opened is not None and (len(steward.phases) > 1 or steward.phases[0].cycles != 1):
        assert steward.grams_wasted is not None
        console.print(_text(
            f"  Course: {quantity(steward.grams_opened, 'g')} opened, {quantity(steward.grams_wasted, 'g')} wasted; "
            f"cost {_money(steward.cost, steward.currency)}, waste {_money(steward.waste_cost, steward.currency)}"))
    elif steward.grams_opened is None:
        console.print(_text("  Open-ended regimen: no course total (per cycle above)."))


def _print_warnings(console: Console, warnings: Sequence[Warning], cite: _Citations) -> None:
    if not warnings:
        return
    console.print()
    console.print(_text("Warnings:"))
    for warning in warnings:
        console.print(_text("  ", (warning.severity.value.upper(), SEVERITY_STYLE[warning.severity]),
                            f" [{warning.code}] {warning.message}{cite.marks(warning.references)}"))


def _print_reference_list(console: Console, references: Sequence[Reference]) -> None:
    console.print()
    console.print(_text("References:"))
    for index, reference in enumerate(references, start=1):
        console.print(_text(f"  {index}. {reference.citation} ({reference.id})"))


def _inputs_line(inputs: ItpInput | ApsInput, *, brief: bool = False, grade: str = "") -> str:
    """What was understood from the options; `brief` leaves out the defaults nobody chose."""
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
    if not (brief and inputs.dosing_weight is DosingWeightMode.AUTO):
        parts.append(f"dosing weight {inputs.dosing_weight.value}")
    if inputs.actual_weight_reason is not None:
        parts.append(f"actual-weight reason: {inputs.actual_weight_reason}")
    if isinstance(inputs, ItpInput):
        count = platelet_text(inputs.platelets_10e9_per_l, inputs.lln_10e9_per_l)
        parts.append(f"platelets {count} {PLATELET_UNIT}{grade}")
        parts.append(f"bleeding {inputs.bleeding.value}")
        parts.extend(flag.replace("_", " ") for flag in (
            "bleeding_risk", "rapid_rise", "procedure", "steroids_contraindicated", "dic")
            if getattr(inputs, flag))
        origin = "" if inputs.population_stated else " (from age)" if inputs.age_years is not None else " (default)"
        parts.append(f"population {inputs.population.value}{origin}")
        if not (brief and inputs.cause is ItpCause.PRIMARY):
            parts.append(f"cause {inputs.cause.value}")
        if not (brief and inputs.regimen is ItpRegimenChoice.SINGLE_DOSE):
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


def _grade_counts(g: Grade) -> str:
    """"25 ×10⁹/L (LLN 150)": neither number rounded onto or across a threshold it is graded against."""
    return (f"{platelet_text(g.platelets_10e9_per_l, g.lln_10e9_per_l)} {PLATELET_UNIT} "
            f"(LLN {lln_text(g.lln_10e9_per_l, g.platelets_10e9_per_l)})")


def print_grade(result: GradeResult, console: Console | None = None) -> None:
    console = console or make_console()
    cite = _Citations(result.references)
    g = result.grade
    grade_text = "0 (at or above the lower limit of normal)" if g.grade == 0 else str(g.grade)
    console.print(_text(
        f"CTCAE v{g.ctcae_version} '{g.term}' grade {grade_text}: {_grade_counts(g)}{cite.marks(['ctcae-v5'])}"))
    for note in result.notes:
        marks = cite.marks(note.references)
        console.print(_text("  ", (note.severity.value.upper(), SEVERITY_STYLE[note.severity]),
                            f" [{note.code}] {note.message}{marks}"))
    _print_reference_list(console, result.references)


def print_references(references: Sequence[Reference], console: Console | None = None) -> None:
    from rich.table import Table

    console = console or make_console()
    table = Table(show_edge=True, header_style="")
    table.add_column("id")
    table.add_column("citation")
    for reference in references:
        table.add_row(reference.id, reference.citation)
    print_table(console, table, numbers=False)


def print_warning_catalogue(entries: Sequence[tuple[str, Severity, str, str, tuple[str, ...]]], *, whole: bool,
                            console: Console | None = None) -> None:
    """`ivigcalc warnings`: one line per warning (code, severity, its short summary); with `whole`
    (`ivigcalc warnings CODE`) the full text too, then its sources by label."""
    from ivigcalc.knowledge.references import REFERENCES

    console = console or make_console()
    for code, severity, summary, message, reference_ids in entries:
        labels = "; ".join(REFERENCES[i].label for i in reference_ids if i in REFERENCES)
        sources = f" ({labels})" if labels else ""
        if not whole:
            console.print(_text(f"{code} ", (severity.value.upper(), SEVERITY_STYLE[severity]), f": {summary}"))
            continue
        console.print(_text(f"{code} ", (severity.value.upper(), SEVERITY_STYLE[severity]), f": {summary}"))
        console.print(_text(f"  {message}{sources}"))
