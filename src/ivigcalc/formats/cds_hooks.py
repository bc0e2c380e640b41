"""The CDS Hooks service, as plain JSON in and out (no web framework here; cli/serve.py serves it).

- `discovery()`: the answer to GET /cds-services, one service on the `order-sign` hook, with prefetch
  templates for the Patient and the latest body weight, height and platelet count.
- `order_sign(request)`: the answer to POST /cds-services/{id}: every IVIG MedicationRequest among the
  draft orders is checked as `ivigcalc check --order` checks it (the draft order with the prefetched
  Patient and Observations), and each finding becomes a card: indicator `critical`, `warning` or `info`
  (knowledge/terminology.py), the summary (under 140 characters), the detail with its sources, and the
  source (ivigcalc and its version). A PASS with no notes gives no card, as CDS Hooks asks; an order that
  cannot be checked (indication not coded, weight missing, ...) gives one warning card saying why.

Input is validated like every other input; a request that is not a CDS Hooks order-sign call raises
InputError (the server answers 400). Nothing here logs.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from ivigcalc._version import __version__
from ivigcalc.errors import InputError
from ivigcalc.knowledge import terminology as codes
from ivigcalc.pharmacy.check import CheckResult, Finding

SERVICE_ID: Final = "ivigcalc-ivig-order-check"
HOOK: Final = "order-sign"
SUMMARY_MAX: Final = 139  # CDS Hooks: "<140 characters"
_NAMESPACE: Final = uuid.UUID("0b7c3e52-1c1f-5d5e-9a51-3f0f5a6c2d17")


def _search(code: codes.Code) -> str:
    return (f"Observation?patient={{{{context.patientId}}}}&code={code.system}|{code.code}"
            "&_sort=-date&_count=1")


def discovery() -> dict[str, Any]:
    return {"services": [{
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": "ivigcalc IVIG order check",
        "description": ("Checks an IVIG order for immune thrombocytopenia (ITP) or antiphospholipid syndrome "
                        "(APS) against the calculated dose: weight basis, dose, days and infusion rate. The "
                        "order's reasonCode must code the indication (SNOMED CT or ICD-10-CM)."),
        "prefetch": {
            "patient": "Patient/{{context.patientId}}",
            "weight": _search(codes.WEIGHT),
            "height": _search(codes.HEIGHT),
            "platelets": _search(codes.PLATELETS),
        },
    }]}


def _source() -> dict[str, Any]:
    return {"label": f"ivigcalc {__version__}"}


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def _card(instance: str, index: int, summary: str, detail: str, indicator: str, code: str) -> dict[str, Any]:
    source = _source()
    source["topic"] = {"system": codes.FINDING_SYSTEM, "code": code}
    return {
        "uuid": str(uuid.uuid5(_NAMESPACE, f"{instance}|{index}|{code}")),
        "summary": _summary(summary), "detail": detail, "indicator": indicator, "source": source,
    }


def _finding_detail(outcome: CheckResult, finding: Finding) -> str:
    labels = {reference.id: reference.label for reference in outcome.expected.references}
    from ivigcalc.knowledge.references import REFERENCES

    cited = "; ".join(labels.get(r) or (REFERENCES[r].label if r in REFERENCES else r) for r in finding.references)
    detail = finding.message + (f"\n\nSources: {cited}." if cited else "")
    return detail + f"\n\nCalculated: {outcome.expected.regimen.name}." if outcome.expected.regimen else detail


def cards_for(outcome: CheckResult, instance: str, start: int = 0) -> list[dict[str, Any]]:
    """One card per finding (critical or warning) and per note (info)."""
    cards = []
    for offset, finding in enumerate(outcome.findings):
        summary = codes.CARD_SUMMARIES.get(finding.code, finding.message)
        indicator = codes.FINDING_INDICATORS.get(finding.code, "warning")
        cards.append(_card(instance, start + offset, summary, _finding_detail(outcome, finding), indicator,
                           finding.code))
    for offset, note in enumerate(outcome.notes, start=len(cards)):
        cards.append(_card(instance, start + offset, note.message, _finding_detail(outcome, note), "info", note.code))
    return cards


def _resources(value: object) -> list[Mapping[str, Any]]:
    """A prefetched resource, or the resources of a prefetched search Bundle."""
    if not isinstance(value, Mapping):
        return []
    if value.get("resourceType") == "Bundle":
        return [item["resource"] for item in value.get("entry") or ()
                if isinstance(item, Mapping) and isinstance(item.get("resource"), Mapping)]
    return [value] if isinstance(value.get("resourceType"), str) else []


def _check_prefetched(value: object, path: str, problem_of: Any) -> None:
    """A prefetched resource or search Bundle, each resource naming a FHIR resourceType (null: not fetched)."""
    if value is None:
        return
    if not isinstance(value, Mapping):
        raise InputError(path, None, "is not a FHIR resource (a JSON object) or null")
    problem = problem_of(value)
    if problem is not None:
        raise InputError(f"{path}.resourceType", None, problem)
    if value.get("resourceType") != "Bundle":
        return
    entries = value.get("entry") or []
    if not isinstance(entries, list):
        raise InputError(f"{path}.entry", None, "is not a list")
    for index, item in enumerate(entries):
        resource = item.get("resource") if isinstance(item, Mapping) else None
        if not isinstance(resource, Mapping):
            raise InputError(f"{path}.entry[{index}].resource", None, "is missing (a FHIR resource)")
        problem = problem_of(resource)
        if problem is not None:
            raise InputError(f"{path}.entry[{index}].resource.resourceType", None, problem)


def _unreadable_drafts(draft: Mapping[str, Any], problem_of: Any) -> list[tuple[str, str]]:
    """(path, reason) of each draft order entry that is not a resource with a known resourceType."""
    entries = draft.get("entry") or []
    if not isinstance(entries, list):
        raise InputError("context.draftOrders.entry", None, "is not a list")
    found = []
    for index, item in enumerate(entries):
        path = f"context.draftOrders.entry[{index}].resource"
        resource = item.get("resource") if isinstance(item, Mapping) else None
        if not isinstance(resource, Mapping):
            found.append((path, "is missing (a FHIR resource)"))
            continue
        problem = problem_of(resource)
        if problem is not None:
            found.append((f"{path}.resourceType", f"the resourceType {problem}"))
    return found


def _check(request: Mapping[str, Any], others: list[Mapping[str, Any]]) -> CheckResult:
    from ivigcalc.api.check import check_from_mapping
    from ivigcalc.formats.fhir_read import fail, missing_weight, read_order

    document = {"resourceType": "Bundle", "type": "collection",
                "entry": [{"resource": request}, *({"resource": r} for r in others)]}
    order = read_order(document)
    if order.command is None:
        raise fail(f"{order.request_path}.reasonCode", "does not code ITP or APS (SNOMED CT 128091003 or 26843008, "
                                                       "ICD-10-CM D69.3 or D68.61): the order cannot be checked")
    if "weight" not in order.values:
        raise missing_weight(order, document)
    return check_from_mapping("itp" if order.command == "itp" else "aps", order.values, order.order_values)


def order_sign(request: object) -> dict[str, Any]:
    """The cards for one order-sign call (see the module docstring)."""
    if not isinstance(request, Mapping):
        raise InputError(None, None, "the request body is not a JSON object (a CDS Hooks request)")
    if request.get("hook") != HOOK:
        raise InputError("hook", request.get("hook"), f"this service answers the {HOOK} hook")
    instance = request.get("hookInstance")
    if not isinstance(instance, str) or not instance:
        raise InputError("hookInstance", instance, "is required (a UUID)")
    context = request.get("context")
    if not isinstance(context, Mapping):
        raise InputError("context", None, "is required: userId, patientId and draftOrders")
    draft = context.get("draftOrders")
    if not isinstance(draft, Mapping) or draft.get("resourceType") != "Bundle":
        raise InputError("context.draftOrders", None, "is required: a FHIR Bundle of the orders being signed")
    if not isinstance(context.get("patientId"), str):
        raise InputError("context.patientId", None, "is required")
    prefetch = request.get("prefetch")
    if prefetch is None:
        prefetch = {}
    if not isinstance(prefetch, Mapping):
        raise InputError("prefetch", None, "is not a JSON object of prefetched resources")
    from ivigcalc.formats.fhir import require_fhir_resources
    from ivigcalc.formats.fhir_read import ivig_requests, resource_type_problem

    require_fhir_resources()
    for key, value in prefetch.items():
        _check_prefetched(value, f"prefetch.{key}", resource_type_problem)
    others = [r for value in prefetch.values() for r in _resources(value)]

    cards: list[dict[str, Any]] = []
    unreadable = _unreadable_drafts(draft, resource_type_problem)
    for path, reason in unreadable:  # perhaps an IVIG order: never silently unchecked
        cards.append(_card(instance, len(cards), f"A draft order could not be checked by ivigcalc: {reason}",
                           f"{path}: {reason}", "warning", "not-checked"))
    in_draft = [r for r in _resources(draft) if resource_type_problem(r) is None]
    readable = {**draft, "entry": [item for item in draft.get("entry") or ()
                                   if isinstance(item, Mapping) and isinstance(item.get("resource"), Mapping)
                                   and resource_type_problem(item["resource"]) is None]}
    for order in ivig_requests(readable):
        context_resources = [r for r in in_draft if r is not order and r.get("resourceType") != "MedicationRequest"]
        try:
            outcome = _check(order, [*context_resources, *others])
        except InputError as error:
            cards.append(_card(instance, len(cards), f"IVIG order could not be checked by ivigcalc: {error.message}",
                               error.describe(""), "warning", "not-checked"))
            continue
        cards += cards_for(outcome, instance, start=len(cards))
    return {"cards": cards}
