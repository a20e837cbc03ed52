"""Fixtures for the migration tests: an empty database of the test's own, and an app on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from app import create_app
from app.config import TestConfig
from bench.databases import temporary_postgres_database
from models import db


@pytest.fixture
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database nobody else uses, on the same kind of server."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    with temporary_postgres_database(database_url, "lp_migrations") as fresh:
        yield fresh


@pytest.fixture
def fresh_app(fresh_database: str) -> Iterator[Flask]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_database)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
