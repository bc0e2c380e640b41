"""Raw values (CLI strings, batch cells, Python arguments) → validated input models.

One parser for every front end, so the CLI, batch mode and the Python API accept and refuse exactly
the same things with the same messages. Units are normalised here (kg, cm, years, ×10⁹/L) and every
hard limit of CLINICAL.md §7 is enforced after unit conversion, whatever unit the value came in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final, TypeVar, cast

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.grading import DEFAULT_LLN_10E9_PER_L
from ivigcalc.knowledge.aps_rules import PROTOCOLS_BY_SCENARIO
from ivigcalc.knowledge.body_weight import DEFAULT_ADJUSTMENT_FACTOR
from ivigcalc.knowledge.limits import (  # hard limits, CLINICAL.md §7
    AGE_YEARS_LIMITS,
    HEIGHT_CM_LIMITS,
    INR_LIMITS,
    PLATELETS_10E9_PER_L_LIMITS,
    WEIGHT_KG_LIMITS,
)
from ivigcalc.models import (
    ApsInput,
    ApsProtocol,
    ApsScenario,
    Bleeding,
    BloodGroup,
    DosingWeightMode,
    HeightUnit,
    ItpCause,
    ItpInput,
    ItpRegimenChoice,
    PlateletUnit,
    Population,
    RoundingMode,
    Sex,
    WeightUnit,
)

LB_TO_KG: Final = 0.45359237  # exact by definition
CM_PER_INCH: Final = 2.54  # exact by definition
PLATELETS_PER_UL_PER_10E9_PER_L: Final = 1000.0  # 1 ×10⁹/L = 1,000/µL

# Not in CLINICAL.md: the LLN must leave CTCAE grade 1 (75 to < LLN) meaningful; 500 is beyond any lab's.
LLN_10E9_PER_L_LIMITS: Final = (75.0, 500.0)
ADJUSTMENT_FACTOR_LIMITS: Final = (0.0, 1.0)
# Not in CLINICAL.md: plausibility bounds for eGFR / creatinine clearance (mL/min); normal is about 90-120.
RENAL_FUNCTION_ML_PER_MIN_LIMITS: Final = (0.0, 250.0)

ADULT_AGE_YEARS: Final = 18.0
NEONATE_MAX_AGE_YEARS: Final = 28 / 365.25  # a neonate is in the first 28 days of life

_ALIASES: Final[dict[type[StrEnum], dict[str, str]]] = {
    WeightUnit: {"lbs": "lb", "kgs": "kg"},
    HeightUnit: {"inch": "in", "inches": "in"},
    PlateletUnit: {
        "/ul": "/uL", "ul": "/uL", "/mcl": "/uL", "mcl": "/uL", "/mm3": "/uL", "mm3": "/uL",
        "/µl": "/uL", "/μl": "/uL", "10^9/l": "10^9/L", "x10^9/l": "10^9/L", "×10⁹/l": "10^9/L",
        "g/l": "10^9/L", "10e9/l": "10^9/L",
    },
}

# Pharmacy inputs (issue 3): product, rounding (`round`, the --round option) and the risk screen.
PHARMACY_FIELDS: Final = frozenset({
    "product", "round", "egfr", "creatinine_clearance", "diabetes", "volume_depletion", "sepsis",
    "paraproteinemia", "nephrotoxic_drugs", "thrombosis_history", "estrogen", "immobilized", "central_line",
    "hyperviscosity", "cardiovascular_risk", "blood_group", "allow_sucrose",
})
_RISK_FLAGS: Final = (
    "diabetes", "volume_depletion", "sepsis", "paraproteinemia", "nephrotoxic_drugs", "thrombosis_history",
    "estrogen", "immobilized", "central_line", "hyperviscosity", "cardiovascular_risk", "allow_sucrose",
)
COMMON_FIELDS: Final = frozenset({
    "weight", "weight_unit", "height", "height_unit", "sex", "age", "pregnant", "pre_pregnancy_weight",
    "dosing_weight", "adjustment_factor",
}) | PHARMACY_FIELDS
ITP_ONLY_FIELDS: Final = frozenset({
    "platelets", "platelet_unit", "lln", "bleeding", "bleeding_risk", "rapid_rise", "procedure",
    "steroids_contraindicated", "population", "cause", "dic", "regimen",
})
APS_ONLY_FIELDS: Final = frozenset({
    "scenario", "failed_standard_therapy", "anticoagulation_contraindicated", "anticoagulated", "inr",
    "protocol",
})
ITP_FIELDS: Final = COMMON_FIELDS | ITP_ONLY_FIELDS
APS_FIELDS: Final = COMMON_FIELDS | APS_ONLY_FIELDS

E = TypeVar("E", bound=StrEnum)


# ------------------------------------------------------------------------------------------ scalars


_PLAIN_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NON_FINITE_WORDS: Final = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity",
                                      "-infinity"})


def parse_number(field: str, raw: object) -> float:
    """A finite number from an int, a float or a string; bool, empty, NaN and infinity are refused."""
    if isinstance(raw, bool) or raw is None:
        raise InputError(field, raw, "is not a number")
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # an int beyond the float range
            raise InputError(field, None, "is too large to be a finite number") from None
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise InputError(field, raw, "is empty; give a number")
        if "," in text:
            raise InputError(field, raw, "has a comma; give a plain number such as 1200 or 70.5")
        if text.lower() in _NON_FINITE_WORDS:
            raise InputError(field, raw, "is not a finite number")
        # Plain ASCII decimals only: float() would also take "7_0" (a typo for 70) and non-ASCII digits.
        if _PLAIN_DECIMAL.fullmatch(text) is None:
            raise InputError(field, raw, "is not a number; give a plain decimal such as 70 or 70.5")
        value = float(text)
    else:
        raise InputError(field, raw, "is not a number")
    if math.isnan(value) or math.isinf(value):
        raise InputError(field, raw, "is not a finite number")
    return value + 0.0  # -0.0 becomes 0.0: the echo must not show "-0"


_CHOSEN: dict[tuple[type[StrEnum], str], StrEnum] = {}  # (enum, text as given) -> member: batch repeats a few


def parse_choice(field: str, raw: object, enum: type[E]) -> E:
    if isinstance(raw, enum):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(field, raw, f"is not one of {_choices(enum)}")
    chosen = _CHOSEN.get((enum, raw))
    if chosen is not None:
        return cast(E, chosen)
    text = raw.strip()
    key = text.lower()
    key = _ALIASES.get(enum, {}).get(key, key)
    for member in enum:
        if member.value.lower() == key.lower():
            if len(_CHOSEN) < 4096:
                _CHOSEN[(enum, raw)] = member
            return member
    raise InputError(field, raw, f"is not one of {_choices(enum)}")


def parse_flag(field: str, raw: object) -> bool:
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        key = raw.strip().lower()
        if key in ("", "false", "no", "0", "n", "f"):
            return False
        if key in ("true", "yes", "1", "y", "t"):
            return True
    raise InputError(field, raw, "is not a yes/no value (true, false, yes, no, 1, 0)")


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def _within(field: str, raw: object, value: float, limits: tuple[float, float], unit: str,
            converted_from: str | None = None) -> float:
    low, high = limits
    if not low <= value <= high:
        shown = f"{number(value)} {unit}".strip()
        origin = f" ({converted_from})" if converted_from else ""
        raise InputError(
            field, raw,
            f"{shown}{origin} is outside the accepted {_accepted(limits, unit)}".replace("  ", " "),
        )
    return value


def _accepted(limits: tuple[float, float], unit: str) -> str:
    return f"{number(limits[0])} to {number(limits[1])} {unit}".rstrip()


# ------------------------------------------------------------------------------------------ quantities


def weight_kg(field: str, raw: object, unit: WeightUnit) -> float:
    value = parse_number(field, raw)
    if value <= 0:
        raise InputError(field, raw, f"must be greater than 0 (accepted {_accepted(WEIGHT_KG_LIMITS, 'kg')})")
    kg = value * LB_TO_KG if unit is WeightUnit.LB else value
    converted = f"from {number(value)} lb" if unit is WeightUnit.LB else None
    return _within(field, raw, kg, WEIGHT_KG_LIMITS, "kg", converted)


def height_cm(field: str, raw: object, unit: HeightUnit) -> float:
    value = parse_number(field, raw)
    if value <= 0:
        raise InputError(field, raw, f"must be greater than 0 (accepted {_accepted(HEIGHT_CM_LIMITS, 'cm')})")
    # Rounded to 1e-9 cm so 60 in lands exactly on the 152.4 cm Devine boundary.
    cm = round(value * CM_PER_INCH, 9) if unit is HeightUnit.IN else value
    converted = f"from {number(value)} in" if unit is HeightUnit.IN else None
    return _within(field, raw, cm, HEIGHT_CM_LIMITS, "cm", converted)


def platelets_10e9_per_l(field: str, raw: object, unit: PlateletUnit) -> float:
    value = parse_number(field, raw)
    if value < 0:
        raise InputError(
            field, raw, f"cannot be negative (accepted {_accepted(PLATELETS_10E9_PER_L_LIMITS, '×10⁹/L')})")
    if unit is PlateletUnit.PER_MICROLITRE:
        if 0 < value < PLATELETS_PER_UL_PER_10E9_PER_L:
            raise InputError(
                field, raw,
                "is below 1,000 per µL and cannot be a platelet count per µL; it looks like ×10⁹/L "
                "(drop --platelet-unit or use 10^9/L)")
        value = value / PLATELETS_PER_UL_PER_10E9_PER_L
        return _within(field, raw, value, PLATELETS_10E9_PER_L_LIMITS, "×10⁹/L", "converted from /µL")
    return _within(field, raw, value, PLATELETS_10E9_PER_L_LIMITS, "×10⁹/L")


def _optional(values: Mapping[str, object], name: str) -> object:
    raw = values.get(name)
    if isinstance(raw, str) and not raw.strip():
        return None  # an empty batch cell means "not given"
    return raw


def parse_lln(raw: object) -> float:
    """The lower limit of normal for platelets, ×10⁹/L (default 150 when not given)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_LLN_10E9_PER_L
    return _within("lln", raw, parse_number("lln", raw), LLN_10E9_PER_L_LIMITS, "×10⁹/L")


