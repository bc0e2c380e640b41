"""A FHIR order as the input mapping `check` reads: `ivigcalc check --order FILE` and the CDS Hooks service.

Accepted: a MedicationRequest, or a Bundle holding one IVIG MedicationRequest with the Patient and
Observations (LOINC body weight 29463-7, body height 8302-2, age 30525-0, platelets 777-3 or 26515-7).
The document is validated with fhir.resources (R4B) first; then:
- the product: a coding of ivigcalc's product system, else a coding display or the text naming a
  catalogue product; the class alone (ATC J06BA02) or "IVIG" means no product;
- the indication (`reasonCode`): ITP or APS by the SNOMED CT / ICD-10-CM codes of knowledge/terminology;
- the ordered dose: in each `dosageInstruction` of the first `sequence`, the doseQuantity typed `ordered`
  (else an untyped one), in g (or mg); every day must order the same dose;
- the days: those dosageInstructions, each one day, or `timing.repeat.count` days when it repeats once a
  day; a schedule of more than one dose a day (or in hours, frequencyMax, ...) is refused;
- the rate: the highest `rateQuantity` in mL/h (ordered or untyped ones, else any);
- the patient: Patient.gender (male, female; other or unknown: sex not given; any other code refused),
  the latest Observation of each code (its unit in UCUM), the age from an Age observation or from
  Patient.birthDate at the order's `authoredOn`;
- ivigcalc's other inputs from its input extension, when the order was written by ivigcalc.
Anything missing or unparseable is one InputError naming the FHIR path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final

from ivigcalc.errors import InputError
from ivigcalc.formats.fhir import require_fhir_resources
from ivigcalc.knowledge import terminology as codes
from ivigcalc.knowledge.population import DAYS_PER_YEAR
from ivigcalc.knowledge.units import MG_PER_G

ORDER_FIELD: Final = "order"  # the error names --order
_IGNORED_STATUSES: Final = frozenset({"entered-in-error", "cancelled"})
_ADMINISTRATIVE_GENDERS: Final = ("male", "female", "other", "unknown")  # FHIR R4B administrative-gender


@dataclass(slots=True)
class FhirOrder:
    """What the document says: input fields (as the parser reads them) and the order, with the FHIR path
    each value came from."""

    values: dict[str, object] = field(default_factory=dict)
    order_values: dict[str, object] = field(default_factory=dict)
    command: str | None = None  # from reasonCode, when coded
    paths: dict[str, str] = field(default_factory=dict)
    request_path: str = "MedicationRequest"


@dataclass(frozen=True, slots=True)
class _Located:
    resource: Mapping[str, Any]
    path: str
    full_url: str | None = None


def fail(path: str, message: str) -> InputError:
    return InputError(ORDER_FIELD, None, f"{path}: {message}")


# ------------------------------------------------------------------------------------------ validation


def _fhir_path(resource_type: str, location: Iterable[object]) -> str:
    text = resource_type
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def validate_document(document: object, where: str = "") -> Mapping[str, Any]:
    """A MedicationRequest or a Bundle, valid R4B; else one InputError naming the first bad path."""
    if not isinstance(document, Mapping):
        raise fail(where or "(document)", "is not a JSON object (a FHIR MedicationRequest or Bundle)")
    resource_type = document.get("resourceType")
    if resource_type not in ("MedicationRequest", "Bundle"):
        raise fail(f"{where}resourceType", f"is {resource_type!r}; expected MedicationRequest or Bundle")
    require_fhir_resources()
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    _check_resource_types(document, f"{where}{resource_type}")
    try:
        get_fhir_model_class(str(resource_type)).model_validate(dict(document))
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first.get("msg", "is invalid")).removeprefix("Value error, ")
        raise fail(where + _fhir_path(str(resource_type), first.get("loc", ())), message) from None
    except (TypeError, KeyError, ValueError):  # fhir.resources failing on what it was not built to meet
        raise fail(f"{where}{resource_type}", "is not a valid FHIR R4B resource") from None
    return document


def resource_type_problem(resource: Mapping[str, Any]) -> str | None:
    """Why a resource's `resourceType` is not a FHIR R4B resource type (None when it is one)."""
    from fhir.resources.R4B import get_fhir_model_class

    resource_type = resource.get("resourceType")
    if "resourceType" not in resource or resource_type is None:
        return "is missing"
    if not isinstance(resource_type, str):
        return f"is {resource_type!r}, not a string"
    if not resource_type.strip():
        return "is empty"
    try:
        get_fhir_model_class(resource_type)
    except (ValueError, KeyError, AttributeError):
        return f"is {resource_type!r}, not a FHIR R4B resource type"
    return None


