"""Rich output of what is given: rounded doses, vials, volume and the infusion schedule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ivigcalc.api.explain import duration
from ivigcalc.formatting import number, quantity, signed_percent
from ivigcalc.knowledge.rounding import ROUNDING_REFERENCES
from ivigcalc.model.result import Infusion, Phase, Result
from ivigcalc.render.console import print_table

if TYPE_CHECKING:
    from rich.console import Console


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
            lines.append(f"{prefix}day {infusion.day}: {rounding_text(infusion)}")
        if phase.course_plan is not None:
            lines.append(f"{prefix}{course_plan_line(phase)}")
    return lines


def course_plan_line(phase: Phase) -> str:
    """Whole vials chosen for the course: the course total, its deviation, and each day rounded alone."""
    plan = phase.course_plan
    assert plan is not None
    cycle = " (one cycle)" if phase.cycles != 1 else ""
    return (f"course plan{cycle}: calculated {quantity(plan.exact_g, 'g')} → give "
            f"{quantity(plan.planned_g, 'g')} in {plan.vial_count} vials, {signed_percent(plan.deviation_percent)} "
            f"over the course, every day within 10%; each day rounded alone: "
            f"{quantity(plan.rounded_alone_total_g, 'g')} ({signed_percent(plan.rounded_alone_deviation_percent)})")


def rounding_text(infusion: Infusion, *, brief: bool = False) -> str:
    """`calculated 82.28 g → give 80 g (nearest 5 g), −2.77% from calculated`; `brief` without the last
    two words."""
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
    text += f", {signed_percent(deviation)}" + ("" if brief else " from calculated")
    if infusion.volume_ml is not None:
        text += f"; volume {quantity(infusion.volume_ml, 'mL')}"
    return text


def print_preparation(result: Result, console: Console,
                      marks: Callable[[Iterable[str]], str] = lambda ids: "") -> None:
    """Rounded doses and, with --product, the infusion schedule (once per distinct dose)."""
    from rich.text import Text

    lines = preparation_lines(result)
    if not lines or result.regimen is None:
        return
    console.print()
    product = result.product
    rounding = result.inputs.rounding.value
    heading = f"Preparation (round: {rounding}"
    if product is not None:
        heading += f"; {product.name}, {number(product.concentration_percent)}%"
    cited = [*ROUNDING_REFERENCES[result.inputs.rounding], *(["product-catalogue"] if product else [])]
    console.print(Text(heading + "):" + marks(cited)))
    for line in lines:
        console.print(Text(f"  {line}"))
    total = result.regimen.total_dose_g_rounded
    if total is not None and total != result.regimen.total_dose_g:
        console.print(Text(f"  Total to give: {quantity(total, 'g')}"))
    print_schedules(result, console)


def print_schedules(result: Result, console: Console, *, brief: bool = False) -> None:
    """With --product: the infusion schedule, once per distinct dose, with the days it is for; `brief`
    (one screen) in a lighter table, with the schedule's source in a few words (--full: whole)."""
    if result.regimen is None or not any(
            infusion.infusion_schedule for phase in result.regimen.phases for infusion in phase.infusions):
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

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
            if not brief:
                console.print()
            console.print(Text(
                f"Infusion schedule for {quantity(infusion.dose_g_rounded, 'g')} "
                f"({quantity(infusion.volume_ml or 0.0, 'mL')}; {', '.join(dict.fromkeys(days))}):"))
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="") if brief else \
                Table(show_edge=True, header_style="")
            for column in ("Step", "mg/kg/min", "mL/h", "Minutes", "Volume"):
                table.add_column(column, justify="right")
            for index, step in enumerate(schedule.steps, start=1):
                table.add_row(str(index), number(step.rate_mg_per_kg_min), number(step.rate_ml_per_h),
                              number(step.minutes), quantity(step.volume_ml, "mL"))
            print_table(console, table)
            if brief:
                kind = "generic titration" if schedule.generic else "the label's steps"
                console.print(Text(f"Total: {duration(schedule.total_minutes)}; {schedule.rates_for.upper()} rates, "
                                   f"{kind}. Verify against the current label."))
            else:
                console.print(Text(f"  Total: {duration(schedule.total_minutes)}. {schedule.source}"))
