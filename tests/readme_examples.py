"""README and docs/fhir.md examples are real output, checked by tests/test_docs.py.

A ```console block in README.md (or docs/fhir.md) holds commands (lines starting with "$ ivigcalc"),
each followed by its output; `$ ivigcalc A | ivigcalc B` feeds A's stdout to B. `python
tests/readme_examples.py` rewrites every block with what the commands print now; the test fails when
the documents and the program disagree. A command may end in `| python -m json.tool` to show its JSON
indented. Commands run from the repository root (so examples/... files are found).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# Examples run from the repository root (examples/...).
DOCUMENTS = (README, ROOT / "docs" / "fhir.md", ROOT / "docs" / "json.md")
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
JSON_TOOL = "| python -m json.tool"
ENVIRONMENT = {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb", "SOURCE_DATE_EPOCH": "1767225600"}


def run(command_line: str) -> tuple[str, int]:
    """Output (stdout, then stderr) and exit code of one `$ ivigcalc ...` line, via CliRunner."""
    from typer.testing import CliRunner

    from ivigcalc.cli import app

    pretty_json = command_line.endswith(JSON_TOOL)
    if pretty_json:
        command_line = command_line[: -len(JSON_TOOL)].strip()
    stdin: str | None = None
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        for stage in command_line.split(" | "):
            arguments = shlex.split(stage)
            assert arguments[0] == "ivigcalc", command_line
            result = CliRunner().invoke(app, arguments[1:], env=ENVIRONMENT, input=stdin)
            stdin = result.stdout
    finally:
        os.chdir(previous)
    output = result.stdout
    if pretty_json:
        output = json.dumps(json.loads(output), indent=4, ensure_ascii=False) + "\n"
    output += result.stderr
    return output, result.exit_code


def blocks(text: str) -> list[tuple[str, str]]:
    """(command line, expected output) pairs of every console block."""
    pairs = []
    for block in BLOCK.findall(text):
        current: str | None = None
        lines: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if current is not None:
                    pairs.append((current, "\n".join(lines)))
                current, lines = line[2:], []
            else:
                lines.append(line)
        if current is not None:
            pairs.append((current, "\n".join(lines)))
    return pairs


def render_block(block: str) -> str:
    out = []
    for line in block.splitlines():
        if line.startswith("$ "):
            output, _ = run(line[2:])
            out.append(line)
            out.extend(row.rstrip() for row in output.rstrip("\n").splitlines())
    return "\n".join(out) + "\n"


def update() -> None:
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        text = BLOCK.sub(lambda m: "```console\n" + render_block(m.group(1)) + "```", text)
        document.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    update()
    sys.stdout.write(f"updated {', '.join(str(d) for d in DOCUMENTS)}\n")
