"""Faults on the respondent's path: the database going away, a busy SQLite file, a worker
killed mid-submission. In each, nothing half-stored, nothing lost, and a clear page."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict

from app.services import responses
from models import Answer, Journey, Link, Response, TextAnswer, db
from tests.factories import create_link
from tests.pages import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
NOT_SAVED = "Sorry, your answers were not saved"
UNAVAILABLE = "Sorry, the service is unavailable"
THANK_YOU = "Thank you, your answers have been sent"


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@contextmanager
def database_down() -> Iterator[None]:
    """Every new connection is refused, as when the server has gone; then it comes back."""
    engine = db.engine
    refused = engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_args, **_kwargs):
        raise refused("could not connect to server: Connection refused")

    db.session.remove()
    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)
        db.session.remove()


def resend_form(page: Page) -> tuple[str, MultiDict]:
    """The "Try again" form of a not-saved page: where it posts and what it sends."""
    form = page.soup.select_one("main form")
    fields = [(i["name"], i.get("value", "")) for i in form.select("input[type=hidden]")]
    return form["action"], MultiDict(fields)


def to_check_page(browser: Browser, token: str) -> Page:
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied", "respect": "agree"})
    browser.get(f"/r/{token}/in-your-own-words")
    browser.post(data={"went_well": "He said why.", "improve": "Be on time."})
    page = browser.get(f"/r/{token}/check")
    assert page.h1 == "Check your answers before sending them"
    return page


# -- the database goes away ---------------------------------------------------------------


def test_a_page_sent_while_the_database_is_down_keeps_the_answers_to_send_again(browser, client):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    answers = {"respect": "agree", "fair": "disagree", "satisfaction": "dissatisfied"}
    with database_down():
        page = browser.post(data=answers)
    assert page.status == 503
    assert page.h1 == NOT_SAVED
    assert "Nothing you sent on this page was stored" in page.text()
    assert "Traceback" not in page.html
    action, fields = resend_form(page)
    assert action == f"/r/{link.token}/how-you-were-treated"
    hidden = ("csrf_token", "form-started")
    assert {name: value for name, value in fields.items() if name not in hidden} == answers
    assert count(Journey) == 0

    # The database is back: "Try again" sends the same answers, and they are kept.
    response = client.post(action, data=fields)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/in-your-own-words")
    journey = db.session.scalars(select(Journey)).one()
    assert journey.answers == answers


def test_free_text_with_markup_is_sent_back_escaped_and_exact(browser, client):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    text = '"><script>alert(1)</script> & <b>bold</b> — ok'
    with database_down():
        page = browser.post(data={"went_well": text})
    assert page.status == 503
    assert "<script>alert(1)</script>" not in page.html
    action, fields = resend_form(page)
    assert fields.getlist("went_well") == [text]
    assert client.post(action, data=fields).status_code == 302
    assert db.session.scalars(select(Journey)).one().answers["went_well"] == text


def test_sending_answers_while_the_database_is_down_then_again_stores_one_response(browser, client):
    link = create_link()
    token, link_id = link.token, link.id
    to_check_page(browser, token)
    with database_down():
        page = browser.post()
    assert page.status == 503
    assert page.h1 == NOT_SAVED
    assert count(Response) == 0
    assert db.session.get(Link, link_id).used_on is None

    action, fields = resend_form(page)
    assert action == f"/r/{token}/check"
    done = browser.post(action, data=fields)
    assert done.h1 == THANK_YOU
    assert count(Response) == 1
    assert count(TextAnswer) == 2
    assert db.session.get(Link, link_id).used_on is not None
    # A second "Try again" from another tab is not a second response.
    again = client.post(action, data=fields, follow_redirects=True)
    assert again.status_code in (200, 410)
    assert count(Response) == 1


def test_a_commit_that_fails_stores_nothing_and_the_next_one_works(browser, monkeypatch):
    link = create_link()
    to_check_page(browser, link.token)
    real_commit = db.session.commit

    def disk_failure():
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(db.session, "commit", disk_failure)
    page = browser.post()
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert page.status == 503 and page.h1 == NOT_SAVED
    assert (count(Response), count(Answer), count(TextAnswer)) == (0, 0, 0)
    assert count(Journey) == 1  # the answers so far are still there to send

    action, fields = resend_form(page)
    assert browser.post(action, data=fields).h1 == THANK_YOU
    assert count(Response) == 1 and count(Journey) == 0


def test_pages_read_while_the_database_is_down_say_so_clearly(browser, client):
    token = create_link().token
    with database_down():
        start = browser.get(f"/r/{token}")
        api = client.get(
            "/api/v1/surveys/stop-search/results",
            headers={"Authorization": "Bearer lp_" + "a" * 40},
        )
        health = client.get("/healthz")
    assert start.status == 503
    assert start.h1 == UNAVAILABLE
    assert start.soup.select_one("main form") is None
    assert api.status_code == 503 and api.mimetype == "application/problem+json"
    assert health.status_code == 503
    assert browser.get(f"/r/{token}").status == 200


def test_staff_forms_are_not_echoed_back(browser):
    browser.get("/sign-in")
    with database_down():
        page = browser.post(data={"email": "a@example.org", "password": "secret password 123"})
    assert page.status == 503
    assert page.h1 == UNAVAILABLE
    assert "secret password 123" not in page.html
    assert page.soup.select_one("main form") is None


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
    engine = db.engine

    def shorten(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    db.session.remove()
    engine.dispose()
    event.listen(engine, "connect", shorten)
    try:
        yield
    finally:
        event.remove(engine, "connect", shorten)
        db.session.remove()
        engine.dispose()


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


# -- a worker killed mid-submission ------------------------------------------------------------


KILLING_APP = """
import os, signal
from sqlalchemy import event
from sqlalchemy.engine import Engine
from app import create_app

