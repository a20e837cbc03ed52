"""`flask --app wsgi`, the production form of every command, run as an operator would: its
help works whatever the configuration, and a command that cannot run says why in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import NUMBERS

ROOT = Path(__file__).resolve().parents[2]
KEY = "k" * 48
COMMANDS = ("analysis", "db", "demo", "links", "results", "retention", "surveys", "tokens", "users")


def _flask(*args: str, **settings: str) -> subprocess.CompletedProcess:
    """`flask --app wsgi ARGS` with only ``settings`` of the service's own configuration."""
    ours = {"SECRET_KEY", "LISTENING_POST_ENV", "DATABASE_URL", *NUMBERS}
    env = {name: value for name, value in os.environ.items() if name not in ours}
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env={**env, **settings},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _listed(help_text: str) -> set[str]:
    commands = help_text.split("Commands:", 1)[1]
    return {line.split()[0] for line in commands.splitlines() if line.strip()}


@pytest.mark.parametrize("settings", [{}, {"SECRET_KEY": KEY, "RETENTION_MONTHS": "abc"}])
def test_help_lists_every_command_without_a_usable_configuration(settings: dict[str, str]):
    result = _flask("--help", **settings)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert set(COMMANDS) <= _listed(result.stdout)


def test_a_commands_help_works_without_a_secret_key():
    group = _flask("retention", "--help")
    assert group.returncode == 0, group.stderr
    assert "purge" in _listed(group.stdout)
    command = _flask("retention", "purge", "--help")
    assert command.returncode == 0, command.stderr
    assert "JOURNEY_TTL_HOURS" in command.stdout
    assert "--dry-run" in command.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["retention", "purge", "--dry-run"],  # the app's own commands
        ["db", "upgrade"],  # Flask-Migrate's, which load the app themselves
        ["routes"],  # Flask's
    ],
)
def test_a_command_without_a_secret_key_refuses_in_one_line(command: list[str]):
    result = _flask(*command)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: SECRET_KEY is not set. Set it in the environment. In a development copy, run "
        'commands as make flask ARGS="...", which sets the environment as make run does.'
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("abc", "abc"), ("0", "0"), ("-3", "-3"), ("1.5", "1.5")],
)
def test_a_bad_retention_period_is_named_without_a_traceback(value: str, shown: str):
    result = _flask("retention", "purge", "--dry-run", SECRET_KEY=KEY, RETENTION_MONTHS=value)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f'Error: RETENTION_MONTHS must be a whole number of months, 1 or more (it is "{shown}").'
    ]


def test_the_server_refuses_to_start_with_a_bad_number():
    result = subprocess.run(  # noqa: S603 - our own interpreter's gunicorn
        [str(Path(sys.executable).with_name("gunicorn")), "--check-config", "wsgi:app"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": KEY, "JOURNEY_TTL_HOURS": "a day"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert 'JOURNEY_TTL_HOURS must be a whole number of hours, 1 or more (it is "a day")' in (
        result.stdout + result.stderr
    )
