"""`ivigcalc batch`: one record per row in input order, error records that name the line and the
field, CSV and JSON Lines with their edge cases, atomic output, formula neutralising, exit codes, and
the property that a batch record is the single command's `--json` result plus `id` and `line`."""

from __future__ import annotations

import csv
import doctest
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from batch_support import records, run
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ivigcalc import api
from ivigcalc.cli import app
from ivigcalc.core import fields
from ivigcalc.errors import ExitStatus, InputError
from ivigcalc.formats import batch_read, batch_write
from ivigcalc.formats.batch import run_batch
from ivigcalc.formats.batch_read import InputFormat, OutputFormat
from ivigcalc.formats.batch_write import ResultEncoder

RUNNER = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"




def csv_rows(output: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output.decode("utf-8"))))


def cli(*arguments: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(arguments), input=stdin)
    return result.exit_code, result.stdout, result.stderr


MIXED = (
    "id,command,weight,platelets,bleeding,scenario\n"
    "a,itp,70,18,active,\n"  # line 2: good
    "b,itp,abc,18,,\n"  # line 3: weight is not a number
    "c,aps,65,,,caps\n"  # line 4: good
    "d,itp,70,,,\n"  # line 5: platelets missing
    "e,itp,70,18,,\n"  # line 6: good
)


# ------------------------------------------------------------------------------------------ order, errors


def test_mixed_good_and_bad_rows_keep_order_and_count(tmp_path: Path) -> None:
    summary, output, err = run(tmp_path, MIXED)
    found = records(output)
    assert [(r["id"], r["line"]) for r in found] == [("a", 2), ("b", 3), ("c", 4), ("d", 5), ("e", 6)]
    assert ["status" in r for r in found] == [True, False, True, False, True]
    assert (summary.rows, summary.succeeded, summary.failed) == (5, 3, 2)
    assert summary.exit_status is ExitStatus.BATCH_PARTIAL
    assert re.fullmatch(r"ivigcalc: batch: 5 rows, 3 succeeded, 2 failed, [\d,]+ rows/s \([\d.]+ s\)\n", err)


def test_error_record_carries_line_field_value_and_message_without_status(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, MIXED)
    bad_weight, missing_platelets = records(output)[1], records(output)[3]
    assert bad_weight == {
        "id": "b", "line": 3,
        "error": {"field": "weight", "value": "abc", "message": bad_weight["error"]["message"]},
    }
    assert "not a number" in bad_weight["error"]["message"]
    assert missing_platelets["line"] == 5
    assert missing_platelets["error"]["field"] == "platelets"
    assert missing_platelets["error"]["value"] is None
    assert "required" in missing_platelets["error"]["message"]


def test_success_record_is_the_json_result_with_id_and_line_first(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, '{"id": 7, "command": "itp", "weight": 70, "platelets": 18}\n', "rows.jsonl")
    code, single, _ = cli("itp", "--weight", "70", "--platelets", "18", "--json")
    assert code == 0
    assert output == b'{"id":7,"line":1,' + single.encode("utf-8")[1:]
    record = json.loads(output)
    # 70 kg, height and sex unknown -> actual weight; ITP adult 1 g/kg once: 70 × 1 = 70 g.
    assert record["dosing_weight"]["kg"] == 70.0
    assert record["regimen"]["total_dose_g"] == 70.0


def test_repeated_rows_give_identical_records_from_the_cache(tmp_path: Path) -> None:
    row = '{"command": "aps", "weight": 65, "scenario": "caps"}\n'
    _, output, _ = run(tmp_path, row * 3, "rows.jsonl")
    bodies = [line.split(b",", 2)[2] for line in output.splitlines()]  # without id and line
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0] == api.aps(weight=65, scenario="caps").model_dump_json().encode()[1:]


def test_internal_error_in_one_row_is_recorded_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = api.itp_from_mapping

    def flaky(values: Any, settings: Any = None) -> Any:
        if values.get("weight") == "66":
            raise RuntimeError("patient data must not leak: 66 kg")
        return real(values, settings)

    monkeypatch.setattr(api, "itp_from_mapping", flaky)
    _, output, _ = run(tmp_path, "command,weight,platelets\nitp,65,18\nitp,66,18\nitp,67,18\n")
    found = records(output)
    assert [("status" in r) for r in found] == [True, False, True]
    assert found[1]["error"]["message"] == "internal error (RuntimeError); report it"


