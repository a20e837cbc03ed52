"""The migrations: one head, numbered, reversible, and in step with the models.

The up-down-up cycle runs on a database of its own, so the shared test database is never
disturbed: a fresh SQLite file, or, when TEST_DATABASE_URL is PostgreSQL, a new database on the
same server (dropped afterwards).
"""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from models import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def scripts() -> ScriptDirectory:
    config = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_there_is_a_single_head():
    heads = scripts().get_heads()
    assert len(heads) == 1, f"more than one migration head: {heads}; merge or renumber them"


def test_migrations_are_numbered_in_one_line():
    revisions = list(reversed(list(scripts().walk_revisions())))
    assert revisions, "no migrations found"
    for number, revision in enumerate(revisions, start=1):
        assert revision.revision == f"{number:04d}", revision.path
        expected_parent = None if number == 1 else f"{number - 1:04d}"
        assert revision.down_revision == expected_parent, revision.path
        name = Path(revision.path).name
        assert re.fullmatch(rf"{number:04d}_[a-z0-9_]+\.py", name), name
        assert revision.doc and revision.doc.strip(), f"{name} needs a docstring saying what"


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _version() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrade_downgrade_and_upgrade_again(fresh_app):
    head = scripts().get_current_head()
    models = set(db.metadata.tables)

    upgrade(directory=str(MIGRATIONS))
    assert _version() == head
    assert _tables() == models

    downgrade(directory=str(MIGRATIONS), revision="base")
    assert _version() is None
    assert _tables() == set()

    upgrade(directory=str(MIGRATIONS))
    assert _version() == head
    assert _tables() == models


def test_each_migration_reverses_one_step_at_a_time(fresh_app):
    revisions = [r.revision for r in reversed(list(scripts().walk_revisions()))]
    seen: list[set[str]] = [set()]
    for revision in revisions:
        upgrade(directory=str(MIGRATIONS), revision=revision)
        assert _version() == revision
        seen.append(_tables())
    for index in range(len(revisions) - 1, -1, -1):
        downgrade(directory=str(MIGRATIONS), revision="-1")
        assert _version() == (revisions[index - 1] if index else None)
        assert _tables() == seen[index], f"downgrading {revisions[index]} left a different schema"


def test_models_match_the_migrations(fresh_app):
    """Autogenerate would find nothing to do: every model change has its migration."""
    upgrade(directory=str(MIGRATIONS))
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations differ; write a migration:\n" + "\n".join(
        map(repr, differences)
    )
