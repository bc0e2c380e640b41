"""The config file and --prices at the command line: an unreadable one is exit 2 at once, never a hang and
never silently ignored (`--prices nope.csv` without --product used to exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ivigcalc.cli import app

ITP = ["itp", "--weight", "70", "--platelets", "18"]


def run(argv: list[str], **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, argv, env={"NO_COLOR": "1", "TERM": "dumb", "IVIGCALC_CONFIG": "", **env})
    return result.exit_code, result.stdout, result.stderr


def test_config_from_dev_zero_is_an_error_naming_the_variable() -> None:
    code, out, err = run(ITP, IVIGCALC_CONFIG="/dev/zero")
    assert (code, out) == (2, "")
    assert "IVIGCALC_CONFIG" in err and "not a regular file" in err


@pytest.mark.parametrize("extra", [[], ["--product", "privigen"], ["--json"]])
def test_an_unreadable_prices_file_is_an_error_with_or_without_a_product(extra: list[str]) -> None:
    code, out, err = run([*ITP, "--prices", "nope.csv", *extra])
    assert (code, out) == (2, "")
    assert "--prices" in err and "nope.csv" in err


def test_a_prices_file_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "prices.csv"
    bad.write_text("product,pack size g,price,currency\nprivigen,7,1,AUD\n", encoding="utf-8")
    code, _, err = run([*ITP, "--prices", str(bad)])
    assert code == 2 and "--prices" in err and "no 7 g pack" in err


def test_batch_refuses_an_unreadable_prices_file(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("command,weight,platelets\nitp,70,18\n", encoding="utf-8")
    code, _, err = run(["batch", str(rows), "--prices", "nope.csv"])
    assert code == 2 and "--prices" in err


def test_a_good_prices_file_without_a_product_is_accepted(tmp_path: Path) -> None:
    good = tmp_path / "prices.csv"
    good.write_text("product,pack size g,price,currency\nprivigen,10,780,AUD\n", encoding="utf-8")
    code, _, err = run([*ITP, "--prices", str(good)])
    assert code == 0, err
