"""The Python API: the same inputs as the CLI, the same Result. The CLI and batch mode call these.

    >>> import ivigcalc
    >>> result = ivigcalc.itp(weight=70, platelets=18, bleeding="active")
    >>> result.status.value, result.regimen.total_dose_g
    ('indicated', 70.0)

Arguments take numbers or strings (as a CSV cell would give them) and are validated exactly as on
the command line; an invalid one raises `ivigcalc.InputError` naming the field.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from ivigcalc.api.calculate import calculate_aps, calculate_grade, calculate_itp
from ivigcalc.api.settings import Settings
from ivigcalc.core.fields import fields_of
from ivigcalc.core.parse import parse_aps, parse_itp, parse_lln
from ivigcalc.core.scalars import parse_choice
from ivigcalc.core.units import platelets_10e9_per_l
from ivigcalc.errors import InputError
from ivigcalc.model.result import GradeResult, Result
from ivigcalc.model.vocabulary import PlateletUnit

Number = float | int | str


def itp(**values: object) -> Result:
    """IVIG in immune thrombocytopenia: decision, regimen, co-therapy, warnings, references.

    The keyword arguments are the options of `ivigcalc itp` with underscores (`ivigcalc itp --help`
    describes each); `.model_dump_json()` of the result is what `ivigcalc itp --json` prints.
    Raises `InputError` (with `.field`, `.value`, `.message`) for an input that cannot be accepted.
    """
    return itp_from_mapping(values)


def aps(**values: object) -> Result:
    """IVIG in antiphospholipid syndrome: decision, regimen, co-therapy, warnings, references.

    The keyword arguments are the options of `ivigcalc aps` with underscores, as for `itp`.
    Raises `InputError` for an input that cannot be accepted.
    """
    return aps_from_mapping(values)


def _signature(command: str) -> inspect.Signature:
    """The keyword-only signature `help()`, IDEs and `inspect` show, derived from the field table."""
    types = {"number": Number, "choice": str, "flag": bool, "text": str}
    parameters = []
    for field in fields_of(command):
        annotation: object = types[field.kind]
        if field.required:
            default: object = inspect.Parameter.empty
        elif field.kind == "flag":
            default = False
        else:
            default = field.default
            if default is None:
                annotation = annotation | None  # type: ignore[operator]
        parameters.append(inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                            annotation=annotation))
    return inspect.Signature(parameters, return_annotation=Result)


itp.__signature__ = _signature("itp")  # type: ignore[attr-defined]
aps.__signature__ = _signature("aps")  # type: ignore[attr-defined]


def grade(platelets: Number, platelet_unit: str = "10^9/L", lln: Number | None = None) -> GradeResult:
    """CTCAE v5.0 grade of a platelet count, with the ASH thresholds beside it."""
    unit = parse_choice("platelet_unit", platelet_unit, PlateletUnit)
    count = platelets_10e9_per_l("platelets", platelets, unit)
    return calculate_grade(count, parse_lln(lln))


def itp_from_mapping(values: Mapping[str, object], settings: Settings | None = None) -> Result:
    """`itp` from a mapping of field names (CLI option names with underscores) to raw values. Without a
    `policy`, the default from `settings` (IVIGCALC_POLICY, the config file, else ivigcalc); prices from
    `settings` too (api/settings.py). A batch run passes one Settings for every row."""
    settings = Settings() if settings is None else settings
    patient = parse_itp(settings.values_with_policy(values))
    return calculate_itp(patient, settings.prices() if patient.product is not None else None)


def aps_from_mapping(values: Mapping[str, object], settings: Settings | None = None) -> Result:
    """`aps` from a mapping of field names to raw values (what a batch row holds); defaults as for `itp`."""
    settings = Settings() if settings is None else settings
    patient = parse_aps(settings.values_with_policy(values))
    return calculate_aps(patient, settings.prices() if patient.product is not None else None)


__all__ = ["InputError", "Settings", "aps", "aps_from_mapping", "grade", "itp", "itp_from_mapping"]
