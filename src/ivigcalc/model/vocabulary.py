"""The words of the domain: every choice an input or a result can take, as string enums whose values
are what the CLI, batch files and JSON spell."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class WeightUnit(StrEnum):
    KG = "kg"
    LB = "lb"


class HeightUnit(StrEnum):
    CM = "cm"
    IN = "in"


class AgeUnit(StrEnum):
    YEARS = "years"
    MONTHS = "months"
    WEEKS = "weeks"
    DAYS = "days"


class PlateletUnit(StrEnum):
    PER_LITRE_10E9 = "10^9/L"
    PER_MICROLITRE = "/uL"


class DosingWeightMode(StrEnum):
    AUTO = "auto"
    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"


class DosingWeightBasis(StrEnum):
    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"
    PRE_PREGNANCY = "pre-pregnancy"


class Bleeding(StrEnum):
    NONE = "none"
    MINOR = "minor"
    ACTIVE = "active"
    LIFE_THREATENING = "life-threatening"


class Population(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    NEONATE = "neonate"


class ItpCause(StrEnum):
    PRIMARY = "primary"
    HCV = "hcv"
    HIV = "hiv"
    SEPSIS = "sepsis"
    MATERNAL_ITP = "maternal-itp"
    ALLOIMMUNE = "alloimmune"


class ProcedureType(StrEnum):
    """The procedure's platelet target (ICR 2019): minor surgery, major surgery, major neurosurgery."""

    MINOR = "minor"
    MAJOR = "major"
    NEUROSURGERY = "neurosurgery"


class ItpRegimenChoice(StrEnum):
    SINGLE_DOSE = "single-dose"
    FIVE_DAY = "five-day"


class ApsScenario(StrEnum):
    ASYMPTOMATIC = "asymptomatic"
    OBSTETRIC = "obstetric"
    CAPS = "caps"
    THROMBOSIS = "thrombosis"


class ApsProtocol(StrEnum):
    FIVE_DAY = "five-day"
    TWO_DAY = "two-day"
    SOURCE_2_PLUS_1 = "source-2-plus-1"
    STANDARD = "standard"
    INTENSIVE = "intensive"


class RoundingMode(StrEnum):
    NONE = "none"
    NEAREST = "nearest"
    VIAL = "vial"


class BloodGroup(StrEnum):
    A = "A"
    B = "B"
    AB = "AB"
    O = "O"  # noqa: E741 - the blood group's name


class Status(StrEnum):
    INDICATED = "indicated"
    CONSIDER = "consider"
    NOT_INDICATED = "not-indicated"


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"
    DANGER = "danger"


class PolicyId(StrEnum):
    """The dosing-weight policies (knowledge/policies.py holds their rules and sources)."""

    IVIGCALC = "ivigcalc"
    BLOODSTAR_2026 = "bloodstar-2026"
    ONTARIO = "ontario"
    NHS_ENGLAND = "nhs-england"
    IDEAL_BAND = "ideal-band"


class WeightDecision(StrEnum):
    """Why the dosing weight is what it is: the step of the policy that decided it."""

    REQUESTED = "requested"  # --dosing-weight actual, ideal or adjusted
    TRIGGER = "trigger"  # a policy trigger met (BMI, % of ideal weight): adjusted
    ALL_ADULTS = "all-adults"  # the policy adjusts every adult not exempt
    MIDDLE_BAND = "middle-band"  # at or above ideal weight, below the triggers: the policy's middle-band weight
    EXEMPT_PREGNANCY = "exempt-pregnancy"
    EXEMPT_AGE = "exempt-age"
    EXEMPT_HEIGHT = "exempt-height"
    EXEMPT_WEIGHT = "exempt-weight"  # not over the policy's minimum weight (Ontario)
    EXEMPT_BELOW_IDEAL = "exempt-below-ideal"
    EXEMPT_BELOW_ADJUSTED = "exempt-below-adjusted"
    UNKNOWN_HEIGHT_OR_SEX = "unknown-height-or-sex"
