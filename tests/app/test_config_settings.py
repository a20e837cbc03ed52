"""Every numeric and on-or-off setting is checked when the app starts: a value that is not a
number, or is out of range, stops it with a message naming the variable and what it must be,
instead of a traceback or a quiet default."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import NUMBERS, SWITCHES, Config, ConfigError, TestConfig

ROOT = Path(__file__).resolve().parents[2]


def _bad_values() -> list[tuple[str, object]]:
    """For each numeric setting: text, a number below its minimum, and for whole numbers a
    fraction (as each arrives from the environment: text that is not a number stays text)."""
    cases: list[tuple[str, object]] = []
    for name, rule in NUMBERS.items():
        cases.append((name, "abc"))
        cases.append((name, int(rule.minimum) - 1))
        if rule.whole:
            cases.append((name, "1.5"))
        else:
            cases.append((name, float("nan")))
    return cases


@pytest.mark.parametrize(("name", "value"), _bad_values())
def test_a_bad_number_stops_the_app_naming_the_setting(name: str, value: object):
    with pytest.raises(ConfigError) as refused:
        create_app(TestConfig, **{name: value})
    message = str(refused.value)
    assert message.startswith(f"{name} must be {NUMBERS[name].must_be} (it is ")
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("name", NUMBERS)
def test_the_smallest_allowed_number_is_accepted(name: str):
    figures = {"SUPPRESSION_K": 1} if name == "SUPPRESSION_K_TEXT" else {}
    app = create_app(TestConfig, **{**figures, name: NUMBERS[name].minimum})
    assert app.config[name] == NUMBERS[name].minimum


def test_every_problem_is_named_at_once():
    with pytest.raises(ConfigError) as refused:
        create_app(TestConfig, RETENTION_MONTHS="abc", JOURNEY_TTL_HOURS=0)
    assert str(refused.value) == (
        'RETENTION_MONTHS must be a whole number of months, 1 or more (it is "abc"). '
        'JOURNEY_TTL_HOURS must be a whole number of hours, 1 or more (it is "0").'
    )


@pytest.mark.parametrize("name", SWITCHES)
def test_a_switch_that_is_neither_on_nor_off_stops_the_app(name: str):
    with pytest.raises(ConfigError, match=f'^{name} must be on or off.*"ture"'):
        create_app(TestConfig, **{name: "ture"})


def test_quotes_never_have_a_lower_threshold_than_figures():
    with pytest.raises(ConfigError, match="SUPPRESSION_K_TEXT must be at least SUPPRESSION_K"):
        create_app(TestConfig, SUPPRESSION_K=25, SUPPRESSION_K_TEXT=20)
    assert create_app(TestConfig, SUPPRESSION_K=20, SUPPRESSION_K_TEXT=20)


def test_password_hashing_gets_the_memory_argon2_needs():
    with pytest.raises(ConfigError, match="ARGON2_MEMORY_COST_KIB must be at least 8 KiB"):
        create_app(TestConfig, ARGON2_PARALLELISM=4, ARGON2_MEMORY_COST_KIB=16)


def test_every_numeric_setting_is_read_from_the_environment_and_checked():
    """The table of checks and the settings read from the environment are the same list."""
    source = (ROOT / "app" / "config.py").read_text(encoding="utf-8")
    read = {name for name in NUMBERS if f'env_number("{name}"' in source}
    assert read == set(NUMBERS)
    assert source.count("env_number(") == len(NUMBERS)
    for name in NUMBERS:
        assert hasattr(Config, name)


def _config_from_environment(**settings: str) -> subprocess.CompletedProcess:
    """Load the configuration as the app does, from this environment, and check it."""
    env = {key: value for key, value in os.environ.items() if key not in NUMBERS}
    code = (
        "from app.config import Config, setting_problems; "
        "print('\\n'.join(setting_problems(vars(Config))))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **settings},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_text_in_the_environment_is_refused_not_replaced_by_the_default():
    result = _config_from_environment(**dict.fromkeys(NUMBERS, "abc"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f'{name} must be {rule.must_be} (it is "abc")' for name, rule in NUMBERS.items()
    ]


def test_numbers_in_the_environment_are_read_with_spaces_around_them():
    result = _config_from_environment(RETENTION_MONTHS=" 12 ", BOT_MIN_SECONDS="1.5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def _readme_settings() -> dict[str, str]:
    """Each variable in README.md's configuration table, with the default it gives."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if not line.startswith("| `") or len(cells) != 3:
            continue
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0]):
            table[name] = cells[2]
    return table


def test_the_readme_lists_every_setting_with_its_default():
    source = (ROOT / "app" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:environ\.get|env_\w+)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    readme = _readme_settings()
    assert set(readme) == read
    assert all(readme.values())
    for name in NUMBERS:
        default = getattr(Config, name)
        if default is not None:
            assert re.match(rf"{default:g}\b", readme[name]), (name, readme[name])
