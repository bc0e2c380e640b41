"""The Python API: the same inputs as the CLI, the same Result. The CLI and batch mode call these.

    >>> import ivigcalc
    >>> result = ivigcalc.itp(weight=70, platelets=18, bleeding="active")
    >>> result.status.value, result.regimen.total_dose_g
    ('indicated', 70.0)

Arguments take numbers or strings (as a CSV cell would give them) and are validated exactly as on
the command line; an invalid one raises `ivigcalc.InputError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping

from ivigcalc.api.calculate import calculate_aps, calculate_grade, calculate_itp
from ivigcalc.core.parse import parse_aps, parse_itp, parse_lln
from ivigcalc.core.scalars import parse_choice
from ivigcalc.core.units import platelets_10e9_per_l
from ivigcalc.errors import InputError
from ivigcalc.model.result import GradeResult, Result
from ivigcalc.model.vocabulary import PlateletUnit

Number = float | int | str

# itp() and aps() spell out their shared keywords on purpose: the explicit, typed signature is the
# public contract (IDEs, mypy, help()). tests/test_review_fixes.py checks that each signature is
# exactly the parser's field set, so the two copies cannot drift apart.


def itp(
    *,
    weight: Number,
    platelets: Number,
    weight_unit: str = "kg",
    height: Number | None = None,
    height_unit: str = "cm",
    sex: str | None = None,
    age: Number | None = None,
    pregnant: bool = False,
    pre_pregnancy_weight: Number | None = None,
    dosing_weight: str = "auto",
    adjustment_factor: Number | None = None,
    platelet_unit: str = "10^9/L",
    lln: Number | None = None,
    bleeding: str = "none",
    bleeding_risk: bool = False,
    rapid_rise: bool = False,
    procedure: bool = False,
    steroids_contraindicated: bool = False,
    population: str | None = None,
    cause: str = "primary",
    dic: bool = False,
    regimen: str = "single-dose",
    product: str | None = None,
    round: str | None = None,  # named like the --round option and the batch column
    egfr: Number | None = None,
    creatinine_clearance: Number | None = None,
    diabetes: bool = False,
    volume_depletion: bool = False,
    sepsis: bool = False,
    paraproteinemia: bool = False,
    nephrotoxic_drugs: bool = False,
    thrombosis_history: bool = False,
    estrogen: bool = False,
    immobilized: bool = False,
    central_line: bool = False,
    hyperviscosity: bool = False,
    cardiovascular_risk: bool = False,
    blood_group: str | None = None,
    allow_sucrose: bool = False,
) -> Result:
    """IVIG in immune thrombocytopenia: decision, regimen, co-therapy, warnings, references.

    The keyword arguments are the options of `ivigcalc itp` with underscores (`ivigcalc itp --help`
    describes each); `.model_dump_json()` of the result is what `ivigcalc itp --json` prints.
    Raises `InputError` (with `.field`, `.value`, `.message`) for an input that cannot be accepted.
    """
    return itp_from_mapping(dict(locals()))


def aps(
    *,
    weight: Number,
    scenario: str,
    weight_unit: str = "kg",
    height: Number | None = None,
    height_unit: str = "cm",
    sex: str | None = None,
    age: Number | None = None,
    pregnant: bool = False,
    pre_pregnancy_weight: Number | None = None,
    dosing_weight: str = "auto",
    adjustment_factor: Number | None = None,
    failed_standard_therapy: bool = False,
    anticoagulation_contraindicated: bool = False,
    anticoagulated: bool = False,
    inr: Number | None = None,
    protocol: str | None = None,
    product: str | None = None,
    round: str | None = None,  # named like the --round option and the batch column
    egfr: Number | None = None,
    creatinine_clearance: Number | None = None,
    diabetes: bool = False,
    volume_depletion: bool = False,
    sepsis: bool = False,
    paraproteinemia: bool = False,
    nephrotoxic_drugs: bool = False,
    thrombosis_history: bool = False,
    estrogen: bool = False,
    immobilized: bool = False,
    central_line: bool = False,
    hyperviscosity: bool = False,
    cardiovascular_risk: bool = False,
    blood_group: str | None = None,
    allow_sucrose: bool = False,
) -> Result:
    """IVIG in antiphospholipid syndrome: decision, regimen, co-therapy, warnings, references.

    The keyword arguments are the options of `ivigcalc aps` with underscores, as for `itp`.
    Raises `InputError` for an input that cannot be accepted.
    """
    return aps_from_mapping(dict(locals()))


def grade(platelets: Number, platelet_unit: str = "10^9/L", lln: Number | None = None) -> GradeResult:
    """CTCAE v5.0 grade of a platelet count, with the ASH thresholds beside it."""
    unit = parse_choice("platelet_unit", platelet_unit, PlateletUnit)
    count = platelets_10e9_per_l("platelets", platelets, unit)
    return calculate_grade(count, parse_lln(lln))


def itp_from_mapping(values: Mapping[str, object]) -> Result:
    """`itp` from a mapping of field names (CLI option names with underscores) to raw values."""
    return calculate_itp(parse_itp(values))


def aps_from_mapping(values: Mapping[str, object]) -> Result:
    """`aps` from a mapping of field names to raw values (what a batch row holds)."""
    return calculate_aps(parse_aps(values))


__all__ = ["InputError", "aps", "aps_from_mapping", "grade", "itp", "itp_from_mapping"]
