"""The product catalogue (knowledge/products.json) against PRODUCTS.md, name matching and
`ivigcalc products`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from ivigcalc.cli import app
from ivigcalc.errors import InputError
from ivigcalc.knowledge import products

RUNNER = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}

# Every product of PRODUCTS.md's formulation table, in its order.
PRODUCTS_MD_NAMES = [
    "Privigen", "Gamunex-C", "Gammaked", "Gammagard Liquid", "Octagam 5%", "Octagam 10%", "Flebogamma 5% DIF",
    "Flebogamma 10% DIF", "Panzyga", "Bivigam", "Gammaplex 10%", "Asceniv", "Kiovig", "Intratect 10%",
    "Carimune NF",
]


def test_one_record_per_products_md_product() -> None:
    assert [p.name for p in products.all_products()] == PRODUCTS_MD_NAMES


def test_catalogue_is_loaded_once() -> None:
    assert products.catalogue() is products.catalogue()


@pytest.mark.parametrize(("name", "concentration_percent", "packs_g", "sucrose"), [
    ("Privigen", 10, (5, 10, 20, 40), False),  # US packs; the EU 2.5 g is a note, not a pack
    ("Gamunex-C", 10, (1, 2.5, 5, 10, 20, 40), False),
    ("Gammaked", 10, (1, 2.5, 5, 10, 20), False),
    ("Gammagard Liquid", 10, (1, 2.5, 5, 10, 20, 30), False),
    ("Octagam 5%", 5, (2.5, 5, 10, 25), False),
    ("Octagam 10%", 10, (2, 5, 10, 20, 30), False),
    ("Flebogamma 5% DIF", 5, (0.5, 2.5, 5, 10, 20), False),
    ("Flebogamma 10% DIF", 10, (5, 10, 20), False),
    ("Panzyga", 10, (1, 2.5, 5, 10, 20, 30), False),
    ("Bivigam", 10, (5, 10), False),
    ("Gammaplex 10%", 10, (5, 10, 20), False),  # US label: glycine and polysorbate 80, no sucrose
    ("Asceniv", 10, (5,), False),
    ("Kiovig", 10, (1, 2.5, 5, 10, 20, 30), False),
    ("Intratect 10%", 10, (1, 2.5, 5, 10, 20), False),
    ("Carimune NF", 6, (3, 6, 12), True),  # reconstituted 3-12%; volume at 6%
])
def test_formulation_as_in_products_md(name: str, concentration_percent: float, packs_g: tuple[float, ...],
                                       sucrose: bool | None) -> None:
    product = products.get(name)
    assert product.concentration_percent.value == concentration_percent
    assert product.pack_sizes_g.value == packs_g
    assert product.contains_sucrose.value is sucrose


def test_privigen_eu_pack_is_noted_not_used() -> None:
    assert "2.5" in (products.get("privigen").pack_sizes_g.note or "")


@pytest.mark.parametrize(("name", "indication", "initial", "maximum"), [
    ("Privigen", "itp", 0.5, 4), ("Privigen", "pi", 0.5, 8), ("Privigen", "cidp", 0.5, 8),
    ("Gamunex-C", "itp", 1, 8), ("Gamunex-C", "cidp", 2, 8), ("Gammaked", "itp", 1, 8),
    ("Gammagard Liquid", "pi", 0.8, 8), ("Octagam 10%", "itp", 1, 12), ("Octagam 5%", "pi", 0.5, 3.33),
    # Flebogamma 10% DIF: 0.01 → 0.08 mL/kg/min × 100 mg/mL (10%) = 1 → 8 mg/kg/min
    ("Flebogamma 10% DIF", "itp", 1, 8), ("Flebogamma 10% DIF", "pi", 1, 8),
    ("Panzyga", "itp", 1, 8), ("Panzyga", "pi", 1, 14), ("Panzyga", "cidp", 1, 12),
    ("Bivigam", "pi", 0.5, 6),
    # Gammaplex: 0.005 → 0.08 mL/kg/min × 100 mg/mL = 0.5 → 8 mg/kg/min, as the label also states
    ("Gammaplex 10%", "itp", 0.5, 8), ("Asceniv", "pi", 0.5, 8), ("Carimune NF", "itp", 0.5, 3),
])
def test_rates_in_mg_per_kg_min(name: str, indication: str, initial: float, maximum: float) -> None:
    spec = products.get(name).rates[indication]  # type: ignore[index]
    assert (spec.initial_mg_per_kg_min, spec.max_mg_per_kg_min) == (initial, maximum)


def test_ml_per_kg_min_rates_are_converted_and_say_so() -> None:
    spec = products.get("flebogamma 10% dif").rates["itp"]
    assert spec.label_ml_per_kg_min == (0.01, 0.08)
    assert spec.note is not None and "converted" in spec.note and "0.01 × 100 = 1" in spec.note


def test_rates_not_found_are_empty() -> None:
    for name in ("Kiovig", "Intratect 10%"):
        assert products.get(name).rates == {}


def test_flebogamma_5_rates_are_the_secondary_copy_of_the_us_label() -> None:
    # 0.01 mL/kg/min × 50 mg/mL = 0.5 mg/kg/min; 0.1 × 50 = 5 mg/kg/min (2°, a tertiary copy of the label)
    spec = products.get("Flebogamma 5% DIF").rates["pi"]
    assert (spec.initial_mg_per_kg_min, spec.max_mg_per_kg_min) == (0.5, 5)
    assert spec.label_ml_per_kg_min == (0.01, 0.1)
    assert spec.secondary and spec.source == "secondary"
    assert spec.steps.kind == "generic"


def test_gammaplex_is_sucrose_free_for_a_stated_reason() -> None:
    product = products.get("Gammaplex 10%")
    assert product.contains_sucrose.value is False and product.contains_sucrose.source == "gammaplex-10-us-pi"
    assert "glycine and polysorbate 80" in (product.stabiliser.value or "")


@pytest.mark.parametrize(("name", "limit", "strict", "applies_to", "secondary"), [
    ("Octagam 10%", 3.3, False, "any", False),
    ("Panzyga", 3.3, False, "any", False),
    ("Gamunex-C", 8, True, "renal", False),  # "< 8 (renal risk)"
    ("Gammaked", 8, True, "renal", False),
    ("Bivigam", 2, True, "thrombosis", True),  # "< 2 (thrombosis risk) (2°)"
    ("Carimune NF", 2, True, "any", False),
])
def test_at_risk_maximum(name: str, limit: float, strict: bool, applies_to: str, secondary: bool) -> None:
    field = products.get(name).at_risk_max
    assert field.value is not None
    cap = field.value
    assert (cap.max_mg_per_kg_min, cap.strict, cap.applies_to) == (limit, strict, applies_to)
    assert field.secondary is secondary


def test_no_at_risk_maximum_where_products_md_has_none() -> None:
    for name in ("Privigen", "Gammagard Liquid", "Octagam 5%", "Flebogamma 10% DIF", "Gammaplex 10%",
                 "Asceniv"):
        field = products.get(name).at_risk_max
        assert field.value is None and field.source == "not-found"


@pytest.mark.parametrize(("name", "doses"), [
    ("Privigen", [(1, 2, 2)]), ("Octagam 10%", [(1, 2, 2)]), ("Panzyga", [(1, 2, 2)]),
    ("Gammaplex 10%", [(1, 2, 2)]), ("Flebogamma 10% DIF", [(1, 2, 2)]),
    ("Gamunex-C", [(1, 2, 2), (0.4, 5, 5)]), ("Carimune NF", [(0.4, 2, 5)]),
    ("Gammagard Liquid", []), ("Bivigam", []), ("Asceniv", []), ("Octagam 5%", []),
])
def test_itp_label_doses(name: str, doses: list[tuple[float, int, int]]) -> None:
    found = [(d.g_per_kg_per_day, d.days_min, d.days_max) for d in products.get(name).itp_label_doses.value]
    assert found == doses


@pytest.mark.parametrize(("name", "labelled"), [
    ("Privigen", True), ("Gamunex-C", True), ("Octagam 10%", True), ("Carimune NF", True),
    ("Gammagard Liquid", False), ("Bivigam", False), ("Asceniv", False), ("Octagam 5%", False),
    ("Kiovig", False),
])
def test_labelled_for_itp(name: str, labelled: bool) -> None:
    assert products.get(name).labelled_for_itp is labelled


# ------------------------------------------------------------------------------------------ sources


def test_every_field_has_a_known_source() -> None:
    catalogue = products.catalogue()
    for product in catalogue.products:
        for name, field in product.field_sources().items():
            assert field.source in catalogue.sources, (product.id, name)
        for spec in product.rates.values():
            assert catalogue.sources[spec.source].kind == ("secondary" if spec.secondary else "label")


def test_secondary_marker_exactly_on_the_2nd_source_facts() -> None:
    """PRODUCTS.md marks (2°): Octagam 5% and 10% maltose and IgA, Bivigam's at-risk maximum and
    Carimune NF's IgA (the sucrose flags of the maltose products follow from the maltose fact)."""
    marked = {
        (p.name, name) for p in products.all_products() for name, field in p.field_sources().items()
        if field.secondary
    }
    assert marked == {
        ("Octagam 5%", "iga"), ("Octagam 10%", "iga"),  # maltose itself is on the label (no longer 2°)
        ("Bivigam", "at_risk_max"), ("Carimune NF", "iga"),
    }