# ------------------------------------------------------------------------------------------ empty input


@pytest.mark.parametrize("name", ["rows.csv", "rows.jsonl"])
def test_empty_input_gives_no_records_and_exit_0(tmp_path: Path, name: str) -> None:
    summary, output, err = run(tmp_path, "", name)
    assert output == b""
    assert (summary.rows, summary.exit_status) == (0, ExitStatus.SUCCESS)
    assert err.startswith("ivigcalc: batch: 0 rows, 0 succeeded, 0 failed")


def test_header_only_csv_gives_no_records(tmp_path: Path) -> None:
    summary, output, _ = run(tmp_path, "id,command,weight,platelets\r\n", output_format=OutputFormat.CSV)
    assert summary.rows == 0
    assert output.decode().splitlines() == [",".join(batch_write.csv_columns())]


def test_blank_lines_and_all_empty_rows_are_skipped(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "command,weight,platelets\n\nitp,70,18\n,,\n\nitp,80,18\n")
    assert [r["line"] for r in records(output)] == [3, 6]
    _, output, _ = run(tmp_path, '\n{"command":"itp","weight":70,"platelets":18}\n  \n', "rows.jsonl")
    assert [r["line"] for r in records(output)] == [2]


# ------------------------------------------------------------------------------------------ columns


def test_unknown_csv_columns_stop_the_batch_naming_them(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("command,wieght,platelets,colour\nitp,70,18,red\n")
    target = tmp_path / "out.jsonl"
    code, out, err = cli("batch", str(tmp_path / "rows.csv"), "--output", str(target))
    assert code == ExitStatus.INPUT_ERROR
    assert "unknown column(s): wieght (did you mean weight?), colour" in err
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]  # no output, no temporary file


def test_unknown_jsonl_key_is_an_error_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    text = ('{"command":"itp","weight":70,"platelets":18,"colour":"red"}\n'
            '{"command":"itp","weight":70,"platelets":18}\n')
    summary, output, _ = run(tmp_path, text, "rows.jsonl")
    first, second = records(output)
    assert first["error"]["field"] == "colour"
    assert first["error"]["value"] == "red"
    assert "unknown column(s): colour" in first["error"]["message"]
    assert second["status"] == "consider"
    assert summary.failed == 1


def test_column_names_take_dashes_underscores_and_any_case(tmp_path: Path) -> None:
    text = "ID,Command,Weight,Platelets,Platelet-Unit,weight_unit\nx,ITP,154,18000,/uL,lb\n"
    _, output, _ = run(tmp_path, text)
    record = records(output)[0]
    # 154 lb × 0.45359237 = 69.85 kg; 18,000/µL ÷ 1,000 = 18 ×10⁹/L.
    assert record["inputs"]["weight_kg"] == pytest.approx(69.853225, abs=1e-6)
    assert record["inputs"]["platelets_10e9_per_l"] == 18.0
    assert record["id"] == "x"


def test_a_column_of_the_other_command_is_refused_only_when_filled(tmp_path: Path) -> None:
    text = "command,weight,platelets,scenario\nitp,70,18,\nitp,70,18,caps\n"
    _, output, _ = run(tmp_path, text)
    first, second = records(output)
    assert first["status"] == "consider"
    assert second["error"]["field"] == "scenario"
    assert "ivigcalc aps" in second["error"]["message"]


def test_batch_columns_follow_the_field_table(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {"id", "command"} | fields.ITP_FIELDS | fields.APS_FIELDS
    assert batch_read.input_columns() == expected
    added = fields.InputField("new_input", "flag", fields.ITP, "A new input.", fields.ITP_PANEL)
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, added))
    assert "new_input" in batch_read.input_columns()


