"""The database every test starts from: migrated, the built-in surveys loaded, nothing else.

Loading the built-in surveys (reading, resolving and storing three definitions and their
starting themes) for every test cost about 50 ms a test on SQLite and 100 ms on PostgreSQL,
a fifth of the suite's time. Each test process loads them once, into emptied tables, exactly
as every test used to, and keeps what that stored; before each test it is put back:

- on SQLite, the whole database, copied over the test's with SQLite's own backup (well
  under a millisecond, whatever the previous test stored);
- on PostgreSQL, every table emptied and the kept rows and sequence positions put back, in a
  few round trips (TRUNCATE alone took 35 ms a test).

Either way each test sees the same rows, ids and next ids as if the surveys had just been
loaded into an empty database.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, Table, insert, select, text

from app.services import surveys
from models import db


def empty_tables() -> None:
    """Delete every row of every table, and restart PostgreSQL's ids at 1."""
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


class StartingState:
    """Made (in an app context) right after the migrations; ``restore()`` before each test."""

    def __init__(self) -> None:
        empty_tables()
        surveys.sync_built_in()
        db.session.remove()
        self._sqlite = db.engine.dialect.name == "sqlite"
        if self._sqlite:
            self._copy = sqlite3.connect(":memory:")
            self._backup(into_copy=True)
        else:
            with db.engine.connect() as connection:
                self._rows, self._sequences = _kept_rows(connection), _sequences(connection)

    def restore(self) -> None:
        if self._sqlite:
            self._backup(into_copy=False)
        else:
            with db.engine.begin() as connection:
                _put_back(connection, self._rows, self._sequences)

    def _backup(self, *, into_copy: bool) -> None:
        """SQLite's backup from the test database into the kept copy, or back."""
        pooled = db.engine.raw_connection()
        try:
            if into_copy:
                pooled.driver_connection.backup(self._copy)
            else:
                self._copy.backup(pooled.driver_connection)
        finally:
            pooled.close()


def _kept_rows(connection: Connection) -> dict[Table, list[dict[str, Any]]]:
    found = {}
    for table in db.metadata.sorted_tables:
        rows = [dict(row._mapping) for row in connection.execute(select(table))]
        if rows:
            found[table] = rows
    return found


def _sequences(connection: Connection) -> list[dict[str, Any]]:
    """Where each sequence was left: its value, and whether the next id is the one after it."""
    found = connection.execute(
        text(
            "SELECT format('%I.%I', schemaname, sequencename) AS name, "
            "coalesce(last_value, start_value) AS value, last_value IS NOT NULL AS called "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        )
    )
    return [dict(row._mapping) for row in found]


def _put_back(
    connection: Connection, rows: dict[Table, list[dict[str, Any]]], sequences: list[dict[str, Any]]
) -> None:
    # One round trip empties every table, children before parents. DELETE, not TRUNCATE,
    # which makes every table's files anew: 35 ms a test.
    tables = reversed(db.metadata.sorted_tables)
    deletes = "; ".join(f"DELETE FROM {t.name}" for t in tables)  # noqa: S608 - our tables
    connection.execute(text(deletes))
    for table, kept in rows.items():
        connection.execute(insert(table), kept)
    if sequences:
        setval = text("SELECT setval(CAST(:name AS regclass), :value, :called)")
        connection.execute(setval, sequences)
