"""Migration 0021: every stored response keeps only its month (the first day of it), so it
cannot be matched to a single-use code by the day both were stored; downgrading keeps the
months, as the days cannot be got back."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from models import db
from tests.models.test_migrations import MIGRATIONS, _version

SENT = {
    1: dt.date(2025, 3, 1),
    2: dt.date(2025, 3, 17),
    3: dt.date(2024, 2, 29),
    4: dt.date(2026, 12, 31),
}


def _days() -> dict[int, dt.date]:
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, submitted_on FROM responses ORDER BY id"))
        return {
            id_: on if isinstance(on, dt.date) else dt.date.fromisoformat(on) for id_, on in rows
        }


def _months() -> dict[int, str]:
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, submitted_month FROM responses ORDER BY id"))
        return dict(rows.all())


def test_every_response_keeps_the_first_day_of_its_month_and_nothing_else(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0020")
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO surveys (id, slug, created_at) VALUES (1, 'stop-search', :now)"),
            {"now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO survey_versions (id, survey_id, number, checksum, definition, "
                "published_at) VALUES (1, 1, 1, :checksum, '{}', :now)"
            ),
            {"checksum": "0" * 64, "now": now},
        )
        for id_, on in SENT.items():
            connection.execute(
                sa.text(
                    "INSERT INTO responses (id, survey_id, survey_version_id, submitted_on, "
                    "submitted_month, language, withdrawal_hash) "
                    "VALUES (:id, 1, 1, :on, :month, 'en', :hash)"
                ),
                {"id": id_, "on": on, "month": on.strftime("%Y-%m"), "hash": f"{id_:064d}"},
            )

    upgrade(directory=str(MIGRATIONS), revision="0021")
    assert _version() == "0021"
    firsts = {
        1: dt.date(2025, 3, 1),
        2: dt.date(2025, 3, 1),
        3: dt.date(2024, 2, 1),
        4: dt.date(2026, 12, 1),
    }
    assert _days() == firsts
    assert _months() == {1: "2025-03", 2: "2025-03", 3: "2024-02", 4: "2026-12"}

    downgrade(directory=str(MIGRATIONS), revision="0020")
    assert _version() == "0020"
    assert _days() == firsts  # the days are gone for good