def test_catalogue_says_verify_against_the_current_label() -> None:
    assert "verify" in products.catalogue().about["verify"].lower()
    assert "current label" in products.catalogue().about["verify"]


def test_a_wrong_conversion_is_refused_at_load() -> None:
    record = products.get("flebogamma 10% dif").model_dump()
    record["rates"]["itp"]["label_ml_per_kg_min"] = (0.01, 0.09)  # 0.09 × 100 = 9, not the 8 stated
    with pytest.raises(ValidationError, match="does not convert"):
        products.Product.model_validate(record)


def test_an_initial_rate_not_below_the_at_risk_maximum_is_refused_at_load() -> None:
    # Octagam 10%: ITP initial 1 mg/kg/min, at-risk maximum 3.3; an initial rate of 4 could not be capped.
    record = products.get("octagam 10%").model_dump()
    record["rates"]["itp"]["initial_mg_per_kg_min"] = 4.0
    with pytest.raises(ValidationError, match="not below the at-risk maximum"):
        products.Product.model_validate(record)


def test_an_unknown_source_or_wrong_secondary_marker_is_refused() -> None:
    data = products.catalogue().model_dump()
    data["products"][0]["iga"]["source"] = "made-up-source"
    with pytest.raises(ValidationError, match="unknown source"):
        products.Catalogue.model_validate(data)
    data = products.catalogue().model_dump()
    data["products"][0]["iga"]["secondary"] = True  # a label fact marked secondary
    with pytest.raises(ValidationError, match="secondary marker"):
        products.Catalogue.model_validate(data)


