"""Product contraindications and label warnings: a stated condition that meets a contraindication refuses
the product (exit 2, naming --product and the fix) unless --allow-contraindicated, which shows as a danger
warning; the product's label warnings, the label ITP age, the live-vaccine interval and the volume."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import ivigcalc
from ivigcalc.cli import app
from ivigcalc.errors import InputError
from ivigcalc.model.result import Result

RUNNER = CliRunner()
ADULT = {"weight": 70, "age": 40, "platelets": 18, "bleeding": "active"}  # 1 g/kg × 70 kg = 70 g


def warnings_by_code(result: Result) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for warning in result.warnings:
        found.setdefault(warning.code, []).append((warning.severity.value, warning.message))
    return found


@pytest.mark.parametrize(
    ("flag", "product", "code"),
    [("iga_deficiency", "Gamunex-C", "iga-deficiency"), ("iga_deficiency", "Gammaplex 10%", "iga-deficiency"),
     ("hyperprolinaemia", "Privigen", "hyperprolinaemia"),
     ("fructose_intolerance", "Flebogamma 5% DIF", "fructose-intolerance"),
     ("fructose_intolerance", "Flebogamma 10% DIF", "fructose-intolerance")],
)
def test_a_met_contraindication_refuses_unless_overridden(flag: str, product: str, code: str) -> None:
    with pytest.raises(InputError) as caught:
        ivigcalc.itp(**ADULT, product=product, **{flag: True})
    assert caught.value.field == "product"
    assert f"--{flag.replace('_', '-')}" in caught.value.message
    assert "--allow-contraindicated" in caught.value.message
    result = ivigcalc.itp(**ADULT, product=product, allow_contraindicated=True, **{flag: True})
    assert result.regimen is not None and result.regimen.total_dose_g == 70.0  # computed, unchanged
    assert tuple({severity for severity, _ in warnings_by_code(result)[code]} - {"info"}) == ("danger", )
    assert any("--allow-contraindicated" in message for _, message in warnings_by_code(result)[code])


@pytest.mark.parametrize(("flag", "product"), [("hyperprolinaemia", "Gamunex-C"),
                                               ("fructose_intolerance", "Privigen")])
def test_a_condition_another_product_has_refuses_nothing(flag: str, product: str) -> None:
    result = ivigcalc.itp(**ADULT, product=product, **{flag: True})
    assert result.regimen is not None


def test_the_iga_refusal_names_the_lowest_iga_products() -> None:
    with pytest.raises(InputError) as caught:
        ivigcalc.itp(**ADULT, product="Octagam 10%", iga_deficiency=True)
    assert "Gammaplex 10% (< 20 mcg/mL)" in caught.value.message


def test_cli_refusal_is_exit_2_with_one_line() -> None:
    result = RUNNER.invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--product", "privigen",
                                 "--hyperprolinaemia"], env={"NO_COLOR": "1"})
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--product" in lines[0] and "--allow-contraindicated" in lines[0]


def test_conditions_without_a_product_warn_and_name_what_they_rule_out() -> None:
    result = ivigcalc.itp(**ADULT, iga_deficiency=True, hyperprolinaemia=True, fructose_intolerance=True)
    found = warnings_by_code(result)
    assert found["iga-deficiency"][0][0] == "warning"
    assert "every IVIG label" in found["iga-deficiency"][0][1]
    assert "Privigen" in found["hyperprolinaemia"][0][1]
    assert "Flebogamma 5% DIF and Flebogamma 10% DIF" in found["fructose-intolerance"][0][1]


def test_octagam_warns_about_glucose_meters_as_danger() -> None:
    for product in ("Octagam 5%", "Octagam 10%"):
        found = warnings_by_code(ivigcalc.itp(**ADULT, product=product))
        assert found["maltose-glucose-meter"][0][0] == "danger"
        assert "GDH-PQQ" in found["maltose-glucose-meter"][0][1]
    assert "maltose-glucose-meter" not in warnings_by_code(ivigcalc.itp(**ADULT, product="Privigen"))


def test_every_product_shows_its_iga_content() -> None:
    found = warnings_by_code(ivigcalc.itp(**ADULT, product="Privigen"))
    assert found["iga-deficiency"] == [("info", found["iga-deficiency"][0][1])]
    assert "≤ 25 mcg/mL" in found["iga-deficiency"][0][1]


@pytest.mark.parametrize(("age", "warns"), [(1.99, True), (2, False)])
def test_sorbitol_under_2_years_is_a_caution(age: float, warns: bool) -> None:
    # 12 kg child with active bleeding: 1 g/kg = 12 g
    result = ivigcalc.itp(weight=12, age=age, platelets=18, bleeding="active", product="Flebogamma 10% DIF")
    severities = {severity for severity, _ in warnings_by_code(result)["fructose-intolerance"]}
    assert severities == ({"caution"} if warns else {"info"})


@pytest.mark.parametrize(
    ("product", "age", "warns"),
    [("Privigen", 14.9, True), ("Privigen", 15, False), ("Gammaplex 10%", 17.9, True), ("Gammaplex 10%", 18, False),
     ("Gamunex-C", 5, False)],
)
def test_off_label_age(product: str, age: float, warns: bool) -> None:
    result = ivigcalc.itp(weight=50, age=age, platelets=18, bleeding="active", product=product)
    assert ("off-label-age" in warnings_by_code(result)) is warns


def test_off_label_age_is_itp_only() -> None:
    result = ivigcalc.aps(weight=50, age=10, scenario="caps", product="Privigen")
    assert "off-label-age" not in warnings_by_code(result)


@pytest.mark.parametrize(
    ("call", "months"),
    [
        (lambda: ivigcalc.aps(weight=70, scenario="thrombosis", anticoagulated=True), 8),  # 0.4 g/kg once
        (lambda: ivigcalc.itp(**ADULT), 10),  # 1 g/kg
        (lambda: ivigcalc.itp(**ADULT, regimen="five-day"), 11),  # 0.4 × 5 = 2 g/kg
        (lambda: ivigcalc.itp(**{**ADULT, "cause": "sepsis"}), 11),  # 0.4 × 3 = 1.2 g/kg: above 1, the longer wait
    ],
)
def test_live_vaccine_interval_by_the_course(call: object, months: int) -> None:
    result = call()  # type: ignore[operator]
    message = warnings_by_code(result)["live-vaccines"][0][1]
    assert f"for {months} months" in message


def test_volume_on_the_largest_day() -> None:
    # Gamunex-C 10%: 70 g ÷ 0.1 g/mL = 700 mL; 700 mL ÷ 70 kg = 10 mL/kg
    found = warnings_by_code(ivigcalc.itp(**ADULT, product="Gamunex-C"))
    assert "700 mL on the largest day (10 mL/kg)" in found["volume-overload"][0][1]


def test_heart_failure_warns_with_or_without_a_product() -> None:
    with_product = warnings_by_code(ivigcalc.itp(**ADULT, product="Gamunex-C", heart_failure=True))
    assert [severity for severity, _ in with_product["volume-overload"]] == ["warning"]
    assert "700 mL (10 mL/kg)" in with_product["volume-overload"][0][1]
    without = warnings_by_code(ivigcalc.itp(**ADULT, heart_failure=True))
    assert without["volume-overload"][0][0] == "warning"


def test_class_warnings_come_with_every_regimen() -> None:
    for result in (ivigcalc.itp(**ADULT), ivigcalc.aps(weight=70, scenario="caps")):
        assert {"hypersensitivity", "trali", "hyperproteinaemia", "live-vaccines"} <= set(warnings_by_code(result))


def test_the_json_and_the_batch_record_carry_every_new_code() -> None:
    args = ["itp", "--weight", "70", "--age", "12", "--platelets", "18", "--bleeding", "active", "--product",
            "Privigen", "--heart-failure", "--json"]
    payload = json.loads(RUNNER.invoke(app, args).stdout)
    codes = {w["code"] for w in payload["warnings"]}
    assert {"off-label-age", "volume-overload", "iga-deficiency", "hyperprolinaemia", "live-vaccines",
            "trali", "hypersensitivity", "hyperproteinaemia"} <= codes
    assert {c["code"] for c in payload["product"]["contraindications"]} >= {"iga-deficiency", "hyperprolinaemia"}
    rows = ("id,command,weight,age,platelets,bleeding,product,heart_failure,procedure_type,age_unit\n"
            "a,itp,70,12,18,active,Privigen,yes,minor,years\n")
    jsonl = RUNNER.invoke(app, ["batch", "-"], input=rows)
    record = json.loads(jsonl.stdout.splitlines()[0])
    assert {"off-label-age", "volume-overload", "hyperprolinaemia"} <= {w["code"] for w in record["warnings"]}
    assert record["inputs"]["procedure_type"] == "minor" and record["inputs"]["heart_failure"] is True
    flat = RUNNER.invoke(app, ["batch", "-", "--output-format", "csv"], input=rows)
    row = next(csv.DictReader(io.StringIO(flat.stdout)))
    assert {"off-label-age", "volume-overload", "hyperprolinaemia"} <= set(row["warnings"].split(";"))
