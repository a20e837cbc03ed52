"""Shared fixtures. The test database is built by running the migrations, never create_all().

Set TEST_DATABASE_URL to run the same suite on PostgreSQL (make test does when it can).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.config import TestConfig
from bench.databases import temporary_postgres_database
from models import db
from tests.pages import Browser
from tests.starting_state import StartingState


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests that do not apply to this run's database or rate-limit storage.

    They are deselected, not skipped: each runs in another part of `make test` (SQLite-only
    tests in the SQLite run, PostgreSQL-only ones in the PostgreSQL run, Redis tests in
    `make test-redis`), so nothing is left unrun.
    """
    on_postgresql = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
    on_redis = os.environ.get("RATELIMIT_STORAGE_URI", "").startswith(("redis://", "rediss://"))
    kept, left_out = [], []
    for item in items:
        wrong_database = item.get_closest_marker(
            "sqlite_only" if on_postgresql else "postgresql_only"
        )
        no_redis = not on_redis and item.get_closest_marker("redis")
        (left_out if wrong_database or no_redis else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """This test process's own database.

    `make test` runs the suite in several processes at once (pytest-xdist, `worker_id` gw0,
    gw1, ...). On SQLite each has its own file under its own temporary directory; on
    PostgreSQL each has its own database on the server TEST_DATABASE_URL points at, dropped at
    the end. Run in one process (`worker_id` "master") the suite uses TEST_DATABASE_URL itself.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    elif worker_id == "master":
        yield url
    else:
        with temporary_postgres_database(url, f"lp_test_{worker_id}") as own:
            yield own


def _fresh_globals(sender: Flask, **extra: object) -> None:
    g.__dict__.clear()


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    # Tests hold an app context open so they can use db.session, and Flask reuses it for the
    # requests they make. Clear `g` at each request so nothing cached for one request (the
    # Babel locale, the signed-in user) leaks into the next, as in production.
    request_started.connect(_fresh_globals, app)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    yield app


@pytest.fixture(scope="session")
def _starting_state(app: Flask) -> StartingState:
    with app.app_context():
        return StartingState()


@pytest.fixture(autouse=True)
def _database(app: Flask, _starting_state: StartingState) -> Iterator[None]:
    """Every test starts with the built-in surveys loaded and nothing else (see
    tests/starting_state.py: loaded once per process, then put back before each test)."""
    with app.app_context():
        _starting_state.restore()
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def browser(client: FlaskClient) -> Browser:
    return Browser(client)


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()
