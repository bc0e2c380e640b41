"""Where the defaults a hospital sets once come from: the dosing-weight policy and the price list.

Policy, first found wins: `--policy` (or a batch row's `policy` cell), the `IVIGCALC_POLICY` environment
variable, `policy = "..."` in the config file, the built-in `ivigcalc`.
Prices: `--prices FILE`, else `prices` in the config file (a CSV path, relative to the config file, or
`[[prices]]` tables); none ship with ivigcalc.
Config file: `IVIGCALC_CONFIG` (a path; set it empty for none), else `ivigcalc.toml` in the platform's
user config directory (platformdirs; ~/.config/ivigcalc/ivigcalc.toml on Linux). A missing file in the
platform directory is no config; a file named by IVIGCALC_CONFIG must exist. An unknown key or policy is
an error, never ignored: a misspelt setting must not silently leave a hospital on another policy.

This is the shell: the only module that reads the environment or the disk for a calculation. The core
receives the policy id and the price list. `environ` and `config_path` are injectable (tests).
platformdirs is imported only when the config file is needed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ivigcalc.errors import InputError
from ivigcalc.knowledge.policies import DEFAULT_POLICY, POLICIES
from ivigcalc.model.vocabulary import PolicyId

if TYPE_CHECKING:
    from ivigcalc.pharmacy.cost import PriceList

POLICY_VARIABLE: Final = "IVIGCALC_POLICY"
CONFIG_VARIABLE: Final = "IVIGCALC_CONFIG"
CONFIG_NAME: Final = "ivigcalc.toml"
CONFIG_KEYS: Final = frozenset({"policy", "prices"})
_UNREAD: Final = object()


def parse_policy(raw: str, where: str) -> PolicyId:
    key = raw.strip().lower()
    for policy in POLICIES:
        if policy.value == key:
            return policy
    known = ", ".join(policy.value for policy in POLICIES)
    if where in ("--policy", "NAME"):
        raise InputError("policy" if where == "--policy" else where, raw,
                         f"is not a dosing-weight policy: one of {known}")
    raise InputError(None, None, f"{where}: {raw!r} is not a dosing-weight policy: one of {known}")


class Settings:
    """The defaults of one invocation (or one batch run): read lazily, once."""

    def __init__(self, *, environ: Mapping[str, str] | None = None, config_path: str | Path | None = None,
                 prices_path: str | None = None, policy: str | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        self._config_path = None if config_path is None else Path(config_path)
        self._prices_path = prices_path
        self._policy = None if policy is None else parse_policy(policy, "--policy")
        self._config: Any = _UNREAD
        self._prices: Any = _UNREAD
        self._default: tuple[PolicyId, str] | None = None

    # ------------------------------------------------------------------ policy

    def default_policy(self) -> tuple[PolicyId, str]:
        """The policy used when a calculation names none, and where it came from."""
        if self._default is None:
            self._default = self._find_policy()
        return self._default

    def _find_policy(self) -> tuple[PolicyId, str]:
        if self._policy is not None:
            return self._policy, "--policy"
        from_environment = self._environ.get(POLICY_VARIABLE, "").strip()
        if from_environment:
            return parse_policy(from_environment, POLICY_VARIABLE), POLICY_VARIABLE
        config, path = self._read_config()
        if config is not None and "policy" in config:
            value = config["policy"]
            if not isinstance(value, str):
                raise InputError(None, None, f"config file {path}: policy must be a string")
            return parse_policy(value, f"config file {path}"), f"config file {path}"
        return DEFAULT_POLICY, "built-in default"

    def values_with_policy(self, values: Mapping[str, object]) -> Mapping[str, object]:
        """`values` with the default policy filled in when they name none (absent or an empty cell).
        Anything but a mapping is handed on unchanged: the parser refuses it with its own message."""
        if not isinstance(values, Mapping):
            return values
        given = values.get("policy")
        if given is not None and not (isinstance(given, str) and not given.strip()):
            return values
        return {**values, "policy": self.default_policy()[0].value}

    # ------------------------------------------------------------------ prices

    def prices(self) -> PriceList | None:
        """The price list, or None when none is given; read on first use (with a product, or at once for
        --prices: cli/options.py)."""
        if self._prices is _UNREAD:
            self._prices = self._find_prices()
        result: PriceList | None = self._prices
        return result

    def _find_prices(self) -> PriceList | None:
        from ivigcalc.pharmacy.cost import parse_price_csv, parse_price_rows

        if self._prices_path is not None:
            text = _read_text(Path(self._prices_path), "--prices")
            try:
                return parse_price_csv(text, self._prices_path)
            except InputError as error:  # name the option, as the read errors do
                raise InputError(None, None, f"--prices: {error.message}") from None
        config, path = self._read_config()
        if config is None or "prices" not in config:
            return None
        value = config["prices"]
        if isinstance(value, str):
            csv_path = Path(value).expanduser()
            if not csv_path.is_absolute() and path is not None:
                csv_path = path.parent / csv_path
            return parse_price_csv(_read_text(csv_path, f"config file {path}: prices"), str(csv_path))
        if isinstance(value, list) and all(isinstance(row, dict) for row in value):
            return parse_price_rows(value, f"config file {path}")
        raise InputError(None, None, f"config file {path}: prices must be a CSV path or [[prices]] tables")

    # ------------------------------------------------------------------ the config file

    def config_file(self) -> tuple[Path | None, bool]:
        """The config file's path (None: none) and whether it must exist."""
        if self._config_path is not None:
            return self._config_path, True
        named = self._environ.get(CONFIG_VARIABLE)
        if named is not None:
            return (Path(named).expanduser(), True) if named.strip() else (None, False)
        import platformdirs  # only here: most invocations never need it

        return Path(platformdirs.user_config_dir("ivigcalc", appauthor=False)) / CONFIG_NAME, False

    def _config_label(self) -> str:
        """How an error names the config file: by IVIGCALC_CONFIG when that variable named it."""
        if self._config_path is None and (self._environ.get(CONFIG_VARIABLE) or "").strip():
            return f"config file ({CONFIG_VARIABLE})"
        return "config file"

    def _read_config(self) -> tuple[dict[str, Any] | None, Path | None]:
        if self._config is _UNREAD:
            path, required = self.config_file()
            self._config = (None, path)
            if path is not None and (required or path.is_file()):
                import tomllib

                try:
                    config = tomllib.loads(_read_text(path, self._config_label()))
                except tomllib.TOMLDecodeError as error:
                    raise InputError(None, None, f"config file {path} is not valid TOML: {error}") from None
                unknown = sorted(set(config) - CONFIG_KEYS)
                if unknown:
                    raise InputError(None, None, f"config file {path}: unknown key(s) {', '.join(unknown)} "
                                                 f"(known: {', '.join(sorted(CONFIG_KEYS))})")
                self._config = (config, path)
        found: tuple[dict[str, Any] | None, Path | None] = self._config
        return found


MAX_FILE_BYTES: Final = 1024 * 1024  # a config file or price list is a few kB; never read an endless one


def _read_text(path: Path, what: str) -> str:
    """The file's text: a regular file of at most 1 MiB. /dev/zero, a FIFO or a huge file is refused
    (reading it would hang the calculation or fill the memory)."""
    import stat

    try:
        with path.open("rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise InputError(None, None, f"{what}: {str(path)!r} is not a regular file")
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(None, None, f"{what}: cannot read {str(path)!r}: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(None, None, f"{what}: {str(path)!r} is larger than 1 MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(None, None, f"{what}: {str(path)!r} is not UTF-8 text") from None
