"""A transaction that only read is ended with COMMIT (which keeps psycopg's prepared statements
on PostgreSQL); anything that wrote, or ended in an error, is still rolled back, unstored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pytest
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from models import Area, db
from tests.factories import create_link


@contextmanager
def _endings() -> Iterator[list[str]]:
    """How each transaction on the engine ended, in order, while inside."""
    ended: list[str] = []
    engine = db.engine

    def committed(connection) -> None:
        ended.append("commit")

    def rolled_back(connection) -> None:
        ended.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    try:
        yield ended
    finally:
        event.remove(engine, "commit", committed)
        event.remove(engine, "rollback", rolled_back)


def _in_new_context(app, work: Callable[[], object]) -> list[str]:
    with _endings() as ended, app.app_context():
        work()
    return ended


def _areas() -> int:
    return db.session.scalar(select(func.count()).select_from(Area))


def test_a_request_that_only_reads_ends_its_transaction_with_commit(app, client):
    link = create_link()
    ended = _in_new_context(app, lambda: client.get(f"/r/{link.token}/what-you-were-told"))
    assert ended == ["commit"]


def test_reads_built_with_sqlalchemy_or_written_out_end_with_commit(app):
    assert _in_new_context(app, _areas) == ["commit"]
    assert _in_new_context(app, lambda: db.session.execute(text("SELECT 1"))) == ["commit"]


def test_an_object_added_and_not_committed_is_rolled_back_not_stored(app):
    ended = _in_new_context(app, lambda: db.session.add(Area(code="X1", name="Left out")))
    assert ended == []  # never flushed, so no transaction was begun
    ended = _in_new_context(
        app, lambda: (db.session.add(Area(code="X2", name="Flushed")), db.session.flush())
    )
    assert ended == ["rollback"]
    assert _areas() == 0


def test_a_write_without_commit_is_rolled_back_not_stored(app):
    def core_insert() -> None:
        _areas()
        db.session.execute(insert(Area).values(code="X3", name="Written"))

    assert _in_new_context(app, core_insert) == ["rollback"]

    def text_insert() -> None:
        db.session.execute(text("INSERT INTO areas (code, name, active) VALUES ('X4', 'T', true)"))

    assert _in_new_context(app, text_insert) == ["rollback"]
    assert _areas() == 0


def test_a_transaction_that_ends_in_an_error_is_rolled_back(app):
    with _endings() as ended, pytest.raises(RuntimeError), app.app_context():
        _areas()
        raise RuntimeError("the page failed")
    assert ended == ["rollback"]


def test_a_transaction_after_a_commit_that_only_reads_ends_with_commit(app):
    def write_then_read() -> None:
        db.session.add(Area(code="X5", name="Kept"))
        db.session.commit()
        _areas()

    assert _in_new_context(app, write_then_read) == ["commit", "commit"]
    assert _areas() == 1


def test_a_failed_statement_that_was_caught_does_not_break_the_end_of_the_request(app):
    def fails_quietly() -> None:
        _areas()
        with suppress(SQLAlchemyError):
            db.session.execute(text("SELECT * FROM no_such_table"))

    _in_new_context(app, fails_quietly)  # no error at the end of the context
    assert _in_new_context(app, _areas) == ["commit"]
