"""Commands a new developer copies from what `make run` prints, run as they would run them: in
a fresh copy, through the Makefile, with nothing set in their environment."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest

from app.commands import no_tables

ROOT = Path(__file__).resolve().parents[2]
# What a fresh clone has that `make flask` needs; .venv is shared rather than installed again.
COPY_NEEDS = (
    "Makefile",
    "requirements.txt",
    "requirements-dev.txt",
    "wsgi.py",
    "app",
    "models",
    "analysis",
    "migrations",
    "data",
    ".venv",
)
# Left over from the test run (PostgreSQL's scripts/with-postgres, a `make test` above us).
NOT_A_NEW_USERS = ("SECRET_KEY", "LISTENING_POST_ENV", "DATABASE_URL", "MAKEFLAGS", "MAKELEVEL")


def _environment(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in NOT_A_NEW_USERS}
    return {**env, **extra}


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "listening-post"
    copy.mkdir()
    for name in COPY_NEEDS:
        (copy / name).symlink_to(ROOT / name)
    return copy


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own Makefile and interpreter
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_two_factor_command_printed_for_a_demo_account_works_as_printed(
    fresh_copy: Path, tmp_path: Path
):
    # Only the database is moved out of the way: the app keeps its SQLite file under the real
    # checkout's instance/, which this test must not touch.
    env = _environment(DATABASE_URL=f"sqlite:///{tmp_path / 'listening-post.db'}")
    migrated = _run(["make", "flask", "ARGS=db upgrade"], fresh_copy, env)
    assert migrated.returncode == 0, migrated.stderr
    assert (fresh_copy / "instance" / "secret_key").exists()  # made as `make run` makes it

    demo = _run(["make", "flask", "ARGS=users demo"], fresh_copy, env)
    assert demo.returncode == 0, demo.stderr
    printed = dict(
        (email, (key.replace(" ", ""), command))
        for key, command, email in re.findall(
            r"two-factor key: ([A-Z2-7 ]+) \(or: ((?:\S+ )*?EMAIL=(\S+))\)", demo.stdout
        )
    )
    assert set(printed) == {"analyst@example.org", "admin@example.org"}

    key, command = printed["analyst@example.org"]
    started = time.time()
    result = _run(shlex.split(command), fresh_copy, env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    # Exactly what the person's authenticator app shows for the key printed beside it.
    totp = pyotp.TOTP(key)
    assert result.stdout.strip() in {totp.at(started), totp.at(time.time())}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_demo_code_without_an_email_says_how_to_use_it(fresh_copy: Path):
    result = _run(["make", "demo-code"], fresh_copy, _environment())
    assert result.returncode != 0
    assert "Say whose code: make demo-code EMAIL=analyst@example.org" in result.stderr


@pytest.mark.parametrize("environment", ["development", "production"])
def test_a_command_without_a_secret_key_says_so_in_one_line(environment: str):
    result = _run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "users", "demo-code", "a@example.org"],
        ROOT,
        _environment(LISTENING_POST_ENV=environment),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "Error: SECRET_KEY is not set. Set it in the environment. In a development copy, run "
        'commands as make flask ARGS="...", which sets the environment as make run does.'
    ]


def test_a_demo_command_outside_development_says_how_to_run_it_in_development():
    result = _run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "users", "demo-code", "a@example.org"],
        ROOT,
        _environment(SECRET_KEY="x" * 40, DATABASE_URL="sqlite://"),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "never made in production" in result.stderr
    assert "run `make demo-code EMAIL=a@example.org`" in result.stderr


def test_the_server_still_refuses_to_start_without_a_secret_key():
    result = _run(
        [str(Path(sys.executable).with_name("gunicorn")), "--check-config", "wsgi:app"],
        ROOT,
        _environment(),
    )
    assert result.returncode == 1
    assert "SecretKeyMissing: SECRET_KEY is not set" in result.stdout + result.stderr


def test_a_command_before_the_database_is_made_says_what_to_do(fresh_copy: Path, tmp_path: Path):
    """`make demo-code` (or any command) on a copy where `make run` has not made the database
    yet says so in one line, not with a traceback."""
    url = f"sqlite:///{tmp_path / 'not-made-yet.db'}"
    env = _environment(DATABASE_URL=url)
    for command in (
        ["make", "demo-code", "EMAIL=analyst@example.org"],
        ["make", "flask", "ARGS=links create --survey stop-search"],
    ):
        ran = _run(command, fresh_copy, env)
        assert ran.returncode != 0
        # Named, as a mistyped or forgotten DATABASE_URL is the likeliest cause.
        assert f"Error: {no_tables(url)}" in ran.stderr, ran.stderr
        assert "Traceback" not in ran.stderr and "sqlalchemy" not in ran.stderr.lower()
