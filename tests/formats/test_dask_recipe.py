"""The README's Dask recipe (examples/dask_batch.py) run on Dask's local cluster of 2 workers: every
row of a multi-part Parquet dataset computed once, the records those of `ivigcalc batch`."""

from __future__ import annotations

import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from ivigcalc.formats.batch import run_batch

pytest.importorskip("dask.distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "examples" / "dask_batch.py"


def test_the_readme_shows_the_recipe_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = RECIPE.read_text(encoding="utf-8")
    body = code[code.index("import sys"):]
    assert body.strip() in readme


def test_the_dask_recipe_computes_every_part(tmp_path: Path) -> None:
    rows = [{"id": f"r{n}", "command": "itp" if n % 3 else "aps", "weight": 50.0 + n % 60,
             "platelets": n % 40 if n % 3 else None, "scenario": None if n % 3 else "caps"} for n in range(600)]
    source, target = tmp_path / "rows", tmp_path / "results"
    source.mkdir()
    for part in range(3):
        pq.write_table(pa.Table.from_pylist(rows[part * 200:(part + 1) * 200]), source / f"part-{part}.parquet")
    spec = importlib.util.spec_from_file_location("dask_batch", RECIPE)
    assert spec is not None and spec.loader is not None
    recipe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recipe)
    assert recipe.main(str(source), str(target)) == 600
    records = []
    for part in range(3):
        records += pq.read_table(target / f"part-{part}.parquet").column("record").to_pylist()
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps({k: v for k, v in row.items() if v is not None})
                                                   for row in rows) + "\n")
    out = io.BytesIO()
    run_batch(str(tmp_path / "rows.jsonl"), stdout=out, quiet=True, jobs=1)
    # `line` is the row's place in its batch; everything else is the batch record.
    strip = re.compile(r'^\{"id":("[^"]*"),"line":\d+,')
    assert [strip.sub(r"\1", line) for line in records] == [
        strip.sub(r"\1", line) for line in out.getvalue().decode().splitlines()]
