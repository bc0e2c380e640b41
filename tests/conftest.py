"""Shared test configuration."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# CI gets more examples; a developer's run stays quick. Deadline off: CI machines vary in speed,
# and performance is measured by benchmarks/, never by timed assertions.
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# The audit block's timestamp (core/audit.py) is fixed for every test, so a result computed twice (the
# API and the CLI, batch and --json) is the same byte for byte. tests/core/test_audit.py unsets it.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

@pytest.fixture(autouse=True)
def _no_user_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own policy or config file (api/settings.py): the built-in defaults,
    unless a test sets IVIGCALC_POLICY or IVIGCALC_CONFIG itself."""
    monkeypatch.delenv("IVIGCALC_POLICY", raising=False)
    monkeypatch.setenv("IVIGCALC_CONFIG", "")
