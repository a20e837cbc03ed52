"""Migration 0016: taxonomies made before it give the starting themes they still have their
Welsh names, and leave the themes analysts added or renamed, the other surveys' themes and
every checksum as they are. Downgrading takes the Welsh names away."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.services import scoring
from models import db
from tests.models.test_migrations import MIGRATIONS, _version

SURVEYS = sa.table(
    "surveys",
    sa.column("id", sa.Integer()),
    sa.column("slug", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
TAXONOMIES = sa.table(
    "theme_taxonomies",
    sa.column("id", sa.Integer()),
    sa.column("survey_id", sa.Integer()),
    sa.column("themes", sa.JSON()),
    sa.column("checksum", sa.String()),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
STOP_SEARCH = {
    "Explanation of grounds": {"description": "Why.", "seeds": ["why"]},
    "Manner": {"description": "Renamed from Respect and manner.", "seeds": ["rude"]},
    "Police dogs": {"description": "An analyst's own theme.", "seeds": ["dog"]},
    "Body-worn video": {"description": "Camera.", "seeds": ["camera"]},
}
OWN_SURVEY = {"Workload": {"description": "Same name as a Say to Stay theme.", "seeds": ["busy"]}}


def _stored() -> dict[int, tuple[dict, str]]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.select(TAXONOMIES.c.survey_id, TAXONOMIES.c.themes, TAXONOMIES.c.checksum)
        )
        return {survey_id: (themes, checksum) for survey_id, themes, checksum in rows}


def test_starting_themes_get_their_welsh_names_and_nothing_else_changes(fresh_app: Flask):
    upgrade(directory=str(MIGRATIONS), revision="0015")
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    with db.engine.begin() as connection:
        connection.execute(
            SURVEYS.insert(),
            [
                {"id": 1, "slug": "stop-search", "created_at": now},
                {"id": 2, "slug": "our-own-survey", "created_at": now},
            ],
        )
        connection.execute(
            TAXONOMIES.insert(),
            [
                {
                    "id": 1,
                    "survey_id": 1,
                    "themes": STOP_SEARCH,
                    "checksum": scoring.taxonomy_checksum(STOP_SEARCH),
                    "updated_at": now,
                },
                {
                    "id": 2,
                    "survey_id": 2,
                    "themes": OWN_SURVEY,
                    "checksum": scoring.taxonomy_checksum(OWN_SURVEY),
                    "updated_at": now,
                },
            ],
        )
    before = _stored()

    upgrade(directory=str(MIGRATIONS), revision="0016")
    assert _version() == "0016"
    after = _stored()
    themes, checksum = after[1]
    assert list(themes) == list(STOP_SEARCH)
    assert {name: body.get("name_cy") for name, body in themes.items()} == {
        "Explanation of grounds": "Esbonio'r sail dros chwilio",
        "Manner": None,
        "Police dogs": None,
        "Body-worn video": "Fideo camera corff",
    }
    for name, body in themes.items():
        assert {k: v for k, v in body.items() if k != "name_cy"} == STOP_SEARCH[name]
    assert checksum == before[1][1] == scoring.taxonomy_checksum(themes)
    assert after[2] == before[2]

    downgrade(directory=str(MIGRATIONS), revision="0015")
    assert _stored() == before
