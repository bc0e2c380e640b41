"""Raw values (CLI strings, batch cells, Python arguments) → validated input models.

One parser for every front end, so the CLI, batch mode and the Python API accept and refuse exactly
the same things with the same messages. Units are normalised here (kg, cm, years, ×10⁹/L) and every
hard limit (knowledge/limits.py) is enforced after unit conversion, whatever unit the value came in.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from ivigcalc.core.dosing_weight import body_mass_index
from ivigcalc.core.fields import (
    APS_FIELDS,
    APS_ONLY_FIELDS,
    ITP_FIELDS,
    ITP_ONLY_FIELDS,
    RISK_FLAGS,
)
from ivigcalc.core.population import age_population, is_neonatal_age
from ivigcalc.core.scalars import accepted, choices, parse_choice, parse_flag, parse_number, within
from ivigcalc.core.units import age_years, height_cm, platelets_10e9_per_l, weight_kg
from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.aps_rules import PROTOCOLS_BY_SCENARIO
from ivigcalc.knowledge.ctcae import DEFAULT_LLN_10E9_PER_L
from ivigcalc.knowledge.limits import (
    ADJUSTMENT_FACTOR_LIMITS,
    INR_LIMITS,
    LLN_10E9_PER_L_LIMITS,
    MAX_BMI_KG_PER_M2,
    NEONATE_WEIGHT_KG_LIMITS,
    PRE_PREGNANCY_MAX_FRACTION_OF_ACTUAL,
    RENAL_FUNCTION_ML_PER_MIN_LIMITS,
    UNUSUAL_ADULT_HEIGHT_CM,
)
from ivigcalc.knowledge.platelet_targets import DEFAULT_PROCEDURE_TYPE
from ivigcalc.knowledge.policies import DEFAULT_POLICY, POLICIES
from ivigcalc.knowledge.population import ADULT_AGE_YEARS, NEONATE_MAX_AGE_DAYS
from ivigcalc.knowledge.rounding import (
    DEFAULT_ROUNDING_WITH_PRODUCT,
    DEFAULT_ROUNDING_WITHOUT_PRODUCT,
    NO_VIAL_ROUNDING,
)
from ivigcalc.knowledge.units import CM_PER_INCH
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.vocabulary import (
    AgeUnit,
    ApsProtocol,
    ApsScenario,
    Bleeding,
    BloodGroup,
    DosingWeightMode,
    HeightUnit,
    ItpCause,
    ItpRegimenChoice,
    PlateletUnit,
    Population,
    ProcedureType,
    RoundingMode,
    Sex,
    WeightUnit,
)

E = TypeVar("E", bound=StrEnum)
REASON_MAX_CHARACTERS = 500  # a recorded justification, not a document


def _optional(values: Mapping[str, object], name: str) -> object:
    raw = values.get(name)
    if isinstance(raw, str) and not raw.strip():
        return None  # an empty batch cell means "not given"
    return raw


def parse_lln(raw: object) -> float:
    """The lower limit of normal for platelets, ×10⁹/L (default 150 when not given)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_LLN_10E9_PER_L
    return within("lln", raw, parse_number("lln", raw), LLN_10E9_PER_L_LIMITS, "×10⁹/L")


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
    age_unit = choice_or_default(values, "age_unit", AgeUnit.YEARS)
    fields["age_unit"] = age_unit
    raw_age = _optional(values, "age")
    if raw_age is None:
        fields["age_years"] = None
    else:
        fields["age_years"] = age_years("age", raw_age, age_unit)
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
        pre_kg = weight_kg("pre_pregnancy_weight", raw_pre, weight_unit)
        highest = fields["weight_kg"] * PRE_PREGNANCY_MAX_FRACTION_OF_ACTUAL
        if pre_kg > highest:  # the dose is on it: a slip here multiplies the dose
            raise InputError(
                "pre_pregnancy_weight", raw_pre,
                f"{number(pre_kg)} kg is more than {number(PRE_PREGNANCY_MAX_FRACTION_OF_ACTUAL * 100)}% of the "
                f"current --weight {number(fields['weight_kg'])} kg: check both weights and --weight-unit")
        fields["pre_pregnancy_weight_kg"] = pre_kg
    mode = choice_or_default(values, "dosing_weight", DosingWeightMode.AUTO)
    fields["dosing_weight"] = mode
    policy = POLICIES[choice_or_default(values, "policy", DEFAULT_POLICY)]
    fields["policy"] = policy.id
    raw_factor = _optional(values, "adjustment_factor")
    if raw_factor is None:
        fields["adjustment_factor"] = policy.adjustment_factor
    else:
        factor = parse_number("adjustment_factor", raw_factor)
        if not ADJUSTMENT_FACTOR_LIMITS[0] < factor <= ADJUSTMENT_FACTOR_LIMITS[1]:
            raise InputError(
                "adjustment_factor", raw_factor,
                f"must be above 0 and at most 1 (usual: {number(policy.adjustment_factor)})")
        fields["adjustment_factor"] = factor
    fields["actual_weight_reason"] = parse_reason(_optional(values, "actual_weight_reason"), mode)
    return fields


