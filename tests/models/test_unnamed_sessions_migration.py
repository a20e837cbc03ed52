"""Migration 0012: sessions stored before 0012 with the default name "Listening session" lose
it, so that they read in the reader's language like the sessions made since; names officers
gave are kept. Downgrading stores the default again."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from models import db
from tests.models.test_migrations import MIGRATIONS, _version


def _names() -> dict[int, str]:
    with db.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, name FROM events ORDER BY id")).all())


def test_the_stored_default_name_goes_and_given_names_stay(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0011")
    with db.engine.begin() as connection:
        for number, name in enumerate(["Listening session", "Youth club", "Listening session"], 1):
            connection.execute(
                sa.text("INSERT INTO events (id, name, held_on) VALUES (:id, :name, :held_on)"),
                {"id": number, "name": name, "held_on": dt.date(2026, 11, 20)},
            )

    upgrade(directory=str(MIGRATIONS), revision="0012")
    assert _version() == "0012"
    assert _names() == {1: "", 2: "Youth club", 3: ""}

    downgrade(directory=str(MIGRATIONS), revision="0011")
    assert _names() == {1: "Listening session", 2: "Youth club", 3: "Listening session"}
