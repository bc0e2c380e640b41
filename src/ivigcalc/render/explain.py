"""Rich output of `--explain`: the arithmetic, step by step."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text


def print_explanation(lines: Sequence[str], console: Console) -> None:
    console.print()
    console.print(Text("How it was calculated (--explain):", style="bold"))
    for line in lines:
        console.print(Text(f"  {line}"))
