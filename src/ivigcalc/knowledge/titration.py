"""The generic infusion titration, used where a label gives no step interval or increments: the initial
rate for 30 minutes, then doubling every 30 minutes up to the label maximum (catalogue sources)."""

from __future__ import annotations

from typing import Final

GENERIC_STEP_MINUTES: Final = 30.0
GENERIC_FACTOR: Final = 2.0  # doubling

SOURCES: Final = {"GENERIC_STEP_MINUTES": ("product-catalogue",), "GENERIC_FACTOR": ("product-catalogue",)}
