"""Helpers the batch test modules share: run a batch on a file, read its JSON Lines records."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from ivigcalc.formats.batch import Summary, run_batch


def run(tmp_path: Path, text: str | bytes, name: str = "rows.csv", **options: Any) -> tuple[Summary, bytes, str]:
    """run_batch on a file holding `text`: (summary, stdout bytes, stderr text)."""
    source = tmp_path / name
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out, err = io.BytesIO(), io.StringIO()
    summary = run_batch(str(source), stdout=out, stderr=err, **options)
    return summary, out.getvalue(), err.getvalue()


def records(output: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.decode("utf-8").splitlines()]
