"""Rich output of `--explain`: the arithmetic, step by step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def print_explanation(lines: Sequence[str], console: Console) -> None:
    from rich.text import Text

    console.print()
    console.print(Text("How it was calculated (--explain):"))
    for line in lines:
        console.print(Text(f"  {line}"))
