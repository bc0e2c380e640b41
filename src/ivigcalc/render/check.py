"""Rich output of `ivigcalc check`: the verdict, its findings and the expected result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ivigcalc.render.console import make_console
from ivigcalc.render.explain import print_explanation

if TYPE_CHECKING:
    from ivigcalc.pharmacy.check import CheckResult


def _sources(reference_ids: tuple[str, ...]) -> str:
    """' (Pharmacy Purchasing & Products 2010)': a finding's sources by their short labels."""
    from ivigcalc.knowledge.references import REFERENCES

    labels = [REFERENCES[i].label for i in reference_ids if i in REFERENCES]
    return f" ({'; '.join(labels)})" if labels else ""


def print_check(outcome: CheckResult, *, explain: bool, console: Console | None = None) -> None:
    from ivigcalc.render import result as render

    console = console or make_console()
    style = "bold green" if outcome.verdict == "PASS" else "bold red"
    console.print(Text("Order check: ", style="bold") + Text(outcome.verdict, style=style)
                  + Text(f" ({outcome.order_text})"))
    for finding in outcome.findings:
        console.print(Text("  FLAG ", style="bold red")
                      + Text(f"[{finding.code}] {finding.message}{_sources(finding.references)}"))
    for note in outcome.notes:
        console.print(Text("  INFO ", style="cyan") + Text(f"[{note.code}] {note.message}{_sources(note.references)}"))
    if explain:
        from ivigcalc.api.explain import explain_check

        print_explanation(explain_check(outcome), console)
    console.print()
    console.print(Text("Expected (calculated) result:", style="bold"))
    render.print_result(outcome.expected, console)
