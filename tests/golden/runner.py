"""Runs one golden case (tests/golden/cases.py) and returns what it did, for record.py and test_golden.py.

In-process cases go through `typer.testing.CliRunner`, as tests/test_cli.py does: stdout and stderr are
captured separately (the runner keeps them apart), the exit code is the SystemExit code. Subprocess
cases (`"mode": "subprocess"`) run the installed `ivigcalc` console script (or `python -m ivigcalc`
with `"via": "module"`) as a real process. Both run in a fresh empty temporary directory as cwd, with
the case's files written first and a fixed environment.

Streams and output files are recorded as the exact bytes written, decoded as UTF-8 (CRLF kept); bytes
that are not UTF-8 are recorded as {"base64": ...} instead, so the comparison stays byte-exact.

One normalisation, the only nondeterministic output found: the batch summary line on stderr carries
the measured throughput and elapsed time ("12 rows/s (0.02 s)"); both numbers are replaced by
placeholders. Row, success and failure counts in that line are kept.

Two more, so the corpus records behaviour rather than the clinical tables' identity: the audit block's
`knowledge_version` and `catalogue_version` (hashes of knowledge/, which change with every clinical edit
and are tested on their own in tests/core/test_audit.py) are replaced by placeholders wherever they
appear in stdout or an output file (JSON, FHIR). The audit timestamp needs no normalisation: every case
runs with SOURCE_DATE_EPOCH set (FIXED_ENV).

One harness difference, recorded as it is: CliRunner's stdin is a BytesIO without peek(), so in-process
`batch -` cannot sniff the first character and reads JSON Lines as CSV unless --input-format is given
(case batch-stdin-jsonl-autodetect-inprocess); the real detection is recorded by the subprocess cases
proc-batch-stdin-*-autodetect.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

# The environment of every case (then the case's own "env" on top; None there unsets a variable).
FIXED_ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "LINES": "50",
    "NO_COLOR": "1",
    "TERM": "dumb",
    # Variables that would change Rich's or Typer's output if the developer's shell happened to set them.
    "FORCE_COLOR": None,
    "CLICOLOR_FORCE": None,
    "PY_COLORS": None,
    "COLORTERM": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "JUPYTER_COLUMNS": None,
    "JUPYTER_LINES": None,
    "TYPER_USE_RICH": None,
    "TYPER_STANDARD_TRACEBACK": None,
    "_TYPER_STANDARD_TRACEBACK": None,
    "_IVIGCALC_COMPLETE": None,
    # No user defaults (api/settings.py): the built-in policy, no config file, no prices.
    "IVIGCALC_POLICY": None,
    "IVIGCALC_CONFIG": "",
    # The audit block's timestamp (core/audit.py): fixed, so results are byte for byte reproducible.
    "SOURCE_DATE_EPOCH": "1767225600",  # 2026-01-01T00:00:00Z
}

# Read once, at import: in-process cases change os.environ while background subprocess cases start.
_PATH = os.environ.get("PATH", os.defpath)
_SYSTEMROOT = os.environ.get("SYSTEMROOT")
_BATCH_RATE = re.compile(r"[\d,]+ rows/s \([\d.]+ s\)")
_SUBPROCESS_TIMEOUT_SECONDS = 60

HINT = "run `python tests/golden/record.py` to re-record after an intended change"


def text_of(data: bytes) -> str | dict[str, str]:
    """Exact bytes as text when they are UTF-8, else as base64 (still an exact record)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


def normalise_stderr(text: str | dict[str, str]) -> str | dict[str, str]:
    if isinstance(text, str):
        return _BATCH_RATE.sub("<RATE> rows/s (<SECONDS> s)", text)
    return text


def _table_hashes() -> dict[str, str]:
    from ivigcalc.knowledge import fingerprint

    return {fingerprint.knowledge_version(): "sha256:<KNOWLEDGE>",
            fingerprint.catalogue_version(): "sha256:<CATALOGUE>"}


def normalise_output(text: str | dict[str, str] | None) -> str | dict[str, str] | None:
    if isinstance(text, str):
        for value, placeholder in _table_hashes().items():
            text = text.replace(value, placeholder)
    return text


def _as_bytes(value: str | bytes | None) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return value.encode("utf-8")


