"""The one place a Rich console is made, so every human-readable command prints the same way."""

from __future__ import annotations

import errno
import os
import re
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

WIDE_TABLE_COLUMNS = 160  # the catalogue table is wide: piped output (no COLUMNS) is not squeezed to 80 columns
NARROWEST_COLUMNS = 20  # below this (COLUMNS=0, a typo) a width is not believed: the default is used
DEFAULT_COLUMNS = 80


# A space that never becomes a line break: between a number and its unit ("82.28 g", "8 ×10⁹/L"), so a dose
# is never read without its unit or with the wrong one; and inside a short list of reference numbers.
_UNITS = (r"(?:g/kg/day|g/kg|mg/kg/min|mg/kg/day|mg/kg|mg|mcg/mL|kg/m²|kg|g|mL/h|mL/kg|mL|×10⁹/L|x10\^9/L|"
          r"cm|in|lb|min|h|%)")
_GLUE = re.compile(rf"(?<=\d) (?={_UNITS}(?![\w/]))|(?<=\d,) (?=\d+[\],])")
_BREAK = re.compile(r" +")


class PeopleConsole(Console):
    """Rich's console, but text wraps at word boundaries that never part a number from its unit."""

    def on_broken_pipe(self) -> None:
        # Rich would exit 1 (a failure) itself; the CLI's error boundary exits quietly with 141 instead.
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    def print(self, *objects: Any, **options: Any) -> None:
        from rich.text import Text

        if self.soft_wrap or len(objects) != 1 or not isinstance(objects[0], Text) or options:
            super().print(*objects, **options)
            return
        for line in wrap_text(objects[0], self.width):
            super().print(line, soft_wrap=True)


def wrap_text(text: Text, width: int) -> list[Text]:
    """`text` cut into lines of at most `width` cells at its spaces, except the glued ones; a word longer
    than a line is folded. An indented paragraph (a list item) continues two spaces further in."""
    from rich.cells import cell_len
    from rich.text import Text

    plain = text.plain
    glued = {match.start() for match in _GLUE.finditer(plain)}
    lines: list[Text] = []
    for paragraph_start, paragraph in _paragraphs(plain):
        lead = len(paragraph) - len(paragraph.lstrip(" "))
        hang = " " * (lead + 2) if lead and lead + 2 < width // 2 else ""
        words: list[tuple[int, int]] = []  # (start, end) in `plain`
        start = paragraph_start
        for match in _BREAK.finditer(paragraph):
            at = paragraph_start + match.start()
            if at in glued or match.start() == 0:
                continue
            words.append((start, at))
            start = paragraph_start + match.end()
        words.append((start, paragraph_start + len(paragraph)))
        line_start: int | None = None
        line_end = 0
        room = width
        for first, word_end in words:
            word_start = first
            if line_start is not None and cell_len(plain[line_start:word_end]) <= room:
                line_end = word_end
                continue
            if line_start is not None:
                lines.append(Text(hang) + text[line_start:line_end] if room < width else text[line_start:line_end])
                room = width - len(hang)
            while cell_len(plain[word_start:word_end]) > room:  # fold what cannot fit on any line
                cut = word_start + _fit(plain[word_start:word_end], room)
                lines.append(Text(hang) + text[word_start:cut] if room < width else text[word_start:cut])
                room = width - len(hang)
                word_start = cut
            line_start, line_end = word_start, word_end
        last = text[line_start if line_start is not None else paragraph_start:line_end]
        lines.append(Text(hang) + last if room < width else last)
    return lines


def _paragraphs(plain: str) -> list[tuple[int, str]]:
    out, position = [], 0
    for part in plain.split("\n"):
        out.append((position, part))
        position += len(part) + 1
    return out


def _fit(word: str, width: int) -> int:
    from rich.cells import cell_len

    cut = len(word)
    while cut > 1 and cell_len(word[:cut]) > width:
        cut -= 1
    return cut


def make_console(wide: bool = False) -> Console:
    """For a person (a terminal, or a width given in COLUMNS) Rich wraps at word boundaries to the width,
    so no word or number is split across lines; a pipe without COLUMNS keeps one line per item (soft
    wrap), so grep and scripts see whole lines."""
    console = PeopleConsole(highlight=False, soft_wrap=True, width=_believable_width())
    if console.is_terminal or _columns_given():
        console.soft_wrap = False
    if wide and not console.is_terminal and not _columns_given():
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
    title, table.title = table.title, None  # the title on its own line, at the left, as when stacked
    if title:
        console.print(Text(str(title)))
    measured = Measurement.get(console, console.options.update(max_width=1 << 16), table)  # unclamped
    if (measured.maximum if numbers else measured.minimum) <= console.width:
        console.print(table)
        return
    headers = [str(column.header) for column in table.columns]
    columns = [[_plain(cell) for cell in column.cells] for column in table.columns]
    for row in zip(*columns, strict=True):
        filled = [(header, cell) for header, cell in zip(headers, row, strict=True) if cell]
        for index, (header, cell) in enumerate(filled):
            console.print(Text(("- " if index == 0 else "  ") + f"{header}: {cell}"))


def _plain(cell: object) -> str:
    from rich.text import Text

    return cell.plain if isinstance(cell, Text) else str(cell)