@pytest.mark.parametrize("header, message", [
    ("command,weight,Weight\n", "given twice in the header: weight"),
    ("weight,platelets\n", "no `command` column"),
])
def test_bad_csv_headers_are_input_errors(tmp_path: Path, header: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        run(tmp_path, header + "70,18,1\n")


def test_missing_or_unknown_command_is_an_error_record(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "command,weight,platelets\n,70,18\ngrade,70,18\n Aps ,70,\n")
    first, second, third = records(output)
    assert first["error"]["field"] == "command"
    assert "required" in first["error"]["message"]
    assert second["error"] == {"field": "command", "value": "grade", "message": "is not one of itp, aps"}
    assert third["error"]["field"] == "scenario"  # " Aps " was read as aps


def test_row_with_the_wrong_number_of_cells_is_an_error_record(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "id,command,weight,platelets\nr1,itp,70\nr2,itp,70,18,extra\n")
    first, second = records(output)
    assert first["error"]["message"] == "the row has 3 cells; the header has 4"
    assert first["id"] == "r1"
    assert second["error"]["message"] == "the row has 5 cells; the header has 4"


# ------------------------------------------------------------------------------------------ text edge cases


def test_utf8_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "\ufeffid,command,weight,platelets\nb1,itp,70,18\n")
    assert records(output)[0]["id"] == "b1"
    row = '\ufeff{"id":"b2","command":"itp","weight":70,"platelets":18}\n'
    _, output, _ = run(tmp_path, row, "rows.jsonl")
    assert records(output)[0]["id"] == "b2"


def test_crlf_line_ends(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "id,command,weight,platelets\r\nc1,itp,70,18\r\nc2,itp,80,18\r\n")
    assert [(r["id"], r["line"], r["regimen"]["total_dose_g"]) for r in records(output)] == [
        ("c1", 2, 70.0), ("c2", 3, 80.0)]
    text = ('{"id":"j1","command":"itp","weight":70,"platelets":18}\r\n'
            '{"id":"j2","command":"itp","weight":70,"platelets":18}\r\n')
    _, output, _ = run(tmp_path, text, "rows.jsonl")
    assert [(r["id"], r["line"]) for r in records(output)] == [("j1", 1), ("j2", 2)]


def test_a_quoted_cell_may_not_span_lines(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, 'id,command,weight,platelets\n"two\nlines",itp,70,18\nnext,itp,70,18\n')
    found = records(output)
    assert [(r["id"], r["line"]) for r in found] == [(None, 2), ('lines"', 3), ("next", 4)]
    assert found[0]["error"]["field"] == "id"
    assert "unterminated quote" in found[0]["error"]["message"]


def test_a_row_of_10000_characters(tmp_path: Path) -> None:
    long_id = "x" * 10_000
    _, output, _ = run(tmp_path, f"id,command,weight,platelets\n{long_id},itp,70,18\n")
    assert records(output)[0]["id"] == long_id
    long_value = "7" * 10_000  # 7777… kg: refused, and echoed whole
    row = f'{{"command":"itp","weight":"{long_value}","platelets":18}}\n'
    _, output, _ = run(tmp_path, row, "rows.jsonl")
    error = records(output)[0]["error"]
    assert (error["field"], error["value"]) == ("weight", long_value)


def test_a_line_that_is_not_utf8_is_an_error_record(tmp_path: Path) -> None:
    text = b"id,command,weight,platelets\nok1,itp,70,18\nbad,itp,70\xff,18\nok2,itp,70,18\n"
    summary, output, _ = run(tmp_path, text)
    found = records(output)
    assert [r.get("status", "error") for r in found] == ["consider", "error", "consider"]
    assert found[1]["error"]["message"] == "line 3 is not valid UTF-8 text"
    assert summary.failed == 1


def test_jsonl_lines_that_are_not_objects(tmp_path: Path) -> None:
    text = 'not json\n[1, 2]\n{"command":"itp","weight":NaN,"platelets":18}\n'
    _, output, _ = run(tmp_path, text, "rows.jsonl")
    first, second, third = records(output)
    assert first["error"]["message"].startswith("line is not valid JSON")
    assert second["error"]["message"] == "line is not a JSON object"
    assert third["error"]["field"] == "weight"
    assert third["error"]["value"] == "nan"  # NaN is not JSON: echoed as text