app = create_app("production", RATELIMIT_ENABLED=False, SESSION_COOKIE_SECURE=False)


@event.listens_for(Engine, "after_cursor_execute")
def note_a_response_written(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("INSERT INTO RESPONSES"):
        conn.info["response_written"] = True


@event.listens_for(Engine, "rollback")
def forget_it(conn):
    conn.info.pop("response_written", None)


@event.listens_for(Engine, "commit")
def die_mid_submission(conn):
    # The response and its answers are written inside the open transaction; die before COMMIT.
    written = conn.info.pop("response_written", False)
    if written and os.path.exists(os.environ["KILL_SWITCH"]):
        os.kill(os.getpid(), signal.SIGKILL)
"""


@contextmanager
def gunicorn_serving(database_url: str, tmp_path: Path) -> Iterator[str]:
    (tmp_path / "killing_app.py").write_text(KILLING_APP)
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-test-secret-key-of-at-least-32-characters",
        "LISTENING_POST_ENV": "production",
        "KILL_SWITCH": str(tmp_path / "kill"),
        "BOT_MIN_SECONDS": "0",  # the respondent below answers at machine speed
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--log-level",
            "warning",
            "killing_app:app",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            assert server.poll() is None, "gunicorn did not start"
            try:
                # The worker loads the app after the socket is open: on a busy machine the
                # first request can wait longer than the timeout for it.
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _hidden(html: str) -> dict[str, str]:
    page = Page(200, "", html)
    return {"csrf_token": page.csrf_token(), "form-started": page.form_started()}


def test_a_worker_killed_mid_submission_leaves_no_partial_response(database_url, tmp_path):
    link = create_link()
    db.session.commit()
    with gunicorn_serving(database_url, tmp_path) as base:
        respondent = requests.Session()
        page = respondent.get(f"{base}/r/{link.token}/how-you-were-treated")
        respondent.post(page.url, data={"satisfaction": "satisfied", **_hidden(page.text)})
        page = respondent.get(f"{base}/r/{link.token}/in-your-own-words")
        respondent.post(page.url, data={"went_well": "Quick.", **_hidden(page.text)})
        check = respondent.get(f"{base}/r/{link.token}/check")
        sent = _hidden(check.text)

        (tmp_path / "kill").touch()
        with pytest.raises(requests.ConnectionError):
            respondent.post(check.url, data=sent, timeout=60)

        # Nothing of the response was kept: no response, answers or burnt link.
        assert (count(Response), count(Answer), count(TextAnswer)) == (0, 0, 0)
        assert db.session.get(Link, link.id).used_on is None
        assert count(Journey) == 1

        # gunicorn starts a new worker; the respondent presses the button again.
        (tmp_path / "kill").unlink()
        for _ in range(300):
            try:
                done = respondent.post(check.url, data=sent, timeout=60)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert done.status_code == 200 and THANK_YOU in done.text

    assert count(Response) == 1 and count(Answer) == 1 and count(TextAnswer) == 1
    assert db.session.get(Link, link.id).used_on is not None
    assert count(Journey) == 0