def choice_or_default(values: Mapping[str, object], name: str, default: E) -> E:
    """The choice given for `name`, or `default` when it is not given (absent, None or an empty cell).
    Only "not given" means the default: a falsy but wrong value (0, false, []) is refused, never
    read as the default (a JSON `"weight_unit": 0` must not silently mean kg)."""
    raw = _optional(values, name)
    return default if raw is None else parse_choice(name, raw, type(default))


def _check_known_fields(values: Mapping[str, object], allowed: frozenset[str], command: str) -> None:
    unknown = sorted(set(values) - allowed, key=str)  # keys from a Python caller may not be strings
    if not unknown:
        return
    other = "aps" if command == "itp" else "itp"
    other_fields = APS_ONLY_FIELDS if command == "itp" else ITP_ONLY_FIELDS
    name = unknown[0]
    if name in other_fields:
        raise InputError(name, None, f"belongs to `ivigcalc {other}`, not `ivigcalc {command}`")
    shown = ", ".join(  # keep it one line
        name if isinstance(name, str) and name.isprintable() else repr(name) for name in unknown)
    raise InputError(None, None, f"unknown input(s) for {command}: {shown}")


# ------------------------------------------------------------------------------------------ patient


def _patient_fields(values: Mapping[str, object]) -> dict[str, Any]:
    weight_unit = choice_or_default(values, "weight_unit", WeightUnit.KG)
    height_unit = choice_or_default(values, "height_unit", HeightUnit.CM)
    raw_weight = _optional(values, "weight")
    if raw_weight is None:
        raise InputError("weight", None, "is required (body weight; kg unless --weight-unit lb)")
    fields: dict[str, Any] = {
        "weight_kg": weight_kg("weight", raw_weight, weight_unit),
        "weight_unit": weight_unit,
        "height_unit": height_unit,
    }
    raw_height = _optional(values, "height")
    fields["height_cm"] = None if raw_height is None else height_cm("height", raw_height, height_unit)
    raw_sex = _optional(values, "sex")
    sex = None if raw_sex is None else parse_choice("sex", raw_sex, Sex)
    fields["sex"] = sex
    raw_age = _optional(values, "age")
    if raw_age is None:
        fields["age_years"] = None
    else:
        age = parse_number("age", raw_age)
        if age < 0:
            raise InputError(
                "age", raw_age, f"cannot be negative (accepted {_accepted(AGE_YEARS_LIMITS, 'years')})")
        fields["age_years"] = _within("age", raw_age, age, AGE_YEARS_LIMITS, "years")
    pregnant = parse_flag("pregnant", values.get("pregnant"))
    fields["pregnant"] = pregnant
    if pregnant and sex is Sex.MALE:
        raise InputError("pregnant", None, "contradicts --sex male")
    raw_pre = _optional(values, "pre_pregnancy_weight")
    if raw_pre is None:
        fields["pre_pregnancy_weight_kg"] = None
    else:
        if not pregnant:
            raise InputError("pre_pregnancy_weight", raw_pre, "is only used with --pregnant")
        fields["pre_pregnancy_weight_kg"] = weight_kg("pre_pregnancy_weight", raw_pre, weight_unit)
    fields["dosing_weight"] = choice_or_default(values, "dosing_weight", DosingWeightMode.AUTO)
    raw_factor = _optional(values, "adjustment_factor")
    if raw_factor is None:
        fields["adjustment_factor"] = DEFAULT_ADJUSTMENT_FACTOR
    else:
        factor = parse_number("adjustment_factor", raw_factor)
        if not ADJUSTMENT_FACTOR_LIMITS[0] < factor <= ADJUSTMENT_FACTOR_LIMITS[1]:
            raise InputError(
                "adjustment_factor", raw_factor,
                f"must be above 0 and at most 1 (usual: {number(DEFAULT_ADJUSTMENT_FACTOR)})")
        fields["adjustment_factor"] = factor
    return fields