def test_json_values_null_and_empty_mean_not_given(tmp_path: Path) -> None:
    text = '{"command":"itp","weight":70,"platelets":18,"height":null,"sex":"","age":"  "}\n'
    _, output, _ = run(tmp_path, text, "rows.jsonl")
    assert records(output)[0]["inputs"]["height_cm"] is None


# ------------------------------------------------------------------------------------------ formats


def test_csv_output_flat_columns(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, MIXED, output_format=OutputFormat.CSV)
    rows = csv_rows(output)
    assert list(rows[0]) == batch_write.csv_columns()
    itp_row, bad, caps = rows[0], rows[1], rows[2]
    assert (itp_row["id"], itp_row["line"], itp_row["command"], itp_row["status"], itp_row["grade"]) == (
        "a", "2", "itp", "indicated", "4")
    # 70 kg × 1 g/kg once = 70 g.
    assert (itp_row["dosing_weight_kg"], itp_row["dosing_weight_basis"]) == ("70", "actual")
    assert (itp_row["infusions"], itp_row["total_dose_g"]) == ("1:70", "70")
    expected_codes = [w.code for w in api.itp(weight=70, platelets=18, bleeding="active").warnings]
    assert itp_row["warnings"].split(";") == expected_codes
    # CAPS 2 g/kg over 5 days: 65 kg × 0.4 g/kg = 26 g a day; 5 × 26 = 130 g.
    assert (caps["infusions"], caps["total_dose_g"], caps["grade"]) == ("1:26;2:26;3:26;4:26;5:26", "130", "")
    assert (bad["status"], bad["error_field"], bad["command"]) == ("error", "weight", "")
    assert "not a number" in bad["error_message"]


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_csv_output_neutralises_formula_cells(tmp_path: Path, cell: str) -> None:
    # JSONL input: a CSV cell holding a line break would be an unterminated quote on its line
    row = json.dumps({"id": cell, "command": "itp", "weight": 70, "platelets": 18})
    _, output, _ = run(tmp_path, row + "\n", "rows.jsonl", output_format=OutputFormat.CSV)
    assert csv_rows(output)[0]["id"] == "'" + cell


def test_csv_output_leaves_ordinary_cells_alone(tmp_path: Path) -> None:
    text = "id,command,weight,platelets\nA-1,itp,70,18\n"
    _, output, _ = run(tmp_path, text, output_format=OutputFormat.CSV)
    assert csv_rows(output)[0]["id"] == "A-1"


def test_input_format_from_option_and_from_content(tmp_path: Path) -> None:
    row = '{"command":"itp","weight":70,"platelets":18}\n'
    _, output, _ = run(tmp_path, row, "rows.txt", input_format=InputFormat.JSONL)
    assert records(output)[0]["status"] == "consider"
    assert batch_read.detect_input_format("-", b"\xef\xbb\xbf {") is InputFormat.JSONL
    assert batch_read.detect_input_format("-", b"command,weight") is InputFormat.CSV
    assert batch_read.detect_input_format("x.NDJSON") is InputFormat.JSONL


def test_stdin_with_dash(tmp_path: Path) -> None:
    code, out, err = cli("batch", "-", stdin="command,weight,platelets\nitp,70,18\n")
    assert code == 0
    assert json.loads(out)["line"] == 2
    assert "1 row, 1 succeeded, 0 failed" in err


