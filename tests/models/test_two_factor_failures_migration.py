"""Migration 0027: every account starts with no wrong two-factor codes counted, so nobody is
locked by the upgrade; downgrading removes the count and keeps every account and its
recovery codes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from models import db
from tests.models.test_migrations import MIGRATIONS, _version

THEN = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)


def _rows(query: str) -> list:
    with db.engine.connect() as connection:
        return connection.execute(sa.text(query)).all()


def _columns() -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns("users")}


def test_existing_accounts_start_with_no_wrong_codes_and_keep_their_recovery_codes(
    fresh_app: Flask,
):
    upgrade(directory=str(MIGRATIONS), revision="0026")
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO users (id, public_id, email, password_hash, role, active, "
                "session_token, must_change_password, created_at, totp_enabled_at) VALUES "
                "(1, 'analyst1', 'analyst@example.org', 'x', 'analyst', :yes, 'token1', :no, "
                ":then, :then)"
            ),
            {"yes": True, "no": False, "then": THEN},
        )
        connection.execute(
            sa.text("INSERT INTO recovery_codes (id, user_id, code_hash) VALUES (1, 1, :hash)"),
            {"hash": "0" * 64},
        )

    upgrade(directory=str(MIGRATIONS), revision="0027")
    assert _version() == "0027"
    assert _rows("SELECT id, two_factor_failures FROM users") == [(1, 0)]
    assert _rows("SELECT id, user_id FROM recovery_codes") == [(1, 1)]

    downgrade(directory=str(MIGRATIONS), revision="0026")
    assert _version() == "0026"
    assert "two_factor_failures" not in _columns()
    assert _rows("SELECT id, email FROM users") == [(1, "analyst@example.org")]
    assert _rows("SELECT id, user_id FROM recovery_codes") == [(1, 1)]
