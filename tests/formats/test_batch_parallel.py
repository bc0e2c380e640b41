"""`batch --jobs N`: the same records as one process, in input order, one per non-blank line, whatever the
chunking; an interrupted parallel run leaves no file and no worker behind. Arrow in and out."""

from __future__ import annotations

import ctypes
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivigcalc.formats import batch_parallel
from ivigcalc.formats.batch import run_batch
from ivigcalc.formats.batch_read import OutputFormat

GOOD = ['{"id":"a","command":"itp","weight":70,"platelets":18}',
        '{"id":"b","command":"aps","weight":65,"scenario":"caps"}',
        '{"id":"c","command":"itp","weight":120,"height":160,"sex":"female","platelets":5,"bleeding":"active",'
        '"product":"privigen","round":"vial"}']
BAD = ['{"id":"d","command":"itp","weight":"seventy","platelets":18}', "{", "null", '{"command":"cure"}',
       '{"a":1,"a":2}']


def mixed_lines(count: int) -> list[str]:
    lines = []
    for index in range(count):
        lines.append(BAD[index % len(BAD)] if index % 7 == 3 else GOOD[index % len(GOOD)])
        if index % 11 == 5:
            lines.append("   ")  # a blank line: no record
    return lines


def run(path: Path, **options: Any) -> tuple[Any, bytes]:
    out = io.BytesIO()
    summary = run_batch(str(path), stdout=out, stderr=io.StringIO(), quiet=True, **options)
    return summary, out.getvalue()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_parallel, "CHUNK_ROWS", 7)  # many chunks, a full window


@pytest.mark.parametrize(("name", "options"), [
    ("rows.jsonl", {}), ("rows.jsonl", {"compact": True}), ("rows.jsonl", {"output_format": OutputFormat.CSV})])
def test_two_jobs_write_what_one_process_writes(tmp_path: Path, small_chunks: None, name: str,
                                                options: dict[str, Any]) -> None:
    source = tmp_path / name
    source.write_text("\n".join(mixed_lines(400)) + "\n", encoding="utf-8")
    one_summary, one = run(source, jobs=1, **options)
    two_summary, two = run(source, jobs=2, **options)
    assert two == one
    assert (two_summary.rows, two_summary.failed) == (one_summary.rows, one_summary.failed) == (400, 57)


def test_two_jobs_keep_order_and_count_of_mixed_csv_rows(tmp_path: Path, small_chunks: None) -> None:
    lines = ["id,command,weight,platelets"]
    expected = []
    for index in range(300):
        line_number = len(lines) + 1
        lines.append(f"r{index},itp,{'x' if index % 9 == 0 else 70 + index % 50},18" if index % 13 else ",,,")
        if index % 13:
            expected.append((line_number, f"r{index}", index % 9 == 0))
    source = tmp_path / "rows.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary, output = run(source, jobs=2)
    found = [json.loads(line) for line in output.splitlines()]
    assert [(r["line"], r["id"], "error" in r) for r in found] == expected
    assert summary.rows == len(expected)


LINES = st.lists(st.one_of(st.sampled_from(GOOD + BAD), st.just(""), st.just(" \t"), st.text(max_size=20).filter(
    lambda text: "\n" not in text and "\r" not in text and "\x00" not in text)), max_size=40)


@settings(max_examples=25, deadline=None)
@given(LINES)
def test_property_one_record_per_non_blank_line_in_order_with_two_jobs(
        tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    batch_parallel.CHUNK_ROWS, saved = 3, batch_parallel.CHUNK_ROWS
    try:
        source = tmp_path_factory.mktemp("jobs") / "rows.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")
        summary, output = run(source, jobs=2)
    finally:
        batch_parallel.CHUNK_ROWS = saved
    expected = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert [json.loads(line)["line"] for line in output.splitlines()] == expected
    assert summary.rows == len(expected)


def test_the_default_is_one_process_for_a_small_input_or_a_stream(tmp_path: Path) -> None:
    from ivigcalc.formats.batch import _workers

    source = tmp_path / "rows.jsonl"
    source.write_text("\n".join(mixed_lines(10)) + "\n")
    assert _workers(None, os.stat(source), OutputFormat.JSONL, None) == 1
    assert _workers(None, None, OutputFormat.JSONL, None) == 1  # stdin
    big = os.stat_result((0o100644, 0, 0, 1, 0, 0, 10 << 20, 0, 0, 0))
    assert _workers(None, big, OutputFormat.JSONL, None) == batch_parallel.available_cores()
    assert _workers(4, big, OutputFormat.FHIR, None) == 1
    assert _workers(4, big, OutputFormat.JSONL, ("ivigcalc", "actual")) == 1


