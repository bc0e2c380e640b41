"""The command line: parses, calls the Python API, renders. No clinical logic lives here.

Importing this package builds the app and registers every command on it, in the order `--help` lists
them; the console script's entry point is `main`."""

from __future__ import annotations

from ivigcalc.cli import batch as _batch  # noqa: F401  (batch, schema)
from ivigcalc.cli import calculate as _calculate  # noqa: F401  (itp, aps, grade, references: listed first)
from ivigcalc.cli import pharmacy as _pharmacy  # noqa: F401  (products, check)
from ivigcalc.cli.app import app, main

__all__ = ["app", "main"]
