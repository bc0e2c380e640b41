"""The result reaches the user intact, and the exit code says who is at fault: encodings that cannot
carry ×10⁹/→/≥/− degrade to ASCII, any COLUMNS gives whole numbers, closed and full streams are an
environment failure (74), a gone reader is a quiet 141, every terminating signal is one "interrupted"
line and exit 130 with no file left behind, repeated options are refused by name, long values are
echoed short. Each runs in a real process; signals are sent by the child to itself at a named point
(IVIGCALC_TEST_SIGNAL), never after a sleep."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ivigcalc.errors import ExitStatus

ITP = ["itp", "--weight", "70", "--platelets", "18", "--bleeding", "active", "--product", "gamunex-c"]
README = Path(__file__).resolve().parents[2] / "README.md"
IVIGCALC_SCRIPT = Path(sys.executable).with_name("ivigcalc")


def ivigcalc(*arguments: str, env: dict[str, str] | None = None, **options: Any) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {})}
    if "stdout" not in options and "stderr" not in options:
        options["capture_output"] = True
    else:
        options.setdefault("stdout", subprocess.PIPE)
        options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "ivigcalc", *arguments], env=environment, timeout=120,
                          check=False, **options)


# ------------------------------------------------------------------------------ encodings


ENCODINGS = [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONUTF8": "0",
                                                                               "PYTHONIOENCODING": ""}]


@pytest.mark.parametrize("env", ENCODINGS)
def test_text_degrades_to_ascii_where_the_stream_cannot_carry_the_symbols(env: dict[str, str]) -> None:
    done = ivigcalc(*ITP, "--full", env=env)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")  # nothing but ASCII, so nothing the terminal shows wrongly
    assert "x10^9/L" in text
    assert "1 -> 8 mg/kg/min" in text
    assert "References:" in text  # reached the end


@pytest.mark.parametrize("env", ENCODINGS)
def test_json_escapes_what_the_stream_cannot_carry(env: dict[str, str]) -> None:
    done = ivigcalc(*ITP, "--json", env=env)
    assert done.returncode == 0, done.stderr
    utf8 = ivigcalc(*ITP, "--json", env={"PYTHONIOENCODING": "utf-8"})
    assert json.loads(done.stdout.decode("ascii")) == json.loads(utf8.stdout.decode("utf-8"))


# ------------------------------------------------------------------------------ widths


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "1", "10", "20", "25", "30", "40", "60", "200"])
def test_every_width_shows_every_dose_and_rate_whole(columns: str) -> None:
    done = ivigcalc(*ITP, env={"COLUMNS": columns})
    assert done.returncode == 0
    text = done.stdout.decode()
    assert "…" not in text
    result = json.loads(ivigcalc(*ITP, "--json").stdout)
    infusion = result["regimen"]["phases"][0]["infusions"][0]
    assert re.search(rf"\b{infusion['dose_g']:g} g\b", text)
    for step in infusion["infusion_schedule"]["steps"]:
        assert re.search(rf"\b{step['rate_ml_per_h']:g}\b", text)


# ------------------------------------------------------------------------------ streams and exit codes


def _closed(descriptor: int) -> Any:
    return lambda: os.close(descriptor)


def test_a_closed_stdout_is_an_environment_failure() -> None:
    for extra in ([], ["--json"]):
        done = ivigcalc(*ITP, *extra, stdout=None, stderr=subprocess.PIPE, preexec_fn=_closed(1))
        assert done.returncode == ExitStatus.IO_ERROR == 74
        assert done.stderr == b"ivigcalc: error: cannot write standard output: Bad file descriptor\n"


def test_a_closed_stdin_for_batch_is_an_input_error() -> None:
    done = ivigcalc("batch", "-", preexec_fn=_closed(0))
    assert done.returncode == 2
    assert b"standard input: it is closed" in done.stderr


def test_a_closed_stderr_keeps_the_input_errors_exit_code() -> None:
    done = ivigcalc("itp", "--weight", "abc", "--platelets", "18", stderr=None, stdout=subprocess.PIPE,
                    preexec_fn=_closed(2))
    assert done.returncode == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_full_device_is_an_environment_failure_naming_the_reason(extra: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = ivigcalc(*ITP, *extra, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 74
    assert done.stderr == b"ivigcalc: error: cannot write standard output: No space left on device\n"


@pytest.mark.parametrize("arguments", [ITP, [*ITP, "--json"], ["references"], ["schema"],
                                       ["check", *ITP, "--ordered-dose", "70", "--ordered-days", "1"]])
def test_a_gone_reader_is_a_quiet_141(arguments: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write: deterministic, no race with `head`
    try:
        done = ivigcalc(*arguments, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert done.returncode == ExitStatus.BROKEN_PIPE == 141
    assert done.stderr == b""


def test_a_gone_reader_of_a_batch_is_a_quiet_141(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("command,weight,platelets\n" + "itp,70,18\n" * 50)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = ivigcalc("batch", str(source), "--quiet", stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, b"")


# ------------------------------------------------------------------------------ signals


@pytest.mark.parametrize("command", [[sys.executable, "-m", "ivigcalc"], [str(IVIGCALC_SCRIPT)]])
def test_ctrl_c_during_start_up_is_one_line_and_130(command: list[str]) -> None:
    done = subprocess.run([*command, "itp", "--weight", "70", "--platelets", "18"], capture_output=True,
                          env={**os.environ, "IVIGCALC_TEST_SIGNAL": "SIGINT@start-up"}, timeout=120, check=False)
    assert done.returncode == ExitStatus.INTERRUPTED == 130
    assert done.stderr == b"ivigcalc: interrupted\n"
    assert done.stdout == b""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM"])
def test_a_signal_once_the_temporary_file_exists_leaves_nothing_behind(tmp_path: Path, name: str) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("command,weight,platelets\n" + "itp,70,18\n" * 20)
    target = tmp_path / "out.jsonl"
    target.write_text("the previous output\n")
    done = ivigcalc("batch", str(source), "-o", str(target), env={"IVIGCALC_TEST_SIGNAL": f"{name}@output-created"})
    assert done.returncode == 130, done.stderr
    assert done.stderr == b"ivigcalc: interrupted\n"
    assert target.read_text() == "the previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "rows.csv"]


def test_the_signal_test_hook_really_fires() -> None:
    # guards the two tests above against a renamed point silently turning them into no-ops
    done = ivigcalc("--version", env={"IVIGCALC_TEST_SIGNAL": "SIGUSR1@start-up"})
    assert done.returncode == -signal.SIGUSR1  # start-up has no handler for it: the default action


# ------------------------------------------------------------------------------ the command line


@pytest.mark.parametrize(("arguments", "message"), [
    (["itp", "--bleeding", "life-threatening", "--bleeding", "none", "--weight", "70", "--platelets", "18"],
     "--bleeding is given more than once"),
    (["itp", "--weight", "70", "--weight", "80", "--platelets", "18"], "--weight is given more than once"),
    (["itp", "--weight=70", "--weight", "80", "--platelets", "18"], "--weight is given more than once"),
    (["check", "itp", "--weight", "70", "--platelets", "18", "--platelets", "20", "--ordered-dose", "70"],
     "--platelets is given more than once"),
    (["batch", "x.csv", "-o", "a", "--output", "b"], "--output is given more than once (as -o too)"),
    (["itp", "--weight", "--platelets", "18"],
     "--weight needs a value, but the next argument is the option --platelets"),
])
def test_an_ambiguous_command_line_is_refused_by_name(arguments: list[str], message: str) -> None:
    done = ivigcalc(*arguments)
    assert done.returncode == 2
    assert done.stdout == b""
    assert message in done.stderr.decode()


def test_a_repeated_identical_flag_is_harmless() -> None:
    assert ivigcalc("itp", "--weight", "70", "--platelets", "18", "--json", "--json").returncode == 0


@pytest.mark.parametrize(("arguments", "shown"), [
    (["--weight", "1e308"], "1e+308 kg is outside"),
    (["--weight", "1e308", "--weight-unit", "lb"], "(from 1e+308 lb) is outside"),
    (["--weight", "350.0000000001"], "350.0000000001 kg is outside the accepted 0.3 to 350 kg"),
    (["--weight", "0.2999999999"], "0.2999999999 kg is outside"),
    (["--weight", "7" * 5000], "...': is not a finite number"),
])
def test_an_echoed_value_is_short_and_never_rounded_into_range(arguments: list[str], shown: str) -> None:
    done = ivigcalc("itp", *arguments, "--platelets", "18")
    assert done.returncode == 2
    line = done.stderr.decode()
    assert shown in line
    assert len(line.splitlines()) == 1 and len(line) <= 200


# ------------------------------------------------------------------------------ documentation


def test_the_exit_code_table_is_exit_status() -> None:
    # The table moved from the README to docs/exit-codes.md (generated from ExitStatus); the README links it.
    assert "docs/exit-codes.md" in README.read_text(encoding="utf-8")
    section = (README.parent / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.MULTILINE)}
    assert documented == {int(status) for status in ExitStatus}
