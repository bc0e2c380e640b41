"""FHIR R4B out (`--output-format fhir`, batch) and in (`check --order`): every resource validates with
fhir.resources, a result read back as an order passes, and hand-written orders get the option form's
findings."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from typer.testing import CliRunner

import ivigcalc
from ivigcalc.cli import app
from ivigcalc.formats import fhir
from ivigcalc.knowledge import terminology as codes
from ivigcalc.knowledge.limits import HARD_MAX_G_PER_KG_PER_DAY

RUNNER = CliRunner()
UCUM = "http://unitsofmeasure.org"

# (command, options): a spread of decision paths, products, rounding modes and phases.
CASES: list[tuple[str, list[str]]] = [
    ("itp", ["--weight", "70", "--platelets", "18", "--bleeding", "active", "--age", "40"]),
    ("itp", ["--weight", "100", "--height", "175", "--sex", "male", "--age", "70", "--platelets", "18",
             "--bleeding", "active", "--product", "gamunex-c"]),
    ("itp", ["--weight", "100", "--height", "175", "--sex", "male", "--age", "50", "--platelets", "8",
             "--bleeding", "life-threatening", "--product", "privigen"]),
    ("itp", ["--weight", "154", "--weight-unit", "lb", "--height", "65", "--height-unit", "in", "--sex", "female",
             "--platelets", "15000", "--platelet-unit", "/uL", "--rapid-rise", "--product", "octagam 10%"]),
    ("itp", ["--weight", "70", "--platelets", "10", "--regimen", "five-day", "--round", "none"]),
    ("itp", ["--weight", "20", "--age", "6", "--platelets", "5", "--bleeding", "active"]),
    ("itp", ["--weight", "3.5", "--population", "neonate", "--cause", "maternal-itp", "--platelets", "20"]),
    ("itp", ["--weight", "70", "--age", "40", "--platelets", "60"]),  # not indicated
    ("aps", ["--weight", "65", "--scenario", "caps"]),
    ("aps", ["--weight", "65", "--scenario", "caps", "--product", "panzyga", "--egfr", "45"]),
    ("aps", ["--weight", "72", "--scenario", "obstetric", "--failed-standard-therapy", "--sex", "female",
             "--pregnant", "--pre-pregnancy-weight", "64", "--blood-group", "A"]),
    ("aps", ["--weight", "80", "--scenario", "thrombosis", "--anticoagulated", "--protocol", "intensive"]),
    ("aps", ["--weight", "65", "--scenario", "thrombosis", "--inr", "1.8"]),  # not indicated
]


def _fhir(command: str, options: list[str]) -> dict[str, Any]:
    result = RUNNER.invoke(app, [command, *options, "--output-format", "fhir"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _resources(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [item["resource"] for item in document["entry"] if item["resource"]["resourceType"] == kind]


def _request(document: dict[str, Any]) -> dict[str, Any]:
    (request,) = _resources(document, "MedicationRequest")
    return request


def _result(command: str, options: list[str]) -> dict[str, Any]:
    result = RUNNER.invoke(app, [command, *options, "--json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(("command", "options"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_every_resource_validates(command: str, options: list[str]) -> None:
    document = _fhir(command, options)
    get_fhir_model_class("Bundle").model_validate(document)
    for item in document["entry"]:  # and each on its own
        get_fhir_model_class(item["resource"]["resourceType"]).model_validate(item["resource"])
        assert item["fullUrl"].startswith("urn:uuid:")
    assert document["type"] == "collection"


@pytest.mark.parametrize(("command", "options"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_bundle_carries_the_result(command: str, options: list[str]) -> None:
    document = _fhir(command, options)
    expected = _result(command, options)
    issues = _resources(document, "DetectedIssue")
    warning_codes = [i["code"]["coding"][0]["code"] for i in issues if i["code"]["coding"][0]["system"]
                     == codes.WARNING_SYSTEM]
    assert warning_codes == [w["code"] for w in expected["warnings"]]
    assert document["timestamp"] == expected["audit"]["timestamp"]
    if expected["regimen"] is None:
        assert _resources(document, "MedicationRequest") == []
        assert any(i["code"]["coding"][0]["code"] == "not-indicated" for i in issues)
        return
    request = _request(document)
    reason = request["reasonCode"][0]["coding"]
    assert {(c["system"], c["code"]) for c in reason} == {(c.system, c.code) for c in codes.INDICATIONS[command]}
    medication = request["medicationCodeableConcept"]["coding"]
    assert (codes.ATC, "J06BA02") in {(c["system"], c["code"]) for c in medication}
    if expected["product"] is not None:
        assert medication[0] == {"system": codes.PRODUCT_SYSTEM, "code": expected["product"]["id"],
                                 "display": expected["product"]["name"]}
    infusions = [(number, infusion) for number, phase in enumerate(expected["regimen"]["phases"], start=1)
                 for infusion in phase["infusions"]]
    assert len(request["dosageInstruction"]) == len(infusions)
    kg = expected["dosing_weight"]["kg"]
    for dosage, (number, infusion) in zip(request["dosageInstruction"], infusions, strict=True):
        assert dosage["sequence"] == number
        doses = {item["type"]["coding"][0]["code"]: item["doseQuantity"] for item in dosage["doseAndRate"]
                 if "doseQuantity" in item}
        assert doses["calculated"] == {"value": infusion["dose_g"], "unit": "g", "system": UCUM, "code": "g"}
        to_give = infusion["dose_g_rounded"] if infusion["dose_g_rounded"] is not None else infusion["dose_g"]
        assert doses["ordered"]["value"] == to_give
        rates = [item["rateQuantity"] for item in dosage["doseAndRate"] if "rateQuantity" in item]
        schedule = infusion["infusion_schedule"]
        if schedule is None:
            assert rates == []
        else:
            assert [r["code"] for r in rates] == ["mL/h"] * len(schedule["steps"])
            for rate, step in zip(rates, schedule["steps"], strict=True):
                assert step["rate_ml_per_h"] - 0.01 < rate["value"] <= step["rate_ml_per_h"]  # rounded down
        assert dosage["maxDosePerAdministration"]["value"] == round(HARD_MAX_G_PER_KG_PER_DAY * kg, 2)
    audit = {e["url"]: e["valueString"] for ext in request["extension"] if ext["url"] == codes.AUDIT_EXTENSION
             for e in ext["extension"]}
    assert audit == {name: str(value) for name, value in expected["audit"].items()}


def test_same_inputs_same_bundle() -> None:
    options = ["--weight", "70", "--platelets", "18"]
    assert _fhir("itp", options) == _fhir("itp", options)


# ------------------------------------------------------------------------------------------ round trip


def _check(command: str, arguments: list[str], stdin: str | None = None) -> Any:
    return RUNNER.invoke(app, ["check", command, *arguments, "--json"], input=stdin)


INDICATED = [case for case in CASES if "60" not in case[1] and "1.8" not in case[1]]


@pytest.mark.parametrize(("command", "options"), INDICATED, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_round_trip_passes(command: str, options: list[str], tmp_path: Path) -> None:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(_fhir(command, options)), encoding="utf-8")
    checked = _check(command, ["--order", str(order)])
    outcome = json.loads(checked.stdout)
    assert checked.exit_code == 0, (outcome["findings"], checked.stderr)
    assert outcome["verdict"] == "PASS"
    # The order was checked against the same calculation: the same inputs, so the same hash.
    assert outcome["expected"]["audit"]["inputs_sha256"] == _result(command, options)["audit"]["inputs_sha256"] \
        or "lb" in options or "in" in options or "/uL" in options  # units are normalised in FHIR


def test_round_trip_from_stdin() -> None:
    document = _fhir("aps", ["--weight", "65", "--scenario", "caps"])
    checked = _check("aps", ["--order", "-"], stdin=json.dumps(document))
    assert checked.exit_code == 0 and json.loads(checked.stdout)["verdict"] == "PASS"


# ------------------------------------------------------------------------------------------ hand-written orders

PATIENT = ["--weight", "100", "--height", "175", "--sex", "male", "--age", "70", "--platelets", "18",
           "--bleeding", "active"]


def _hand_written(dose_g: float, days: int, rate: float | None = None, product: str | None = "Gamunex-C 10%",
                  weight_kg: float = 100) -> dict[str, Any]:
    """An order as an EHR writes it: a daily dose for N days, LOINC observations, no ivigcalc extension."""
    dose_and_rate: dict[str, Any] = {"doseQuantity": {"value": dose_g, "unit": "g", "system": UCUM, "code": "g"}}
    if rate is not None:
        dose_and_rate["rateQuantity"] = {"value": rate, "unit": "mL/h", "system": UCUM, "code": "mL/h"}
    medication: dict[str, Any] = {"coding": [{"system": codes.ATC, "code": "J06BA02"}]}
    if product is not None:
        medication["text"] = product

    def observation(code: str, value: float, unit: str) -> dict[str, Any]:
        return {"fullUrl": f"urn:uuid:00000000-0000-4000-8000-00000000{code[:4].replace('-', '0')}",
                "resource": {"resourceType": "Observation", "status": "final",
                             "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                             "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2026-01-01T08:00:00Z",
                             "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}}}

    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001", "resource": {
            "resourceType": "MedicationRequest", "status": "draft", "intent": "order",
            "medicationCodeableConcept": medication, "subject": {"reference": "Patient/p1"},
            "authoredOn": "2026-01-01",
            "reasonCode": [{"coding": [{"system": codes.ICD10CM, "code": "D69.3"}]}],
            "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d",
                                                          "count": days}},
                                   "doseAndRate": [dose_and_rate]}]}},
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002",
         "resource": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1955-06-01"}},
        observation("29463-7", weight_kg, "kg"), observation("8302-2", 175, "cm"),
        observation("777-3", 18, "10*9/L"),
    ]}


@pytest.mark.parametrize(("dose", "days", "rate", "expected_codes"), [
    (82.5, 1, None, []),  # as calculated
    (100, 1, None, ["dose-deviation", "weight-basis"]),  # on actual weight
    (60, 1, None, ["dose-deviation"]),  # wrong by dose
    (82.5, 3, None, ["days-mismatch"]),  # wrong by days
    (82.5, 1, 400, ["rate-above-label", "rate-above-at-risk"]),  # wrong by rate
    (100, 2, 400, ["dose-deviation", "weight-basis", "rate-above-label", "rate-above-at-risk"]),
])
def test_hand_written_order_gets_the_option_forms_findings(dose: float, days: int, rate: float | None,
                                                           expected_codes: list[str], tmp_path: Path) -> None:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(_hand_written(dose, days, rate)), encoding="utf-8")
    from_fhir = _check("itp", ["--order", str(order), "--bleeding", "active"])
    option_form = ["--ordered-dose", str(dose), "--ordered-days", str(days), "--product", "gamunex-c"]
    if rate is not None:
        option_form += ["--ordered-rate", str(rate)]
    from_options = _check("itp", [*PATIENT, *option_form])
    fhir_outcome, option_outcome = json.loads(from_fhir.stdout), json.loads(from_options.stdout)
    assert from_fhir.exit_code == from_options.exit_code == (3 if expected_codes else 0)
    assert [f["code"] for f in fhir_outcome["findings"]] == expected_codes
    assert fhir_outcome["findings"] == option_outcome["findings"]
    assert fhir_outcome["notes"] == option_outcome["notes"]
    assert fhir_outcome["comparisons"] == option_outcome["comparisons"]


def test_age_comes_from_birth_date_at_the_order_date(tmp_path: Path) -> None:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(_hand_written(82.5, 1)), encoding="utf-8")
    outcome = json.loads(_check("itp", ["--order", str(order), "--bleeding", "active"]).stdout)
    assert outcome["expected"]["inputs"]["age_years"] == 70  # completed years on 2026-01-01


def test_pounds_and_per_microlitre_observations(tmp_path: Path) -> None:
    document = _hand_written(82.5, 1)
    weight = document["entry"][2]["resource"]["valueQuantity"]
    weight.update(value=220.462, unit="[lb_av]", code="[lb_av]")
    platelets = document["entry"][4]["resource"]["valueQuantity"]
    platelets.update(value=18000, unit="/uL", code="/uL")
    order = tmp_path / "order.json"
    order.write_text(json.dumps(document), encoding="utf-8")
    outcome = json.loads(_check("itp", ["--order", str(order), "--bleeding", "active"]).stdout)
    assert outcome["expected"]["inputs"]["weight_unit"] == "lb"
    assert outcome["expected"]["inputs"]["platelets_10e9_per_l"] == 18.0
    assert outcome["verdict"] == "PASS"


def test_a_medication_request_alone_takes_the_patient_from_options(tmp_path: Path) -> None:
    request = _hand_written(82.5, 1)["entry"][0]["resource"]
    order = tmp_path / "order.json"
    order.write_text(json.dumps(request), encoding="utf-8")
    checked = _check("itp", ["--order", str(order), *PATIENT])
    assert checked.exit_code == 0, checked.stderr


# ------------------------------------------------------------------------------------------ errors


def _error(document: object, *arguments: str, command: str = "itp", tmp_path: Path) -> str:
    order = tmp_path / "order.json"
    order.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    checked = RUNNER.invoke(app, ["check", command, "--order", str(order), *arguments])
    assert checked.exit_code == 2, checked.stdout
    assert checked.stdout == ""
    assert checked.stderr.count("\n") == 1
    message: str = checked.stderr
    return message


def _without_dose(document: dict[str, Any]) -> dict[str, Any]:
    document["entry"][0]["resource"]["dosageInstruction"][0]["doseAndRate"] = []
    return document


def _with_unit(document: dict[str, Any]) -> dict[str, Any]:
    document["entry"][0]["resource"]["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["code"] = "g/kg"
    return document


def _bad_decimal(document: dict[str, Any]) -> dict[str, Any]:
    document["entry"][2]["resource"]["valueQuantity"]["value"] = "heavy"
    return document


def _no_weight(document: dict[str, Any]) -> dict[str, Any]:
    del document["entry"][2]
    return document


def _aps_reason(document: dict[str, Any]) -> dict[str, Any]:
    document["entry"][0]["resource"]["reasonCode"] = [{"coding": [{"system": codes.SNOMED, "code": "26843008"}]}]
    return document


def _weight_in_stone(document: dict[str, Any]) -> dict[str, Any]:
    document["entry"][2]["resource"]["valueQuantity"].update(unit="[stone_av]", code="[stone_av]")
    return document


@pytest.mark.parametrize(("change", "expected"), [
    (_without_dose, "--order: Bundle.entry[0].resource.dosageInstruction[0].doseAndRate: has no dose to give"),
    (_with_unit, "--order: Bundle.entry[0].resource.dosageInstruction[0].doseAndRate[0].doseQuantity.code: "
                 "unit 'g/kg'"),
    (_bad_decimal, "--order: Bundle.entry[2].resource.valueQuantity.value:"),
    (_no_weight, "--order: Bundle.entry: has no body weight"),
    (_aps_reason, "--order: Bundle.entry[0].resource.reasonCode: codes APS, not ITP"),
    (_weight_in_stone, "--order: Bundle.entry[2].resource.valueQuantity.code: unit '[stone_av]' for weight"),
])
def test_a_bad_order_is_one_error_naming_the_fhir_path(change: Any, expected: str, tmp_path: Path) -> None:
    message = _error(change(_hand_written(82.5, 1)), "--bleeding", "active", tmp_path=tmp_path)
    assert message.startswith(f"ivigcalc: error: {expected}"), message


@pytest.mark.parametrize(("document", "expected"), [
    ("{not json", "--order '"),
    ('{"resourceType": "Patient"}', "resourceType: is 'Patient'; expected MedicationRequest or Bundle"),
    ("[]", "(document): is not a JSON object"),
])
def test_unreadable_documents(document: str, expected: str, tmp_path: Path) -> None:
    assert expected in _error(document, tmp_path=tmp_path)


def test_an_option_also_in_the_order_is_refused(tmp_path: Path) -> None:
    message = _error(_hand_written(82.5, 1), "--weight", "90", tmp_path=tmp_path)
    assert message.startswith("ivigcalc: error: --weight '90': is also in the order "
                              "(Bundle.entry[2].resource.valueQuantity)")
    message = _error(_hand_written(82.5, 1), "--ordered-dose", "80", tmp_path=tmp_path)
    assert "--ordered-dose '80': is also in the order" in message


def test_two_ivig_orders_are_refused(tmp_path: Path) -> None:
    document = _hand_written(82.5, 1)
    document["entry"].append(copy.deepcopy(document["entry"][0]))
    document["entry"][-1]["fullUrl"] = "urn:uuid:00000000-0000-4000-8000-000000000099"
    assert "needs exactly one IVIG MedicationRequest" in _error(document, tmp_path=tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    checked = RUNNER.invoke(app, ["check", "itp", "--order", str(tmp_path / "none.json")])
    assert checked.exit_code == 2 and "cannot be read" in checked.stderr


# ------------------------------------------------------------------------------------------ output options


def test_output_format_json_is_json() -> None:
    options = ["itp", "--weight", "70", "--platelets", "18"]
    assert RUNNER.invoke(app, [*options, "--output-format", "json"]).stdout == \
        RUNNER.invoke(app, [*options, "--json"]).stdout


@pytest.mark.parametrize(("extra", "expected"), [
    (["--output-format", "xml"], "--output-format 'xml': is not one of text, json, fhir"),
    (["--output-format", "fhir", "--json"], "--output-format 'fhir': and --json disagree"),
    (["--output-format", "fhir", "--explain"], "--explain: is not part of FHIR output"),
])
def test_output_format_errors(extra: list[str], expected: str) -> None:
    result = RUNNER.invoke(app, ["itp", "--weight", "70", "--platelets", "18", *extra])
    assert result.exit_code == 2 and expected in result.stderr


# ------------------------------------------------------------------------------------------ batch


def test_batch_writes_a_valid_bundle_per_row_and_an_outcome_per_failure(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("command,id,weight,platelets,scenario,product\nitp,a,70,18,,\nitp,b,800,18,,\n"
                      "aps,c,65,,caps,privigen\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["batch", str(source), "--output-format", "fhir", "-q"])
    assert result.exit_code == 4
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["resourceType"] for line in lines] == ["Bundle", "OperationOutcome", "Bundle"]
    for line in lines:
        get_fhir_model_class(line["resourceType"]).model_validate(line)
    assert lines[1]["issue"][0]["expression"] == ["weight"]
    assert lines[0] == fhir.bundle(ivigcalc.itp(weight=70, platelets=18), seed="2")


def test_batch_writes_one_transaction_bundle(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    rows = [{"command": "itp", "weight": 70, "platelets": 18}, {"command": "itp", "weight": 70, "platelets": 18},
            {"command": "aps", "weight": 65}]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = RUNNER.invoke(app, ["batch", str(source), "--output-format", "fhir-transaction"])
    assert result.exit_code == 4
    document = json.loads(result.stdout)
    get_fhir_model_class("Bundle").model_validate(document)
    assert document["type"] == "transaction"
    assert all(item["request"] == {"method": "POST", "url": item["resource"]["resourceType"]}
               for item in document["entry"])
    urls = [item["fullUrl"] for item in document["entry"]]
    assert len(urls) == len(set(urls))  # identical rows, distinct ids
    assert len(_resources(document, "MedicationRequest")) == 2
    assert "line 3 left out of the transaction: scenario: is required" in result.stderr


# ------------------------------------------------------------------------------------------ start-up


def _modules_after(argv: list[str]) -> set[str]:
    code = ("import sys\nfrom ivigcalc.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    return set(done.stderr.split())


def _heavy(loaded: set[str]) -> set[str]:
    roots = ("fhir", "fhir_core", "starlette", "uvicorn", "anyio")
    return {name for name in loaded if name.split(".")[0] in roots or name.startswith(
        ("ivigcalc.formats.fhir", "ivigcalc.formats.cds_hooks", "ivigcalc.formats.batch_fhir"))}


def test_a_plain_calculation_loads_no_fhir_and_no_server() -> None:
    loaded = _modules_after(["itp", "--weight", "70", "--platelets", "18", "--json"])
    assert "ivigcalc.api.calculate" in loaded
    assert _heavy(loaded) == set()


def test_fhir_output_loads_fhir_resources_but_no_server() -> None:
    loaded = _modules_after(["itp", "--weight", "70", "--platelets", "18", "--output-format", "fhir"])
    assert "fhir.resources.R4B.bundle" in loaded
    assert not any(name.split(".")[0] in ("starlette", "uvicorn") for name in loaded)


# ------------------------------------------------------------------------------------------ timing, read strictly

def _with_timing(timing: dict[str, Any], dose_g: float = 82.5) -> dict[str, Any]:
    document = _hand_written(dose_g, 1)
    document["entry"][0]["resource"]["dosageInstruction"][0]["timing"] = timing
    return document


TIMING_PATH = "--order: Bundle.entry[0].resource.dosageInstruction[0].timing"


@pytest.mark.parametrize(("repeat", "expected"), [
    # q12h × 2 (the adversarial o_q12h.json): 2 × 50 g in 24 h was read as 50 g a day, and PASSed
    ({"frequency": 1, "period": 12, "periodUnit": "h", "count": 2}, ".repeat: a dose every 12 h cannot be checked"),
    # twice a day × 2 (o_bid.json): read as one dose a day
    ({"frequency": 2, "period": 1, "periodUnit": "d", "count": 2}, ".repeat: 2 doses a day cannot be checked: "
                                                                   "give one infusion a day"),
    ({"frequency": 3, "period": 2, "periodUnit": "d", "count": 2}, ".repeat: 3 doses every 2 days"),
    ({"frequency": 1, "period": 1, "periodUnit": "wk", "count": 2}, ".repeat: a dose every 1 wk cannot be checked"),
    ({"frequency": 1, "period": 1.5, "periodUnit": "d", "count": 2}, ".repeat: a dose every 1.5 d"),
    ({"frequency": 1, "frequencyMax": 2, "period": 1, "periodUnit": "d", "count": 2}, ".repeat.frequencyMax:"),
    ({"frequency": 1, "period": 1, "periodUnit": "d", "periodMax": 2, "count": 2}, ".repeat.periodMax:"),
    ({"frequency": 1, "period": 1, "periodUnit": "d", "count": 2, "timeOfDay": ["08:00:00", "20:00:00"]},
     ".repeat.timeOfDay: 2 times a day cannot be checked"),
    ({"frequency": 1, "period": 1, "periodUnit": "d", "count": 2, "when": ["MORN", "EVE"]}, ".repeat.when:"),
    ({"frequency": 1, "period": 1, "periodUnit": "d", "count": 2, "when": ["C"], "offset": 30}, ".repeat.when:"),
    ({"count": 2}, ".repeat: 2 doses with no period cannot be checked"),
    ({"frequency": 2}, ".repeat: 2 doses with no period cannot be checked"),
    ({"frequency": 1, "period": 1, "periodUnit": "d"}, ".repeat.count: is missing"),
    ({"frequency": 1, "period": 1, "periodUnit": "d", "count": 2,
      "boundsDuration": {"value": 3, "unit": "d", "system": UCUM, "code": "d"}}, ".repeat: count 2 and "
                                                                                 "boundsDuration 3 d disagree"),
])
def test_a_timing_of_more_than_one_dose_a_day_is_refused(repeat: dict[str, Any], expected: str,
                                                         tmp_path: Path) -> None:
    message = _error(_with_timing({"repeat": repeat}, 50), "--bleeding", "active", tmp_path=tmp_path)
    assert message.startswith(f"ivigcalc: error: {TIMING_PATH}{expected}"), message


def test_a_coded_timing_is_refused(tmp_path: Path) -> None:
    timing = {"code": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation",
                                   "code": "BID"}]}}
    message = _error(_with_timing(timing), "--bleeding", "active", tmp_path=tmp_path)
    assert message.startswith(f"ivigcalc: error: {TIMING_PATH}.code: a coded schedule cannot be checked"), message


@pytest.mark.parametrize(("timing", "days"), [
    ({}, 1),
    ({"repeat": {"count": 1}}, 1),  # as ivigcalc writes one infusion day
    ({"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "count": 2}}, 2),
    ({"repeat": {"period": 1, "periodUnit": "d", "count": 2, "timeOfDay": ["08:00:00"]}}, 2),
    ({"repeat": {"frequency": 1, "period": 1, "periodUnit": "d",
                 "boundsDuration": {"value": 2, "unit": "d", "system": UCUM, "code": "d"}}}, 2),
    ({"repeat": {"frequency": 1, "period": 28, "periodUnit": "d", "count": 3}}, 1),  # one day of a 28-day cycle
])
def test_one_infusion_a_day_is_read(timing: dict[str, Any], days: int, tmp_path: Path) -> None:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(_with_timing(timing)), encoding="utf-8")
    outcome = json.loads(_check("itp", ["--order", str(order), "--bleeding", "active"]).stdout)
    assert outcome["order"]["days"] == days


# ------------------------------------------------------------------------------------------ resourceType

@pytest.mark.parametrize(("entry", "resource_type", "expected"), [
    (0, None, "Bundle.entry[0].resource.resourceType: is missing"),  # was internal error (TypeError), exit 1
    (0, "", "Bundle.entry[0].resource.resourceType: is empty"),  # was internal error (KeyError)
    (0, "Foo", "Bundle.entry[0].resource.resourceType: is 'Foo', not a FHIR R4B resource type"),
    (0, 3, "Bundle.entry[0].resource.resourceType: is 3, not a string"),
    (1, "patient", "Bundle.entry[1].resource.resourceType: is 'patient', not a FHIR R4B resource type"),
    (2, [], "Bundle.entry[2].resource.resourceType: is [], not a string"),
])
def test_a_bad_resource_type_is_one_error_naming_the_path(entry: int, resource_type: object, expected: str,
                                                         tmp_path: Path) -> None:
    document = _hand_written(82.5, 1)
    document["entry"][entry]["resource"]["resourceType"] = resource_type
    message = _error(document, "--bleeding", "active", tmp_path=tmp_path)
    assert message == f"ivigcalc: error: --order: {expected}\n", message
    del document["entry"][entry]["resource"]["resourceType"]
    message = _error(document, "--bleeding", "active", tmp_path=tmp_path)
    assert message.startswith(f"ivigcalc: error: --order: Bundle.entry[{entry}].resource.resourceType: is missing")


def test_a_bad_contained_resource_or_entry_is_one_error(tmp_path: Path) -> None:
    document = _hand_written(82.5, 1)
    document["entry"][0]["resource"]["contained"] = [{"id": "m1"}]
    assert "Bundle.entry[0].resource.contained[0].resourceType: is missing" in _error(document, tmp_path=tmp_path)
    document = _hand_written(82.5, 1)
    document["entry"][1]["resource"] = "Patient/p1"
    assert "Bundle.entry[1].resource: is not a JSON object" in _error(document, tmp_path=tmp_path)


# ------------------------------------------------------------------------------------------ Patient.gender

@pytest.mark.parametrize("gender", ["xxxx", "M", "Male", ""])
def test_a_gender_outside_administrative_gender_is_refused(gender: str, tmp_path: Path) -> None:
    # o_gender.json: "xxxx" was read as sex unknown, so the dose fell back to actual weight and a FLAG PASSed
    document = _hand_written(100, 2, 400)
    document["entry"][1]["resource"]["gender"] = gender
    message = _error(document, "--bleeding", "active", tmp_path=tmp_path)
    assert message.startswith("ivigcalc: error: --order: Bundle.entry[1].resource.gender:"), message


@pytest.mark.parametrize("gender", ["other", "unknown", None])
def test_gender_other_or_unknown_is_sex_not_given_with_a_note(gender: str | None, tmp_path: Path) -> None:
    document = _hand_written(100, 1)
    if gender is None:
        del document["entry"][1]["resource"]["gender"]
    else:
        document["entry"][1]["resource"]["gender"] = gender
    order = tmp_path / "order.json"
    order.write_text(json.dumps(document), encoding="utf-8")
    outcome = json.loads(_check("itp", ["--order", str(order), "--bleeding", "active"]).stdout)
    assert outcome["expected"]["inputs"]["sex"] is None
    assert outcome["verdict"] == "PASS"  # 1 g/kg on actual weight, as calculated: the note says so
    (note,) = [n for n in outcome["notes"] if n["code"] == "unadjusted-weight"]
    assert "actual body weight (100 kg)" in note["message"] and "height or sex is unknown" in note["message"]


def test_a_known_sex_gives_no_unadjusted_weight_note(tmp_path: Path) -> None:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(_hand_written(82.5, 1)), encoding="utf-8")
    outcome = json.loads(_check("itp", ["--order", str(order), "--bleeding", "active"]).stdout)
    assert "unadjusted-weight" not in [n["code"] for n in outcome["notes"]]


def test_without_the_fhir_extra_the_refusal_names_the_install_and_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def without_fhir(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("fhir.resources"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_fhir)
    result = RUNNER.invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--output-format", "fhir"])
    assert result.exit_code == 2
    assert "pip install 'ivigcalc[fhir]'" in result.stderr
