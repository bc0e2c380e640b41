"""Cut-offs of the boxed-warning risk screen (FDA 2013 boxed warning).

The boxed warning names renal insufficiency, age > 65 and "advanced age" without numbers for all of
them: the output cites these cut-offs as `ivigcalc-risk-screen`. Haemolysis: the clinical basis and the
product labels (highest risk at ≥ 2 g/kg in non-O blood groups)."""

from __future__ import annotations

from typing import Final

RENAL_FUNCTION_THRESHOLD_ML_PER_MIN: Final = 60.0  # eGFR or creatinine clearance < 60: renal risk
RISK_AGE_YEARS: Final = 65.0  # > 65 (exactly 65 is not): renal and thrombosis risk
HAEMOLYSIS_G_PER_KG_PER_COURSE: Final = 2.0  # ≥ 2 g/kg per course in a non-O blood group

SOURCES: Final = {
    "RENAL_FUNCTION_THRESHOLD_ML_PER_MIN": ("ivigcalc-risk-screen", "fda-2013"),
    "RISK_AGE_YEARS": ("fda-2013",),
    "HAEMOLYSIS_G_PER_KG_PER_COURSE": ("product-labels",),
}

# Live-vaccine intervals after IVIG (ACIP, antibody-containing products and measles- or varicella-containing
# vaccine): (course up to this many g/kg, months to wait). A course between two rows takes the longer wait.
LIVE_VACCINE_INTERVAL_MONTHS: Final = ((0.4, 8), (1.0, 10), (2.0, 11))
# Sorbitol products: under this age hereditary fructose intolerance may not yet be diagnosed (EMA excipients).
FRUCTOSE_UNDIAGNOSED_AGE_YEARS: Final = 2.0
SOURCES["LIVE_VACCINE_INTERVAL_MONTHS"] = ("acip-best-practice",)
SOURCES["FRUCTOSE_UNDIAGNOSED_AGE_YEARS"] = ("ema-excipients-2019",)