def parse_reason(raw: object, mode: DosingWeightMode) -> str | None:
    """The recorded reason for actual weight: one line of printable text, only with --dosing-weight actual."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError("actual_weight_reason", raw, "is not text")
    text = " ".join(raw.split())
    if not text.isprintable():
        raise InputError("actual_weight_reason", raw, "must be printable text")
    if len(text) > REASON_MAX_CHARACTERS:
        raise InputError("actual_weight_reason", None, f"is longer than {REASON_MAX_CHARACTERS} characters")
    if mode is not DosingWeightMode.ACTUAL:
        raise InputError("actual_weight_reason", raw, "is only used with --dosing-weight actual")
    return text


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
    vial rounding) and the risk-screen inputs."""
    raw_product = _optional(values, "product")
    product_id: str | None = None
    if raw_product is not None:
        from ivigcalc.knowledge import products  # the catalogue loads only when a product is named

        if not isinstance(raw_product, str):
            raise InputError("product", raw_product, "is not a product name (see `ivigcalc products`)")
        product_id = products.get(raw_product).id
    fields["product"] = product_id
    raw_round = _optional(values, "round")
    if raw_round is None:
        vial = product_id is not None and population not in NO_VIAL_ROUNDING
        rounding = DEFAULT_ROUNDING_WITH_PRODUCT if vial else DEFAULT_ROUNDING_WITHOUT_PRODUCT
    else:
        rounding = parse_choice("round", raw_round, RoundingMode)
        if rounding is RoundingMode.VIAL and product_id is None:
            raise InputError("round", raw_round, "needs --product (the vial sizes come from the product)")
        if rounding is RoundingMode.VIAL and population in NO_VIAL_ROUNDING:
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
            shown = accepted(RENAL_FUNCTION_ML_PER_MIN_LIMITS, "mL/min")
            raise InputError(name, raw, f"cannot be negative (accepted {shown})")
        fields[f"{name}_ml_per_min"] = within(name, raw, value, RENAL_FUNCTION_ML_PER_MIN_LIMITS, "mL/min")
    for flag in RISK_FLAGS:
        fields[flag] = parse_flag(flag, values.get(flag))
    raw_group = _optional(values, "blood_group")
    fields["blood_group"] = None if raw_group is None else parse_blood_group("blood_group", raw_group)


def _age_shown(values: Mapping[str, object], age_years_value: float) -> str:
    raw = _optional(values, "age")
    unit = choice_or_default(values, "age_unit", AgeUnit.YEARS)
    return f"--age {raw} {unit.value}" if unit is not AgeUnit.YEARS else f"--age {number(age_years_value)}"


def _plausibility(values: Mapping[str, object], fields: dict[str, Any], population: Population) -> None:
    """Unit slips and impossible bodies, refused where a dose on them would certainly be wrong: a neonate
    outside 0.3-10 kg, an adult height under 100 cm typed without a unit (the inch reading is named), a BMI
    above 150 kg/m² whatever the units."""
    weight = fields["weight_kg"]
    if population is Population.NEONATE and not NEONATE_WEIGHT_KG_LIMITS[0] <= weight <= NEONATE_WEIGHT_KG_LIMITS[1]:
        low, high = NEONATE_WEIGHT_KG_LIMITS
        raise InputError(
            "weight", _optional(values, "weight"),
            f"{number(weight)} kg is outside the {number(low)} to {number(high)} kg accepted for a neonate: check "
            "the weight and its unit (--weight-unit), and the age or --population")
    height = fields["height_cm"]
    if height is None:
        return
    raw_height = _optional(values, "height")
    unit_stated = _optional(values, "height_unit") is not None
    if population is Population.ADULT and height < UNUSUAL_ADULT_HEIGHT_CM and not unit_stated:
        inches_cm = height * CM_PER_INCH
        raise InputError(
            "height", raw_height,
            f"{number(height)} cm is under {number(UNUSUAL_ADULT_HEIGHT_CM)} cm for an adult; if it is inches, give "
            f"--height-unit in ({number(height)} in = {number(inches_cm)} cm); if it really is cm, give "
            "--height-unit cm")
    # The pre-pregnancy weight too: in pregnancy the dose is computed on it.
    for option, kg in (("weight", weight), ("pre_pregnancy_weight", fields.get("pre_pregnancy_weight_kg"))):
        if kg is None:
            continue
        bmi = body_mass_index(kg, height)
        if bmi > MAX_BMI_KG_PER_M2:
            raise InputError(
                "height", raw_height,
                f"with --{option.replace('_', '-')} {number(kg)} kg gives a BMI of {number(bmi, 1)} kg/m², above "
                f"the {number(MAX_BMI_KG_PER_M2)} no patient has: check the height, the weight and their units "
                "(--height-unit, --weight-unit)")


