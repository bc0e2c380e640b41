"""The app and its one error boundary: every invocation (the console script and typer.testing.CliRunner
alike) runs through `_run`, so usage errors and domain errors become one line on stderr and an exit
code. Commands live in their own modules and register on `app` (cli/__init__.py imports them)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ivigcalc._checkpoint import checkpoint
from ivigcalc._version import __version__
from ivigcalc.errors import ExitStatus, InputError, IvigcalcError

checkpoint("start-up")  # a test sends Ctrl-C here: the imports are still running

# --------------------------------------------------------------------------------------- error handling


class _Interrupted(Exception):
    """Ctrl-C inside a command, carried past Typer (which would turn it into a silent exit 130)."""


class _ReaderGone(Exception):
    """A broken pipe inside a command, carried past Typer (which would exit 1, "a failure")."""


class PassThroughGroup(TyperGroup):
    """A group whose commands' Ctrl-C and broken pipe reach `_run` instead of Typer's own handling."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted() from None
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise _ReaderGone() from None
            raise


class _ErrorHandlingGroup(PassThroughGroup):
    """Runs every invocation (the console script and typer.testing.CliRunner alike) through
    `_run`, so usage errors and domain errors both become one line on stderr and an exit code."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)

        def invoke() -> Any:
            refuse_ambiguous_options(self, arguments)
            return super(_ErrorHandlingGroup, self).main(
                arguments, prog_name or "ivigcalc", complete_var, standalone_mode=False, **extra)

        _prepare_streams(json_output="--json" in arguments or "schema" in arguments)
        code = _run(invoke, debug="--debug" in arguments, arguments=arguments)
        if standalone_mode:
            sys.exit(code)
        return code


def _run(invoke: Callable[[], Any], *, debug: bool, arguments: Sequence[str] = ()) -> int:
    try:
        returned = invoke()
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk or a gone reader is reported here, not at interpreter exit
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
        _error_line(_usage_message(error, arguments))
        return ExitStatus.INPUT_ERROR if getattr(error, "exit_code", 2) == 2 else ExitStatus.ERROR
    except (KeyboardInterrupt, _Interrupted):  # Ctrl-C, or a terminating signal in a batch (cleaned up)
        _stderr_line("ivigcalc: interrupted")
        return ExitStatus.INTERRUPTED
    except (BrokenPipeError, _ReaderGone):  # `| head`: the reader has what it wanted; nothing to report
        _discard_stdout()
        return ExitStatus.BROKEN_PIPE
    except OSError as error:  # the environment refused a write to stdout (disk full, closed, permission)
        _discard_stdout()
        reason = error.strerror or type(error).__name__
        where = "cannot write standard output" if error.filename is None else repr(error.filename)
        _error_line(f"{where}: {reason}")
        return ExitStatus.IO_ERROR
    except Exception as error:
        if debug:
            raise
        # No message text: an exception's text may carry patient values.
        _error_line(
            f"internal error ({type(error).__name__}); no result was produced. Run again with --debug "
            "for the traceback and report it.")
        return ExitStatus.ERROR
    if returned == ExitStatus.INTERRUPTED:  # Typer's own turn of a Ctrl-C during argument parsing
        _stderr_line("ivigcalc: interrupted")
    return returned if isinstance(returned, int) else ExitStatus.SUCCESS


def _error_line(message: str) -> None:
    _stderr_line(f"ivigcalc: error: {message}")


def _stderr_line(line: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed stderr must not change the exit code
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _discard_stdout() -> None:
    """After a failed write, what is still buffered goes to /dev/null, so interpreter exit does not
    fail on it again and print a second, unhelpful message."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
        os.close(descriptor)


# --------------------------------------------------------------------------------------- streams


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the process was started without (`>&-`): writing to it fails
    as a closed descriptor does (stdout: exit 74), or quietly goes nowhere (stderr)."""

    def __init__(self, *, fail: bool) -> None:
        super().__init__()
        self._fail = fail
        self.buffer = _ClosedBytes(fail=fail)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def write(self, text: str) -> int:
        return self.buffer.write(b"") if self._fail else len(text)

    def isatty(self) -> bool:
        return False


class _ClosedBytes(io.RawIOBase):
    def __init__(self, *, fail: bool) -> None:
        super().__init__()
        self._fail = fail

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self._fail:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return len(data)


_PROBE = "×10⁹/L → ≥ −"  # what the output needs beyond ASCII
_ASCII_FOR = {
    "×": "x", "→": "->", "≥": ">=", "≤": "<=", "−": "-", "–": "-", "—": "-", "µ": "u", "μ": "u", "÷": "/",
    "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "±": "+/-", "°": " deg", "·": ".", "²": "^2",
}
_SUPERSCRIPT_DIGITS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))


def _ascii_text(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler for text: ×10⁹/L -> x10^9/L, → -> ->, ≥ -> >=, − -> -, é -> e, else ?."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    out: list[str] = []
    superscript = False
    for char in error.object[error.start:error.end]:
        digit = _SUPERSCRIPT_DIGITS.get(char)
        if digit is not None:
            out.append(digit if superscript else "^" + digit)
            superscript = True
            continue
        superscript = False
        replacement = _ASCII_FOR.get(char)
        if replacement is None:
            replacement = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "?"
        out.append(replacement)
    return "".join(out), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler for JSON: what the stream cannot carry becomes a \\u escape (as ensure_ascii
    writes it), which is the same JSON. Non-ASCII occurs only inside JSON strings."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out: list[str] = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


def _prepare_streams(*, json_output: bool) -> None:
    """Closed standard streams get stand-ins; a stream whose encoding cannot carry ×10⁹, →, ≥ and −
    (ASCII, Latin-1) is switched to ASCII with a handler that spells them out, so no result command
    crashes half-way through its output."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream(fail=True)
    if sys.stderr is None:
        sys.stderr = _ClosedStream(fail=False)
    import codecs

    for stream, handler in ((sys.stdout, _json_escape if json_output else _ascii_text), (sys.stderr, _ascii_text)):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if encoding.lower().startswith("utf"):
            continue
        try:
            _PROBE.encode(encoding)
            continue
        except (UnicodeError, LookupError):
            pass
        name = f"ivigcalc-{handler.__name__.strip('_')}"
        codecs.register_error(name, handler)
        try:
            ascii_compatible = "ivigcalc: 0-9".encode(encoding) == b"ivigcalc: 0-9"
        except (UnicodeError, LookupError):
            ascii_compatible = False
        with contextlib.suppress(AttributeError, ValueError, LookupError, io.UnsupportedOperation):
            stream.reconfigure(encoding="ascii" if ascii_compatible else encoding, errors=name)  # type: ignore[union-attr]


