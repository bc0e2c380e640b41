"""Guided entry: at a terminal, missing values are asked for one at a time with the parser's own
checks; with a pipe, --json or a closed terminal nothing is ever asked (a script's input is never eaten)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from ivigcalc.api import aps_from_mapping, itp_from_mapping
from ivigcalc.cli import guided

SCRIPT = shutil.which("ivigcalc") or str(Path(sys.executable).with_name("ivigcalc"))


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _scripted(answers: list[str]) -> tuple[list[str], list[str], object]:
    prompts: list[str] = []
    said: list[str] = []
    queue = list(answers)

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return queue.pop(0)

    return prompts, said, (ask, said.append)


def test_guides_only_a_person_at_a_terminal_with_a_value_missing() -> None:
    tty, pipe = _Tty(), io.StringIO()
    assert guided.should_guide("itp", {"weight": None}, as_json=False, stdin=tty, stdout=tty)
    assert not guided.should_guide("itp", {"weight": None}, as_json=False, stdin=pipe, stdout=tty)
    assert not guided.should_guide("itp", {"weight": None}, as_json=False, stdin=tty, stdout=pipe)
    assert not guided.should_guide("itp", {"weight": None}, as_json=True, stdin=tty, stdout=tty)
    assert not guided.should_guide("itp", {"weight": "70", "platelets": "18"}, as_json=False, stdin=tty, stdout=tty)


def test_a_refused_answer_is_asked_again_with_the_parsers_message() -> None:
    prompts, said, (ask, say) = _scripted(["70", "-5", "18", "active", ""])
    result, values = guided.guide("itp", {"bleeding": "none"}, itp_from_mapping, ask=ask, say=say)
    assert [p.split()[0] for p in prompts] == ["--weight", "--platelets", "--platelets", "--bleeding", "--age"]
    assert any("--platelets '-5': cannot be negative" in line for line in said)
    # 70 kg × 1 g/kg = 70 g: grade 4 with active bleeding (rule 3).
    assert result.regimen.total_dose_g == 70.0
    assert guided.equivalent_command("itp", values) == "ivigcalc itp --weight 70 --platelets 18 --bleeding active"


def test_a_required_value_cannot_be_skipped() -> None:
    _, said, (ask, say) = _scripted(["", "65", "caps", ""])
    result, values = guided.guide("aps", {}, aps_from_mapping, ask=ask, say=say)
    assert "  --weight is required." in said
    assert result.status.value == "indicated"
    assert guided.equivalent_command("aps", values) == "ivigcalc aps --weight 65 --scenario caps"


def test_a_piped_stdin_is_never_prompted() -> None:
    completed = subprocess.run([SCRIPT, "itp"], input="70\n18\n", capture_output=True, text=True, timeout=60,
                               check=False)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr == "ivigcalc: error: --weight: is required (body weight; kg unless --weight-unit lb)\n"


def test_guided_entry_in_a_real_terminal() -> None:
    child = pexpect.spawn(SCRIPT, ["itp"], encoding="utf-8", timeout=30, dimensions=(40, 100),
                          env={"PATH": str(Path(SCRIPT).parent), "NO_COLOR": "1", "TERM": "xterm"})
    try:
        child.expect_exact("--weight NUMBER: ")
        child.sendline("70")
        child.expect_exact("--platelets COUNT: ")
        child.sendline("18000")
        child.expect_exact("is outside the accepted 0 to 2,000 ×10⁹/L")
        child.expect_exact("--platelets COUNT: ")
        child.sendline("18")
        child.expect_exact("--bleeding [none|minor|active|life-threatening] (Enter: none): ")
        child.sendline("active")
        child.expect_exact("--age NUMBER (Enter: not given): ")
        child.sendline("")
        child.expect_exact("INDICATED")
        child.expect_exact("The same, without questions: ivigcalc itp --weight 70 --platelets 18 --bleeding active")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


@pytest.mark.parametrize("keys", ["\x04"])  # Ctrl-D at the first question
def test_end_of_input_at_a_question_is_a_clean_input_error(keys: str) -> None:
    child = pexpect.spawn(SCRIPT, ["aps"], encoding="utf-8", timeout=30,
                          env={"PATH": str(Path(SCRIPT).parent), "NO_COLOR": "1", "TERM": "xterm"})
    try:
        child.expect_exact("--weight NUMBER: ")
        child.send(keys)
        child.expect_exact("no answer (end of input)")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 2