# ------------------------------------------------------------------------------------------ commands


def _require_mapping(values: object, command: str) -> None:
    """Anything but a mapping of names (None, a list, a string) is the caller's input error, not a crash."""
    if not isinstance(values, Mapping):
        raise InputError(None, None, f"{command} inputs must be a mapping of field names to values, "
                                     f"not {type(values).__name__}")


def parse_itp(values: Mapping[str, object]) -> ItpInput:
    _require_mapping(values, "itp")
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
    raw_procedure_type = _optional(values, "procedure_type")
    if raw_procedure_type is not None:  # a procedure type implies a procedure
        fields["procedure"] = True
        fields["procedure_type"] = parse_choice("procedure_type", raw_procedure_type, ProcedureType)
    else:
        fields["procedure_type"] = DEFAULT_PROCEDURE_TYPE if fields["procedure"] else None
    cause = choice_or_default(values, "cause", ItpCause.PRIMARY)
    fields["cause"] = cause
    fields["regimen"] = choice_or_default(values, "regimen", ItpRegimenChoice.SINGLE_DOSE)

    age = fields["age_years"]
    assert age is None or isinstance(age, float)
    raw_population = _optional(values, "population")
    if raw_population is None:
        population = age_population(age)
        fields["population_stated"] = False
    else:
        population = parse_choice("population", raw_population, Population)
        fields["population_stated"] = True
        if age is not None:
            if population is Population.ADULT and age < ADULT_AGE_YEARS:
                raise InputError("population", raw_population, f"contradicts --age {number(age)} (under 18)")
            if population is Population.CHILD and age >= ADULT_AGE_YEARS:
                raise InputError("population", raw_population, f"contradicts --age {number(age)} (18 or over)")
            if population is Population.CHILD and is_neonatal_age(age):
                raise InputError(
                    "population", raw_population,
                    f"contradicts the age ({_age_shown(values, age)}): under {NEONATE_MAX_AGE_DAYS} days is a "
                    "neonate; give --population neonate")
            if population is Population.NEONATE and not is_neonatal_age(age):
                raise InputError(
                    "population", raw_population,
                    f"contradicts the age ({_age_shown(values, age)}): a neonate is under {NEONATE_MAX_AGE_DAYS} "
                    "days old (give the age in days: --age-unit days)")
    fields["population"] = population

    if population is Population.NEONATE:
        if fields["pregnant"]:
            raise InputError("pregnant", None, "contradicts --population neonate")
        if cause not in (ItpCause.MATERNAL_ITP, ItpCause.ALLOIMMUNE):
            why = "" if fields["population_stated"] else f" (under {NEONATE_MAX_AGE_DAYS} days old)"
            raise InputError(
                "cause", cause.value,
                f"a neonate{why} needs the cause stated: --cause maternal-itp or --cause alloimmune")
    elif cause in (ItpCause.MATERNAL_ITP, ItpCause.ALLOIMMUNE):
        raise InputError(
            "cause", cause.value,
            f"is a neonatal cause; it needs --population neonate (patient: {population.value})")
    if fields["dic"] and cause is not ItpCause.SEPSIS:
        raise InputError("dic", None, "only applies with --cause sepsis")
    _plausibility(values, fields, population)
    _pharmacy_fields(values, fields, population)
    return ItpInput(**fields)  # every field validated above


def parse_aps(values: Mapping[str, object]) -> ApsInput:
    _require_mapping(values, "aps")
    _check_known_fields(values, APS_FIELDS, "aps")
    fields = _patient_fields(values)
    raw_scenario = _optional(values, "scenario")
    if raw_scenario is None:
        raise InputError("scenario", None, f"is required: one of {choices(ApsScenario)}")
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
            raise InputError("inr", raw_inr, f"must be greater than 0 (accepted {accepted(INR_LIMITS, '')})")
        fields["inr"] = within("inr", raw_inr, inr, INR_LIMITS, "")

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
    population = age_population(fields["age_years"])
    _plausibility(values, fields, population)
    _pharmacy_fields(values, fields, population)
    return ApsInput(**fields)
