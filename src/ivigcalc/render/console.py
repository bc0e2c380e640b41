"""The one place a Rich console is made, so every human-readable command prints the same way."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from rich.table import Table

WIDE_TABLE_COLUMNS = 160  # the catalogue table is wide: piped output is not squeezed to 80 columns
NARROWEST_COLUMNS = 20  # below this (COLUMNS=0, a typo) a width is not believed: the default is used
DEFAULT_COLUMNS = 80


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1 (a failure) itself; the CLI's error boundary exits quietly with 141 instead.
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def make_console(wide: bool = False) -> Console:
    """For a person (a terminal, or a width given in COLUMNS) Rich wraps at word boundaries to the width,
    so no word or number is split across lines; a pipe without COLUMNS keeps one line per item (soft
    wrap), so grep and scripts see whole lines."""
    console = _Console(highlight=False, soft_wrap=True, width=_believable_width())
    if console.is_terminal or _columns_given():
        console.soft_wrap = False
    if wide and not console.is_terminal:
        console.width = WIDE_TABLE_COLUMNS
    return console


def _columns_given() -> bool:
    columns = os.environ.get("COLUMNS", "")
    return columns.isdigit() and int(columns) >= NARROWEST_COLUMNS


def _believable_width() -> int | None:
    """None lets Rich decide (COLUMNS, the terminal, 80); an unusable COLUMNS falls back to the
    terminal's width or 80, never to an empty table."""
    columns = os.environ.get("COLUMNS")
    if columns is None:
        return None
    try:
        width = int(columns)
    except ValueError:
        width = 0
    if width >= NARROWEST_COLUMNS:
        return None
    measured = _terminal_columns()
    return measured if measured >= NARROWEST_COLUMNS else DEFAULT_COLUMNS


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size(1).columns
    except (OSError, ValueError):
        return DEFAULT_COLUMNS


def print_table(console: Console, table: Table, *, numbers: bool = True) -> None:
    """A table that fits, or the same cells stacked one per line: never a number cut with an ellipsis
    ("8… g") and never an empty table at a narrow width.

    `numbers` tables (doses, rates) are shown only at their natural width, since wrapping would split a
    number across lines; text tables may wrap, with long words folded rather than cut.
    """
    from rich.measure import Measurement
    from rich.text import Text

    for column in table.columns:
        column.overflow = "fold"
    measured = Measurement.get(console, console.options.update(max_width=1 << 16), table)  # unclamped
    if (measured.maximum if numbers else measured.minimum) <= console.width:
        console.print(table)
        return
    if table.title:
        console.print(Text(str(table.title), style="bold"))
    headers = [str(column.header) for column in table.columns]
    columns = [[_plain(cell) for cell in column.cells] for column in table.columns]
    for row in zip(*columns, strict=True):
        filled = [(header, cell) for header, cell in zip(headers, row, strict=True) if cell]
        for index, (header, cell) in enumerate(filled):
            console.print(Text(("- " if index == 0 else "  ") + f"{header}: {cell}"))


def _plain(cell: object) -> str:
    from rich.text import Text

    return cell.plain if isinstance(cell, Text) else str(cell)