# ------------------------------------------------------------------------------ interrupted


SUBREAPER = """
import ctypes, os, subprocess, sys
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans become ours
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, env=os.environ)
try:
    orphan = os.waitpid(-1, os.WNOHANG)  # a worker that outlived the run would be our child now
except ChildProcessError:
    orphan = None
print(done.returncode, repr(done.stderr), orphan)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux's")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_an_interrupted_parallel_run_leaves_no_file_and_no_worker(tmp_path: Path, signal_name: str) -> None:
    assert ctypes is not None
    source = tmp_path / "rows.jsonl"
    source.write_text("\n".join(mixed_lines(3000)) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", SUBREAPER, sys.executable, "-m", "ivigcalc", "batch", str(source), "-o", str(target),
         "--jobs", "2", "--quiet"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "IVIGCALC_TEST_SIGNAL": f"{signal_name}@chunk-written"})
    assert done.stdout.strip() == "130 'ivigcalc: interrupted\\n' None", done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.jsonl"]


# ------------------------------------------------------------------------------ Arrow


def _input_table(lines: list[str]) -> Any:
    pa = pytest.importorskip("pyarrow")
    items = [json.loads(line) for line in lines]
    columns = sorted({key for item in items for key in item})
    data = {}
    for column in columns:
        values = [item.get(column) for item in items]
        if len({type(value) for value in values if value is not None}) > 1:  # an Arrow column has one type
            values = [None if value is None else str(value) for value in values]
        data[column] = values
    return pa.table(data)


ARROW_ROWS = [line for line in mixed_lines(200) if line.startswith('{"id"')]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("suffix", "output_format"), [(".parquet", "parquet"), (".arrow", "arrow")])
def test_parquet_and_arrow_round_trip(tmp_path: Path, small_chunks: None, jobs: int, suffix: str,
                                      output_format: str) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.feather
    import pyarrow.parquet as pq

    table = _input_table(ARROW_ROWS)
    source = tmp_path / f"rows{suffix}"
    if suffix == ".parquet":
        pq.write_table(table, source, row_group_size=50)
    else:
        pyarrow.feather.write_feather(table, source)
    (tmp_path / "rows.jsonl").write_text("\n".join(ARROW_ROWS) + "\n", encoding="utf-8")
    _, jsonl = run(tmp_path / "rows.jsonl", jobs=1)
    target = tmp_path / f"out{suffix}"
    summary = run_batch(str(source), output=str(target), output_format=OutputFormat(output_format), jobs=jobs,
                        quiet=True)
    assert summary.rows == len(ARROW_ROWS)
    result = pq.read_table(target) if suffix == ".parquet" else pa.ipc.open_file(str(target)).read_all()
    # The JSON Lines input's values echo as the table's: numbers typed alike, so the records are the same.
    assert "\n".join(result.column("record").to_pylist()) + "\n" == jsonl.decode("utf-8")
    assert result.column("line").to_pylist() == list(range(1, len(ARROW_ROWS) + 1))
    assert result.schema.names[:3] == ["id", "line", "command"]
    statuses = result.column("status").to_pylist()
    assert statuses.count("error") == summary.failed > 0


def test_compute_arrow_is_the_batch_of_a_table() -> None:
    pa = pytest.importorskip("pyarrow")
    import ivigcalc

    table = _input_table(ARROW_ROWS[:20])
    out = ivigcalc.compute_arrow(table)
    assert isinstance(out, pa.Table)
    assert out.num_rows == 20
    records = [json.loads(text) for text in out.column("record").to_pylist()]
    assert [r["id"] for r in records] == out.column("id").to_pylist()
    assert all(("error" in r) == (status == "error") for r, status in zip(records, out.column("status").to_pylist(),
                                                                           strict=True))
    assert out.column("dosing_weight_kg").type == pa.float64()
    assert ivigcalc.compute_arrow(table.slice(0, 0)).num_rows == 0


def test_the_readme_spark_schema_is_the_output_schema() -> None:
    import re

    from ivigcalc.formats.batch_write import FLAT_COLUMNS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("RESULT_SCHEMA = ("):readme.index("def compute(batches)")]
    spelled = " ".join(re.findall(r'"([^"]*)"', block))
    spark = {"string": "string", "int64": "bigint", "float64": "double"}
    expected = [f"{name} {spark[kind]}" for name, kind in FLAT_COLUMNS] + ["record string"]
    assert [part.strip() for part in spelled.split(",")] == expected
