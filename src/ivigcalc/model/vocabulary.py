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