# ------------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    "typed", ["gamunex-c", "Gamunex C", "GAMUNEX-C", "gamunexc", "  Gamunex-C  ", "gamunex_c"])
def test_names_match_ignoring_case_spaces_and_hyphens(typed: str) -> None:
    assert products.get(typed).name == "Gamunex-C"


@pytest.mark.parametrize(("typed", "name"), [
    ("octagam 10%", "Octagam 10%"), ("Octagam-10", "Octagam 10%"), ("octagam10", "Octagam 10%"),
    ("octagam 5", "Octagam 5%"), ("flebogamma 10", "Flebogamma 10% DIF"),
    ("Flebogamma 5%", "Flebogamma 5% DIF"),
    ("gammaplex", "Gammaplex 10%"), ("carimune", "Carimune NF"), ("gammagard-liquid", "Gammagard Liquid"),
])
def test_ids_and_aliases(typed: str, name: str) -> None:
    assert products.get(typed).name == name


def test_unknown_name_lists_known_products() -> None:
    with pytest.raises(InputError) as caught:
        products.get("Hizentra")
    assert caught.value.field == "product"
    for name in PRODUCTS_MD_NAMES:
        assert name in caught.value.message


def test_ambiguous_prefix_suggests_the_candidates() -> None:
    with pytest.raises(InputError, match="did you mean Octagam 5% or Octagam 10%"):
        products.get("octagam")


def test_rate_formula() -> None:
    # mL/h = mg/kg/min × kg × 60 ÷ (1,000 × g/mL): 1 × 70 × 60 ÷ (1,000 × 0.1) = 42
    assert products.rate_ml_per_h(1, 70, 0.1) == pytest.approx(42)
    # 5%: 3.33 × 65 × 60 ÷ (1,000 × 0.05) = 259.74
    assert products.rate_ml_per_h(3.33, 65, 0.05) == pytest.approx(259.74)


# ------------------------------------------------------------------------------------------ CLI


def test_products_table_lists_every_product() -> None:
    result = RUNNER.invoke(app, ["products"], env=ENV)
    assert result.exit_code == 0
    for name in PRODUCTS_MD_NAMES:
        assert name in result.stdout
    assert "against the current label" in result.stdout


