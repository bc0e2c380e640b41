"""The dosing-weight rule as data: Devine ideal body weight, the adjusted-weight
factor and the triggers of the default rule. The exclusions (age, height, pregnancy, below IBW, height
or sex unknown) are the order of `dosing_weight.compute`."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

REFERENCES: Final = ("devine-1974", "dosing-weight-practice", "ontario-ivig")

# Devine 1974: base weight by sex + 2.3 kg per inch over 60 in; not defined below 60 in (152.4 cm).
DEVINE_BASE_KG: Final = MappingProxyType({"male": 50.0, "female": 45.5})  # keyed by Sex values
DEVINE_KG_PER_INCH_OVER_60: Final = 2.3
DEVINE_MIN_HEIGHT_CM: Final = 152.4

# Adjusted weight = IBW + factor × (actual − IBW); 0.4 in every source found (a parameter).
DEFAULT_ADJUSTMENT_FACTOR: Final = 0.4

# Default rule: adjusted when BMI ≥ 30 (Ontario, Option Care) or actual > 120% of IBW (order sets,
# clinPK, ClinCalc).
ADJUST_AT_BMI_KG_PER_M2: Final = 30.0
ADJUST_ABOVE_FRACTION_OF_IBW: Final = 1.2

SOURCES: Final = {
    "DEVINE_BASE_KG": ("devine-1974",), "DEVINE_KG_PER_INCH_OVER_60": ("devine-1974",),
    "DEVINE_MIN_HEIGHT_CM": ("devine-1974",), "DEFAULT_ADJUSTMENT_FACTOR": ("dosing-weight-practice", "ontario-ivig"),
    "ADJUST_AT_BMI_KG_PER_M2": ("ontario-ivig", "dosing-weight-practice"),
    "ADJUST_ABOVE_FRACTION_OF_IBW": ("dosing-weight-practice",),
}
