"""Migration 0022: staff email addresses stored with combining accents are stored composed
(NFC), as sign-in now looks them up, unless the composed address is already another
account's."""

from __future__ import annotations

import datetime as dt
import unicodedata

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from models import db
from tests.models.test_migrations import MIGRATIONS, _version

DECOMPOSED = unicodedata.normalize("NFD", "josé@example.org")
COMPOSED = "josé@example.org"
TWIN_DECOMPOSED = unicodedata.normalize("NFD", "zoë@example.org")
TWIN_COMPOSED = "zoë@example.org"


def _emails() -> dict[int, str]:
    with db.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, email FROM users ORDER BY id")).all())


def test_decomposed_addresses_are_stored_composed(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0021")
    emails = {
        1: DECOMPOSED,
        2: "plain@example.org",
        3: TWIN_DECOMPOSED,
        4: TWIN_COMPOSED,  # already has the composed form: 3 is left alone
    }
    with db.engine.begin() as connection:
        for id_, email in emails.items():
            connection.execute(
                sa.text(
                    "INSERT INTO users (id, public_id, email, password_hash, role, active, "
                    "session_token, must_change_password, created_at) VALUES (:id, :public, "
                    ":email, 'x', 'analyst', :yes, :token, :no, :now)"
                ),
                {
                    "id": id_,
                    "public": f"user{id_}",
                    "email": email,
                    "token": f"token{id_}",
                    "yes": True,
                    "no": False,
                    "now": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
                },
            )
    assert DECOMPOSED != COMPOSED

    upgrade(directory=str(MIGRATIONS), revision="0022")
    assert _version() == "0022"
    assert _emails() == {
        1: COMPOSED,
        2: "plain@example.org",
        3: TWIN_DECOMPOSED,
        4: TWIN_COMPOSED,
    }
