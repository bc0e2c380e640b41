"""Product contraindications and label warnings. Pure: the named product and the validated patient in,
warning requests out, or an InputError where a stated condition meets a contraindication and
--allow-contraindicated was not given (the pattern of the sucrose refusal).

Without a product, a stated condition still warns and says which products it rules out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge.records import WarningRequest
from ivigcalc.knowledge.risk_screen import FRUCTOSE_UNDIAGNOSED_AGE_YEARS, LIVE_VACCINE_INTERVAL_MONTHS
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.result import ProductFact, Regimen

if TYPE_CHECKING:
    from ivigcalc.knowledge.products import Product

# The conditions a product record can meet, and the option that states each.
CONDITION_OPTIONS = {
    "iga_deficiency": "--iga-deficiency",
    "hyperprolinaemia": "--hyperprolinaemia",
    "fructose_intolerance": "--fructose-intolerance",
}


def _lowest_iga() -> str:
    from ivigcalc.knowledge.products import lowest_iga_products

    return ", ".join(f"{p.name} ({p.iga.value})" for p in lowest_iga_products())


def facts(product: Product) -> dict[str, object]:
    """The product's contraindications and label warnings for the result's product summary."""
    itp_age = product.min_age_years.get("itp")
    return {
        "iga": product.iga.value,
        "contraindications": tuple(
            ProductFact(code=c.code, text=c.text, source=c.source, secondary=c.secondary)
            for c in product.contraindications),
        "label_warnings": tuple(
            ProductFact(code=w.code, text=w.text, source=w.source, secondary=w.secondary)
            for w in product.label_warnings),
        "min_age_itp_years": itp_age.value if itp_age is not None else None,
    }


def screen(product: Product, patient: ItpInput | ApsInput) -> list[WarningRequest]:
    """Refuse a product whose contraindication a stated condition meets (unless overridden); otherwise the
    product's contraindication and label warnings."""
    found: list[WarningRequest] = []
    for item in product.contraindications:
        met = item.patient_flag is not None and bool(getattr(patient, item.patient_flag))
        if met and not patient.allow_contraindicated:
            option = CONDITION_OPTIONS[item.patient_flag or ""]
            alternative = f" (lowest stated IgA: {_lowest_iga()})" if item.code == "iga-deficiency" else ""
            raise InputError(
                "product", product.name,
                f"is contraindicated with {option}: {item.text} Choose another product{alternative}, or give "
                "--allow-contraindicated to compute anyway")
        parameters = {"product": product.name}
        if item.code == "iga-deficiency":
            parameters |= {"iga": product.iga.value or "not found", "lowest": _lowest_iga()}
            found.append(("iga-deficiency-override" if met else "iga-deficiency-label", parameters))
        elif item.code == "hyperprolinaemia":
            found.append(("hyperprolinaemia-override" if met else "hyperprolinaemia-label", parameters))
        elif item.code == "fructose-intolerance":
            young = patient.age_years is not None and patient.age_years < FRUCTOSE_UNDIAGNOSED_AGE_YEARS
            key = "fructose-intolerance-override" if met else (
                "fructose-intolerance-young-child" if young else "fructose-intolerance-label")
            found.append((key, parameters))
    if any(w.code == "maltose-glucose-meter" for w in product.label_warnings):
        found.append(("maltose-glucose-meter", {"product": product.name}))
    return found


def without_product(patient: ItpInput | ApsInput) -> list[WarningRequest]:
    """Stated conditions with no product named: what they rule out."""
    found: list[WarningRequest] = []
    if patient.iga_deficiency:
        found.append(("iga-deficiency-no-product", {"lowest": _lowest_iga()}))
    for flag, key in (("hyperprolinaemia", "hyperprolinaemia-no-product"),
                      ("fructose_intolerance", "fructose-intolerance-no-product")):
        if getattr(patient, flag):
            from ivigcalc.knowledge.products import all_products  # the catalogue loads only when needed

            names = [p.name for p in all_products() if any(c.patient_flag == flag for c in p.contraindications)]
            found.append((key, {"products": " and ".join(names)}))
    return found


def off_label_age(product: Product, patient: ItpInput | ApsInput, population_is_neonate: bool) -> WarningRequest | None:
    """The patient is younger than the label's ITP indication (ITP only: APS is off-label for every product)."""
    minimum = product.min_age_years.get("itp")
    if not isinstance(patient, ItpInput) or minimum is None or minimum.value is None:
        return None
    age = patient.age_years
    if age is not None and age < minimum.value:
        shown = f"{number(age * 12, 1)} months" if age < 2 else f"{number(age, 1)} years"
    elif age is None and population_is_neonate:
        shown = "a neonate"
    else:
        return None
    return ("off-label-age", {"product": product.name, "label_age": number(minimum.value),
                              "note": minimum.note or "label", "age": shown})


def live_vaccine_months(regimen: Regimen) -> tuple[int, float]:
    """Months to wait before a measles- or varicella-containing vaccine, by the largest course (one cycle of a
    phase) in g/kg (ACIP): up to 0.4 g/kg 8, up to 1 g/kg 10, more 11."""
    per_course = max(sum(i.dose_g_per_kg for i in phase.infusions) for phase in regimen.phases)
    for limit, months in LIVE_VACCINE_INTERVAL_MONTHS:
        if per_course <= limit + 1e-9:
            return months, per_course
    return LIVE_VACCINE_INTERVAL_MONTHS[-1][1], per_course


def volume_warnings(regimen: Regimen, patient: ItpInput | ApsInput, has_product: bool) -> list[WarningRequest]:
    """The largest day's volume with a product; with heart failure, a warning whether or not a product is named."""
    found: list[WarningRequest] = []
    volumes = [i.volume_ml for phase in regimen.phases for i in phase.infusions if i.volume_ml is not None]
    volume_text = "the high-dose regimen"
    if has_product and volumes:
        largest = max(volumes)
        per_kg = largest / patient.weight_kg
        volume_text = f"{number(largest, 0)} mL ({number(per_kg, 1)} mL/kg) on the largest day"
        if not patient.heart_failure:  # with heart failure the warning below says it
            found.append(("volume-overload", {"volume_ml": number(largest, 0), "ml_per_kg": number(per_kg, 1)}))
    if patient.heart_failure:
        found.append(("volume-overload-heart-failure", {"volume": volume_text}))
    return found
