"""The app and its one error boundary: every invocation (the console script and typer.testing.CliRunner
alike) runs through `_run`, so usage errors and domain errors become one line on stderr and an exit
code. Commands live in their own modules and register on `app` (cli/__init__.py imports them)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ivigcalc._version import __version__
from ivigcalc.errors import ExitStatus, InputError, IvigcalcError

# --------------------------------------------------------------------------------------- error handling


class _ErrorHandlingGroup(TyperGroup):
    """Runs every invocation (the console script and typer.testing.CliRunner alike) through
    `_run`, so usage errors and domain errors both become one line on stderr and an exit code."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        code = _run(
            lambda: super(_ErrorHandlingGroup, self).main(
                arguments, prog_name or "ivigcalc", complete_var, standalone_mode=False, **extra),
            debug="--debug" in arguments,
        )
        if standalone_mode:
            sys.exit(code)
        return code


def _run(invoke: Callable[[], Any], *, debug: bool) -> int:
    try:
        returned = invoke()
    except InputError as error:
        _error_line(error.describe())
        return ExitStatus.INPUT_ERROR
    except IvigcalcError as error:
        _error_line(str(error))
        return error.exit_status
    except typer.Exit as exit_:  # pragma: no cover - non-standalone Typer returns the code instead
        return exit_.exit_code
    except typer.Abort:
        _error_line("aborted")
        return ExitStatus.ERROR
    except typer.TyperException as error:  # Typer's own usage errors: missing value, unknown option
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `ivigcalc`: the help, as it is
            sys.stderr.write(error.format_message().rstrip() + "\n")
            return ExitStatus.INPUT_ERROR
        _error_line(_usage_message(error))
        return ExitStatus.INPUT_ERROR if getattr(error, "exit_code", 2) == 2 else ExitStatus.ERROR
    except KeyboardInterrupt:
        _error_line("interrupted")
        return 130
    except BrokenPipeError:
        return ExitStatus.ERROR
    except Exception as error:
        if debug:
            raise
        # No message text: an exception's text may carry patient values.
        _error_line(
            f"internal error ({type(error).__name__}); no result was produced. Run again with --debug "
            "for the traceback and report it.")
        return ExitStatus.ERROR
    return returned if isinstance(returned, int) else ExitStatus.SUCCESS


def _error_line(message: str) -> None:
    sys.stderr.write(f"ivigcalc: error: {message}\n")


def _usage_message(error: typer.TyperException) -> str:
    message = error.format_message().strip().replace("\n", " ")
    option = getattr(error, "option_name", None)
    context = getattr(error, "ctx", None)
    command_name = getattr(getattr(context, "command", None), "name", None)
    if option and type(error).__name__ == "NoSuchOption" and command_name:
        owners = _commands_with_option(option)
        if owners:
            owner_list = ", ".join(f"`ivigcalc {name}`" for name in owners)
            return f"{option} belongs to {owner_list}, not `ivigcalc {command_name}`"
    prefix = f"{command_name}: " if command_name and command_name != "ivigcalc" else ""
    return f"{prefix}{message} (see --help)"


def _commands_with_option(option: str) -> list[str]:
    group = typer.main.get_command(app)
    owners = []
    for name, command in getattr(group, "commands", {}).items():
        if any(option in param.opts for param in command.params):
            owners.append(name)
    return owners


# --------------------------------------------------------------------------------------- the app

app = typer.Typer(
    cls=_ErrorHandlingGroup,
    name="ivigcalc",
    help="IVIG dosing for immune thrombocytopenia (ITP) and antiphospholipid syndrome (APS): the "
         "regimen with its dosing weight, co-therapy, warnings and references. A decision aid, not a "
         "substitute for clinical judgement.",
    add_completion=True,  # --install-completion, --show-completion
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a traceback with locals could print patient data
    rich_markup_mode=None,  # plain help (panels: cli/help.py): no Rich import at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"ivigcalc {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_version_callback, is_eager=True, help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show a traceback on an internal error (may print patient data).")] = False,
) -> None:
    """IVIG dosing calculator."""


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    command = typer.main.get_command(app)
    command.main(list(sys.argv[1:] if argv is None else argv), prog_name="ivigcalc")
    raise SystemExit(0)  # pragma: no cover - main() above always exits
