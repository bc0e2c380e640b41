"""Named points in a run where a test can make the process signal itself, so signal tests do not
depend on timing: IVIGCALC_TEST_SIGNAL=SIGTERM@output-created sends SIGTERM to this process when the
batch's temporary output file has just been created. Unset (always, outside the tests), it costs one
comparison."""

from __future__ import annotations

import os

_REQUEST = os.environ.get("IVIGCALC_TEST_SIGNAL")


def checkpoint(point: str) -> None:
    if _REQUEST is None:
        return
    name, _, at = _REQUEST.partition("@")
    if at == point:
        import signal

        os.kill(os.getpid(), getattr(signal, name))
