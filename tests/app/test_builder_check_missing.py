"""A draft's check-your-answers page, through a test link and the admin's "Try this draft",
marks required answers that are missing as a respondent's does: a banner naming them, each row
"Not answered – you need to answer this question"; sending anyway shows a GOV.UK error summary
(400) and finishes nothing; once answered, the test finishes."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from models import DraftTestJourney, Response, Role, User, db
from tests.app.test_builder import build_training_survey
from tests.app.test_builder_test_link import BANNER, SLUG, path_of
from tests.app.test_check_missing import MARKED, banner, rows, summary_links
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

TRY = f"/admin/surveys/{SLUG}/try"
USEFUL = "How useful was the session?"
RECOMMEND = "Would you recommend it to a colleague?"
MUST_ANSWER = "You need to answer this question before you send your answers"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def test_link(admin, browser: Browser, app: Flask) -> tuple[Browser, str]:
    """A colleague not signed in, and the path of the draft's test link they were sent."""
    build_training_survey(browser)
    browser.get(f"/admin/surveys/{SLUG}")
    page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link", data={})
    (address,) = [code.get_text() for code in page.soup.select("code.app-test-link")]
    forget_request_state()
    return Browser(app.test_client()), path_of(address)


@pytest.fixture
def try_out(admin, browser: Browser) -> tuple[Browser, str]:
    """The admin, and the path of "Try this draft"."""
    build_training_survey(browser)
    page = browser.get(f"/admin/surveys/{SLUG}")
    tried = page.soup.find("a", string="Try this draft as a respondent")
    assert tried["href"] == TRY
    return browser, TRY


@pytest.fixture(params=["test link", "try this draft"])
def tester(request) -> tuple[Browser, str]:
    return request.getfixturevalue("test_link" if request.param == "test link" else "try_out")


def held_answers() -> dict[str, Any]:
    db.session.expire_all()
    return db.session.scalars(select(DraftTestJourney)).one().answers


def skip_to_check(browser: Browser, path: str) -> tuple[Page, str]:
    """Straight to the optional equality pages, leaving the session's questions unanswered,
    then on to check your answers; that page, and the path of the last page before it."""
    page = browser.get(f"{path}/ethnic-group")
    while not page.url.endswith("/check"):
        assert page.status == 200, page.text()
        last = page.url
        page = browser.post(data={})
    return page, last


def test_a_drafts_check_page_says_which_required_answers_are_missing(tester):
    browser, path = tester
    page, last_page = skip_to_check(browser, path)
    assert page.status == 200
    assert BANNER in page.text()
    assert not page.title.startswith("Error:")
    assert page.error_summary() == []
    session_page = f"{path}/the-session?change=1"
    assert banner(page) == (f"{MUST_ANSWER}:", [(USEFUL, session_page)])
    the_session = rows(page, "The session")
    assert the_session[USEFUL] == (MARKED, "Answer", session_page)
    # An optional question left out is only "Not answered", as for a respondent.
    assert the_session[RECOMMEND] == ("Not answered", "Change", session_page)
    # Back goes to the last page answered, as for a respondent.
    assert page.soup.select_one("a.govuk-back-link")["href"] == last_page


def test_sending_a_draft_with_answers_missing_shows_the_errors_and_finishes_nothing(tester):
    browser, path = tester
    skip_to_check(browser, path)
    before = held_answers()

    page = browser.post(data={})
    assert page.status == 400
    assert page.url == f"{path}/check"
    assert page.title.startswith("Error: Check your answers before sending them")
    assert page.h1 == "Check your answers before sending them"
    assert BANNER in page.text()
    summary = page.soup.select_one(".govuk-error-summary")
    assert "There is a problem" in summary.get_text()
    assert MUST_ANSWER in summary.get_text()
    session_page = f"{path}/the-session?change=1"
    assert summary_links(page) == [(f"Select an answer to “{USEFUL}”", session_page)]
    assert banner(page) is None  # the error summary says it instead
    assert rows(page, "The session")[USEFUL][:2] == (MARKED, "Answer")
    assert "Test finished" not in page.text()
    # The test goes on: the answers given are still there.
    assert held_answers() == before

    # The error's link leads to the page; answering it comes back to check your answers.
    page = browser.get(session_page)
    assert page.h1 == "The session"
    page = browser.post(session_page, data={"useful": "very_useful", "recommend": "yes"})
    assert page.url == f"{path}/check"
    assert banner(page) is None
    assert MARKED not in page.text()
    assert rows(page, "The session")[USEFUL][:2] == ("Very useful", "Change")

    done = browser.post(data={})
    assert done.h1 == "Test finished: your answers were not kept"
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(DraftTestJourney)) == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_drafts_missing_answers_in_welsh(test_link):
    browser, path = test_link
    browser.get(f"{path}?lang=cy")
    page, _last = skip_to_check(browser, path)
    assert page.soup.html["lang"] == "cy"
    assert banner(page) == (
        "Mae angen i chi ateb y cwestiwn hwn cyn i chi anfon eich atebion:",
        [("Pa mor ddefnyddiol oedd y sesiwn?", f"{path}/the-session?change=1")],
    )
    assert rows(page, "Y sesiwn")["Pa mor ddefnyddiol oedd y sesiwn?"][:2] == (
        "Heb ateb – mae angen i chi ateb y cwestiwn hwn",
        "Ateb",
    )
    page = browser.post(data={})
    assert page.status == 400
    assert page.title.startswith("Gwall:")
    assert "Mae problem" in page.soup.select_one(".govuk-error-summary").get_text()