def test_products_json_is_the_catalogue() -> None:
    result = RUNNER.invoke(app, ["products", "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert products.Catalogue.model_validate(payload) == products.catalogue()


def test_product_shows_each_source() -> None:
    result = RUNNER.invoke(app, ["products", "Octagam 10%"], env=ENV)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Octagam 10% US prescribing information" in text  # rates, steps, at-risk, ITP dose
    assert "Octagam 10% EU summary of product characteristics" in text  # pack sizes (EU)
    assert "│ maltose 90 mg/mL" in text and "secondary (2°)" in text  # maltose on the label; IgA: 2°
    assert "maltose-glucose-meter" in text and "Contraindication" in text
    assert "1 → 2 → 4 → 8 mg/kg/min, 30 min each" in text
    assert "Verify every value against the current label" in text


def test_product_json_carries_the_cited_sources() -> None:
    result = RUNNER.invoke(app, ["products", "bivigam", "--json"])
    payload = json.loads(result.stdout)
    assert payload["product"]["name"] == "Bivigam"
    assert payload["product"]["at_risk_max"]["secondary"] is True
    assert payload["sources"]["secondary"]["kind"] == "secondary"
    assert "bivigam-us-pi" in payload["sources"]
    assert "current label" in payload["verify"]


def test_unknown_product_is_an_input_error() -> None:
    result = RUNNER.invoke(app, ["products", "nonesuch"])
    assert result.exit_code == 2
    assert "nonesuch" in result.stderr and "Privigen" in result.stderr


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from ivigcalc.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return set(done.stderr.split())


def test_products_json_does_not_import_rich() -> None:
    loaded = _modules_after(["products", "--json"])
    assert "ivigcalc.knowledge.products" in loaded
    assert not any(name == "rich" or name.startswith("rich.") for name in loaded)


def test_plain_calculation_does_not_load_the_catalogue() -> None:
    loaded = _modules_after(["itp", "--weight", "70", "--platelets", "18", "--json"])
    assert "ivigcalc.api.calculate" in loaded
    assert "ivigcalc.knowledge.products" not in loaded and "ivigcalc.pharmacy.schedule" not in loaded
    assert "ivigcalc.pharmacy.check" not in loaded


# ------------------------------------------------------------------------------------------ contraindications


@pytest.mark.parametrize("product", products.all_products(), ids=lambda p: p.id)
def test_every_product_carries_the_iga_contraindication_and_the_class_warnings(product: products.Product) -> None:
    codes = {c.code for c in product.contraindications}
    assert "iga-deficiency" in codes
    assert next(c for c in product.contraindications if c.code == "iga-deficiency").patient_flag == "iga_deficiency"
    warnings = {w.code for w in product.label_warnings}
    assert {"volume-overload", "live-vaccines", "hyperproteinaemia", "trali", "hypersensitivity"} <= warnings


def test_product_specific_contraindications() -> None:
    def flags(name: str) -> set[str]:
        return {c.patient_flag for c in products.get(name).contraindications if c.patient_flag}

    assert flags("Privigen") == {"iga_deficiency", "hyperprolinaemia"}
    assert flags("Flebogamma 5% DIF") == flags("Flebogamma 10% DIF") == {"iga_deficiency", "fructose_intolerance"}
    assert flags("Gamunex-C") == {"iga_deficiency"}
    maltose = {p.name for p in products.all_products()
               if any(w.code == "maltose-glucose-meter" for w in p.label_warnings)}
    assert maltose == {"Octagam 5%", "Octagam 10%"}


def test_label_itp_ages() -> None:
    assert products.get("Privigen").min_age_years["itp"].value == 15
    assert products.get("Gammaplex 10%").min_age_years["itp"].value == 18
    assert products.get("Gamunex-C").min_age_years["itp"].value is None


def test_lowest_iga_products_rank_by_the_stated_figure() -> None:
    # Gammaplex 10% < 20, Privigen ≤ 25, Gammagard Liquid average 37 mcg/mL; Panzyga and Bivigam (NF) left out
    assert [p.name for p in products.lowest_iga_products()] == ["Gammaplex 10%", "Privigen", "Gammagard Liquid"]
    assert products.iga_upper_mcg_per_ml(products.get("Intratect 10%")) == 1800
    assert products.iga_upper_mcg_per_ml(products.get("Panzyga")) is None


@pytest.mark.parametrize("name", [p.name for p in products.all_products()])
def test_products_name_shows_the_contraindications(name: str) -> None:
    result = RUNNER.invoke(app, ["products", name], env={**ENV, "COLUMNS": "200"})
    assert result.exit_code == 0
    for item in products.get(name).contraindications:
        assert item.code in result.stdout
    assert "iga-deficiency (--iga-deficiency)" in result.stdout


def test_products_name_json_carries_the_contraindications() -> None:
    result = RUNNER.invoke(app, ["products", "Privigen", "--json"])
    payload = json.loads(result.stdout)
    assert {c["code"] for c in payload["product"]["contraindications"]} >= {"iga-deficiency", "hyperprolinaemia"}
    assert payload["product"]["min_age_years"]["itp"]["value"] == 15


def test_no_catalogue_text_has_a_trailing_zero() -> None:
    # ISMP: "0.10 mL/kg/min" reads as 10 when the point is missed; the catalogue's texts are shown as written.
    import re
    from importlib.resources import files

    text = files("ivigcalc.knowledge").joinpath("products.json").read_text(encoding="utf-8")
    assert re.findall(r"(?<![\d.])\d+\.\d*0(?![\d.])", text) == []
