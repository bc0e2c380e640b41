"""The version of the clinical knowledge a result was computed with: a hash of the tables as shipped.

`knowledge_version()` hashes the source of every module in knowledge/ (the decision tables with their
conditions, regimens, warnings, references, limits, codes), `catalogue_version()` the product catalogue
(products.json, parsed and re-serialised with sorted keys). Both are SHA-256 over canonical text (file
names sorted, line endings normalised to LF), so they are the same on every run and every machine with
the same release, and change whenever a rule, a number or a code changes. Computed once per process
from the package files, without importing anything.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _digest(chunks: list[bytes]) -> str:
    hasher = hashlib.sha256()
    for chunk in chunks:
        hasher.update(len(chunk).to_bytes(8, "big"))  # length-prefixed: no two inputs join the same way
        hasher.update(chunk)
    return "sha256:" + hasher.hexdigest()


@cache
def knowledge_version() -> str:
    """SHA-256 of the knowledge modules' source, in file-name order."""
    chunks: list[bytes] = []
    for path in sorted(_HERE.glob("*.py")):
        if path.name in ("__init__.py", "fingerprint.py"):
            continue
        text = path.read_bytes().replace(b"\r\n", b"\n")
        chunks += [path.name.encode(), text]
    return _digest(chunks)


@cache
def catalogue_version() -> str:
    """SHA-256 of the product catalogue, parsed and written back canonically (sorted keys)."""
    data = json.loads((_HERE / "products.json").read_text(encoding="utf-8"))
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _digest([canonical.encode()])
