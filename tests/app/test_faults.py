"""Faults on the respondent's path: the database going away, a busy database (in
test_faults_busy_database.py), a worker killed mid-submission (in
test_faults_killed_worker.py). In each, nothing half-stored, nothing lost, and a clear page."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from models import Answer, Journey, Link, Response, TextAnswer, db
from tests.app.faults_helpers import (
    NOT_SAVED,
    THANK_YOU,
    UNAVAILABLE,
    count,
    new_connections_with,
    resend_form,
    to_check_page,
)
from tests.factories import create_link


@contextmanager
def database_down() -> Iterator[None]:
    """Every new connection is refused, as when the server has gone; then it comes back."""
    refused = db.engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_args, **_kwargs):
        raise refused("could not connect to server: Connection refused")

    with new_connections_with("do_connect", refuse):
        yield


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
