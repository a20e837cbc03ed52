"""Migration 0023: an account still waiting to change a temporary password when the upgrade
runs counts it as given at the upgrade, so the expiry starts then and shuts nobody out at once;
an account with a password of its own has none. Downgrading removes the column and keeps every
account and its recovery codes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from models import db
from tests.models.test_migrations import MIGRATIONS, _version


def _rows(query: str) -> list:
    with db.engine.connect() as connection:
        return connection.execute(sa.text(query)).all()


def test_waiting_temporary_passwords_count_from_the_upgrade(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0022")
    with db.engine.begin() as connection:
        for id_, must_change in ((1, True), (2, False)):
            connection.execute(
                sa.text(
                    "INSERT INTO users (id, public_id, email, password_hash, role, active, "
                    "session_token, must_change_password, created_at) VALUES (:id, :public, "
                    ":email, 'x', 'officer', :yes, :token, :must, :then)"
                ),
                {
                    "id": id_,
                    "public": f"user{id_}",
                    "email": f"user{id_}@example.org",
                    "token": f"token{id_}",
                    "yes": True,
                    "must": must_change,
                    "then": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                },
            )
        connection.execute(
            sa.text("INSERT INTO recovery_codes (user_id, code_hash) VALUES (1, 'h')")
        )
    before = dt.datetime.now(dt.UTC)

    upgrade(directory=str(MIGRATIONS), revision="0023")
    assert _version() == "0023"
    given = dict(_rows("SELECT id, temporary_password_at FROM users ORDER BY id"))
    assert given[2] is None
    stamp = given[1]
    if isinstance(stamp, str):  # SQLite gives the stored text back
        stamp = dt.datetime.fromisoformat(stamp)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    assert before - dt.timedelta(seconds=5) <= stamp <= dt.datetime.now(dt.UTC)

    downgrade(directory=str(MIGRATIONS), revision="0022")
    assert _version() == "0022"
    assert [row[0] for row in _rows("SELECT id FROM users ORDER BY id")] == [1, 2]
    assert len(_rows("SELECT id FROM recovery_codes")) == 1