def _check_resource_types(resource: Mapping[str, Any], path: str) -> None:
    """Every nested resource (Bundle entries, contained) names a known resourceType; fhir.resources
    crashes (TypeError, KeyError) on one that does not."""
    nested: list[tuple[object, str]] = []
    entries = resource.get("entry")
    if isinstance(entries, list):
        for index, item in enumerate(entries):
            if isinstance(item, Mapping) and "resource" in item:
                nested.append((item["resource"], f"{path}.entry[{index}].resource"))
    contained = resource.get("contained")
    if isinstance(contained, list):
        nested += [(item, f"{path}.contained[{index}]") for index, item in enumerate(contained)]
    for item, item_path in nested:
        if not isinstance(item, Mapping):
            raise fail(item_path, "is not a JSON object (a FHIR resource)")
        problem = resource_type_problem(item)
        if problem is not None:
            raise fail(f"{item_path}.resourceType", problem)
        _check_resource_types(item, item_path)


# ------------------------------------------------------------------------------------------ helpers


def _codings(concept: object) -> list[Mapping[str, Any]]:
    if not isinstance(concept, Mapping):
        return []
    return [coding for coding in concept.get("coding") or () if isinstance(coding, Mapping)]


def _has_code(concept: object, code: codes.Code) -> bool:
    return any(c.get("system") == code.system and c.get("code") == code.code for c in _codings(concept))


def _number(quantity: Mapping[str, Any], path: str) -> float:
    value = quantity.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(f"{path}.value", "is missing (a number is needed)")
    return float(value)


def _unit(quantity: Mapping[str, Any]) -> str | None:
    unit = quantity.get("code") if quantity.get("system") in (codes.UCUM, None) else None
    unit = unit or quantity.get("unit")
    return unit.strip() if isinstance(unit, str) else None


def _reference_matches(reference: object, located: _Located) -> bool:
    if not isinstance(reference, Mapping):
        return False
    target = reference.get("reference")
    if not isinstance(target, str):
        return False
    own_id = located.resource.get("id")
    own = f"{located.resource['resourceType']}/{own_id}" if own_id is not None else None
    return target in (located.full_url, own)


# ------------------------------------------------------------------------------------------ reading


def _located(document: Mapping[str, Any], where: str) -> list[_Located]:
    if document["resourceType"] != "Bundle":
        return [_Located(document, where + str(document["resourceType"]))]
    found = []
    for index, item in enumerate(document.get("entry") or ()):
        resource = item.get("resource") if isinstance(item, Mapping) else None
        if isinstance(resource, Mapping):
            found.append(_Located(resource, f"{where}Bundle.entry[{index}].resource", item.get("fullUrl")))
    return found


def is_ivig_request(resource: Mapping[str, Any], others: Iterable[_Located] = ()) -> bool:
    """A MedicationRequest for IVIG: the class code, an ivigcalc product, or a catalogue product's name."""
    if resource.get("resourceType") != "MedicationRequest":
        return False
    try:
        concept = _medication_concept(_Located(resource, "MedicationRequest"), list(others))
    except InputError:
        return False
    if _has_code(concept, codes.IVIG_CLASS) or any(c.get("system") == codes.PRODUCT_SYSTEM
                                                   for c in _codings(concept)):
        return True
    return _catalogue_product(concept) is not None


