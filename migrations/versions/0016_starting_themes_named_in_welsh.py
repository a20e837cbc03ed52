"""The starting themes are named in Welsh: a theme may carry a Welsh name ("name_cy").

Welsh readers of the public "You said, we did" pages see a theme's Welsh name as the heading of
its actions, and its English name, marked as English, when it has none. The starting themes'
Welsh names sit beside the English in analysis/taxonomies/<slug>.json; a survey whose taxonomy
is made from now on has them from the start. This gives them to the taxonomies made before:
every theme of a built-in survey that still has a starting theme's English name, and no Welsh
name yet, gets that theme's Welsh name. Themes analysts added or renamed are left as they are.

A theme's Welsh name is not part of the taxonomy's checksum, so the checksums stay as they are
and no answer's themes are assigned again.

Downgrading takes every theme's Welsh name away.

Revision ID: 0016
Revises: 0015
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TAXONOMIES = Path(__file__).resolve().parents[2] / "analysis" / "taxonomies"
SURVEYS = sa.table("surveys", sa.column("id", sa.Integer()), sa.column("slug", sa.String()))
TAXONOMY = sa.table(
    "theme_taxonomies",
    sa.column("id", sa.Integer()),
    sa.column("survey_id", sa.Integer()),
    sa.column("themes", sa.JSON()),
)


def _starting_welsh_names(slug: str) -> dict[str, str]:
    path = TAXONOMIES / f"{slug}.json"
    if not path.is_file():
        return {}
    starting = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: body["name_cy"]
        for name, body in starting.items()
        if isinstance(body, dict) and isinstance(body.get("name_cy"), str) and body["name_cy"]
    }


def _rows() -> list[tuple[int, str, dict]]:
    query = sa.select(TAXONOMY.c.id, SURVEYS.c.slug, TAXONOMY.c.themes).join(
        SURVEYS, SURVEYS.c.id == TAXONOMY.c.survey_id
    )
    return list(op.get_bind().execute(query).all())


def _store(taxonomy_id: int, themes: dict) -> None:
    op.execute(TAXONOMY.update().where(TAXONOMY.c.id == taxonomy_id).values(themes=themes))


def upgrade() -> None:
    for taxonomy_id, slug, themes in _rows():
        welsh = _starting_welsh_names(slug)
        named = {
            name: (
                {**body, "name_cy": welsh[name]}
                if name in welsh and isinstance(body, dict) and not body.get("name_cy")
                else body
            )
            for name, body in (themes or {}).items()
        }
        if named != themes:
            _store(taxonomy_id, named)


def downgrade() -> None:
    for taxonomy_id, _slug, themes in _rows():
        unnamed = {
            name: (
                {key: value for key, value in body.items() if key != "name_cy"}
                if isinstance(body, dict)
                else body
            )
            for name, body in (themes or {}).items()
        }
        if unnamed != themes:
            _store(taxonomy_id, unnamed)