def test_output_format_follows_a_csv_output_name(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("command,weight,platelets\nitp,70,18\n")
    code, _, _ = cli("batch", str(tmp_path / "rows.csv"), "-o", str(tmp_path / "out.csv"), "--quiet")
    assert code == 0
    assert (tmp_path / "out.csv").read_text().startswith("id,line,command,status")


# ------------------------------------------------------------------------------------------ exit codes


def test_exit_codes_0_4_2(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text("command,weight,platelets\nitp,70,18\n")
    (tmp_path / "mixed.csv").write_text(MIXED)
    assert cli("batch", str(tmp_path / "good.csv"))[0] == ExitStatus.SUCCESS == 0
    assert cli("batch", str(tmp_path / "mixed.csv"))[0] == ExitStatus.BATCH_PARTIAL == 4
    code, _, err = cli("batch", str(tmp_path / "missing.csv"))
    assert code == ExitStatus.INPUT_ERROR == 2
    missing = str(tmp_path / "missing.csv")
    assert err == f"ivigcalc: error: cannot read {missing!r}: No such file or directory\n"
    code, _, err = cli("batch", str(tmp_path / "good.csv"), "--output-format", "xml")
    assert code == 2
    assert "--output-format 'xml': is not one of jsonl, csv" in err


def test_exit_code_4_through_the_console_script(tmp_path: Path) -> None:
    (tmp_path / "mixed.csv").write_text(MIXED)
    command = [sys.executable, "-m", "ivigcalc", "batch", str(tmp_path / "mixed.csv"), "-o",
               str(tmp_path / "o.jsonl")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 4
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 5
    assert done.stdout == ""
    assert "5 rows, 3 succeeded, 2 failed" in done.stderr


def test_quiet_and_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("command,weight,platelets\nitp,70,18\n")
    _, _, err = cli("batch", str(tmp_path / "rows.csv"))
    assert err.count("\n") == 1  # the summary line only
    assert cli("batch", str(tmp_path / "rows.csv"), "--quiet")[2] == ""


# ------------------------------------------------------------------------------------------ atomic output


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(MIXED)
    cli("batch", str(tmp_path / "rows.csv"), "--output", str(tmp_path / "out.jsonl"))
    assert len(records((tmp_path / "out.jsonl").read_bytes())) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "rows.csv"]


def test_interrupted_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("command,weight,platelets\n" + "itp,70,18\n" * 50)
    target = tmp_path / "out.jsonl"
    target.write_text("the previous output\n")
    real, calls = api.itp_from_mapping, []

    def interrupted(values: Any, settings: Any = None) -> Any:
        calls.append(1)
        if len(calls) == 20:
            raise KeyboardInterrupt
        return real(values, settings)

    monkeypatch.setattr(api, "itp_from_mapping", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch(str(source), output=str(target), stderr=io.StringIO())
    assert target.read_text() == "the previous output\n"  # untouched: neither half-written nor removed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "rows.csv"]


def test_sigterm_leaves_no_partial_file(tmp_path: Path) -> None:
    # The child signals itself the moment its temporary file exists (a test hook): no timing involved.
    source = tmp_path / "rows.jsonl"
    source.write_text('{"command":"itp","weight":70,"platelets":18}\n' * 100)
    target = tmp_path / "out.jsonl"
    process = subprocess.run(
        [sys.executable, "-m", "ivigcalc", "batch", str(source), "-o", str(target), "--quiet"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "IVIGCALC_TEST_SIGNAL": "SIGTERM@output-created"}, check=False)
    assert process.returncode == 130  # as Ctrl-C
    assert process.stderr == "ivigcalc: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.jsonl"]


def test_output_that_is_not_a_regular_file_is_written_in_place(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("command,weight,platelets\nitp,70,18\n")
    code, _, _ = cli("batch", str(tmp_path / "rows.csv"), "--output", os.devnull, "--quiet")
    assert code == 0
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()


def test_output_in_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("command,weight,platelets\nitp,70,18\n")
    code, _, err = cli("batch", str(tmp_path / "rows.csv"), "-o", str(tmp_path / "no" / "out.jsonl"))
    assert code == 2
    assert "cannot write" in err


# ------------------------------------------------------------------------------------------ the property


def _number(low: float, high: float) -> st.SearchStrategy[float | int]:
    return st.integers(int(low), int(high)) | st.floats(low, high, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def batch_rows(draw: st.DrawFn) -> dict[str, Any]:
    """Rows like a script writes them: mostly valid, some contradictory (then both must refuse alike)."""
    command = draw(st.sampled_from(["itp", "aps"]))
    row: dict[str, Any] = {"command": command, "weight": draw(_number(2, 250))}
    if draw(st.booleans()):
        row["height"] = draw(_number(100, 210))
        row["sex"] = draw(st.sampled_from(["female", "male", "FEMALE"]))
    if draw(st.booleans()):
        row["age"] = draw(st.integers(0, 100))
    if draw(st.integers(0, 9)) == 0:
        row["pregnant"] = True
    if draw(st.integers(0, 9)) == 0:
        row["dosing_weight"] = draw(st.sampled_from(["actual", "ideal", "adjusted"]))
    if command == "itp":
        row["platelets"] = draw(_number(0, 600))
        row["bleeding"] = draw(st.sampled_from(["none", "minor", "active", "life-threatening"]))
        for flag in ("bleeding_risk", "rapid_rise", "procedure", "steroids_contraindicated"):
            if draw(st.integers(0, 5)) == 0:
                row[flag] = True
        if draw(st.integers(0, 9)) == 0:
            row["cause"] = draw(st.sampled_from(["hcv", "hiv", "sepsis"]))
        if draw(st.integers(0, 9)) == 0:
            row["regimen"] = "five-day"
    else:
        scenario = draw(st.sampled_from(["asymptomatic", "obstetric", "caps", "thrombosis"]))
        row["scenario"] = scenario
        if scenario == "obstetric":
            row["failed_standard_therapy"] = draw(st.booleans())
            row["protocol"] = draw(st.sampled_from(["five-day", "two-day", "source-2-plus-1"]))
        if scenario == "thrombosis":
            row["anticoagulated"] = draw(st.booleans())
            if draw(st.booleans()):
                row["inr"] = draw(_number(1, 4))
    if "diabetes" in fields.COMMON_FIELDS and draw(st.integers(0, 4)) == 0:
        row["diabetes"] = True
    if "round" in fields.COMMON_FIELDS and draw(st.integers(0, 4)) == 0:
        row["round"] = draw(st.sampled_from(["none", "nearest"]))
    return row


def _options(row: dict[str, Any]) -> list[str]:
    arguments = [row["command"]]
    for name, value in row.items():
        option = "--" + name.replace("_", "-")
        if name == "command" or value is False:
            continue
        arguments += [option] if value is True else [option, str(value)]
    return [*arguments, "--json"]


@given(row=batch_rows(), as_csv=st.booleans())
def test_batch_record_equals_the_single_command_json(tmp_path_factory: pytest.TempPathFactory,
                                                     row: dict[str, Any], as_csv: bool) -> None:
    if as_csv:
        columns = ["id", *row]
        text = io.StringIO()
        csv.writer(text).writerows(
            [columns, ["r", *("true" if v is True else str(v) for v in row.values())]])
        source, line = text.getvalue(), 2
    else:
        source, line = json.dumps({"id": "r", **row}) + "\n", 1
    out = io.BytesIO()
    path = tmp_path_factory.mktemp("rows") / ("rows.csv" if as_csv else "rows.jsonl")
    path.write_text(source, encoding="utf-8")
    run_batch(str(path), stdout=out, stderr=io.StringIO())
    record = out.getvalue()
    code, single, err = cli(*_options(row))
    if code == 0:
        assert record == b'{"id":"r","line":%d,' % line + single.encode("utf-8")[1:]
    else:
        assert code == ExitStatus.INPUT_ERROR
        error = json.loads(record)["error"]
        assert error["message"] in err
        if error["field"] is not None:
            assert "--" + error["field"].replace("_", "-") in err


@given(row=batch_rows())
def test_encoder_is_byte_identical_to_model_dump_json(row: dict[str, Any]) -> None:
    values = dict(row)
    command = values.pop("command")
    try:
        result = api.itp_from_mapping(values) if command == "itp" else api.aps_from_mapping(values)
    except InputError:
        return
    encoder = ResultEncoder()
    expected = result.model_dump_json().encode("utf-8")
    assert encoder.encode(result) == expected
    assert encoder.encode(result) == expected  # again


# ------------------------------------------------------------------------------------------ README


def test_readme_python_api_example_is_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "README has no Python API example"
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, {}, "README", str(README), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.failures == 0, f"README Python example differs from real output:\n{block}"


def test_a_key_given_twice_in_a_jsonl_row_is_an_error_record(tmp_path: Path) -> None:
    text = '{"command":"itp","weight":70,"platelets":18,"platelet_unit":"/uL","platelet-unit":"10^9/L"}\n'
    _, output, _ = run(tmp_path, text, "rows.jsonl")
    error = records(output)[0]["error"]
    assert error["field"] == "platelet-unit"
    assert "given twice" in error["message"]


def test_progress_bar_when_asked_leaves_the_output_alone(tmp_path: Path) -> None:
    rows = "command,weight,platelets\n" + "itp,70,18\n" * (batch_read.PROGRESS_EVERY_ROWS + 1)
    summary, output, _ = run(tmp_path, rows, progress=True)
    assert summary.succeeded == batch_read.PROGRESS_EVERY_ROWS + 1
    assert len(output.splitlines()) == summary.rows


@given(value=st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_compiled_encoder_differs_from_the_stdlib_only_where_it_is_checked(value: float) -> None:
    import msgspec

    from ivigcalc.formats.batch_write import _not_as_stdlib

    for shape in ([value], {"dose_g": value}, {"platelets_10e9_per_l": value}):
        compiled = msgspec.json.encode(shape)
        if compiled != json.dumps(shape, separators=(",", ":")).encode():
            assert _not_as_stdlib(compiled)


@given(row=batch_rows())
def test_compact_encoder_joined_with_the_catalogues_is_the_full_record(row: dict[str, Any]) -> None:
    values = dict(row)
    command = values.pop("command")
    try:
        result = api.itp_from_mapping(values) if command == "itp" else api.aps_from_mapping(values)
    except InputError:
        return
    full = json.loads(ResultEncoder().encode(result))
    compact = json.loads(ResultEncoder(compact=True).encode(result))
    assert _joined(compact, _catalogues()) == full


_CATALOGUES: list[tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]] = []


def _catalogues() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """`ivigcalc warnings --json` and `references --json`, as a user joining compact records has them."""
    if not _CATALOGUES:
        warnings = json.loads(CliRunner().invoke(app, ["warnings", "--json"]).stdout)
        references = json.loads(CliRunner().invoke(app, ["references", "--json"]).stdout)
        _CATALOGUES.append((warnings, {reference["id"]: reference for reference in references}))
    return _CATALOGUES[0]


def _joined(compact: dict[str, Any], catalogues: tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]
            ) -> dict[str, Any]:
    """A compact record with its warning texts and references filled in from the catalogues: each
    warning from the first catalogue entry of its code and severity, unless it carries its own."""
    warnings, references = catalogues
    record = dict(compact)
    full_warnings = []
    for warning in compact["warnings"]:
        entry = next(e for e in warnings if (e["code"], e["severity"]) == (warning["code"], warning["severity"]))
        full_warnings.append({
            "code": warning["code"], "severity": warning["severity"],
            "message": warning.get("message", entry["message"]),
            "references": warning.get("references", entry["references"])})
    record["warnings"] = full_warnings
    record["references"] = [references[reference_id] for reference_id in compact["references"]]
    return record


def test_compact_jsonl_round_trips_to_the_full_records(tmp_path: Path) -> None:
    rows = ("command,id,weight,platelets,bleeding,height,sex,age,scenario,product,round\n"
            "itp,a,70,18,life-threatening,170,female,40,,,\n"
            "itp,b,130,5,active,160,male,70,,privigen,vial\n"
            "aps,c,65,,,,,,caps,,\n"
            "itp,d,seventy,18,,,,,,,\n"
            "itp,e,12,25,none,,,3,,,\n")
    source = tmp_path / "rows.csv"
    source.write_text(rows, encoding="utf-8")
    full, compact = tmp_path / "full.jsonl", tmp_path / "compact.jsonl"
    run_batch(str(source), output=str(full), quiet=True)
    run_batch(str(source), output=str(compact), quiet=True, compact=True)
    full_lines = full.read_text(encoding="utf-8").splitlines()
    compact_lines = compact.read_text(encoding="utf-8").splitlines()
    assert len(full_lines) == len(compact_lines) == 5
    assert len(compact.read_bytes()) < len(full.read_bytes()) / 1.5
    for full_line, compact_line in zip(full_lines, compact_lines, strict=True):
        record = json.loads(compact_line)
        if "error" in record:
            assert compact_line == full_line
            continue
        assert json.dumps(_joined(record, _catalogues()), ensure_ascii=False, separators=(",", ":")) == full_line
