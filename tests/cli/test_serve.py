"""`ivigcalc serve`: a real server process on 127.0.0.1 and a free port, real HTTP requests, bounded
waits; the process is always stopped. The discovery and order-sign answers are checked against the
CDS Hooks shapes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from ivigcalc.cli import app
from ivigcalc.knowledge import terminology as codes

STARTUP_SECONDS = 30
REQUEST_SECONDS = 30
INDICATORS = {"info", "warning", "critical"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _call(base: str, path: str, body: object | None = None, raw: bytes | None = None) -> tuple[int, Any]:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(base + path, data=data, method="GET" if data is None else "POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "ivigcalc", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                _call(base, "/cds-services")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer in time")
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _order_sign(draft: list[dict[str, Any]], prefetch: dict[str, Any]) -> dict[str, Any]:
    return {
        "hook": "order-sign", "hookInstance": str(uuid.uuid4()), "fhirServer": "https://ehr.example/fhir",
        "context": {"userId": "Practitioner/example", "patientId": "p1",
                    "draftOrders": {"resourceType": "Bundle", "type": "collection",
                                    "entry": [{"resource": r} for r in draft]}},
        "prefetch": prefetch,
    }


def _patient_and_observations() -> dict[str, Any]:
    def observation(code: str, value: float, unit: str) -> dict[str, Any]:
        return {"resourceType": "Observation", "id": f"o{code[:3]}", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2026-01-01",
                "valueQuantity": {"value": value, "unit": unit, "system": codes.UCUM, "code": unit}}

    def search(resource: dict[str, Any]) -> dict[str, Any]:
        return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": resource}]}

    return {
        "patient": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1955-06-01"},
        "weight": search(observation("29463-7", 100, "kg")),
        "height": search(observation("8302-2", 175, "cm")),
        "platelets": search(observation("777-3", 18, "10*9/L")),
    }


def _ivig_order(dose_g: float, days: int, rate: float | None = None) -> dict[str, Any]:
    dose: dict[str, Any] = {"doseQuantity": {"value": dose_g, "unit": "g", "system": codes.UCUM, "code": "g"}}
    if rate is not None:
        dose["rateQuantity"] = {"value": rate, "unit": "mL/h", "system": codes.UCUM, "code": "mL/h"}
    return {"resourceType": "MedicationRequest", "status": "draft", "intent": "order",
            "medicationCodeableConcept": {"coding": [{"system": codes.ATC, "code": "J06BA02"}],
                                          "text": "Gamunex-C 10%"},
            "subject": {"reference": "Patient/p1"}, "authoredOn": "2026-01-01",
            "reasonCode": [{"coding": [{"system": codes.SNOMED, "code": "128091003"}]}],
            "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d",
                                                          "count": days}}, "doseAndRate": [dose]}]}


def _assert_card_shape(card: dict[str, Any]) -> None:
    assert set(card) <= {"uuid", "summary", "detail", "indicator", "source", "suggestions", "links",
                         "selectionBehavior", "overrideReasons"}
    assert isinstance(card["summary"], str) and 0 < len(card["summary"]) < 140
    assert card["indicator"] in INDICATORS
    assert isinstance(card["source"]["label"], str) and card["source"]["label"].startswith("ivigcalc ")
    uuid.UUID(card["uuid"])
    assert isinstance(card["detail"], str)


def test_discovery(server: tuple[str, Any]) -> None:
    status, body = _call(server[0], "/cds-services")
    assert status == 200
    (service,) = body["services"]
    assert {"hook", "id", "description"} <= set(service)
    assert service["hook"] == "order-sign"
    assert all(isinstance(template, str) and "{{context.patientId}}" in template
               for template in service["prefetch"].values())


def test_order_sign_flags_a_wrong_order(server: tuple[str, Any]) -> None:
    prefetch = _patient_and_observations()
    status, body = _call(server[0], "/cds-services/ivigcalc-ivig-order-check",
                         _order_sign([_ivig_order(100, 2, 400)], prefetch))
    assert status == 200
    assert set(body) == {"cards"}
    for card in body["cards"]:
        _assert_card_shape(card)
    by_code = {card["source"]["topic"]["code"]: card["indicator"] for card in body["cards"]}
    assert by_code["dose-deviation"] == by_code["weight-basis"] == "warning"
    assert by_code["rate-above-label"] == by_code["rate-above-at-risk"] == "critical"
    assert by_code["label-dose"] == "info"


def test_order_sign_ignores_other_drugs_and_cards_a_correct_order_as_info_only(server: tuple[str, Any]) -> None:
    other = {"resourceType": "MedicationRequest", "status": "draft", "intent": "order",
             "medicationCodeableConcept": {"text": "Paracetamol 1 g"}, "subject": {"reference": "Patient/p1"}}
    status, body = _call(server[0], "/cds-services/ivigcalc-ivig-order-check",
                         _order_sign([other], _patient_and_observations()))
    assert (status, body) == (200, {"cards": []})
    status, body = _call(server[0], "/cds-services/ivigcalc-ivig-order-check",
                         _order_sign([_ivig_order(82.5, 1)], _patient_and_observations()))
    assert status == 200
    assert {card["indicator"] for card in body["cards"]} <= {"info"}


def test_order_sign_that_cannot_check_says_why(server: tuple[str, Any]) -> None:
    order = _ivig_order(82.5, 1)
    del order["reasonCode"]
    status, body = _call(server[0], "/cds-services/ivigcalc-ivig-order-check",
                         _order_sign([order], _patient_and_observations()))
    assert status == 200
    (card,) = body["cards"]
    _assert_card_shape(card)
    assert card["indicator"] == "warning" and "reasonCode" in card["detail"]


@pytest.mark.parametrize(("path", "body", "status", "field"), [
    ("/cds-services/ivigcalc-ivig-order-check", {"hook": "patient-view"}, 400, "hook"),
    ("/cds-services/nonesuch", {}, 404, None),
    ("/calculate/itp", {"weight": 800, "platelets": 18}, 400, "weight"),
    ("/calculate/itp", {"weight": 70, "platelets": 18, "scenario": "caps"}, 400, "scenario"),
    ("/calculate/aps", [1, 2], 400, None),
])
def test_invalid_requests(server: tuple[str, Any], path: str, body: object, status: int, field: str | None) -> None:
    got, answer = _call(server[0], path, body)
    assert got == status
    assert answer["error"]["field"] == field and answer["error"]["message"]


def test_not_json_and_too_large(server: tuple[str, Any]) -> None:
    import http.client

    assert _call(server[0], "/calculate/itp", raw=b"{weight")[0] == 400
    host, port = server[0].removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=REQUEST_SECONDS)
    try:  # declared too large: refused before the body is read
        connection.putrequest("POST", "/calculate/itp")
        connection.putheader("Content-Length", str((1 << 20) + 1))
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_calculate_returns_the_json_result(server: tuple[str, Any]) -> None:
    inputs = {"weight": 70, "platelets": 18, "bleeding": "active"}
    status, body = _call(server[0], "/calculate/itp", inputs)
    assert status == 200
    expected = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active",
                                        "--json"]).stdout
    body["audit"].pop("timestamp")
    wanted = json.loads(expected)
    wanted["audit"].pop("timestamp")  # the server runs on the real clock
    assert body == wanted
    status, body = _call(server[0], "/calculate/aps", {"weight": 65, "scenario": "caps"})
    assert status == 200 and body["status"] == "indicated"


# ------------------------------------------------------------------------------------------ orders it cannot read


def _sign(draft: list[Any], prefetch: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    from ivigcalc.formats.cds_hooks import order_sign

    request = _order_sign(draft, _patient_and_observations() if prefetch is None else prefetch)
    cards: list[dict[str, Any]] = order_sign(request)["cards"]
    for card in cards:
        _assert_card_shape(card)
    return cards


@pytest.mark.parametrize(("resource_type", "reason"), [
    (None, "is missing"), ("", "is empty"), (7, "is 7, not a string"), ("Foo", "'Foo', not a FHIR R4B resource")])
def test_a_draft_order_with_a_bad_resource_type_is_a_card_not_silence(resource_type: object, reason: str) -> None:
    order: dict[str, Any] = _ivig_order(100, 2, 400)
    order["resourceType"] = resource_type
    (card,) = _sign([order])  # was {"cards": []}: the IVIG order went unchecked, silently
    assert card["indicator"] == "warning" and "could not be checked" in card["summary"]
    assert card["detail"].startswith("context.draftOrders.entry[0].resource.resourceType: ")
    assert reason in card["detail"]
    del order["resourceType"]
    (card,) = _sign([order])
    assert "is missing" in card["detail"]


@pytest.mark.parametrize("repeat", [
    {"frequency": 1, "period": 12, "periodUnit": "h", "count": 2},
    {"frequency": 2, "period": 1, "periodUnit": "d", "count": 2},
])
def test_a_draft_order_of_more_than_one_dose_a_day_is_not_passed(repeat: dict[str, Any]) -> None:
    order = _ivig_order(41.25, 2)
    order["dosageInstruction"][0]["timing"]["repeat"] = repeat
    (card,) = _sign([order])
    assert card["indicator"] == "warning" and card["source"]["topic"]["code"] == "not-checked"
    assert "could not be checked" in card["summary"] and "timing.repeat" in card["detail"]
    assert "one infusion a day" in card["detail"]


def test_a_draft_order_with_an_invalid_patient_gender_is_not_passed() -> None:
    prefetch = _patient_and_observations()
    prefetch["patient"]["gender"] = "xxxx"
    (card,) = _sign([_ivig_order(82.5, 1)], prefetch)
    assert card["source"]["topic"]["code"] == "not-checked" and ".gender" in card["detail"]


@pytest.mark.parametrize(("prefetch", "field"), [
    ({"patient": {"id": "p1", "gender": "male"}}, "prefetch.patient.resourceType"),
    ({"patient": {"resourceType": "patient", "id": "p1"}}, "prefetch.patient.resourceType"),
    ({"weight": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {"resourceType": None}}]}},
     "prefetch.weight.entry[0].resource.resourceType"),
    ({"weight": {"resourceType": "Bundle", "type": "searchset", "entry": [{"search": {}}]}},
     "prefetch.weight.entry[0].resource"),
    ({"patient": "Patient/p1"}, "prefetch.patient"),
])
def test_malformed_prefetch_is_a_400(server: tuple[str, Any], prefetch: dict[str, Any], field: str) -> None:
    status, body = _call(server[0], "/cds-services/ivigcalc-ivig-order-check",
                         _order_sign([_ivig_order(82.5, 1)], {**_patient_and_observations(), **prefetch}))
    assert status == 400, body
    assert body["error"]["field"] == field and body["error"]["message"]


def test_a_prefetch_not_fetched_is_null() -> None:
    prefetch = {**_patient_and_observations(), "height": None}
    assert {card["indicator"] for card in _sign([_ivig_order(82.5, 1)], prefetch)} <= {"info", "warning"}


def test_no_patient_data_is_logged(server: tuple[str, Any]) -> None:
    """Nothing but the start-up line: no access log, no bodies, no error texts."""
    base, process = server
    _call(base, "/calculate/itp", {"weight": 123.45, "platelets": 18})
    _call(base, "/calculate/itp", {"weight": 987.65, "platelets": 18})
    process.terminate()
    _, err = process.communicate(timeout=10)
    text = err.decode()
    assert "123.45" not in text and "987.65" not in text
    assert [line for line in text.splitlines() if line.strip()] == [
        f"ivigcalc: serve: {base}/cds-services (Ctrl-C stops)"]


def test_beyond_loopback_is_said() -> None:
    from ivigcalc.cli.serve import _is_loopback

    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("10.1.2.3")

