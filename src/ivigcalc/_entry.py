"""The console script's entry point. It imports nothing heavy itself, so Ctrl-C from the first moment
ends with one "ivigcalc: interrupted" line and exit 130, never a traceback of the imports (which
could show where, but a traceback is never shown)."""

from __future__ import annotations

import contextlib
import os
import signal

INTERRUPTED = 130  # ExitStatus.INTERRUPTED; errors.py is not imported before the handler is in place


def _interrupted(signum: int, frame: object) -> None:
    with contextlib.suppress(OSError):
        os.write(2, b"ivigcalc: interrupted\n")
    os._exit(INTERRUPTED)  # nothing is open yet that would need cleaning up


def main() -> None:
    handled = signal.getsignal(signal.SIGINT) is signal.default_int_handler  # not if the parent ignores it
    if handled:
        signal.signal(signal.SIGINT, _interrupted)
    import ivigcalc.cli  # noqa: F401 - registers the commands
    from ivigcalc.cli.app import main as cli_main  # the app, Typer, and every command's options
    if handled:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # from here `_run` cleans up and says so
    try:
        cli_main()
    except KeyboardInterrupt:  # after the error boundary returned, before the process ended
        _interrupted(signal.SIGINT, None)
    finally:
        if handled:  # finished: a late Ctrl-C must not print a traceback at interpreter exit
            signal.signal(signal.SIGINT, _interrupted)
