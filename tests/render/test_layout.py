"""The human output at 40, 80 and 120 columns, for every scenario family: the status and the dose to
give on line 1, no line wider than the width, no word split across lines, every number shown whole;
the README's result examples fit one screen (30 lines at 80 columns) without --full."""

from __future__ import annotations

import io
import json
import re
import shlex

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from ivigcalc.cli import app
from ivigcalc.formatting import number
from ivigcalc.render.console import PeopleConsole
from readme_examples import README, blocks

WIDTHS = (40, 80, 120)
ENV = {"NO_COLOR": "1", "TERM": "dumb"}

# One invocation per family of results: ITP by population and regimen, APS by scenario and protocol, with
# and without a product (vials, volume, schedule, a course plan with uneven days), not indicated, consider.
SCENARIOS: dict[str, list[str]] = {
    "itp-adult-indicated": ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active"],
    "itp-obese-life-threatening": ["itp", "--weight", "100", "--height", "175", "--sex", "male", "--age", "50",
                                   "--platelets", "8", "--bleeding", "life-threatening"],
    "itp-consider": ["itp", "--weight", "70", "--platelets", "28", "--bleeding", "minor"],
    "itp-not-indicated": ["itp", "--weight", "70", "--age", "40", "--platelets", "60"],
    "itp-five-day": ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active", "--regimen", "five-day"],
    "itp-child": ["itp", "--weight", "22", "--age", "6", "--platelets", "8", "--bleeding", "active"],
    "itp-neonate": ["itp", "--weight", "3.2", "--population", "neonate", "--cause", "maternal-itp", "--platelets", "15",
                    "--bleeding", "active"],
    "itp-pregnant": ["itp", "--weight", "80", "--sex", "female", "--height", "165", "--pregnant",
                     "--pre-pregnancy-weight", "70", "--platelets", "15", "--bleeding", "active"],
    "itp-product": ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active", "--product", "privigen"],
    "itp-no-rounding": ["itp", "--weight", "73.3", "--platelets", "18", "--bleeding", "active", "--round", "none"],
    "aps-caps": ["aps", "--weight", "65", "--scenario", "caps"],
    "aps-caps-course-plan": ["aps", "--weight", "69", "--scenario", "caps", "--product", "privigen"],
    "aps-obstetric-open-ended": ["aps", "--weight", "70", "--sex", "female", "--scenario", "obstetric",
                                 "--failed-standard-therapy"],
    "aps-obstetric-uneven-days": ["aps", "--weight", "70", "--scenario", "obstetric", "--failed-standard-therapy",
                                  "--protocol", "source-2-plus-1"],
    "aps-thrombosis-cycles": ["aps", "--weight", "70", "--scenario", "thrombosis", "--inr", "2.5"],
    "aps-thrombosis-two-phases": ["aps", "--weight", "70", "--scenario", "thrombosis", "--inr", "2.5", "--protocol",
                                  "intensive"],
    "aps-not-indicated": ["aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "1.8"],
    "aps-asymptomatic": ["aps", "--weight", "65", "--scenario", "asymptomatic"],
}
STATUS_WORDS = ("INDICATED · ", "CONSIDER · ", "NOT INDICATED · ")


def cli(argv: list[str], width: int | None) -> str:
    env = {**ENV, "COLUMNS": str(width)} if width else {**ENV, "COLUMNS": None}
    result = CliRunner().invoke(app, argv, env=env)  # type: ignore[arg-type]
    assert result.exit_code in (0, 3), result.stderr
    return result.stdout


def the_json(argv: list[str]) -> dict:  # type: ignore[type-arg]
    return json.loads(cli([*argv, "--json"], None))


def first_paragraph(out: str) -> str:
    """Line 1 as written, before the terminal wrapped it: every line up to the patient line."""
    lines = out.splitlines()
    end = next(index for index, line in enumerate(lines) if line.startswith("Patient:"))
    return " ".join(line.strip() for line in lines[:end])


def doses_to_give(payload: dict) -> list[str]:  # type: ignore[type-arg]
    shown = []
    for phase in payload["regimen"]["phases"]:
        for infusion in phase["infusions"]:
            given = infusion["dose_g_rounded"]
            shown.append(f"{number(infusion['dose_g'] if given is None else given)} g")
    return shown


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", SCENARIOS)
def test_line_one_is_the_status_and_the_dose(family: str, width: int) -> None:
    argv = SCENARIOS[family]
    out = cli(argv, width)
    payload = the_json(argv)
    assert out.startswith(STATUS_WORDS), out.splitlines()[0]
    assert out.splitlines()[0].startswith(STATUS_WORDS)  # the status whole on the first line, at any width
    line_one = first_paragraph(out)
    if payload["status"] == "not-indicated" or payload["regimen"] is None:
        assert payload["status_reason"].split()[0] in line_one
        return
    assert " give IVIG " in line_one
    for dose in doses_to_give(payload):
        assert re.search(rf"(?<![\d.,]){re.escape(dose)}\b", line_one), (dose, line_one)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", SCENARIOS)
def test_no_line_is_wider_than_the_width(family: str, width: int) -> None:
    for line in cli(SCENARIOS[family], width).splitlines():
        assert cell_len(line.rstrip()) <= width, line


def render(argv: list[str], width: int, *, soft_wrap: bool) -> str:
    from ivigcalc.api import aps_from_mapping, itp_from_mapping
    from ivigcalc.render.result import print_result

    values: dict[str, object] = {}
    tokens = list(argv[1:])
    while tokens:
        name = tokens.pop(0).removeprefix("--").replace("-", "_")
        values[name] = True if not tokens or tokens[0].startswith("--") else tokens.pop(0)
    result = (itp_from_mapping if argv[0] == "itp" else aps_from_mapping)(values)
    file = io.StringIO()
    print_result(result, PeopleConsole(file=file, width=width, soft_wrap=soft_wrap, color_system=None, highlight=False))
    return file.getvalue()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", SCENARIOS)
def test_no_word_or_number_is_split(family: str, width: int) -> None:
    # The same output with and without wrapping (tables are laid out alike in both): the words are the same,
    # so wrapping broke lines only between words.
    wrapped = render(SCENARIOS[family], width, soft_wrap=False)
    unwrapped = render(SCENARIOS[family], width, soft_wrap=True)
    assert wrapped.split() == unwrapped.split()
    assert wrapped == cli(SCENARIOS[family], width)  # what the command prints


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", SCENARIOS)
def test_every_number_of_the_json_that_is_shown_is_shown_whole(family: str, width: int) -> None:
    argv = SCENARIOS[family]
    out = cli(argv, width)
    payload = the_json(argv)
    numbers = [payload["dosing_weight"]["kg"], payload["dosing_weight"]["actual_kg"]]
    if payload["regimen"] is not None:
        for phase in payload["regimen"]["phases"]:
            for infusion in phase["infusions"]:
                numbers += [infusion["dose_g"], infusion["dose_g_per_kg"]]
                numbers += [value for value in (infusion["dose_g_rounded"], infusion["volume_ml"]) if value]
    if payload["grade"] is not None:
        numbers.append(payload["grade"]["platelets_10e9_per_l"])
    unwrapped = cli(argv, None)  # one line per item: where each number is shown at all
    for value in numbers:
        shown = number(value)
        pattern = rf"(?<![\d.,]){re.escape(shown)}(?![\d]|[.,]\d)"
        if re.search(pattern, unwrapped):
            assert re.search(pattern, out), (shown, width)


def readme_result_examples() -> list[str]:
    """The README's `itp` and `aps` examples that print a result as text, one screen."""
    chosen = []
    for command_line, _ in blocks(README.read_text(encoding="utf-8")):
        argv = shlex.split(command_line)[1:]
        if argv and argv[0] in ("itp", "aps") and not {"--full", "--explain", "--json", "--output-format"} & set(argv):
            chosen.append(command_line)
    return chosen


def test_the_readme_has_result_examples() -> None:
    assert len(readme_result_examples()) >= 3


@pytest.mark.parametrize("command_line", readme_result_examples())
def test_a_readme_example_fits_one_screen(command_line: str) -> None:
    argv = shlex.split(command_line)[1:]
    result = CliRunner().invoke(app, argv, env={**ENV, "COLUMNS": "80"})
    if result.exit_code == 2:  # a refusal: one line
        return
    lines = result.stdout.rstrip("\n").splitlines()
    assert len(lines) <= 30, f"{command_line}: {len(lines)} lines at 80 columns"


def test_full_prints_every_text_whole() -> None:
    from ivigcalc.knowledge.warnings import WARNINGS

    argv = SCENARIOS["aps-caps"]
    full = cli([*argv, "--full"], None)
    payload = the_json(argv)
    assert full.splitlines()[0] == cli(argv, None).splitlines()[0]  # line 1 is the same
    for warning in payload["warnings"]:
        assert warning["message"] in full
    for reference in payload["references"]:
        assert reference["citation"] in full
    assert payload["dosing_weight"]["reason"] in full
    assert all(definition.summary for definition in WARNINGS.values())


def test_check_gives_the_verdict_first_and_last() -> None:
    argv = ["check", "itp", "--weight", "70", "--platelets", "18", "--bleeding", "active", "--ordered-dose", "90",
            "--ordered-days", "1"]
    for width in WIDTHS:
        out = cli(argv, width).rstrip("\n")
        assert out.startswith("Order check: FLAG")
        assert out.split("\n\n")[-1].startswith("Order check: FLAG")  # the verdict again, last
        assert "\nINDICATED · give IVIG" in out  # the calculation below the verdict
