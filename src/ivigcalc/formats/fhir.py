"""A result as FHIR R4B: a Bundle with the Patient facts used, a MedicationRequest for the regimen and a
DetectedIssue per warning. `--output-format fhir`, batch's FHIR formats and the CDS Hooks service use it.

The Bundle holds:
- Patient (gender only: ivigcalc has no name, no identifier and no birth date) and an Observation for each
  measurement given (LOINC body weight, body height, age, platelet count, in UCUM units);
- a MedicationRequest (status draft, intent proposal) for the regimen, if there is one: the product (or
  the class, ATC J06BA02) as the medication, the indication as `reasonCode` (SNOMED CT and ICD-10-CM),
  one `dosageInstruction` per phase (`sequence`) and infusion day, each with `doseAndRate` carrying the
  calculated dose (type `calculated`) and the dose to give (type `ordered`), the infusion schedule's
  rate steps as `rateQuantity` in mL/h when a product is named (rounded down to 0.01 mL/h, never up
  past a limit), and `maxDosePerAdministration` from the hard limit (2 g/kg a day × dosing weight);
  ivigcalc's other inputs (bleeding, scenario, risk factors, ...) ride in one complex extension, so
  `ivigcalc check --order` reads back exactly what was calculated; the audit block is an extension too;
- a DetectedIssue per warning (and one `not-indicated` when there is no regimen).

Ids are `urn:uuid:` UUIDs derived from the inputs hash (and a seed, the batch row), so the same inputs
give the same Bundle. Every Bundle is validated with `fhir.resources` (R4B) before it is written; that
package is imported only here, when FHIR is asked for.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from typing import Any, Final, Literal

from ivigcalc.core.fields import fields_of
from ivigcalc.errors import ExitStatus, IvigcalcError
from ivigcalc.formatting import number
from ivigcalc.knowledge import terminology as codes
from ivigcalc.knowledge.limits import HARD_MAX_G_PER_KG_PER_DAY
from ivigcalc.model.record import compact_json
from ivigcalc.model.result import Infusion, Phase, Result, Warning

BundleType = Literal["collection", "transaction"]
Resource = dict[str, Any]

_NAMESPACE: Final = uuid.UUID("5d0c1f0e-7b5e-5b8a-9d27-6a3f1c9e2b41")  # ivigcalc's UUID namespace
# Inputs carried as Observations, the Patient or the medication, not in the input extension.
NOT_IN_EXTENSION: Final = frozenset({
    "weight", "weight_unit", "height", "height_unit", "sex", "age", "platelets", "platelet_unit", "product",
})
# Field name -> attribute of the validated input, where they differ (values in normalised units).
_ATTRIBUTES: Final = {
    "lln": "lln_10e9_per_l", "pre_pregnancy_weight": "pre_pregnancy_weight_kg", "round": "rounding",
    "egfr": "egfr_ml_per_min", "creatinine_clearance": "creatinine_clearance_ml_per_min",
}


class FhirUnavailable(IvigcalcError):
    """fhir.resources is not installed: FHIR output and `check --order` need the `fhir` extra. A usage
    problem with its fix (install the extra), not a bug: exit 2, as `serve` without its extra."""

    exit_status = ExitStatus.INPUT_ERROR


def require_fhir_resources() -> None:
    try:
        import fhir.resources.R4B  # noqa: F401
    except ImportError:
        raise FhirUnavailable(
            "FHIR needs the optional fhir.resources package: pip install 'ivigcalc[fhir]'") from None


# ------------------------------------------------------------------------------------------ building


def _uuid(result: Result, seed: str, kind: str, index: int = 0) -> str:
    base = result.audit.inputs_sha256 if result.audit is not None else compact_json(result.to_dict()["inputs"])
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{base}|{seed}|{kind}|{index}')}"


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": codes.UCUM, "code": unit}


def _codeable(code: codes.Code, text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [code.coding()]}
    if text is not None:
        concept["text"] = text
    return concept


def _observation(result: Result, seed: str, patient: str, code: codes.Code, value: float, unit: str,
                 category: str) -> tuple[str, Resource]:
    full_url = _uuid(result, seed, f"observation-{code.code}")
    return full_url, {
        "resourceType": "Observation", "status": "final",
        "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": category}]}],
        "code": _codeable(code), "subject": {"reference": patient},
        "valueQuantity": _quantity(value, unit),
    }


def _input_extension(result: Result) -> dict[str, Any] | None:
    """The inputs that have no FHIR home, as one complex extension (inner url = the input's name)."""
    inner: list[dict[str, Any]] = []
    patient = result.inputs
    for field in fields_of(result.command):
        if field.name in NOT_IN_EXTENSION:
            continue
        if field.name == "population" and not getattr(patient, "population_stated", False):
            continue  # derived from the age, not given
        value = getattr(patient, _ATTRIBUTES.get(field.name, field.name))
        if value is None or value is False:
            continue
        if field.kind == "flag":
            inner.append({"url": field.name, "valueBoolean": True})
        elif field.kind == "number":
            inner.append({"url": field.name, "valueDecimal": value})
        else:
            inner.append({"url": field.name, "valueCode": str(getattr(value, "value", value))})
    return {"url": codes.INPUT_EXTENSION, "extension": inner} if inner else None


def _audit_extension(result: Result) -> dict[str, Any] | None:
    if result.audit is None:
        return None
    return {"url": codes.AUDIT_EXTENSION, "extension": [
        {"url": name, "valueString": str(value)} for name, value in result.audit.to_dict().items()]}


def _medication(result: Result) -> dict[str, Any]:
    coding = [codes.IVIG_CLASS.coding()]
    text = "Immunoglobulin, normal human (IVIG)"
    if result.product is not None:
        coding.insert(0, {"system": codes.PRODUCT_SYSTEM, "code": result.product.id,
                          "display": result.product.name})
        text = f"{result.product.name} {number(result.product.concentration_percent)}% (IVIG)"
    return {"coding": coding, "text": text}


def _rate_down(ml_per_h: float) -> float:
    """Rounded down to 0.01 mL/h: a rate shown never exceeds the rate computed (and so the label)."""
    return math.floor(ml_per_h * 100 + 1e-9) / 100


def _dosage(result: Result, phase_number: int, phase: Phase, infusion: Infusion) -> dict[str, Any]:
    weight = result.dosing_weight
    to_give = infusion.dose_g_rounded if infusion.dose_g_rounded is not None else infusion.dose_g
    text = (f"{phase.name}, day {infusion.day}: {number(infusion.dose_g_per_kg)} g/kg × {number(weight.kg)} kg "
            f"({weight.basis.value} weight) = {number(infusion.dose_g)} g calculated, {number(to_give)} g to give")
    if phase.cycles != 1:
        every = f"every {phase.interval_days} days" if phase.interval_days else "repeated"
        text += f"; {every}, {phase.cycles} cycles" if phase.cycles else f"; {every}, open-ended"
    dose_and_rate: list[dict[str, Any]] = [
        {"type": _codeable(codes.CALCULATED), "doseQuantity": _quantity(infusion.dose_g, codes.UCUM_GRAM)},
        {"type": _codeable(codes.ORDERED), "doseQuantity": _quantity(to_give, codes.UCUM_GRAM)},
    ]
    schedule = infusion.infusion_schedule
    if schedule is not None:
        text += "; rates " + " → ".join(f"{number(_rate_down(s.rate_ml_per_h))} mL/h" for s in schedule.steps)
        dose_and_rate += [{"type": _codeable(codes.CALCULATED),
                           "rateQuantity": _quantity(_rate_down(step.rate_ml_per_h), codes.UCUM_ML_PER_H)}
                          for step in schedule.steps]
    repeat: dict[str, Any] = {"count": 1}
    if phase.cycles != 1 and phase.interval_days:
        repeat = {"frequency": 1, "period": phase.interval_days, "periodUnit": "d"}
        if phase.cycles:
            repeat["count"] = phase.cycles
    return {
        "sequence": phase_number, "text": text, "timing": {"repeat": repeat},
        "doseAndRate": dose_and_rate,
        "maxDosePerAdministration": _quantity(round(HARD_MAX_G_PER_KG_PER_DAY * weight.kg, 2), codes.UCUM_GRAM),
    }


def _citations(result: Result, reference_ids: tuple[str, ...]) -> str:
    labels = {reference.id: reference.label for reference in result.references}
    return "; ".join(labels.get(reference_id, reference_id) for reference_id in reference_ids)


def _detected_issue(result: Result, patient: str, implicated: str | None, code: str, severity: str,
                    detail: str, system: str) -> Resource:
    issue: Resource = {
        "resourceType": "DetectedIssue", "status": "final",
        "code": {"coding": [{"system": system, "code": code}], "text": code},
        "severity": severity, "patient": {"reference": patient}, "detail": detail,
    }
    if result.audit is not None:
        issue["identifiedDateTime"] = result.audit.timestamp
    if implicated is not None:
        issue["implicated"] = [{"reference": implicated}]
    return issue


def _warning_issue(result: Result, patient: str, implicated: str | None, warning: Warning) -> Resource:
    detail = warning.message
    if warning.references:
        detail += f" ({_citations(result, warning.references)})"
    return _detected_issue(result, patient, implicated, warning.code,
                           codes.DETECTED_ISSUE_SEVERITY[warning.severity.value], detail, codes.WARNING_SYSTEM)


def resources(result: Result, seed: str = "") -> Iterator[tuple[str, Resource]]:
    """(fullUrl, resource) of everything the Bundle holds, in order."""
    patient_url = _uuid(result, seed, "patient")
    patient: Resource = {"resourceType": "Patient"}
    if result.inputs.sex is not None:
        patient["gender"] = result.inputs.sex.value
    yield patient_url, patient
    observations: list[tuple[str, Resource]] = [
        _observation(result, seed, patient_url, codes.WEIGHT, result.inputs.weight_kg, "kg", "vital-signs")]
    if result.inputs.height_cm is not None:
        observations.append(_observation(result, seed, patient_url, codes.HEIGHT, result.inputs.height_cm, "cm",
                                         "vital-signs"))
    if result.inputs.age_years is not None:
        observations.append(_observation(result, seed, patient_url, codes.AGE, result.inputs.age_years,
                                         codes.UCUM_YEAR, "survey"))
    if result.grade is not None:
        observations.append(_observation(result, seed, patient_url, codes.PLATELETS,
                                         result.grade.platelets_10e9_per_l, "10*9/L", "laboratory"))
    yield from observations

    request_url: str | None = None
    regimen = result.regimen
    if regimen is not None:
        request_url = _uuid(result, seed, "medication-request")
        request: Resource = {"resourceType": "MedicationRequest"}
        extensions = [extension for extension in (_input_extension(result), _audit_extension(result)) if extension]
        if extensions:
            request["extension"] = extensions
        request.update({
            "status": "draft", "intent": "proposal",
            "medicationCodeableConcept": _medication(result),
            "subject": {"reference": patient_url},
            "supportingInformation": [{"reference": url} for url, _ in observations],
            "reasonCode": [{"coding": [code.coding() for code in codes.INDICATIONS[result.command]]}],
            "note": [{"text": f"{regimen.name}. {result.status.value}: {result.status_reason} "
                              f"Decision aid only: verify against the current product label and local "
                              f"protocol."}],
            "dosageInstruction": [
                _dosage(result, number_, phase, infusion)
                for number_, phase in enumerate(regimen.phases, start=1) for infusion in phase.infusions],
        })
        if result.audit is not None:
            request["authoredOn"] = result.audit.timestamp
        yield request_url, request
    else:
        yield _uuid(result, seed, "not-indicated"), _detected_issue(
            result, patient_url, None, "not-indicated", "high",
            f"IVIG is not indicated: {result.status_reason} ({_citations(result, result.status_references)})",
            codes.FINDING_SYSTEM)
    for index, warning in enumerate(result.warnings):
        yield _uuid(result, seed, "detected-issue", index), _warning_issue(result, patient_url, request_url, warning)


def entry(full_url: str, resource: Resource, bundle_type: BundleType) -> dict[str, Any]:
    item: dict[str, Any] = {"fullUrl": full_url, "resource": resource}
    if bundle_type == "transaction":
        item["request"] = {"method": "POST", "url": resource["resourceType"]}
    return item


def bundle(result: Result, *, bundle_type: BundleType = "collection", seed: str = "") -> Resource:
    """The result as a Bundle (a plain dict, validated with fhir.resources)."""
    document: Resource = {"resourceType": "Bundle", "type": bundle_type}
    if result.audit is not None:
        document["timestamp"] = result.audit.timestamp
    document["entry"] = [entry(url, resource, bundle_type) for url, resource in resources(result, seed)]
    validate(document)
    return document


def bundle_json(result: Result, *, bundle_type: BundleType = "collection", seed: str = "") -> str:
    return compact_json(bundle(result, bundle_type=bundle_type, seed=seed))


# ------------------------------------------------------------------------------------------ validation


def validate(document: Resource) -> None:
    """Validate a resource (a Bundle validates every resource in it) with fhir.resources R4B.

    Raises FhirUnavailable without the package, pydantic's ValidationError when invalid."""
    require_fhir_resources()
    from fhir.resources.R4B import get_fhir_model_class

    get_fhir_model_class(document["resourceType"]).model_validate(document)
