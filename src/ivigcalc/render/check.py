"""Rich output of `ivigcalc check`: the verdict, its findings and the expected result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivigcalc.render.console import make_console
from ivigcalc.render.explain import print_explanation

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ivigcalc.pharmacy.check import CheckResult


def _sources(reference_ids: tuple[str, ...]) -> str:
    """' (Pharmacy Purchasing & Products 2010)': a finding's sources by their short labels."""
    from ivigcalc.knowledge.references import REFERENCES

    labels = [REFERENCES[i].label for i in reference_ids if i in REFERENCES]
    return f" ({'; '.join(labels)})" if labels else ""


def verdict_line(outcome: CheckResult) -> Text:
    """`Order check: FLAG (2 findings: dose-deviation, rate-above-label) for 100 g on 2 days`."""
    from rich.text import Text

    style = "bold green" if outcome.verdict == "PASS" else "bold red"
    count = len(outcome.findings)
    found = "" if not count else f"{count} finding{'s' if count != 1 else ''}: " + ", ".join(
        dict.fromkeys(finding.code for finding in outcome.findings)) + "; "
    return Text("Order check: ") + Text(outcome.verdict, style=style) + Text(f" ({found}{outcome.order_text})")


def print_check(outcome: CheckResult, *, explain: bool, full: bool = False, console: Console | None = None) -> None:
    """The verdict and its findings first, the calculation below them, the verdict again as the last line."""
    from rich.text import Text

    from ivigcalc.render import result as render

    console = console or make_console()
    console.print(verdict_line(outcome))
    for finding in outcome.findings:
        console.print(Text("  ") + Text("FLAG", style="red")
                      + Text(f" [{finding.code}] {finding.message}{_sources(finding.references)}"))
    for note in outcome.notes:
        console.print(Text("  ") + Text("INFO", style="cyan")
                      + Text(f" [{note.code}] {note.message}{_sources(note.references)}"))
    if explain:
        from ivigcalc.api.explain import explain_check

        print_explanation(explain_check(outcome), console)
    console.print()
    console.print(Text("Expected (calculated) result:"))
    render.print_result(outcome.expected, console, full=full)
    console.print()
    console.print(verdict_line(outcome))
