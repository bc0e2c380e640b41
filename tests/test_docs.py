"""The README tells the truth: its examples are real output, its set-up commands are what CI runs,
and every warning code the program can emit is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readme_examples import DOCUMENTS, README, blocks, run

ROOT = Path(__file__).resolve().parent.parent
README_TEXT = README.read_text(encoding="utf-8")


EXAMPLES = [pair for document in DOCUMENTS for pair in blocks(document.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("command_line", "expected"), EXAMPLES, ids=lambda value: value[:60])
def test_readme_example_is_real_output(command_line: str, expected: str) -> None:
    output, _ = run(command_line)
    actual = "\n".join(line.rstrip() for line in output.rstrip("\n").splitlines())
    assert actual == expected.rstrip("\n"), (
        f"README or docs/fhir.md example out of date: {command_line}\nrun `python tests/readme_examples.py` to refresh")


def test_ci_runs_the_readme_test_command() -> None:
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_test_line = next(line for line in ci_script.splitlines() if "pytest" in line and not line.startswith("#"))
    assert ci_test_line.strip() in README_TEXT


def test_readme_install_command_runs_a_real_calculation() -> None:
    install = next(line for line in README_TEXT.splitlines() if "pip install ." in line)
    assert "ivigcalc itp --weight" in install


def test_every_warning_code_is_documented() -> None:
    from ivigcalc.knowledge.warnings import WARNINGS

    for page in ("warnings.md", "json.md"):  # the generated table, and when each code is given
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        documented = set(re.findall(r"^\| `([a-z0-9-]+)`", text, flags=re.MULTILINE))
        missing = {definition.code for definition in WARNINGS.values()} - documented
        assert not missing, f"warning codes missing from docs/{page}: {sorted(missing)}"


def test_every_warning_has_a_short_summary() -> None:
    import string

    from ivigcalc.knowledge.warnings import WARNINGS

    for definition in WARNINGS.values():
        assert definition.summary.strip(), definition.key
        assert len(definition.summary) <= 100, (definition.key, len(definition.summary))
        # a summary fills in only values its full message has
        fields = {name for _, name, _, _ in string.Formatter().parse(definition.summary) if name}
        assert fields <= {name for _, name, _, _ in string.Formatter().parse(definition.message) if name}


def test_the_exit_codes_page_lists_every_exit_status() -> None:
    from ivigcalc.errors import EXIT_STATUS_MEANINGS, ExitStatus

    assert set(EXIT_STATUS_MEANINGS) == set(ExitStatus)
    text = (ROOT / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    for status in ExitStatus:
        assert f"| {status.value} | `{status.name}` |" in text
    assert "docs/exit-codes.md" in README_TEXT


def test_nothing_cites_a_file_outside_the_repository() -> None:
    # The project's working notes are not part of it: the README, docs/ and the code cite the sources.
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "src").rglob("*.py")),
             *sorted((ROOT / "src").rglob("*.json"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for name in ("CLINICAL.md", "PRODUCTS.md", "DESIGN.md"):
            assert name not in text, f"{page.relative_to(ROOT)} cites {name}"


def test_the_readme_links_its_reference_pages() -> None:
    for page in ("clinical-basis.md", "clinical-numbers.md", "warnings.md", "exit-codes.md", "cli.md", "json.md"):
        assert f"(docs/{page})" in README_TEXT
        assert (ROOT / "docs" / page).exists()


def test_generated_docs_match_the_code() -> None:
    from generate_docs import GENERATED

    for path, build in GENERATED.items():
        assert path.read_text(encoding="utf-8") == build(), (
            f"{path.relative_to(ROOT)} is out of date: run `python tests/generate_docs.py`")


def test_every_clinical_number_in_knowledge_names_its_source() -> None:
    import importlib

    from generate_docs import NUMBER_MODULES, numeric_constants
    from ivigcalc.knowledge.references import REFERENCES

    unsourced = []
    for name in NUMBER_MODULES:
        module = importlib.import_module(f"ivigcalc.knowledge.{name}")
        sources = getattr(module, "SOURCES", {})
        for constant in numeric_constants(module):
            if constant not in sources:
                unsourced.append(f"{name}.{constant}")
            else:
                assert set(sources[constant]) <= set(REFERENCES), f"{name}.{constant}: unknown reference id"
    assert unsourced == [], f"numbers without a SOURCES entry: {unsourced}"


def test_every_knowledge_module_with_numbers_is_in_the_generated_table() -> None:
    import importlib
    import pkgutil

    import ivigcalc.knowledge
    from generate_docs import NUMBER_MODULES, numeric_constants

    with_numbers = {info.name for info in pkgutil.iter_modules(ivigcalc.knowledge.__path__)
                    if numeric_constants(importlib.import_module(f"ivigcalc.knowledge.{info.name}"))}
    assert with_numbers <= set(NUMBER_MODULES)
