"""Migration 0011: two-factor keys already stored are encrypted on upgrade and decrypted on
downgrade, on a database of the test's own (SQLite or PostgreSQL, as the suite runs)."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.services import two_factor
from models import User, db
from tests.models.test_migrations import MIGRATIONS, _version

KEYS = {"analyst@example.org": pyotp.random_base32(), "admin@example.org": pyotp.random_base32()}


def _add_accounts_at_0010() -> None:
    """Two enrolled accounts as 0010 stored them (the key in plain), each with a recovery code,
    and an officer without two-factor sign-in."""
    now = dt.datetime.now(dt.UTC)
    with db.engine.begin() as connection:
        for number, email in enumerate([*KEYS, "officer@example.org"], start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO users (id, public_id, email, password_hash, role, active, "
                    "session_token, must_change_password, created_at, totp_secret, "
                    "totp_enabled_at) VALUES (:id, :public_id, :email, 'x', :role, true, "
                    ":session, false, :now, :key, :enabled)"
                ),
                {
                    "id": number,
                    "public_id": f"public-{number}",
                    "email": email,
                    "role": email.split("@")[0],
                    "session": f"session-{number}",
                    "now": now,
                    "key": KEYS.get(email),
                    "enabled": now if email in KEYS else None,
                },
            )
            if email in KEYS:
                connection.execute(
                    sa.text("INSERT INTO recovery_codes (user_id, code_hash) VALUES (:id, :hash)"),
                    {"id": number, "hash": f"hash-{number}"},
                )


def _stored() -> dict[str, str | None]:
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT email, totp_secret FROM users"))
        return {email: secret for email, secret in rows}


def _recovery_codes() -> int:
    with db.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM recovery_codes")).scalar_one()


def _column_length() -> int:
    columns = sa.inspect(db.engine).get_columns("users")
    return next(column["type"].length for column in columns if column["name"] == "totp_secret")


def test_upgrade_encrypts_stored_keys_and_downgrade_restores_them(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0010")
    _add_accounts_at_0010()

    upgrade(directory=str(MIGRATIONS), revision="0011")
    assert _version() == "0011"
    assert _column_length() == 255
    stored = _stored()
    assert stored["officer@example.org"] is None
    for email, key in KEYS.items():
        assert key not in stored[email]
    assert _recovery_codes() == 2  # replacing the column on SQLite fired no foreign keys

    # The app (at the newest revision, whose model it is) reads them: a code from the
    # person's app signs in.
    upgrade(directory=str(MIGRATIONS))
    analyst = db.session.scalars(sa.select(User).where(User.email == "analyst@example.org")).one()
    verified = two_factor.verify(analyst, pyotp.TOTP(KEYS["analyst@example.org"]).now())
    assert verified is not None and verified.method == "app"
    db.session.remove()

    downgrade(directory=str(MIGRATIONS), revision="0010")
    assert _version() == "0010"
    assert _column_length() == 64
    assert _stored() == {**KEYS, "officer@example.org": None}
    assert _recovery_codes() == 2


def test_downgrade_without_the_right_key_changes_nothing(fresh_app: Flask, capfd):
    upgrade(directory=str(MIGRATIONS), revision="0010")
    _add_accounts_at_0010()
    upgrade(directory=str(MIGRATIONS), revision="0011")
    encrypted = _stored()

    fresh_app.config["SECRET_KEY"] = "not-the-key-these-were-encrypted-with"
    with pytest.raises(SystemExit):  # `flask db downgrade` prints the error and exits 1
        downgrade(directory=str(MIGRATIONS), revision="0010")
    printed = capfd.readouterr().err
    assert "The two-factor key of user id 1 cannot be decrypted with SECRET_KEY" in printed
    assert not any(key in printed for key in KEYS.values())
    assert _version() == "0011"
    assert _stored() == encrypted
    assert _column_length() == 255

    fresh_app.config["SECRET_KEY_FALLBACKS"] = ["test-only-secret-key"]
    downgrade(directory=str(MIGRATIONS), revision="0010")
    assert _stored() == {**KEYS, "officer@example.org": None}
