"""Help that teaches: options in panels (the field table's), real examples that run, untruncated
command summaries, -V, shell completion, and ids that suggest the close one."""

from __future__ import annotations

import shlex

import pytest
from typer.testing import CliRunner

from ivigcalc import __version__
from ivigcalc.cli import app
from ivigcalc.cli.help import EXAMPLES

RUNNER = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_itp_help_groups_options_in_panels_in_reading_order() -> None:
    _, out, _ = run("itp", "--help")
    headings = [line.rstrip(":") for line in out.splitlines() if line and not line.startswith(" ") and
                line.endswith(":")]
    assert headings == ["Patient", "ITP", "Product and preparation", "Risk screen (boxed warning)",
                        "Product contraindications", "Output",
                        "Options", "Examples"]
    patient = out.split("Patient:")[1].split("ITP:")[0]
    assert patient.index("--weight NUMBER") < patient.index("--weight-unit")  # the unit sits beside its value
    assert "--weight-unit" in patient


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_every_help_example_runs(command: str) -> None:
    _, out, _ = run(*command.split(), "--help")
    assert "Examples:" in out
    for example in EXAMPLES[command]:
        assert example in out
        argv = shlex.split(example)[1:]
        if argv[0] == "batch":
            continue  # needs an input file; tests/formats covers batch
        code, _, err = run(*argv)
        assert code in (0, 3), f"{example}: {err}"  # 3: check FLAG is a result, not an error


def test_command_summaries_are_whole() -> None:
    _, out, _ = run("--help")
    commands = out.split("Commands:")[1]
    assert "..." not in commands
    assert "IVIG in immune thrombocytopenia (ITP): decision and dose." in commands
    assert "warnings" in commands


def test_short_version_option() -> None:
    assert run("-V")[1] == f"ivigcalc {__version__}\n"


def test_shell_completion_is_offered() -> None:
    _, out, _ = run("--help")
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize(("argv", "suggestion"), [
    (["references", "ash2011"], "did you mean ash-2011?"),
    (["references", "ASH-2O19"], "did you mean ash-2019"),
    (["warnings", "unadjusted-weigth"], "did you mean unadjusted-weight"),
])
def test_an_unknown_id_suggests_the_close_one(argv: list[str], suggestion: str) -> None:
    code, _, err = run(*argv)
    assert code == 2
    assert suggestion in err
    assert err.count("\n") == 1


def test_warnings_explains_one_code_with_its_severity_and_sources() -> None:
    code, out, _ = run("warnings", "unadjusted-weight")
    assert code == 0
    assert out.startswith("unadjusted-weight WARNING: Height or sex unknown")
    assert "Ontario IVIG" in out


def test_warnings_json_lists_every_code_once_per_text() -> None:
    import json

    from ivigcalc.knowledge.warnings import WARNINGS

    _, out, _ = run("warnings", "--json")
    listed = json.loads(out)
    assert {item["code"] for item in listed} == {d.code for d in WARNINGS.values()}
    assert all("{" not in item["message"] for item in listed)  # placeholders shown as <name>
