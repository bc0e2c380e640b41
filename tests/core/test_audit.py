"""The audit block: every result says which version, tables, policy and inputs produced it, and when."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import ivigcalc
from ivigcalc._version import __version__
from ivigcalc.cli import app
from ivigcalc.core import audit
from ivigcalc.knowledge import fingerprint

SHA256 = re.compile(r"^sha256:[0-9a-f]{64}$")


def test_every_result_has_the_audit_block() -> None:
    result = ivigcalc.itp(weight=70, platelets=18, bleeding="active")
    block = result.audit
    assert block is not None
    assert block.ivigcalc_version == __version__
    assert SHA256.match(block.knowledge_version) and SHA256.match(block.catalogue_version)
    assert block.policy == "ivigcalc"
    assert block.timestamp == "2026-01-01T00:00:00Z"  # SOURCE_DATE_EPOCH from conftest.py
    assert SHA256.match(block.inputs_sha256)
    assert ivigcalc.aps(weight=65, scenario="caps").audit is not None


def test_inputs_hash_is_the_sorted_inputs_block() -> None:
    result = ivigcalc.itp(weight=70, platelets=18)
    inputs = result.to_dict()["inputs"]
    text = json.dumps(dict(sorted(inputs.items())), ensure_ascii=False, separators=(",", ":"))
    assert result.audit is not None
    assert result.audit.inputs_sha256 == "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def test_inputs_hash_tells_inputs_apart_and_tables_do_not_move() -> None:
    first = ivigcalc.itp(weight=70, platelets=18).audit
    again = ivigcalc.itp(weight="70", platelets="18").audit
    other = ivigcalc.itp(weight=71, platelets=18).audit
    assert first is not None and again is not None and other is not None
    assert first.inputs_sha256 == again.inputs_sha256 != other.inputs_sha256
    assert first.knowledge_version == other.knowledge_version


def test_real_clock_without_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    stamp = audit.timestamp()
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", stamp)
    assert stamp >= "2026-01-01"


def test_invalid_source_date_epoch_is_one_error_line() -> None:
    result = CliRunner().invoke(app, ["itp", "--weight", "70", "--platelets", "18", "--json"],
                                env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("ivigcalc: error: SOURCE_DATE_EPOCH must be whole seconds")


def test_knowledge_hash_is_the_same_in_every_process() -> None:
    """Not an object id or a hash seed: canonical bytes of the tables."""
    code = ("from ivigcalc.knowledge import fingerprint as f; "
            "print(f.knowledge_version(), f.catalogue_version())")
    seen = set()
    for seed in ("0", "1", "random"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=60)
        seen.add(done.stdout)
    assert seen == {f"{fingerprint.knowledge_version()} {fingerprint.catalogue_version()}\n"}


def test_knowledge_hash_covers_the_tables_and_their_conditions() -> None:
    """Every knowledge module is hashed, the decision tables (with their conditions) among them."""
    files = sorted(path.name for path in fingerprint._HERE.glob("*.py"))
    assert {"itp_rules.py", "aps_rules.py", "regimens.py", "warnings.py", "terminology.py"} <= set(files)
    assert fingerprint._digest([b"a", b"bc"]) != fingerprint._digest([b"ab", b"c"])


def test_policy_is_one_function() -> None:
    result = ivigcalc.itp(weight=70, platelets=18)
    assert audit.policy_applied(result.inputs) == result.audit.policy  # type: ignore[union-attr]
