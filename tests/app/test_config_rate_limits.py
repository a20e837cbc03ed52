"""A rate limit that Flask-Limiter cannot read would be no limit at all, and nothing would say
so: the app refuses to start with one, naming the variable, as it does for a number that is not
one. The defaults, and limits written as the README writes them, start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import RATE_LIMITS, Config, ConfigError, TestConfig, setting_problems

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_rate_limits_are_read():
    assert setting_problems({name: getattr(Config, name) for name in RATE_LIMITS}) == []


@pytest.mark.parametrize("written", ["60 per 10 minutes", "500 per hour", "5/minute;100/day"])
def test_a_limit_written_as_flask_limiter_reads_it_starts(database_url: str, written: str):
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SESSION_SUBMISSION_RATE_LIMIT=written
    )
    assert app.config["SESSION_SUBMISSION_RATE_LIMIT"] == written


@pytest.mark.parametrize("written", ["sixty a minute", "500 an hour", "", "0 per hour"])
def test_a_limit_that_cannot_be_read_stops_the_app_naming_it(database_url: str, written: str):
    with pytest.raises(ConfigError) as refused:
        create_app(
            TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SESSION_SUBMISSION_RATE_LIMIT=written
        )
    assert str(refused.value) == (
        'SESSION_SUBMISSION_RATE_LIMIT must be a rate limit such as "60 per 10 minutes", '
        f'of 1 or more (it is "{written}").'
    )


def test_every_rate_limit_from_the_environment_is_checked():
    code = (
        "from app.config import Config, setting_problems; "
        "print('\\n'.join(setting_problems(vars(Config))))"
    )
    env = {key: value for key, value in os.environ.items() if key not in RATE_LIMITS}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **dict.fromkeys(RATE_LIMITS, "lots")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f'{name} must be a rate limit such as "60 per 10 minutes", of 1 or more (it is "lots")'
        for name in RATE_LIMITS
    ]
