"""Record the golden corpus: run every case of cases.py and write corpus.json.

    python tests/golden/record.py            # re-record everything
    python tests/golden/record.py --check    # compare only (exit 1 on a difference), write nothing

Review the diff of corpus.json before committing it: every change in it is a change in behaviour.
tests/test_golden.py replays the corpus and fails on any difference.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script: make `golden` (tests/golden) importable
    sys.path.insert(0, str(HERE.parent))

from golden.cases import CASES  # noqa: E402
from golden.runner import run_cases  # noqa: E402

CORPUS = HERE / "corpus.json"


def dumps(entries: list[dict[str, Any]]) -> str:
    return json.dumps(entries, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def validate(cases: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    allowed = {"id", "argv", "stdin", "env", "files", "outputs", "mode", "via"}
    for case in cases:
        assert case["id"] not in seen, f"duplicate case id {case['id']!r}"
        seen.add(case["id"])
        assert set(case) <= allowed, f"{case['id']}: unknown keys {set(case) - allowed}"
        assert all(isinstance(arg, str) for arg in case["argv"]), case["id"]
        assert case.get("mode") in (None, "subprocess"), case["id"]
        for name in [*case.get("files", {}), *case.get("outputs", [])]:
            assert not Path(name).is_absolute() and ".." not in Path(name).parts, f"{case['id']}: {name}"


def record() -> list[dict[str, Any]]:
    validate(CASES)
    return run_cases(CASES)


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    entries = record()
    text = dumps(entries)
    seconds = time.perf_counter() - started
    if "--check" in argv:
        same = CORPUS.is_file() and CORPUS.read_text(encoding="utf-8") == text
        sys.stdout.write(f"{len(entries)} cases in {seconds:.1f} s: {'identical' if same else 'DIFFERENT'}\n")
        return 0 if same else 1
    CORPUS.write_text(text, encoding="utf-8")
    sys.stdout.write(f"recorded {len(entries)} cases in {seconds:.1f} s to {CORPUS}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
