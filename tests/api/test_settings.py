"""Where the default policy and the prices come from: --policy, IVIGCALC_POLICY, the config file, the
built-in default. The environment and the config path are injected; the real home is never read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivigcalc.api import Settings, itp_from_mapping
from ivigcalc.errors import InputError
from ivigcalc.model.vocabulary import PolicyId

OBESE_ENOUGH = {"weight": 80, "height": 175, "sex": "male", "platelets": 10, "bleeding": "active"}


def test_built_in_default_without_environment_or_config() -> None:
    settings = Settings(environ={"IVIGCALC_CONFIG": ""})
    assert settings.default_policy() == (PolicyId.IVIGCALC, "built-in default")


def test_environment_variable_sets_the_default(tmp_path: Path) -> None:
    config = tmp_path / "ivigcalc.toml"
    config.write_text('policy = "ontario"\n', encoding="utf-8")
    settings = Settings(environ={"IVIGCALC_POLICY": "BloodSTAR-2026 "}, config_path=config)
    assert settings.default_policy() == (PolicyId.BLOODSTAR_2026, "IVIGCALC_POLICY")


def test_config_file_sets_the_default_and_a_row_policy_wins(tmp_path: Path) -> None:
    config = tmp_path / "ivigcalc.toml"
    config.write_text('policy = "bloodstar-2026"\n', encoding="utf-8")
    settings = Settings(environ={}, config_path=config)
    assert settings.default_policy()[0] is PolicyId.BLOODSTAR_2026
    # 80 kg, 175 cm man: BloodSTAR 74.28 kg (70.464567 + 0.4 × 9.535433); the row's own policy wins.
    assert itp_from_mapping(OBESE_ENOUGH, settings).dosing_weight.kg == pytest.approx(74.27874, abs=1e-5)
    assert itp_from_mapping({**OBESE_ENOUGH, "policy": "ivigcalc"}, settings).dosing_weight.kg == 80.0


def test_config_named_by_environment_variable(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('policy = "ideal-band"\n', encoding="utf-8")
    assert Settings(environ={"IVIGCALC_CONFIG": str(config)}).default_policy()[0] is PolicyId.IDEAL_BAND


def test_platform_config_directory_is_found_with_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path, required = Settings(environ={}).config_file()
    assert path is not None and path.name == "ivigcalc.toml" and not required
    assert Settings(environ={}).default_policy()[0] is PolicyId.IVIGCALC  # no file there: no config


@pytest.mark.parametrize(("text", "message"), [
    ('polcy = "ontario"\n', "unknown key(s) polcy"),
    ('policy = "bloodstar"\n', "is not a dosing-weight policy"),
    ("policy = [\n", "is not valid TOML"),
])
def test_a_bad_config_file_is_an_error_never_ignored(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "ivigcalc.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings(environ={}, config_path=config).default_policy()


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        Settings(environ={"IVIGCALC_CONFIG": str(tmp_path / "missing.toml")}).default_policy()


def test_a_bad_policy_in_the_environment_is_an_error() -> None:
    with pytest.raises(InputError, match="IVIGCALC_POLICY"):
        Settings(environ={"IVIGCALC_POLICY": "nhs"}).default_policy()


def test_prices_from_the_config_file_tables_and_csv(tmp_path: Path) -> None:
    config = tmp_path / "ivigcalc.toml"
    config.write_text(
        '[[prices]]\nproduct = "privigen"\npack_size_g = 20\nprice = 1500\ncurrency = "aud"\n', encoding="utf-8")
    prices = Settings(environ={}, config_path=config).prices()
    assert prices is not None and [(p.product, p.pack_size_g, p.price, p.currency) for p in prices.prices] == [
        ("privigen", 20.0, 1500.0, "AUD")]
    (tmp_path / "prices.csv").write_text("product,pack size g,price,currency\nPrivigen,10,780,AUD\n",
                                         encoding="utf-8")
    config.write_text('prices = "prices.csv"\n', encoding="utf-8")  # relative to the config file
    prices = Settings(environ={}, config_path=config).prices()
    assert prices is not None and prices.prices[0].pack_size_g == 10.0


def test_no_prices_unless_given() -> None:
    assert Settings(environ={"IVIGCALC_CONFIG": ""}).prices() is None


def test_a_config_that_is_not_a_regular_file_is_refused_not_read_for_ever() -> None:
    # /dev/zero never ends: reading it hung `ivigcalc itp`. The error names the variable and the reason.
    with pytest.raises(InputError, match=r"IVIGCALC_CONFIG.*'/dev/zero' is not a regular file"):
        Settings(environ={"IVIGCALC_CONFIG": "/dev/zero"}).default_policy()


def test_a_config_file_larger_than_1_mib_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "ivigcalc.toml"
    config.write_text("# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"IVIGCALC_CONFIG.*larger than 1 MiB"):
        Settings(environ={"IVIGCALC_CONFIG": str(config)}).default_policy()
    just_under = tmp_path / "small.toml"
    just_under.write_text("#" * (1024 * 1024 - 20) + '\npolicy = "ontario"\n', encoding="utf-8")
    assert Settings(environ={"IVIGCALC_CONFIG": str(just_under)}).default_policy()[0] is PolicyId.ONTARIO


def test_a_price_csv_with_the_wrong_header_is_refused_even_without_rows(tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("x,y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"--prices: .*header: missing product, pack_size_g, price, currency"):
        Settings(environ={}, prices_path=str(prices)).prices()
