"""PostgreSQL's "Populating a Database": a seed into a fresh database as one transaction.

The answers are loaded without their secondary indexes and foreign keys, which are built again
afterwards in one pass each; the codes offered are added in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager

import numpy as np
from sqlalchemy import Connection, Table, select
from sqlalchemy.schema import AddConstraint, DropConstraint

from app.services.demo.chunks import Totals, load_chunk, write_chunks
from app.services.demo.offered_codes import add_offered_codes
from app.services.demo.plan import Plan
from app.services.demo.writers import CopyWriter, writer_for
from app.services.transaction import transactional
from models import Answer, db

# Loaded without their secondary indexes and foreign keys in a one-transaction seed: answers,
# most of the time. Free text and not-shown questions too was faster at 200,000 responses
# (20.4 and 20.8 s against 22.3 and 23.1 s) but slower at a million (120.1 s against 112.3 s,
# 168.6 s against 155.6 s), so they keep their indexes (bench/README.md).
BULK_TABLES = (Answer.__table__,)
# Memory for each index build of the one-transaction load (PostgreSQL's default is 64MB).
INDEX_BUILD_MEMORY = "256MB"


@transactional
def bulk_tables_empty_on_postgresql() -> bool:
    """Whether the seed can load everything at once: a fresh PostgreSQL database."""
    connection = db.session.connection()
    if not isinstance(writer_for(connection), CopyWriter):
        return False
    return all(
        connection.execute(select(table.c[0]).limit(1)).first() is None for table in BULK_TABLES
    )


@transactional
def seed_at_once(
    plan: Plan,
    chunks: Sequence[tuple[int, np.random.SeedSequence]],
    links_rng: np.random.Generator,
    progress: Callable[[int], None] | None,
) -> Totals:
    """PostgreSQL's "Populating a Database": the whole seed as one transaction.

    The answers (about ten rows a response) are loaded without their secondary indexes and
    foreign keys, which are then built from the rows in one pass each, instead of an update of
    each index and a foreign-key check per row. The DDL is part of the transaction, so a failed
    or killed seed leaves the database as it was, indexes and all; meanwhile the table is
    locked, which is why this is only done while it is empty (a fresh database).
    """
    connection = db.session.connection()
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
    with ExitStack() as stack:
        for table in BULK_TABLES:
            stack.enter_context(_without_indexes(connection, table))
        totals = write_chunks(plan, chunks, progress, load_chunk)
    totals.codes_offered = add_offered_codes(links_rng)
    return totals


@contextmanager
def _without_indexes(connection: Connection, table: Table) -> Iterator[None]:
    """Drop ``table``'s secondary indexes and foreign keys; create them again from the models.

    Nothing is put back if the body raises: the caller's transaction rolls the drops back.
    """
    indexes = sorted(table.indexes, key=lambda index: str(index.name))
    foreign_keys = sorted(table.foreign_key_constraints, key=lambda key: str(key.name))
    for key in foreign_keys:
        connection.execute(DropConstraint(key))
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)
    for key in foreign_keys:
        connection.execute(AddConstraint(key))
