"""The application factory honours its configuration, and production refuses unsafe settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app import create_app
from app.config import (
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    TestConfig,
    config_for,
)
from models import db

GOOD_KEY = "k" * 48


def test_overrides_win_over_the_config_class(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, FORCE_NAME="Gwent Police")
    assert app.testing
    assert app.config["FORCE_NAME"] == "Gwent Police"
    with app.app_context():
        assert str(db.engine.url) == url


def test_the_force_name_is_what_respondents_see(app, database_url):
    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, FORCE_NAME="Gwent Police")
    html = other.test_client().get("/r").get_data(as_text=True)
    assert "Gwent Police feedback" in html
    assert "Demoshire" not in html


def test_config_by_name_and_by_environment(monkeypatch):
    assert create_app("test").testing
    monkeypatch.setenv("LISTENING_POST_ENV", "development")
    assert config_for(None) is DevelopmentConfig
    monkeypatch.delenv("LISTENING_POST_ENV")
    assert config_for(None) is ProductionConfig  # the safe default
    monkeypatch.setenv("LISTENING_POST_ENV", "staging")
    with pytest.raises(ConfigError, match="staging"):
        create_app()


def test_the_factory_does_not_touch_the_database(tmp_path: Path):
    """Migrating is a step before the server starts (`flask db upgrade`), never create_app."""
    path = tmp_path / "untouched.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []


@pytest.mark.parametrize("key", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(key):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(ProductionConfig, SECRET_KEY=key, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="short", SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_refuses_debug():
    with pytest.raises(ConfigError, match=r"[Dd]ebug"):
        create_app(
            "production", SECRET_KEY=GOOD_KEY, DEBUG=True, SQLALCHEMY_DATABASE_URI="sqlite://"
        )


def test_every_environment_needs_a_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(DevelopmentConfig, SECRET_KEY=None, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_starts_with_safe_settings():
    app = create_app("production", SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert not app.debug and not app.testing
    assert app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    assert app.config["WTF_CSRF_ENABLED"] is not False
    assert not app.config["ALLOW_DEMO_ACCOUNTS"]


def test_production_warns_when_rate_limits_are_counted_in_each_workers_memory(caplog):
    def started(**settings) -> list[str]:
        caplog.clear()
        create_app(
            "production", SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI="sqlite://", **settings
        )
        return [r.getMessage() for r in caplog.records if r.name == "app.config"]

    warned = started(RATELIMIT_STORAGE_URI="memory://")
    assert len(warned) == 1 and "RATELIMIT_STORAGE_URI" in warned[0]
    assert "multiplied" in warned[0]
    assert started(RATELIMIT_STORAGE_URI="redis://redis.internal:6379/0") == []
    assert started(RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ENABLED=False) == []


def test_commands_in_production_do_not_warn_about_rate_limits(tmp_path):
    """A command run from cron serves no requests, so it says nothing about rate limits."""
    env = {
        **os.environ,
        "LISTENING_POST_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cron.db'}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    env.pop("FLASK_DEBUG", None)
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(  # noqa: S603
        command, cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "RATELIMIT_STORAGE_URI" not in run.stderr + run.stdout


def test_production_names_its_secure_session_cookie_for_this_host_alone():
    app = create_app("production", SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI="sqlite://")
    client = app.test_client()
    response = client.get("/sign-in", base_url="https://feedback.example.org")
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1, cookies
    parts = [part.strip() for part in cookies[0].split(";")]
    assert parts[0].startswith("__Host-session=")
    assert {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} <= set(parts)
    assert not any(part.lower().startswith("domain=") for part in parts)
    # Without Secure (TLS ended elsewhere and SESSION_COOKIE_SECURE=0) a browser would refuse
    # the prefix, so the cookie keeps its plain name.
    plain = create_app(
        "production",
        SECRET_KEY=GOOD_KEY,
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SESSION_COOKIE_SECURE=False,
    )
    assert plain.config["SESSION_COOKIE_NAME"] == "session"
