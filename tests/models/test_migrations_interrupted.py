"""A migration that fails or is killed half-way leaves the database at the revision before it,
and the next `flask db upgrade` completes it, on SQLite as on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.ddl.impl import DefaultImpl
from flask_migrate import upgrade

from models import db
from tests.models.test_migrations import (
    MIGRATIONS,
    _tables,
    _version,
    scripts,
)

ROOT = Path(__file__).resolve().parents[2]
REVISIONS = [r.revision for r in reversed(list(scripts().walk_revisions()))]


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_migration_that_fails_half_way_is_completed_by_the_next_upgrade(
    fresh_app,
    monkeypatch,
    revision,
):
    index = REVISIONS.index(revision)
    before = REVISIONS[index - 1] if index else None
    if before:
        upgrade(directory=str(MIGRATIONS), revision=before)
    tables_before = _tables()

    # Let the migration run its first DDL statement, then fail on the second; a migration that
    # changes only data has nothing to change in an empty database, and fails on stamping its
    # revision instead.
    real_exec = DefaultImpl._exec
    statements: list[str] = []

    def failing_exec(self, construct, *args, **kwargs):
        statements.append(str(construct))
        if len(statements) == 2 or "alembic_version" in statements[-1]:
            raise Interrupted(f"interrupted {revision} after: {statements[0][:60]}")
        return real_exec(self, construct, *args, **kwargs)

    monkeypatch.setattr(DefaultImpl, "_exec", failing_exec)
    with pytest.raises(Interrupted):
        upgrade(directory=str(MIGRATIONS), revision=revision)
    monkeypatch.setattr(DefaultImpl, "_exec", real_exec)
    db.session.remove()

    assert _version() == before
    assert _tables() == tables_before, "the half-done migration left part of itself behind"

    upgrade(directory=str(MIGRATIONS))
    assert _version() == REVISIONS[-1]
    assert _tables() == set(db.metadata.tables)


KILL_AT_SECOND_STATEMENT = """
import os, signal
from alembic.ddl.impl import DefaultImpl

real_exec = DefaultImpl._exec
seen = []


def exec_then_die(self, construct, *args, **kwargs):
    seen.append(construct)
    if len(seen) == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_exec(self, construct, *args, **kwargs)


DefaultImpl._exec = exec_then_die
"""


def test_flask_db_upgrade_killed_mid_migration_completes_next_time(
    fresh_database,
    tmp_path,
):
    """The real command, killed with SIGKILL part-way through, then run again."""
    (tmp_path / "sitecustomize.py").write_text(KILL_AT_SECOND_STATEMENT)
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database,
        "LISTENING_POST_ENV": "test",
        "TEST_DATABASE_URL": fresh_database,
    }
    flask = [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "db", "upgrade"]
    killed = subprocess.run(  # noqa: S603 - our own command line
        flask,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(tmp_path), "KILL_AT": "12"},
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]

    again = subprocess.run(  # noqa: S603
        flask, cwd=ROOT, env=env, capture_output=True, check=False
    )
    assert again.returncode == 0, again.stderr.decode()[-2000:]

    from app import create_app
    from app.config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_database)
    with app.app_context():
        assert _version() == REVISIONS[-1]
        assert _tables() == set(db.metadata.tables)
        db.session.remove()
        db.engine.dispose()
