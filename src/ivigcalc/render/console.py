"""The one place a Rich console is made, so every human-readable command prints the same way."""

from __future__ import annotations

from rich.console import Console

WIDE_TABLE_COLUMNS = 160  # the catalogue table is wide: piped output is not squeezed to 80 columns


def make_console(wide: bool = False) -> Console:
    # soft_wrap: long lines are left to the terminal, so a pipe or grep sees one line per item
    console = Console(highlight=False, soft_wrap=True)
    if wide and not console.is_terminal:
        console.width = WIDE_TABLE_COLUMNS
    return console