# --------------------------------------------------------------------------------------- arguments


def refuse_ambiguous_options(command: Any, arguments: Sequence[str]) -> None:
    """Before Click parses: an option given twice (`--weight 70 --weight 80`, where Click keeps the
    last) and an option where its predecessor's value belongs (`--weight --platelets 18`) are refused
    by name, for every command and sub-command alike."""
    table: dict[str, Any] = {}
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", None) == "option":
            for name in (*param.opts, *param.secondary_opts):
                table[name] = param
    seen: dict[str, str] = {}
    index = 0
    while index < len(arguments):
        token = arguments[index]
        index += 1
        if token == "--":
            return
        if token.startswith("-") and token != "-":
            name, has_value, _ = token.partition("=")
            param = table.get(name)
            if param is None:
                continue  # unknown, a negative number, combined short flags: Click says what is wrong
            if not (param.multiple or param.count):
                if param.name in seen and not (param.is_flag and seen[param.name] == name):  # --json --json: same
                    earlier = seen[param.name]
                    also = "" if earlier == name else f" (as {earlier} too)"
                    raise InputError(None, None, f"{name} is given more than once{also}; give it once")
                seen[param.name] = name
            if param.is_flag or param.count or has_value:
                continue
            if index < len(arguments):
                following = arguments[index]
                if following.startswith("--") and following.partition("=")[0] in table:
                    raise InputError(None, None, f"{name} needs a value, but the next argument is the option "
                                                 f"{following.partition('=')[0]}")
            index += 1  # the value, whatever it looks like (-5 is a value)
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands is not None:
            sub = subcommands.get(token)
            if sub is not None:
                refuse_ambiguous_options(sub, arguments[index:])
            return


def _usage_message(error: typer.TyperException, arguments: Sequence[str] = ()) -> str:
    message = error.format_message().strip().replace("\n", " ")
    option = getattr(error, "option_name", None)
    context = getattr(error, "ctx", None)
    command_name = getattr(getattr(context, "command", None), "name", None)
    if option and type(error).__name__ == "NoSuchOption" and command_name:
        owners = _commands_with_option(option)
        if owners and command_name == "ivigcalc":  # `ivigcalc --json itp ...`: an option before its command
            typed = next((token for token in arguments if token in owners), owners[0])
            return f"{option} goes after the command, not before it: `ivigcalc {typed} ... {option}`"
        if owners:
            return f"{option} belongs to {_listed(owners)}, not `ivigcalc {command_name}`"
    extra = _EXTRA_ARGUMENT.search(message)
    if extra and extra.group(1).strip().lower() in _UNIT_WORDS:
        unit = extra.group(1).strip()
        return (f"{command_name}: {unit!r} after a number is taken as an extra argument; give the number alone and "
                f"the unit with its option ({_UNIT_WORDS[unit.lower()]})")
    prefix = f"{command_name}: " if command_name and command_name != "ivigcalc" else ""
    return f"{prefix}{message} (see --help)"


_EXTRA_ARGUMENT = re.compile(r"unexpected extra argument(?:s|\(s\))? \((\S+)\)")
_UNIT_WORDS = {"kg": "--weight-unit kg", "kgs": "--weight-unit kg", "lb": "--weight-unit lb", "lbs": "--weight-unit lb",
               "cm": "--height-unit cm", "in": "--height-unit in", "years": "--age-unit years",
               "months": "--age-unit months", "weeks": "--age-unit weeks", "days": "--age-unit days",
               "/ul": "--platelet-unit /uL", "g/l": "--platelet-unit 10^9/L"}


def _listed(commands: Sequence[str]) -> str:
    return ", ".join(f"`ivigcalc {name}`" for name in commands)


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
