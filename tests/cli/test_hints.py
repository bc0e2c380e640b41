"""The common slips get a hint that names the option and the fix: one line on stderr, exit 2, nothing
on stdout."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ivigcalc.cli import app

ENV = {"NO_COLOR": "1", "COLUMNS": "100"}
BASE = ["itp", "--weight", "70", "--platelets", "18"]


def refusal(*argv: str) -> str:
    result = CliRunner().invoke(app, list(argv), env=ENV)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(("argv", "expected"), [
    (["itp", "--weight", "70", "--platelets", "18000"],
     "--platelets '18000': 18,000 ×10⁹/L is outside the accepted 0 to 2,000 ×10⁹/L; a count per µL? add "
     "--platelet-unit /uL (18,000 per µL is 18 ×10⁹/L)"),
    (["itp", "--weight", "70kg", "--platelets", "18"],
     "--weight '70kg': has a unit in it; give the number alone (70) and the unit with --weight-unit kg or lb"),
    (["itp", "--weight", "70", "--platelets", "18", "--height", "5ft"],
     "--height '5ft': has a unit in it; give the number alone (5) and the unit with --height-unit cm or in"),
    (["itp", "--weight", "70,5", "--platelets", "18"],
     "--weight '70,5': has a decimal comma; give a decimal point: 70.5"),
    (["itp", "--weight", "1,200", "--weight-unit", "lb", "--platelets", "18"],
     "--weight '1,200': has a thousands separator; give the number without it: 1200"),
    (["--json", "itp", "--weight", "70", "--platelets", "18"],
     "--json goes after the command, not before it: `ivigcalc itp ... --json`"),
    (["--explain", "aps", "--weight", "70", "--scenario", "caps"],
     "--explain goes after the command, not before it: `ivigcalc aps ... --explain`"),
    (["itp", "--weight", "70", "kg", "--platelets", "18"],
     "itp: 'kg' after a number is taken as an extra argument; give the number alone and the unit with its option "
     "(--weight-unit kg)"),
])
def test_a_slip_gets_its_fix(argv: list[str], expected: str) -> None:
    line = refusal(*argv)
    assert line == f"ivigcalc: error: {expected}"
    assert "ivigcalc ivigcalc" not in line


@pytest.mark.parametrize("sex", ["m", "M", "male", "MALE", "Male", "f", "F", "female", "Female"])
def test_sex_takes_a_letter_or_the_word_in_any_case(sex: str) -> None:
    result = CliRunner().invoke(app, [*BASE, "--sex", sex, "--json"], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["inputs"]["sex"] == ("male" if sex.lower().startswith("m") else "female")


def test_a_batch_cell_gets_the_same_hint() -> None:
    from ivigcalc.api import itp_from_mapping
    from ivigcalc.errors import InputError

    with pytest.raises(InputError) as caught:
        itp_from_mapping({"weight": "70,5", "platelets": "18"})
    assert caught.value.message == "has a decimal comma; give a decimal point: 70.5"