def _medication_concept(request: _Located, resources: list[_Located]) -> Mapping[str, Any]:
    concept = request.resource.get("medicationCodeableConcept")
    if isinstance(concept, Mapping):
        return concept
    reference = request.resource.get("medicationReference")
    if isinstance(reference, Mapping):
        target = reference.get("reference")
        for contained in request.resource.get("contained") or ():
            if isinstance(contained, Mapping) and target == f"#{contained.get('id')}":
                return contained.get("code") or {}
        for other in resources:
            if other.resource.get("resourceType") == "Medication" and _reference_matches(reference, other):
                return other.resource.get("code") or {}
        raise fail(f"{request.path}.medicationReference", f"{target!r} is not in the Bundle")
    raise fail(f"{request.path}.medication[x]", "is missing: the IVIG product (or ATC J06BA02)")


def _catalogue_product(concept: Mapping[str, Any]) -> str | None:
    from ivigcalc.knowledge import products

    names = [c.get("display") for c in _codings(concept)] + [concept.get("text")]
    for name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        for candidate in (name, name.split("(")[0], " ".join(name.split()[:2]), name.split()[0]):
            try:
                return products.get(candidate.strip()).id
            except InputError:
                continue
    return None


def _product(request: _Located, resources: list[_Located]) -> str | None:
    concept = _medication_concept(request, resources)
    for coding in _codings(concept):
        if coding.get("system") == codes.PRODUCT_SYSTEM and isinstance(coding.get("code"), str):
            from ivigcalc.knowledge import products

            try:
                return products.get(coding["code"]).id
            except InputError as error:
                raise fail(f"{request.path}.medicationCodeableConcept.coding", error.message) from None
    found = _catalogue_product(concept)
    if found is None and not _has_code(concept, codes.IVIG_CLASS):
        raise fail(f"{request.path}.medicationCodeableConcept",
                   "is not IVIG: expected ATC J06BA02 or a product of `ivigcalc products`")
    return found


def _command(request: _Located) -> str | None:
    found: set[str] = set()
    for concept in request.resource.get("reasonCode") or ():
        for command, known in codes.INDICATIONS.items():
            if any(_has_code(concept, code) for code in known):
                found.add(command)
    if len(found) > 1:
        raise fail(f"{request.path}.reasonCode", "codes both ITP and APS; give one indication")
    return found.pop() if found else None


def _type_code(item: Mapping[str, Any]) -> str | None:
    for coding in _codings(item.get("type")):
        if coding.get("system") == codes.DOSE_RATE_TYPE:
            return str(coding.get("code"))
    return None


def _grams(quantity: Mapping[str, Any], path: str) -> float:
    value = _number(quantity, path)
    unit = _unit(quantity)
    if unit == codes.UCUM_GRAM:
        return value
    if unit == "mg":
        return value / MG_PER_G
    raise fail(f"{path}.code", f"unit {unit!r}: give the dose to give in g (UCUM 'g'), as on the order")


_ONE_A_DAY: Final = "give one infusion a day (IVIG is given as one infusion per day)"
_TIMING_REFUSED: Final = ("frequencyMax", "periodMax", "countMax", "when", "offset", "dayOfWeek", "boundsPeriod",
                          "boundsRange")