def parse_blood_group(field: str, raw: object) -> BloodGroup:
    """ABO group; an Rh suffix is accepted and dropped ("A+", "O neg", "ab positive")."""
    if isinstance(raw, BloodGroup):
        return raw
    text = raw.strip().upper() if isinstance(raw, str) else ""
    for suffix in ("POSITIVE", "NEGATIVE", "POS", "NEG", "RH+", "RH-", "RH", "+", "-", "−"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
            break
    for member in BloodGroup:
        if member.value == text:
            return member
    raise InputError(field, raw, "is not a blood group (A, B, AB or O; an Rh suffix may follow: A+, O neg)")


def _pharmacy_fields(values: Mapping[str, object], fields: dict[str, Any], population: Population) -> None:
    """Product (catalogue id), rounding (default vial with a product, else nearest; neonates never get
    vial rounding, CLINICAL.md §5) and the risk-screen inputs."""
    raw_product = _optional(values, "product")
    product_id: str | None = None
    if raw_product is not None:
        from ivigcalc import products  # the catalogue loads only when a product is named

        if not isinstance(raw_product, str):
            raise InputError("product", raw_product, "is not a product name (see `ivigcalc products`)")
        product_id = products.get(raw_product).id
    fields["product"] = product_id
    raw_round = _optional(values, "round")
    if raw_round is None:
        vial = product_id is not None and population is not Population.NEONATE
        rounding = RoundingMode.VIAL if vial else RoundingMode.NEAREST
    else:
        rounding = parse_choice("round", raw_round, RoundingMode)
        if rounding is RoundingMode.VIAL and product_id is None:
            raise InputError("round", raw_round, "needs --product (the vial sizes come from the product)")
        if rounding is RoundingMode.VIAL and population is Population.NEONATE:
            raise InputError(
                "round", raw_round, "neonates get no vial rounding (0.1 g steps): use nearest or none")
    fields["rounding"] = rounding
    for name in ("egfr", "creatinine_clearance"):
        raw = _optional(values, name)
        if raw is None:
            fields[f"{name}_ml_per_min"] = None
            continue
        value = parse_number(name, raw)
        if value < 0:
            accepted = _accepted(RENAL_FUNCTION_ML_PER_MIN_LIMITS, "mL/min")
            raise InputError(name, raw, f"cannot be negative (accepted {accepted})")
        fields[f"{name}_ml_per_min"] = _within(name, raw, value, RENAL_FUNCTION_ML_PER_MIN_LIMITS, "mL/min")
    for flag in _RISK_FLAGS:
        fields[flag] = parse_flag(flag, values.get(flag))
    raw_group = _optional(values, "blood_group")
    fields["blood_group"] = None if raw_group is None else parse_blood_group("blood_group", raw_group)


def rounding_population(population: Population, age_years: float | None) -> Population:
    """Whose rounding steps apply (CLINICAL.md §5). A patient in the first 28 days rounds as a neonate
    (0.1 g, never whole vials) even without --population neonate: `aps` has no population option, and a
    5 g vial for a 1.2 g neonatal dose would be a fourfold overdose."""
    if age_years is not None and age_years < NEONATE_MAX_AGE_YEARS:
        return Population.NEONATE
    return population


def is_minor(age_years: float | None, population: Population | None = None) -> bool:
    if population is not None and population is not Population.ADULT:
        return True
    return age_years is not None and age_years < ADULT_AGE_YEARS


# ------------------------------------------------------------------------------------------ commands


def parse_itp(values: Mapping[str, object]) -> ItpInput:
    _check_known_fields(values, ITP_FIELDS, "itp")
    fields = _patient_fields(values)
    platelet_unit = choice_or_default(values, "platelet_unit", PlateletUnit.PER_LITRE_10E9)
    raw_platelets = _optional(values, "platelets")
    if raw_platelets is None:
        raise InputError("platelets", None, "is required (platelet count, ×10⁹/L unless --platelet-unit /uL)")
    fields["platelets_10e9_per_l"] = platelets_10e9_per_l("platelets", raw_platelets, platelet_unit)
    fields["platelet_unit"] = platelet_unit
    fields["lln_10e9_per_l"] = parse_lln(_optional(values, "lln"))
    fields["bleeding"] = choice_or_default(values, "bleeding", Bleeding.NONE)
    for flag in ("bleeding_risk", "rapid_rise", "procedure", "steroids_contraindicated", "dic"):
        fields[flag] = parse_flag(flag, values.get(flag))
    cause = choice_or_default(values, "cause", ItpCause.PRIMARY)
    fields["cause"] = cause
    fields["regimen"] = choice_or_default(values, "regimen", ItpRegimenChoice.SINGLE_DOSE)

    age = fields["age_years"]
    assert age is None or isinstance(age, float)
    raw_population = _optional(values, "population")
    if raw_population is None:
        population = Population.CHILD if age is not None and age < ADULT_AGE_YEARS else Population.ADULT
        fields["population_stated"] = False
    else:
        population = parse_choice("population", raw_population, Population)
        fields["population_stated"] = True
        if age is not None:
            if population is Population.ADULT and age < ADULT_AGE_YEARS:
                raise InputError("population", raw_population, f"contradicts --age {number(age)} (under 18)")
            if population is Population.CHILD and age >= ADULT_AGE_YEARS:
                raise InputError("population", raw_population, f"contradicts --age {number(age)} (18 or over)")
            if population is Population.NEONATE and age >= NEONATE_MAX_AGE_YEARS:
                raise InputError(
                    "population", raw_population,
                    f"contradicts --age {number(age)}: a neonate is under 28 days old (give --age 0)")
    fields["population"] = population

    if population is Population.NEONATE:
        if fields["pregnant"]:
            raise InputError("pregnant", None, "contradicts --population neonate")
        if cause not in (ItpCause.MATERNAL_ITP, ItpCause.ALLOIMMUNE):
            raise InputError(
                "cause", cause.value,
                "a neonate needs the cause stated: --cause maternal-itp or --cause alloimmune")
    elif cause in (ItpCause.MATERNAL_ITP, ItpCause.ALLOIMMUNE):
        raise InputError(
            "cause", cause.value,
            f"is a neonatal cause; it needs --population neonate (patient: {population.value})")
    if fields["dic"] and cause is not ItpCause.SEPSIS:
        raise InputError("dic", None, "only applies with --cause sepsis")
    if fields["regimen"] is ItpRegimenChoice.FIVE_DAY and population is not Population.ADULT:
        raise InputError(
            "regimen", "five-day",
            f"the five-day schedule is an adult ITP option; a {population.value} has its own sourced schedule")
    _pharmacy_fields(values, fields, rounding_population(population, age))
    return ItpInput(**fields)  # every field validated above


def parse_aps(values: Mapping[str, object]) -> ApsInput:
    _check_known_fields(values, APS_FIELDS, "aps")
    fields = _patient_fields(values)
    raw_scenario = _optional(values, "scenario")
    if raw_scenario is None:
        raise InputError("scenario", None, f"is required: one of {_choices(ApsScenario)}")
    scenario = parse_choice("scenario", raw_scenario, ApsScenario)
    fields["scenario"] = scenario
    for flag in ("failed_standard_therapy", "anticoagulation_contraindicated", "anticoagulated"):
        fields[flag] = parse_flag(flag, values.get(flag))
    raw_inr = _optional(values, "inr")
    if raw_inr is None:
        fields["inr"] = None
    else:
        inr = parse_number("inr", raw_inr)
        if inr <= 0:
            raise InputError("inr", raw_inr, f"must be greater than 0 (accepted {_accepted(INR_LIMITS, '')})")
        fields["inr"] = _within("inr", raw_inr, inr, INR_LIMITS, "")

    if scenario is ApsScenario.OBSTETRIC and fields["sex"] is Sex.MALE:
        raise InputError("scenario", scenario.value, "obstetric APS contradicts --sex male")
    if scenario is not ApsScenario.OBSTETRIC:
        for flag in ("failed_standard_therapy", "anticoagulation_contraindicated"):
            if fields[flag]:
                raise InputError(flag, None, f"only applies to --scenario obstetric (scenario: {scenario.value})")
    if scenario is not ApsScenario.THROMBOSIS:
        if fields["anticoagulated"]:
            raise InputError(
                "anticoagulated", None, f"only applies to --scenario thrombosis (scenario: {scenario.value})")
        if fields["inr"] is not None:
            raise InputError("inr", raw_inr, f"only applies to --scenario thrombosis (scenario: {scenario.value})")

    allowed = PROTOCOLS_BY_SCENARIO[scenario]
    raw_protocol = _optional(values, "protocol")
    if raw_protocol is None:
        fields["protocol"] = allowed[0] if allowed else None
    else:
        protocol = parse_choice("protocol", raw_protocol, ApsProtocol)
        if protocol not in allowed:
            listed = ", ".join(p.value for p in allowed)
            what = f"one of {listed}" if allowed else "no protocol (leave --protocol out)"
            raise InputError("protocol", raw_protocol, f"--scenario {scenario.value} takes {what}")
        fields["protocol"] = protocol
    age = fields["age_years"]
    _pharmacy_fields(
        values, fields, rounding_population(Population.CHILD if is_minor(age) else Population.ADULT, age))
    return ApsInput(**fields)
