"""Migration 0026: tokens made before API tokens expired keep working, with no expiry (NULL,
"does not expire"), and keep the links they made; downgrading removes the column and keeps
every token and link."""

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
    return {column["name"] for column in sa.inspect(db.engine).get_columns("api_tokens")}


def test_existing_tokens_do_not_expire_and_keep_their_links(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0025")
    with db.engine.begin() as connection:
        for id_, revoked in ((1, None), (2, THEN)):
            connection.execute(
                sa.text(
                    "INSERT INTO api_tokens (id, public_id, name, token_hash, prefix, scopes, "
                    "created_at, revoked_at) VALUES (:id, :public, :name, :hash, :prefix, "
                    "'links:write', :then, :revoked)"
                ),
                {
                    "id": id_,
                    "public": f"token{id_}",
                    "name": f"Stop and search app {id_}",
                    "hash": f"{id_:064d}",
                    "prefix": f"lp_{id_}",
                    "then": THEN,
                    "revoked": revoked,
                },
            )
        connection.execute(
            sa.text("INSERT INTO surveys (id, slug, created_at) VALUES (1, 'stop-search', :then)"),
            {"then": THEN},
        )
        # A link the first token made points at its row: rebuilding the table would fire it.
        connection.execute(
            sa.text(
                "INSERT INTO links (id, token, survey_id, kind, single_use, api_token_id, "
                "created_at, answered) VALUES (1, 'abc', 1, 'encounter', :yes, 1, :then, 0)"
            ),
            {"yes": True, "then": THEN},
        )

    upgrade(directory=str(MIGRATIONS), revision="0026")
    assert _version() == "0026"
    assert _rows("SELECT id, expires_at FROM api_tokens ORDER BY id") == [(1, None), (2, None)]
    assert _rows("SELECT id, api_token_id FROM links") == [(1, 1)]

    downgrade(directory=str(MIGRATIONS), revision="0025")
    assert _version() == "0025"
    assert "expires_at" not in _columns()
    assert [row[0] for row in _rows("SELECT id FROM api_tokens ORDER BY id")] == [1, 2]
    assert _rows("SELECT id, api_token_id FROM links") == [(1, 1)]
