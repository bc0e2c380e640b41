"""Rich output of the dosing-weight policies (`ivigcalc policies [NAME]`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ivigcalc.formatting import number
from ivigcalc.knowledge.policies import DosingWeightPolicy
from ivigcalc.knowledge.references import REFERENCES
from ivigcalc.render.console import make_console, print_table


def print_policies(policies: Sequence[DosingWeightPolicy], default: str, default_source: str,
                   console: Console | None = None) -> None:
    console = console or make_console(wide=True)
    table = Table(show_edge=True, header_style="", title="Dosing-weight policies")
    for column in ("Policy", "Rule", "Effective", "Verified", "Sources"):
        table.add_column(column, no_wrap=column == "Policy")
    for policy in policies:
        name = policy.id.value + (" (default)" if policy.id.value == default else "")
        table.add_row(name, f"{policy.label}. {policy.rule}", policy.effective_date or "not dated",
                      policy.verification, ", ".join(policy.reference_ids))
    print_table(console, table, numbers=False)
    console.print(Text(f"Default here: {default} ({default_source}). Set it with --policy, IVIGCALC_POLICY or "
                       "`policy = \"...\"` in ivigcalc.toml. Field by field: ivigcalc policies NAME.", style="dim"))


def print_policy(policy: DosingWeightPolicy, console: Console | None = None) -> None:
    console = console or make_console()
    console.print(Text(f"{policy.id.value}: {policy.label}"))
    console.print(Text(policy.rule))
    console.print(Text(f"Effective: {policy.effective_date or 'not dated'}. Verification: {policy.verification}. "
                       f"Adjustment factor: {number(policy.adjustment_factor)}."))
    table = Table(show_edge=True, header_style="")
    for column in ("Field", "Status", "What the source says"):
        table.add_column(column)
    for check in policy.checks:
        table.add_row(check.field, check.status.upper() if check.status == "not verified" else check.status,
                      check.note)
    print_table(console, table, numbers=False)
    for note in policy.notes:
        console.print(Text(f"Note: {note}"))
    console.print(Text("Sources:"))
    for reference in policy.reference_ids:
        console.print(Text(f"  {REFERENCES[reference].citation} ({reference})"))
