"""Batch never loses a row, never overwrites its input and never guesses: one record per non-blank
line whatever the line holds, whole-file problems named before any output, `--output` checked against
the input and written atomically (symlinks, modes, `-`), duplicate keys refused, formula cells
neutralised. File behaviour runs in a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from batch_support import records, run
from hypothesis import given, settings
from hypothesis import strategies as st

import ivigcalc
from ivigcalc.formats import batch_read
from ivigcalc.formats.batch_read import OutputFormat

VALID_CSV = "itp,70,18"
VALID_JSONL = '{"command":"itp","weight":70,"platelets":18}'
HEADER = "id,command,weight,platelets"




def ivigcalc_process(*arguments: str, stdin: bytes | None = None, **options: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ivigcalc", *arguments], input=stdin, capture_output=True, timeout=120,
        check=False, **options)


# ------------------------------------------------------------------------------ one record per line


def test_a_stray_quote_costs_its_own_row_only(tmp_path: Path) -> None:
    lines = [HEADER, "r1," + VALID_CSV, 'r2,itp,"70,18'] + [f"r{n},{VALID_CSV}" for n in range(3, 10_003)]
    summary, output, err = run(tmp_path, "\n".join(lines) + "\n")
    found = records(output)
    assert len(found) == 10_002 == summary.rows
    assert [r["line"] for r in found] == list(range(2, 10_004))
    assert found[1]["id"] == "r2"
    assert found[1]["error"]["field"] == "weight"
    assert "unterminated quote" in found[1]["error"]["message"]
    assert all("error" not in r for r in found[2:])
    assert "10,002 rows, 10,001 succeeded, 1 failed" in err


@pytest.mark.parametrize(("line", "words"), [
    ('{"a":' * 1000 + "1" + "}" * 1000, "nested too deeply"),
    ("[" * 100_000, "nested too deeply"),
    ('{"command":"itp","weight":' + "7" * 5000 + ',"platelets":18}', "longer than 4,300 digits"),
    ('{"command":"itp","bleeding":"life-threatening","bleeding":"none","weight":70,"platelets":18}',
     "given twice"),
])
def test_a_line_json_cannot_read_is_that_rows_error_record(tmp_path: Path, line: str, words: str) -> None:
    summary, output, _ = run(tmp_path, "\n".join([VALID_JSONL, line, VALID_JSONL]) + "\n", "rows.jsonl")
    found = records(output)
    assert [r["line"] for r in found] == [1, 2, 3]
    assert words in found[1]["error"]["message"]
    assert "set_int_max_str_digits" not in found[1]["error"]["message"]
    assert "error" not in found[2]
    assert summary.failed == 1


def test_a_duplicate_json_key_is_named(tmp_path: Path) -> None:
    line = '{"command":"itp","bleeding":"life-threatening","bleeding":"none","weight":70,"platelets":18}'
    _, output, _ = run(tmp_path, line + "\n", "rows.jsonl")
    assert records(output)[0]["error"]["field"] == "bleeding"


def test_a_line_too_long_to_hold_is_one_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_read, "MAX_LINE_CHARS", 1000)
    text = "\n".join([VALID_JSONL, '{"id":"' + "x" * 5000 + '"}', VALID_JSONL]) + "\n"
    _, output, _ = run(tmp_path, text, "rows.jsonl")
    found = records(output)
    assert [r["line"] for r in found] == [1, 2, 3]
    assert "longer than 1,000 characters" in found[1]["error"]["message"]
    _, output, _ = run(tmp_path, "\n".join([HEADER, "a" * 5000, "r3," + VALID_CSV]) + "\n")
    assert [r["line"] for r in records(output)] == [2, 3]


def test_an_exception_computing_one_row_is_that_rows_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivigcalc import api

    real = api.itp_from_mapping

    def flaky(values: Any, *args: Any, **kwargs: Any) -> Any:
        if values.get("weight") == "71":
            raise MemoryError
        return real(values, *args, **kwargs)

    monkeypatch.setattr(api, "itp_from_mapping", flaky)
    _, output, _ = run(tmp_path, "command,weight,platelets\nitp,70,18\nitp,71,18\nitp,72,18\n")
    found = records(output)
    assert [r["line"] for r in found] == [2, 3, 4]
    assert "MemoryError" in found[1]["error"]["message"]


GARBAGE = st.text(st.characters(blacklist_characters="\n\r\x00", blacklist_categories=("Cs",)), max_size=40)
CSV_LINES = st.lists(st.one_of(
    st.just(VALID_CSV + ",x"), st.just(""), st.just("  "), st.just(",,,"), st.just('"'), st.just('x,"a'),
    st.just("itp,abc,18,y"), GARBAGE), max_size=25)
JSONL_LINES = st.lists(st.one_of(
    st.just(VALID_JSONL), st.just(""), st.just(" \t"), st.just("{"), st.just('{"a":1,"a":2}'), st.just("[" * 5000),
    st.just("null"), GARBAGE), max_size=25)


@settings(max_examples=60)
@given(CSV_LINES)
def test_property_one_csv_record_per_non_blank_line_in_order(tmp_path_factory: pytest.TempPathFactory,
                                                             lines: list[str]) -> None:
    tmp_path = tmp_path_factory.mktemp("csv")
    header = "command,weight,platelets,id"
    summary, output, _ = run(tmp_path, "\n".join([header, *lines]) + "\n")
    expected = [n for n, line in enumerate(lines, start=2) if line.strip(" \t\x0b\x0c,")]
    assert [r["line"] for r in records(output)] == expected
    assert summary.rows == len(expected)


@settings(max_examples=60)
@given(JSONL_LINES)
def test_property_one_jsonl_record_per_non_blank_line_in_order(tmp_path_factory: pytest.TempPathFactory,
                                                               lines: list[str]) -> None:
    tmp_path = tmp_path_factory.mktemp("jsonl")
    summary, output, _ = run(tmp_path, "\n".join(lines) + "\n", "rows.jsonl")
    expected = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert [r["line"] for r in records(output)] == expected
    assert summary.rows == len(expected)


# ------------------------------------------------------------------------------ whole-file problems


@pytest.mark.parametrize(("data", "words"), [
    ("command,weight,platelets\nitp,70,18\n".encode("utf-16"), "UTF-16"),
    ("command,weight,platelets\nitp,70,18\n".encode("utf-16-le"), "NUL bytes"),
    ("José,command,weight\nitp,70\n".encode("latin-1"), "not UTF-8"),
])
def test_an_input_that_is_not_utf8_text_is_named_before_any_output(tmp_path: Path, data: bytes, words: str) -> None:
    (tmp_path / "rows.csv").write_bytes(data)
    done = ivigcalc_process("batch", str(tmp_path / "rows.csv"))
    assert done.returncode == 2
    assert done.stdout == b""
    assert words in done.stderr.decode()
    assert b"\\udc" not in done.stderr


def test_blank_lines_before_the_csv_header_are_skipped(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "\n\n  \ncommand,weight,platelets\nitp,70,18\n")
    assert [r["line"] for r in records(output)] == [5]


def test_jsonl_on_stdin_after_blank_lines_is_jsonl() -> None:
    done = ivigcalc_process("batch", "-", stdin=b"\n   \n\t\n" + b" " * 200 + b"\n" + VALID_JSONL.encode() + b"\n")
    assert done.returncode == 0, done.stderr
    assert [r["line"] for r in records(done.stdout)] == [5]


def test_a_directory_as_input_is_an_input_error(tmp_path: Path) -> None:
    done = ivigcalc_process("batch", str(tmp_path))
    assert (done.returncode, done.stdout) == (2, b"")
    assert b"Is a directory" in done.stderr


def test_a_duplicate_csv_column_is_named(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("command,weight,Weight,platelets\nitp,70,80,18\n")
    done = ivigcalc_process("batch", str(tmp_path / "rows.csv"))
    assert done.returncode == 2
    assert b"given twice in the header: weight" in done.stderr


# ------------------------------------------------------------------------------ the output file


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("command,weight,platelets\nitp,70,18\n")
    return path


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "relative"])
def test_the_input_is_never_overwritten(tmp_path: Path, source: Path, how: str) -> None:
    before = source.read_bytes()
    target = str(source)
    if how == "symlink":
        os.symlink(source, tmp_path / "link.csv")
        target = str(tmp_path / "link.csv")
    elif how == "hardlink":
        os.link(source, tmp_path / "hard.csv")
        target = str(tmp_path / "hard.csv")
    elif how == "relative":
        target = "./in.csv"
    done = ivigcalc_process("batch", str(source), "-o", target, cwd=tmp_path)
    assert done.returncode == 2
    assert b"is the input file" in done.stderr
    assert source.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_symlinked_output_replaces_its_target_and_stays_a_link(tmp_path: Path, source: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "out.jsonl"
    link.symlink_to(real)
    done = ivigcalc_process("batch", str(source), "-o", str(link), "--quiet")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert records(real.read_bytes())[0]["status"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_an_existing_output_keeps_its_mode(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o600)
    assert ivigcalc_process("batch", str(source), "-o", str(out), "--quiet").returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert records(out.read_bytes())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_output_is_refused(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o444)
    done = ivigcalc_process("batch", str(source), "-o", str(out))
    assert done.returncode == 2
    assert out.read_text() == "old\n"


def test_dash_output_is_stdout(tmp_path: Path, source: Path) -> None:
    done = ivigcalc_process("batch", str(source), "-o", "-", "--quiet", cwd=tmp_path)
    assert done.returncode == 0
    assert records(done.stdout)[0]["line"] == 2
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(("output", "words"), [("", b"--output: is empty"), (".", b"is a directory")])
def test_an_unusable_output_path_is_a_usage_error(tmp_path: Path, source: Path, output: str, words: bytes) -> None:
    done = ivigcalc_process("batch", str(source), "-o", output, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, b"")
    assert words in done.stderr
    assert b"internal error" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_an_environment_failure_with_the_reason(source: Path) -> None:
    done = ivigcalc_process("batch", str(source), "-o", "/dev/full", "--quiet")
    assert done.returncode == 74
    assert done.stderr.decode().strip() == "ivigcalc: error: cannot write '/dev/full': No space left on device"


# ------------------------------------------------------------------------------ CSV injection


@pytest.mark.parametrize("cell", [" =1+1", "\x0b=1+1", "\x0c=1+1", "\u3000=1+1", "\n=1", "\tx", "  @SUM(A1)",
                                  "=1+1", "+1+1x", "-2+3"])
def test_formula_cells_are_neutralised(tmp_path: Path, cell: str) -> None:
    row = json.dumps({"id": cell, "command": "itp", "weight": 70, "platelets": 18})
    _, output, _ = run(tmp_path, row + "\n", "rows.jsonl", output_format=OutputFormat.CSV)
    assert next(csv.DictReader(io.StringIO(output.decode())))["id"] == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "+3.5", "-1e3", -5, "A-1", " x"])
def test_numbers_and_plain_text_stay_as_they_are(tmp_path: Path, cell: object) -> None:
    row = json.dumps({"id": cell, "command": "itp", "weight": 70, "platelets": 18})
    _, output, _ = run(tmp_path, row + "\n", "rows.jsonl", output_format=OutputFormat.CSV)
    assert next(csv.DictReader(io.StringIO(output.decode())))["id"] == str(cell)


# ------------------------------------------------------------------------------ the Python API


@pytest.mark.parametrize("weight", [Decimal("70.5"), Fraction(141, 2), 70.5])
def test_the_api_takes_any_finite_real(weight: object) -> None:
    assert ivigcalc.itp(weight=weight, platelets=Decimal(18)).dosing_weight.kg == 70.5  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Fraction(10**400, 1), "x",
                                    object()])
def test_the_api_refuses_a_bad_number_with_its_own_error(weight: object) -> None:
    with pytest.raises(ivigcalc.InputError) as raised:
        ivigcalc.itp(weight=weight, platelets=18)  # type: ignore[arg-type]
    assert raised.value.field == "weight"


@pytest.mark.parametrize("mapping", [None, [], "weight=70", 70])
def test_a_mapping_that_is_not_one_is_an_input_error(mapping: object) -> None:
    with pytest.raises(ivigcalc.InputError):
        ivigcalc.itp_from_mapping(mapping)  # type: ignore[arg-type]
    with pytest.raises(ivigcalc.InputError):
        ivigcalc.aps_from_mapping(mapping)  # type: ignore[arg-type]
