"""The golden corpus: every case of tests/golden/cases.py, replayed, must print exactly what
tests/golden/corpus.json recorded (stdout, stderr, exit code and output files, byte for byte).

A difference is a change in behaviour. If it is intended, run `python tests/golden/record.py` to
re-record, and review the corpus diff.
"""

from __future__ import annotations

import base64
import difflib
import functools
import json
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

try:
    from golden import cases as golden_cases
    from golden import runner
except ImportError:  # tests/ is not on sys.path (e.g. --import-mode=importlib)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from golden import cases as golden_cases
    from golden import runner

CORPUS_PATH = Path(__file__).resolve().parent / "golden" / "corpus.json"
CASES: list[dict[str, Any]] = golden_cases.CASES
FIELDS = ("exit_code", "stdout", "stderr", "outputs")
DIFF_LINES = 40


@functools.cache
def corpus() -> dict[str, dict[str, Any]]:
    if not CORPUS_PATH.is_file():
        pytest.fail(f"{CORPUS_PATH} is missing; {runner.HINT}")
    entries = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


@pytest.fixture(scope="module")
def subprocess_futures(request: pytest.FixtureRequest) -> dict[str, Future[dict[str, Any]]]:
    """The selected real-process cases, started in the background when the first test of this module
    runs; the in-process cases run meanwhile, each test waits for its own process."""
    selected = {item.callspec.params["case"]["id"] for item in request.session.items
                if getattr(item, "function", None) is test_golden}
    return runner.start_subprocess_cases(case for case in CASES if case["id"] in selected)


def _text(value: Any) -> str | None:
    """A recorded stream or file as text (bytes that were not UTF-8 shown with backslash escapes)."""
    if isinstance(value, dict) and "base64" in value:
        return base64.b64decode(value["base64"]).decode("utf-8", "backslashreplace")
    return value if value is None or isinstance(value, str) else repr(value)


def text_diff(name: str, recorded: Any, actual: Any) -> str:
    """A short unified diff; line endings and invisible characters are shown when only they differ."""
    old, new = _text(recorded), _text(actual)
    if old is None or new is None:
        state = {None: "absent"}
        return f"{name}: recorded {state.get(old, 'written')}, now {state.get(new, 'written')}\n"
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if [line.rstrip("\r\n") for line in before] == [line.rstrip("\r\n") for line in after]:
        before, after = [repr(line) + "\n" for line in before], [repr(line) + "\n" for line in after]
    diff = list(difflib.unified_diff(before, after, "recorded", "now", n=2))
    shown = [line if line.endswith("\n") else line + "\n" for line in diff[:DIFF_LINES]]
    if len(diff) > DIFF_LINES:
        shown.append(f"... ({len(diff) - DIFF_LINES} more diff lines)\n")
    return f"{name} differs:\n" + "".join(shown)


def describe(field: str, recorded: Any, actual: Any) -> str:
    if field == "exit_code":
        return f"exit code: recorded {recorded}, now {actual}\n"
    if field == "outputs":
        names = sorted(set(recorded) | set(actual))
        return "".join(text_diff(f"output file {name!r}", recorded.get(name), actual.get(name))
                       for name in names if recorded.get(name) != actual.get(name))
    return text_diff(field, recorded, actual)


def test_corpus_has_exactly_the_cases(subprocess_futures: dict[str, Future[dict[str, Any]]]) -> None:
    # (requests subprocess_futures only to start the real processes early, when this test runs first)
    recorded = list(corpus())
    defined = [case["id"] for case in CASES]
    missing = [case_id for case_id in defined if case_id not in corpus()]
    stale = [case_id for case_id in recorded if case_id not in set(defined)]
    assert not missing and not stale, (
        f"corpus out of date: not recorded {missing[:10]}, recorded but no longer a case {stale[:10]}; "
        f"{runner.HINT}")
    assert recorded == defined, f"corpus order differs from cases.py; {runner.HINT}"
    assert len(defined) >= 350


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_golden(case: dict[str, Any], subprocess_futures: dict[str, Future[dict[str, Any]]]) -> None:
    recorded = corpus().get(case["id"])
    if recorded is None:
        pytest.fail(f"case {case['id']!r} is not in the corpus; {runner.HINT}")
    assert recorded["argv"] == case["argv"], (
        f"the argv of {case['id']!r} changed since it was recorded; {runner.HINT}")
    if runner.is_subprocess(case):
        future = subprocess_futures.get(case["id"])
        actual = future.result() if future is not None else runner.run_case(case)
    else:
        actual = runner.run_case(case)
    problems = [describe(field, recorded[field], actual[field]) for field in FIELDS
                if recorded[field] != actual[field]]
    if problems:
        command = " ".join(["ivigcalc", *case["argv"]])
        pytest.fail(f"{case['id']}: `{command}` no longer behaves as recorded.\n" + "".join(problems)
                    + runner.HINT, pytrace=False)
