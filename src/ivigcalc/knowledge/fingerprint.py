"""The version of the clinical knowledge a result was computed with: a hash of the tables as shipped.

`knowledge_version()` hashes the source of every module in knowledge/ (the decision tables with their
conditions, regimens, warnings, references, limits, codes), `catalogue_version()` the product catalogue
(products.json). Both are SHA-256 over canonical bytes (file names sorted, each length-prefixed, line
endings normalised to LF), so they are the same on every run and every machine with the same release,
and change whenever a rule, a number or a code changes. Computed once per process from the package
files, without importing them.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def sha256(data: bytes = b"") -> Any:
    """hashlib.sha256, from CPython's built-in implementation when there is one: `import hashlib` loads
    OpenSSL, ~4 ms of every start-up (measured), and every result needs a hash. Same digest."""
    return _sha256_constructor()(data)


@cache
def _sha256_constructor() -> Any:
    # CPython 3.12+ names the built-in module _sha2, 3.11 _sha256; hashlib everywhere else.
    for name in ("_sha2", "_sha256", "hashlib"):
        try:
            return importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
    raise ImportError("no SHA-256 implementation")  # pragma: no cover - hashlib always has one


def _digest(chunks: list[bytes]) -> str:
    hasher = sha256()
    for chunk in chunks:
        hasher.update(len(chunk).to_bytes(8, "big"))  # length-prefixed: no two inputs join the same way
        hasher.update(chunk)
    return "sha256:" + str(hasher.hexdigest())


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
    """SHA-256 of the product catalogue file (line endings normalised)."""
    return _digest([(_HERE / "products.json").read_bytes().replace(b"\r\n", b"\n")])
