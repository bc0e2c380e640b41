"""The one place a Rich console is made, so every human-readable command prints the same way."""

from __future__ import annotations

import errno
import os

from rich.console import Console

WIDE_TABLE_COLUMNS = 160  # the catalogue table is wide: piped output is not squeezed to 80 columns
NARROWEST_COLUMNS = 20  # below this (COLUMNS=0, a typo) a width is not believed: the default is used
DEFAULT_COLUMNS = 80


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1 (a failure) itself; the CLI's error boundary exits quietly with 141 instead.
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def make_console(wide: bool = False) -> Console:
    # soft_wrap: long lines are left to the terminal, so a pipe or grep sees one line per item
    console = _Console(highlight=False, soft_wrap=True, width=_believable_width())
    if wide and not console.is_terminal:
        console.width = WIDE_TABLE_COLUMNS
    return console


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
