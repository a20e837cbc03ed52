"""Writing rows fast: one executemany per table, or COPY on PostgreSQL, and bulk-load settings.

The writers take rows as tuples in the order of the columns named, and reserve the response ids
of a chunk so that its answers can point at them without a round trip.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
from sqlalchemy import Connection, Table, func, insert, select, text

from app.services.transaction import transactional
from models import Response, db


class ExecutemanyWriter:
    """One executemany per table of the Core INSERT, with values run through the column types."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def reserve_response_ids(self, n: int) -> np.ndarray:
        # Ids are assigned here so that answers can point at responses without a round trip.
        # SQLite allows one writer at a time, so nobody else can take these ids first.
        start = self.connection.scalar(select(func.coalesce(func.max(Response.id), 0)))
        return np.arange(start + 1, start + 1 + n, dtype=np.int64)

    def write(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        dialect = self.connection.dialect
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        processors = [
            (i, processor)
            for i, name in enumerate(columns)
            if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            is not None
        ]
        if processors:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, processor in processors:
                    row[i] = processor(row[i])
        if dialect.positional:
            order = [columns.index(name) for name in compiled.positiontup or ()]
            if order != list(range(len(columns))):
                rows = [tuple(row[i] for i in order) for row in rows]
            self.connection.exec_driver_sql(str(compiled), [tuple(row) for row in rows])
        else:
            self.connection.exec_driver_sql(
                str(compiled), [dict(zip(columns, row, strict=True)) for row in rows]
            )


class CopyWriter(ExecutemanyWriter):
    """PostgreSQL: COPY, several times faster than any INSERT."""

    def reserve_response_ids(self, n: int) -> np.ndarray:
        # Taken from the sequence itself, so concurrent submissions never collide with them.
        ids = self.connection.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence('responses', 'id'))"
                " FROM generate_series(1, :n)"
            ),
            {"n": n},
        ).all()
        return np.array(sorted(ids), dtype=np.int64)

    def write(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        raw = self.connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def writer_for(connection: Connection) -> ExecutemanyWriter:
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        return CopyWriter(connection)
    return ExecutemanyWriter(connection)


@contextmanager
def bulk_load() -> Iterator[None]:
    """Settings for the length of a bulk load, put back afterwards.

    The garbage collector is paused: the rows are millions of tuples without cycles, and each
    collection would walk them all. On SQLite the page cache grows to 256 MB (the withdrawal-hash
    index is inserted into at random, and with the 2 MB default most inserts would read pages
    back from the file) and the write-ahead log is checkpointed every 40 MB instead of every
    4 MB, so that hot index pages are copied back to the file less often.
    """
    collecting = gc.isenabled()
    gc.disable()
    previous = _sqlite_settings({"cache_size": -262144, "wal_autocheckpoint": 10000})
    try:
        yield
    finally:
        if previous:
            _sqlite_settings(previous)
        if collecting:
            gc.enable()


@transactional
def _sqlite_settings(settings: Mapping[str, int]) -> dict[str, int]:
    """Set PRAGMAs on the session's SQLite connection; returns their previous values."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return {}
    previous = {}
    for name, value in settings.items():
        previous[name] = connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        connection.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
    return previous
