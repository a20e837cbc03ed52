"""A busy database on the respondent's path: a submission waits for a short write lock (SQLite)
or a locked link (PostgreSQL), is retried when SQLite says the database is locked, and gets
the not-saved page, losing nothing, when the lock is held too long."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from app.services import responses
from models import Journey, Link, Response, db
from tests.app.faults_helpers import (
    NOT_SAVED,
    THANK_YOU,
    count,
    new_connections_with,
    resend_form,
    to_check_page,
)
from tests.factories import create_link

# -- SQLite busy -----------------------------------------------------------------------------


# Run on SQLite only (tests/conftest.py leaves them out of the PostgreSQL run): PostgreSQL
# queues writers on row locks instead of refusing them with "database is locked".
sqlite_only = pytest.mark.sqlite_only


@contextmanager
def write_lock_held() -> Iterator[sqlite3.Connection]:
    """Another connection holds the database's write lock until it commits."""
    other = sqlite3.connect(
        make_url(str(db.engine.url)).database, isolation_level=None, check_same_thread=False
    )
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE surveys SET slug = slug")
        yield other
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


@contextmanager
def short_busy_timeout(milliseconds: int) -> Iterator[None]:
    """Give up waiting for a lock sooner than in production, so that a test is quick."""

    def shorten(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    with new_connections_with("connect", shorten):
        yield


@sqlite_only
def test_a_submission_waits_for_a_short_write_lock(browser):
    link = create_link()
    to_check_page(browser, link.token)
    with write_lock_held() as other:
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        done = browser.post()
    assert done.h1 == THANK_YOU
    assert count(Response) == 1


@sqlite_only
def test_a_busy_database_is_retried_and_the_response_is_not_lost(browser, monkeypatch):
    link = create_link()
    to_check_page(browser, link.token)
    attempts: list[str] = []
    submit_once = responses._submit_once

    def spy(*args, **kwargs):
        try:
            return submit_once(*args, **kwargs)
        except OperationalError as error:
            attempts.append(str(error.orig))
            holder.execute("COMMIT")  # the other writer finishes
            raise

    monkeypatch.setattr(responses, "_submit_once", spy)
    with short_busy_timeout(20), write_lock_held() as holder:
        done = browser.post()
    assert attempts == ["database is locked"]  # one failure, then the retry worked
    assert done.h1 == THANK_YOU
    assert count(Response) == 1 and count(Journey) == 0


@sqlite_only
def test_a_database_locked_for_too_long_gets_the_not_saved_page_and_loses_nothing(browser):
    link = create_link()
    to_check_page(browser, link.token)
    with short_busy_timeout(20), write_lock_held():
        page = browser.post()
    assert page.status == 503 and page.h1 == NOT_SAVED
    assert count(Response) == 0 and count(Journey) == 1
    action, fields = resend_form(page)
    assert browser.post(action, data=fields).h1 == THANK_YOU
    assert count(Response) == 1


# Run on PostgreSQL only (tests/conftest.py leaves it out of the SQLite run).
postgresql_only = pytest.mark.postgresql_only


@postgresql_only
def test_a_submission_waits_for_a_link_locked_by_another_transaction(browser):
    link = create_link()
    to_check_page(browser, link.token)
    other = db.engine.connect()
    locked = other.begin()
    other.execute(select(Link.id).where(Link.id == link.id).with_for_update())
    threading.Timer(0.3, locked.commit).start()
    try:
        done = browser.post()
    finally:
        other.close()
    assert done.h1 == THANK_YOU
    assert count(Response) == 1