def _whole(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return None
    return int(value)


def _day_count(dosage: Mapping[str, Any], path: str) -> int:
    """The infusion days of one dosageInstruction, read strictly: no timing, or `{count: 1}`, is one day;
    once a day (frequency 1, period 1 d) for `count` days (or boundsDuration in days); once every N days
    (period N > 1 d, as ivigcalc writes a maintenance cycle) is one infusion day of the cycle. Anything else
    (several doses a day, hours, frequencyMax, timeOfDay lists, when/offset) cannot be checked."""
    timing = dosage.get("timing") or {}
    tpath = f"{path}.timing"
    if timing.get("event") and len(timing["event"]) > 1:
        raise fail(f"{tpath}.event", f"{len(timing['event'])} event times cannot be checked: {_ONE_A_DAY}")
    if timing.get("code") is not None:
        raise fail(f"{tpath}.code", f"a coded schedule cannot be checked: give timing.repeat, {_ONE_A_DAY}")
    repeat = timing.get("repeat") or {}
    rpath = f"{tpath}.repeat"
    for key in _TIMING_REFUSED:
        if repeat.get(key) not in (None, [], ""):
            raise fail(f"{rpath}.{key}", f"cannot be checked: give frequency 1, period 1, periodUnit d and "
                                         f"count (the days); {_ONE_A_DAY}")
    times = repeat.get("timeOfDay") or []
    if len(times) > 1:
        raise fail(f"{rpath}.timeOfDay", f"{len(times)} times a day cannot be checked: {_ONE_A_DAY}")
    frequency = _whole(repeat.get("frequency", 1))
    if frequency is None or frequency < 1:
        raise fail(f"{rpath}.frequency", f"{repeat.get('frequency')!r} is not a whole number of doses")
    count = repeat.get("count")
    if count is not None and (_whole(count) is None or count < 1):
        raise fail(f"{rpath}.count", f"{count!r} is not a whole number of days")
    if "period" not in repeat and "periodUnit" not in repeat:
        if frequency != 1 or (count is not None and count != 1):
            doses = count if frequency == 1 else frequency
            raise fail(rpath, f"{doses} doses with no period cannot be checked: give frequency 1, period 1, "
                              f"periodUnit d and count (the days); {_ONE_A_DAY}")
        if "boundsDuration" in repeat:
            raise fail(f"{rpath}.boundsDuration", "needs frequency 1, period 1, periodUnit d")
        return 1
    unit, period = repeat.get("periodUnit"), _whole(repeat.get("period"))
    if unit != "d" or period is None or period < 1:
        raise fail(rpath, f"a dose every {repeat.get('period')} {unit} cannot be checked: give the period in "
                          f"whole days (periodUnit d); {_ONE_A_DAY}")
    if frequency != 1:
        raise fail(rpath, f"{frequency} doses {'a day' if period == 1 else f'every {period} days'} cannot be "
                          f"checked: {_ONE_A_DAY}")
    if period > 1:
        return 1  # one infusion day of a cycle repeated every `period` days
    days = _whole(count) if count is not None else None
    bounds = repeat.get("boundsDuration")
    if isinstance(bounds, Mapping):
        bounds_days = _whole(bounds.get("value"))
        if _unit(bounds) != "d" or bounds_days is None or bounds_days < 1:
            raise fail(f"{rpath}.boundsDuration", "give the number of days as a whole number in d (UCUM 'd')")
        if days is not None and days != bounds_days:
            raise fail(rpath, f"count {days} and boundsDuration {bounds_days} d disagree: give one")
        days = bounds_days
    if days is None:
        raise fail(f"{rpath}.count", "is missing: how many days the daily dose is given")
    return days


def _dosages(request: _Located, order: FhirOrder) -> None:
    dosages = request.resource.get("dosageInstruction") or []
    if not dosages:
        raise fail(f"{request.path}.dosageInstruction", "is missing: the dose per infusion day")
    sequences = [d.get("sequence") for d in dosages if isinstance(d.get("sequence"), int)]
    first = min(sequences) if sequences else None
    days = 0
    dose: tuple[float, str] | None = None
    by_day: list[float] = []  # one dose per infusion day, in the order's sequence
    rates: list[tuple[bool, float]] = []
    for index, dosage in enumerate(dosages):
        if first is not None and dosage.get("sequence") not in (first, None):
            continue  # a later phase: checked with its own order
        path = f"{request.path}.dosageInstruction[{index}]"
        count = _day_count(dosage, path)
        days += count
        ordered: tuple[float, str] | None = None
        untyped: tuple[float, str] | None = None
        for rate_index, item in enumerate(dosage.get("doseAndRate") or ()):
            item_path = f"{path}.doseAndRate[{rate_index}]"
            kind = _type_code(item)
            if "doseRange" in item:
                raise fail(f"{item_path}.doseRange", "a dose range cannot be checked; give the dose to give")
            quantity = item.get("doseQuantity")
            if isinstance(quantity, Mapping):
                grams = (_grams(quantity, f"{item_path}.doseQuantity"), f"{item_path}.doseQuantity")
                if kind == codes.ORDERED.code and ordered is None:
                    ordered = grams
                elif kind is None and untyped is None:
                    untyped = grams
            if "rateRatio" in item or "rateRange" in item:
                raise fail(f"{item_path}.rate[x]", "give the rate as rateQuantity in mL/h")
            rate = item.get("rateQuantity")
            if isinstance(rate, Mapping):
                rate_path = f"{item_path}.rateQuantity"
                if _unit(rate) not in (codes.UCUM_ML_PER_H, "ml/h"):
                    raise fail(f"{rate_path}.code", f"unit {_unit(rate)!r}: give the rate in mL/h (UCUM 'mL/h')")
                rates.append((kind != codes.CALCULATED.code, _number(rate, rate_path)))
        chosen = ordered or untyped
        if chosen is None:
            raise fail(f"{path}.doseAndRate", "has no dose to give: a doseQuantity in g, typed 'ordered' "
                                              "(http://terminology.hl7.org/CodeSystem/dose-rate-type) or untyped")
        if dose is None:
            dose = chosen
        by_day.extend([chosen[0]] * count)
    assert dose is not None
    uneven = any(abs(d - dose[0]) > 1e-9 for d in by_day)  # a course plan: checked day by day
    order.order_values["ordered_dose"] = by_day if uneven else dose[0]
    order.paths["ordered_dose"] = dose[1]
    order.order_values["ordered_days"] = days
    order.paths["ordered_days"] = f"{request.path}.dosageInstruction"
    if rates:
        chosen_rates = [value for as_ordered, value in rates if as_ordered] or [value for _, value in rates]
        order.order_values["ordered_rate"] = max(chosen_rates)
        order.paths["ordered_rate"] = f"{request.path}.dosageInstruction.doseAndRate.rateQuantity"


def _subject_resources(request: _Located, resources: list[_Located], resource_type: str) -> list[_Located]:
    subject = request.resource.get("subject")
    typed = [r for r in resources if r.resource.get("resourceType") == resource_type]
    if resource_type == "Patient":
        matched = [r for r in typed if _reference_matches(subject, r)]
        return matched or (typed if len(typed) == 1 else [])
    patients = _subject_resources(request, resources, "Patient")

    def about_patient(observation: _Located) -> bool:
        own = observation.resource.get("subject")
        return own is None or not patients or any(_reference_matches(own, p) for p in patients) or own == subject

    return [r for r in typed if about_patient(r)]


def _effective(resource: Mapping[str, Any]) -> str:
    for key in ("effectiveDateTime", "effectiveInstant", "issued"):
        value = resource.get(key)
        if isinstance(value, str):
            return value
    period = resource.get("effectivePeriod")
    return str(period.get("end") or period.get("start") or "") if isinstance(period, Mapping) else ""


def _observations(request: _Located, resources: list[_Located], order: FhirOrder) -> None:
    latest: dict[str, tuple[str, _Located]] = {}
    for observation in _subject_resources(request, resources, "Observation"):
        if observation.resource.get("status") in _IGNORED_STATUSES:
            continue
        for coding in _codings(observation.resource.get("code")):
            is_loinc = coding.get("system") == codes.LOINC
            name = codes.OBSERVATION_FIELDS.get(str(coding.get("code"))) if is_loinc else None
            if name is None:
                continue
            when = _effective(observation.resource)
            if name not in latest or when >= latest[name][0]:
                latest[name] = (when, observation)
            break
    for name, (_, observation) in latest.items():
        quantity = observation.resource.get("valueQuantity")
        path = f"{observation.path}.valueQuantity"
        if not isinstance(quantity, Mapping):
            raise fail(path, f"is missing: the {name.replace('_', ' ')} as a Quantity")
        unit = _unit(quantity)
        units = codes.UCUM_UNITS[name]
        if unit is None or unit not in units:
            raise fail(f"{path}.code", f"unit {unit!r} for {name}: expected one of {', '.join(units)} (UCUM)")
        order.values[name] = _number(quantity, path)
        order.paths[name] = path
        unit_field = codes.UNIT_FIELDS.get(name)
        if unit_field is not None:
            order.values[unit_field] = units[unit]
            order.paths[unit_field] = f"{path}.code"


def _age_from_birth_date(patient: _Located, request: _Located, order: FhirOrder) -> None:
    birth = patient.resource.get("birthDate")
    if not isinstance(birth, str) or "age" in order.values:
        return
    path = f"{patient.path}.birthDate"
    if len(birth) != 10:
        raise fail(path, f"{birth!r} is not a full date: the age needs the day of birth (or an Age observation)")
    try:
        born = date.fromisoformat(birth)
    except ValueError:
        raise fail(path, f"{birth!r} is not a date (YYYY-MM-DD)") from None
    authored = request.resource.get("authoredOn")
    when = datetime.now(tz=UTC).date()
    if isinstance(authored, str) and len(authored) >= 10:
        try:
            when = date.fromisoformat(authored[:10])
        except ValueError:
            raise fail(f"{request.path}.authoredOn", f"{authored!r} is not a date") from None
    completed = when.year - born.year - ((when.month, when.day) < (born.month, born.day))
    # Completed years, as a clinician states an age; under a year, the exact fraction (neonates: days).
    order.values["age"] = completed if completed >= 1 else round((when - born).days / DAYS_PER_YEAR, 4)
    order.paths["age"] = path


def _patient(request: _Located, resources: list[_Located], order: FhirOrder) -> None:
    patients = _subject_resources(request, resources, "Patient")
    if not patients:
        return
    patient = patients[0]
    gender = patient.resource.get("gender")
    path = f"{patient.path}.gender"
    if gender is not None and gender not in _ADMINISTRATIVE_GENDERS:
        raise fail(path, f"{gender!r} is not a FHIR administrative gender (male, female, other, unknown)")
    if gender in codes.GENDERS:  # other, unknown: sex not given (the dose is then on actual weight)
        order.values["sex"] = codes.GENDERS[str(gender)]
        order.paths["sex"] = path
    _age_from_birth_date(patient, request, order)


def _extension_inputs(request: _Located, order: FhirOrder) -> None:
    for index, extension in enumerate(request.resource.get("extension") or ()):
        if extension.get("url") != codes.INPUT_EXTENSION:
            continue
        for inner_index, inner in enumerate(extension.get("extension") or ()):
            path = f"{request.path}.extension[{index}].extension[{inner_index}]"
            name = inner.get("url")
            values = [value for key, value in inner.items() if key.startswith("value")]
            if not isinstance(name, str) or len(values) != 1:
                raise fail(path, "an ivigcalc input needs a url (the input's name) and one value[x]")
            order.values[name] = values[0]
            order.paths[name] = path


def read_order(document: object, *, where: str = "") -> FhirOrder:
    """The order and the patient facts of a FHIR MedicationRequest or Bundle (see the module docstring)."""
    valid = validate_document(document, where)
    resources = _located(valid, where)
    requests = [r for r in resources if r.resource.get("resourceType") == "MedicationRequest"]
    if not requests:
        raise fail(f"{where}Bundle.entry", "holds no MedicationRequest")
    if len(requests) > 1:
        requests = [r for r in requests if is_ivig_request(r.resource, resources)] or requests[:0]
        if len(requests) != 1:
            listed = ", ".join(r.path for r in requests) or "none is IVIG"
            raise fail(f"{where}Bundle.entry", f"needs exactly one IVIG MedicationRequest ({listed})")
    request = requests[0]
    order = FhirOrder(request_path=request.path)
    product = _product(request, resources)
    if product is not None:
        order.values["product"] = product
        order.paths["product"] = f"{request.path}.medication[x]"
    order.command = _command(request)
    _extension_inputs(request, order)
    _dosages(request, order)
    _observations(request, resources, order)
    _patient(request, resources, order)
    return order


def missing_weight(order: FhirOrder, document: Mapping[str, Any]) -> InputError:
    """The error when neither the document nor the command line gives the body weight."""
    if document.get("resourceType") == "Bundle":
        return fail("Bundle.entry", "has no body weight: an Observation coded LOINC 29463-7 (or give --weight)")
    return fail(order.request_path, "alone has no body weight: give --weight, or a Bundle with an Observation "
                                    "coded LOINC 29463-7")


def ivig_requests(bundle: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The IVIG MedicationRequests of a Bundle (the CDS Hooks service checks each)."""
    located = _located(bundle, "")
    return [r.resource for r in located if is_ivig_request(r.resource, located)]
