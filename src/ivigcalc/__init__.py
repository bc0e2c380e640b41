"""ivigcalc: IVIG dosing for immune thrombocytopenia (ITP) and antiphospholipid syndrome (APS).

Public API: `itp()`, `aps()`, `grade()` return frozen records (`Result`, `GradeResult`) that render
as JSON with `.to_json()` (alias `.model_dump_json()`) and as a dict with `.to_dict()`. Invalid input
raises `InputError` naming the field. `compute_arrow(table)` computes an Arrow table of batch rows
(the `arrow` extra).
Imports are lazy so `ivigcalc --version` does not pay for the clinical tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ivigcalc._version import __version__

if TYPE_CHECKING:
    from ivigcalc.api import aps, aps_from_mapping, grade, itp, itp_from_mapping
    from ivigcalc.errors import InputError, IvigcalcError
    from ivigcalc.formats.batch_arrow import compute_arrow
    from ivigcalc.model.result import GradeResult, Result

_LAZY = {
    "itp": "ivigcalc.api", "aps": "ivigcalc.api", "grade": "ivigcalc.api",
    "itp_from_mapping": "ivigcalc.api", "aps_from_mapping": "ivigcalc.api",
    "InputError": "ivigcalc.errors", "IvigcalcError": "ivigcalc.errors",
    "Result": "ivigcalc.model.result", "GradeResult": "ivigcalc.model.result",
    "compute_arrow": "ivigcalc.formats.batch_arrow",  # the `arrow` extra
}

__all__ = [
    "GradeResult", "InputError", "IvigcalcError", "Result", "__version__", "aps", "aps_from_mapping",
    "compute_arrow", "grade", "itp", "itp_from_mapping",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ivigcalc' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
