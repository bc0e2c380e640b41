"""The command line: parses, calls the Python API, renders. No clinical logic lives here.

Importing this package builds the app and registers every command on it; the console script's entry
point is `main`."""

from __future__ import annotations

from importlib import import_module

from ivigcalc.cli.app import app, main

# Each module registers its commands on `app` when imported; `--help` lists them in this order.
for _module in ("calculate", "batch", "pharmacy", "serve"):
    import_module(f"ivigcalc.cli.{_module}")

__all__ = ["app", "main"]