def _write_files(directory: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _as_bytes(content)
        assert data is not None
        path.write_bytes(data)


def _read_outputs(directory: Path, names: list[str]) -> dict[str, str | dict[str, str] | None]:
    found: dict[str, str | dict[str, str] | None] = {}
    for name in names:
        path = directory / name
        found[name] = text_of(path.read_bytes()) if path.is_file() else None
    return found


def _app() -> Any:
    from ivigcalc.cli import app

    return app


def _run_in_process(case: dict[str, Any], env: dict[str, str | None]) -> tuple[int, bytes, bytes]:
    from typer.testing import CliRunner

    result = CliRunner().invoke(_app(), list(case["argv"]), input=_as_bytes(case.get("stdin")), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # The CLI turns every error into a message and an exit code; an escaped exception is a harness
        # or program bug that must not be recorded as "behaviour".
        raise RuntimeError(f"case {case['id']!r} raised {result.exception!r}") from result.exception
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def console_script() -> list[str]:
    """The installed `ivigcalc`: next to this interpreter (a venv's bin), else on PATH."""
    folder = Path(sys.executable).parent
    for name in ("ivigcalc", "ivigcalc.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("ivigcalc")
    if found is None:
        raise RuntimeError(f"the ivigcalc console script is not installed (not next to {sys.executable}, "
                           "not on PATH)")
    return [found]


def _subprocess_env(env: dict[str, str | None]) -> dict[str, str]:
    # A minimal environment, not the developer's: only what a process needs, plus the fixed variables.
    base = {
        "PATH": _PATH,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUTF8": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if _SYSTEMROOT is not None:  # Windows cannot start Python without it
        base["SYSTEMROOT"] = _SYSTEMROOT
    for key, value in env.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def _run_subprocess(case: dict[str, Any], env: dict[str, str | None], cwd: Path) -> tuple[int, bytes, bytes]:
    command = [sys.executable, "-m", "ivigcalc"] if case.get("via") == "module" else console_script()
    stdin = _as_bytes(case.get("stdin"))
    done = subprocess.run(
        [*command, *case["argv"]], input=stdin if stdin is not None else b"", capture_output=True,
        cwd=cwd, env=_subprocess_env(env), timeout=_SUBPROCESS_TIMEOUT_SECONDS, check=False)
    return done.returncode, done.stdout, done.stderr


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Run one case; the corpus entry: id, argv, exit_code, stdout, stderr, outputs."""
    env = {**FIXED_ENV, **case.get("env", {})}
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="ivigcalc-golden-") as temporary:
        directory = Path(temporary)
        _write_files(directory, case.get("files", {}))
        if case.get("mode") == "subprocess":
            code, out, err = _run_subprocess(case, env, directory)
        else:
            os.chdir(directory)
            try:
                code, out, err = _run_in_process(case, env)
            finally:
                os.chdir(previous)
        outputs = {name: normalise_output(text)
                   for name, text in _read_outputs(directory, case.get("outputs", [])).items()}
    return {
        "id": case["id"],
        "argv": list(case["argv"]),
        "exit_code": code,
        "stdout": normalise_output(text_of(out)),
        "stderr": normalise_stderr(text_of(err)),
        "outputs": outputs,
    }


def is_subprocess(case: dict[str, Any]) -> bool:
    return case.get("mode") == "subprocess"


def start_subprocess_cases(cases: Iterable[dict[str, Any]], workers: int = 4) -> dict[str, Future[dict[str, Any]]]:
    """Start the subprocess cases in the background, a few at a time; returns their futures by id.

    Each is a separate process with its own cwd and an explicit environment, so they can run while the
    in-process cases (which change this interpreter's cwd, environment and streams, and so must run
    one at a time in the main thread) go on. The threads only wait for their processes."""
    chosen = [case for case in cases if is_subprocess(case)]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="golden-subprocess")
    futures = {case["id"]: pool.submit(run_case, case) for case in chosen}
    pool.shutdown(wait=False)  # the submitted cases still run to completion
    return futures


def run_cases(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every case, in order: the subprocess ones in the background, the in-process ones one by one."""
    started = start_subprocess_cases(cases)
    results = [None if is_subprocess(case) else run_case(case) for case in cases]
    return [started[case["id"]].result() if entry is None else entry
            for case, entry in zip(cases, results, strict=True)]
