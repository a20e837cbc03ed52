"""Discarding a draft and removing a page or a question ask first: the link opens a GOV.UK
confirmation page, only its button (a POST with the CSRF token) acts, Cancel goes back with
nothing changed, and a success banner says what went."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import builder, builder_publish
from models import AuditEvent, Role, User, db
from tests.app.test_builder import build_training_survey
from tests.pages import Browser, Page
from tests.staff import signed_in

SLUG = "black-history-training"
SURVEY = f"/admin/surveys/{SLUG}"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def draft(admin, browser: Browser) -> str:
    build_training_survey(browser)
    return SLUG


def page_keys() -> list[str]:
    return [page["key"] for page in builder.get_draft(SLUG).source["pages"]]


def question_keys(page_key: str) -> list[str]:
    pages = {page["key"]: page for page in builder.get_draft(SLUG).source["pages"]}
    return [question["key"] for question in pages[page_key]["questions"]]


def last_audit() -> tuple[str, str | None, dict | None]:
    db.session.expire_all()
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    return event.action, event.target, event.detail


def follow(browser: Browser, text: str) -> Page:
    """Click the link (or link styled as a button) whose text starts with ``text``."""
    for link in browser.page.soup.select("main a[href]"):
        if " ".join(link.get_text().split()).startswith(text):
            return browser.get(link["href"])
    raise AssertionError(f"No link {text!r} on {browser.page.url}")


def success_banner(page: Page) -> str:
    banner = page.soup.select_one(".govuk-notification-banner--success")
    assert banner is not None, page.text()
    assert banner["role"] == "alert"
    assert banner.select_one(".govuk-notification-banner__title").get_text(strip=True) == "Success"
    return " ".join(banner.select_one(".govuk-notification-banner__content").get_text().split())


def test_discarding_a_draft_asks_first_and_cancel_keeps_it(draft: str, browser: Browser):
    browser.get(SURVEY)
    page = follow(browser, "Discard the draft")
    assert page.url == f"{SURVEY}/discard"
    assert page.h1 == "Are you sure you want to discard this draft?"
    assert "Learning from our Black History" in page.text()
    assert "never been published" in page.text()
    assert "You cannot undo this." in page.text()
    assert builder.get_draft(SLUG) is not None  # looking at the question changes nothing

    page = follow(browser, "Cancel")
    assert page.url == SURVEY
    assert builder.get_draft(SLUG) is not None


def test_discarding_a_draft_happens_only_on_the_confirming_post(draft: str, browser: Browser):
    browser.get(f"{SURVEY}/discard")
    page = browser.post(data={})
    assert page.url == "/admin/surveys/"
    assert builder.get_draft(SLUG) is None
    assert success_banner(page) == (
        "The draft of Learning from our Black History has been discarded."
    )
    assert last_audit() == ("survey.draft_discard", SLUG, {})


def test_discarding_a_draft_needs_the_csrf_token(draft: str, browser: Browser):
    browser.get(f"{SURVEY}/discard")
    page = browser.post(data={}, csrf=False)
    assert page.status == 400
    assert builder.get_draft(SLUG) is not None


def test_removing_a_page_or_a_question_needs_the_csrf_token(draft: str, browser: Browser):
    browser.get(f"{SURVEY}/pages/the-session/remove")
    assert browser.post(data={}, csrf=False).status == 400
    browser.get(f"{SURVEY}/pages/the-session/questions/recommend/remove")
    assert browser.post(data={}, csrf=False).status == 400
    assert page_keys() == ["the-session", "why-not"]
    assert question_keys("the-session") == ["useful", "recommend"]


def test_discarding_changes_to_a_published_survey_keeps_the_published_version(
    draft: str, browser: Browser
):
    builder_publish.publish(SLUG)
    builder.start_editing(SLUG)
    page = browser.get(f"{SURVEY}/discard")
    assert "Version 1 stays published" in page.text()
    page = browser.post(data={})
    assert success_banner(page) == (
        "The draft of Learning from our Black History has been discarded. "
        "Version 1 is still published."
    )
    assert builder.get_draft(SLUG) is None
    assert browser.get(SURVEY).status == 200  # the survey itself is still there


def test_removing_a_page_asks_first_then_removes_it_with_a_banner(draft: str, browser: Browser):
    browser.get(SURVEY)
    page = follow(browser, "Remove page 1")
    assert page.url == f"{SURVEY}/pages/the-session/remove"
    assert page.h1 == "Are you sure you want to remove this page?"
    assert "Page 1: The session" in page.text()
    assert "How useful was the session?; Would you recommend it to a colleague?" in page.text()
    assert "The 2 questions on this page are removed with it." in page.text()
    assert page_keys() == ["the-session", "why-not"]

    assert follow(browser, "Cancel").url == SURVEY
    assert page_keys() == ["the-session", "why-not"]

    browser.get(f"{SURVEY}/pages/the-session/remove")
    page = browser.post(data={})
    assert page.url == SURVEY
    assert page_keys() == ["why-not"]
    assert success_banner(page) == "Page 1: The session has been removed with its 2 questions."
    assert last_audit() == (
        "survey.edit",
        SLUG,
        {"what": "page removed", "page": "the-session", "title": "The session"},
    )


def test_moving_a_page_still_happens_at_once(draft: str, browser: Browser):
    browser.get(SURVEY)
    browser.post(f"{SURVEY}/pages/why-not/up", data={})
    assert page_keys() == ["why-not", "the-session"]


def test_removing_a_question_asks_first_then_removes_it_with_a_banner(draft: str, browser: Browser):
    browser.get(SURVEY)
    page = follow(browser, "Remove Would you recommend it to a colleague?")
    assert page.url == f"{SURVEY}/pages/the-session/questions/recommend/remove"
    assert page.h1 == "Are you sure you want to remove this question?"
    text = page.text()
    assert "Would you recommend it to a colleague?" in text and "Page 1: The session" in text
    assert question_keys("the-session") == ["useful", "recommend"]

    assert follow(browser, "Cancel").url == SURVEY
    assert question_keys("the-session") == ["useful", "recommend"]

    browser.get(f"{SURVEY}/pages/the-session/questions/recommend/remove")
    page = browser.post(data={})
    assert page.url == SURVEY
    assert question_keys("the-session") == ["useful"]
    assert success_banner(page) == (
        "The question “Would you recommend it to a colleague?” has been removed."
    )
    assert last_audit() == (
        "survey.edit",
        SLUG,
        {
            "what": "question removed",
            "question": "recommend",
            "text": "Would you recommend it to a colleague?",
        },
    )


@pytest.mark.parametrize(
    "url",
    [
        f"{SURVEY}/pages/no-such-page/remove",
        f"{SURVEY}/pages/the-session/questions/no-such-question/remove",
        "/admin/surveys/no-such-survey/discard",
    ],
)
def test_removing_something_that_is_not_there_is_not_found(draft: str, browser: Browser, url: str):
    assert browser.get(url).status == 404
    browser.get(SURVEY)
    # No page has a button for it, so the POST is made by hand: it has no draft's stamp.
    assert browser.post(url, data={"draft_version": ""}).status == 404
    assert page_keys() == ["the-session", "why-not"]
