"""Domain exceptions and the exit-status table: the one place errors become exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes. Scripts depend on these numbers: never renumber."""

    SUCCESS = 0
    ERROR = 1  # unexpected failure (a bug): report it
    INPUT_ERROR = 2  # invalid input or usage; nothing was computed
    CHECK_FLAGGED = 3  # `check`: the order was computed and has findings
    BATCH_PARTIAL = 4  # `batch`: some rows failed, every row was written
    IO_ERROR = 74  # the environment failed a read or write (disk full, closed stream, permission); sysexits EX_IOERR
    INTERRUPTED = 130  # Ctrl-C or a terminating signal; no partial output is left (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader of stdout went away (`| head`); quiet, as shells report SIGPIPE


EXIT_STATUS_MEANINGS: dict[ExitStatus, str] = {
    ExitStatus.SUCCESS: "success",
    ExitStatus.ERROR: "unexpected internal failure, only ever a bug (please report it; `--debug` shows the "
                      "traceback, which may contain patient data)",
    ExitStatus.INPUT_ERROR: "invalid input or usage: nothing was computed; one line on stderr says why and names the "
                            "option and the fix (an option given twice, `--weight --platelets 18`, an unusable "
                            "`--output` path included)",
    ExitStatus.CHECK_FLAGGED: "`check`: the order was computed and has findings (FLAG)",
    ExitStatus.BATCH_PARTIAL: "`batch`: some rows failed; every row was written",
    ExitStatus.IO_ERROR: "the environment failed a read or a write: disk full, a closed stdout, permission (one line "
                         "with the path and the operating system's reason; sysexits' `EX_IOERR`)",
    ExitStatus.INTERRUPTED: "interrupted (Ctrl-C or a terminating signal): one \"ivigcalc: interrupted\" line, no "
                            "traceback, no partial or temporary file",
    ExitStatus.BROKEN_PIPE: "stdout's reader went away (`ivigcalc itp ... | head -1`): a quiet exit, as shells report "
                            "SIGPIPE",
}


class IvigcalcError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_status: ExitStatus = ExitStatus.ERROR


class InputError(IvigcalcError, ValueError):
    """An input that cannot be accepted: names the field, the value and what is allowed.

    `field` is the canonical input name (`weight`, `platelets`); the CLI shows it as `--weight`,
    batch output as the column name.
    """

    exit_status = ExitStatus.INPUT_ERROR

    def __init__(self, field: str | None, value: object, message: str) -> None:
        self.field = field
        self.value = value
        self.message = message
        super().__init__(self.describe())

    def describe(self, option_prefix: str = "--") -> str:
        if self.field is None:
            return self.message
        if self.field.isupper():  # a positional argument (NAME, KIND): no option prefix
            name = self.field
        else:
            name = f"{option_prefix}{self.field.replace('_', '-')}" if option_prefix else self.field
        if self.value is None or self.value is True:
            return f"{name}: {self.message}"
        return f"{name} {_show_value(self.value)}: {self.message}"


class IOFailure(IvigcalcError):
    """The environment refused a read or a write (disk full, a closed stream, permission): not the
    input's fault and not a bug. One line: what, where, and the operating system's reason."""

    exit_status = ExitStatus.IO_ERROR

    def __init__(self, action: str, where: str, error: OSError) -> None:
        self.error = error
        reason = error.strerror or type(error).__name__
        super().__init__(f"cannot {action} {where}: {reason}")


SHOWN_VALUE_LIMIT = 40  # characters of an echoed value; a message line stays well under 200


def _show_value(value: object) -> str:
    try:
        text = str(value)
    except ValueError:  # an int beyond Python's 4,300-digit str() limit
        text = f"<{type(value).__name__} too long to show>"
    if len(text) > SHOWN_VALUE_LIMIT:  # a pasted blob must not flood the one-line error
        text = text[:SHOWN_VALUE_LIMIT - 3] + "..."
    shown = repr(text)
    if len(shown) > 2 * SHOWN_VALUE_LIMIT:  # escapes (\x00, \udcff) can quadruple the length
        shown = shown[:2 * SHOWN_VALUE_LIMIT - 4] + "...'"
    return shown
