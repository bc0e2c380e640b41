"""Guided entry for a clinician at a terminal: `ivigcalc itp` (or `aps`) with required values missing asks
for them one at a time, with the choices and units shown, validated by the same parser with the same
messages, then prints the result and the equivalent command line for reuse.

It never prompts unless both stdin and stdout are terminals and the output is for a person: a script's
piped input must never be eaten by a prompt, and a missing value there stays an input error (exit 2).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from typing import IO, Any

from ivigcalc.core.fields import BY_NAME, InputField, fields_of
from ivigcalc.errors import InputError

# Asked when not given, after the required fields: the decision turns on them.
ASKED_WHEN_MISSING: dict[str, tuple[str, ...]] = {"itp": ("bleeding", "age"), "aps": ("age",)}


def should_guide(command: str, values: Mapping[str, object], *, as_json: bool, stdin: IO[str],
                 stdout: IO[str]) -> bool:
    missing = [f for f in fields_of(command) if f.required and values.get(f.name) in (None, "")]
    return bool(missing) and not as_json and _is_terminal(stdin) and _is_terminal(stdout)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def guide(command: str, values: dict[str, object], compute: Callable[[Mapping[str, object]], Any], *,
          ask: Callable[[str], str], say: Callable[[str], None]) -> tuple[Any, dict[str, object]]:
    """Ask for each missing required field (and the few that decide the result), each answer checked at
    once by the parser: a refused answer shows the parser's message and is asked again."""
    say(f"ivigcalc {command}: a few values are needed (Enter keeps the default shown; Ctrl-C stops).")
    required = [f for f in fields_of(command) if f.required and values.get(f.name) in (None, "")]
    deciding = [BY_NAME[name] for name in ASKED_WHEN_MISSING.get(command, ())
                if values.get(name) in (None, "", BY_NAME[name].default)]
    for field in (*required, *deciding):
        while True:
            say(f"  {field.help}")
            answer = ask(_prompt(field)).strip()
            if not answer:
                if field.required:
                    say(f"  {field.option} is required.")
                    continue
                break
            values[field.name] = answer
            refusal = _refusal_of(field, values, compute)
            if refusal is None:
                break
            say(f"  {refusal}")
            values.pop(field.name)
    return compute(values), values


def _refusal_of(field: InputField, values: Mapping[str, object],
                compute: Callable[[Mapping[str, object]], Any]) -> str | None:
    """The parser's message if it refuses this field's answer; None if it accepts it (another field may
    still be missing)."""
    try:
        compute(values)
    except InputError as error:
        return error.describe() if error.field == field.name else None
    return None


def _prompt(field: InputField) -> str:
    shown = f" {field.shown_metavar}" if field.shown_metavar else ""
    default = f" (Enter: {field.default})" if field.default and not field.required else (
        " (Enter: not given)" if not field.required else "")
    return f"{field.option}{shown}{default}: "


def equivalent_command(command: str, values: Mapping[str, object]) -> str:
    """The full command line that gives the same result, for reuse without prompts."""
    words = ["ivigcalc", command]
    for field in fields_of(command):
        value = values.get(field.name)
        if value in (None, "", False) or value == field.default:
            continue
        words.append(field.option)
        if field.kind != "flag":
            words.append(str(value))
    return shlex.join(words)
