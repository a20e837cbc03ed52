"""Two admins with one draft open: a change made on a page shown before someone else changed
the draft is refused (409), not saved over theirs. The page is shown again with a GOV.UK error
summary saying so, what was typed kept and a link to the draft as it is now; saving again
after looking applies the change to the draft as it now is. Publishing, moving, removing and
discarding are refused likewise, so nobody publishes or deletes what they never saw."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import builder
from app.services.surveys import get_survey
from models import AuditEvent, Role, db
from tests.app.test_builder import build_training_survey
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

SLUG = "black-history-training"
SURVEY = f"/admin/surveys/{SLUG}"
CHANGED = "Someone else changed this draft since you opened this page."


@pytest.fixture
def first(client: FlaskClient) -> Browser:
    signed_in(client, Role.ADMIN, email="first@example.org")
    browser = Browser(client)
    build_training_survey(browser)
    return browser


@pytest.fixture
def second(first: Browser) -> Browser:
    """Another admin, signed in on a client of their own."""
    other = first.client.application.test_client()
    forget_request_state()
    signed_in(other, Role.ADMIN, email="second@example.org")
    forget_request_state()
    return Browser(other)


def press(browser: Browser, data: dict | None = None, action: str | None = None) -> Page:
    """Submit the page's form (the one posting to ``action``, if given) as a browser would:
    with every field as the page shows it, hidden ones too, but for ``data`` typed in."""
    forget_request_state()
    forms = browser.page.soup.select("main form[method=post]")
    form = next(f for f in forms if action is None or f.get("action") == action)
    shown: dict[str, list[str]] = {}
    for field in form.select("input[name], textarea[name]"):
        if field.get("type") in ("radio", "checkbox") and not field.has_attr("checked"):
            continue
        value = field.get_text() if field.name == "textarea" else field.get("value", "")
        shown.setdefault(field["name"], []).append(value)
    return browser.post(form.get("action") or action, data={**shown, **(data or {})})


def opened(browser: Browser, url: str) -> Page:
    forget_request_state()
    return browser.get(url)


def draft_source() -> dict:
    db.session.expire_all()
    return builder.get_draft(SLUG).source


def page_titles() -> list[str]:
    return [page["title"]["en"] for page in draft_source()["pages"]]


def edits_logged() -> list[dict]:
    db.session.expire_all()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "survey.edit").order_by(AuditEvent.id)
    )
    return [event.detail for event in events]


def input_value(page: Page, name: str) -> str:
    return page.soup.select_one(f"input[name='{name}']")["value"]


def refused(page: Page, not_done: str) -> str:
    """Checks the page says the change was refused, and returns its link to the draft."""
    assert page.status == 409, page.text()
    assert page.title.startswith("Error: ")
    summary = page.soup.select_one(".govuk-error-summary")
    assert summary is not None
    words = " ".join(summary.get_text().split())
    assert CHANGED in words and not_done in words, words
    return summary.select_one("li a")["href"]


QUESTION = f"{SURVEY}/pages/the-session/questions/recommend"
QUESTION_WORDS = {
    "text_en": "Would you tell a colleague to go?",
    "text_cy": "Fyddech chi'n dweud wrth gydweithiwr am fynd?",
    "key": "recommend",
    "type": "choice",
    "options": "Yes | Byddwn\nNo | Na fyddwn",
    "required": "no",
}


def test_the_second_of_two_saves_of_a_page_is_refused_with_what_they_typed_kept(
    first: Browser, second: Browser
):
    opened(first, f"{SURVEY}/pages/the-session")
    opened(second, f"{SURVEY}/pages/the-session")
    page = press(first, {"key": "the-session", "title_en": "The training session"})
    assert page.url == SURVEY
    logged = len(edits_logged())

    page = press(second, {"key": "the-session", "title_en": "Your session", "title_cy": "Eich"})
    link = refused(page, "Your change has not been saved.")
    assert page.h1 == "Change the page"
    assert input_value(page, "title_en") == "Your session"
    assert input_value(page, "title_cy") == "Eich"
    assert page_titles() == ["The training session", "Why not"]
    assert len(edits_logged()) == logged  # nothing of theirs written, or logged
    # The link shows the draft as it is now, without losing what they typed.
    assert link == SURVEY
    assert "The training session" in opened(Browser(second.client), link).text()

    # Having looked, they save again: their change is made to the draft as it now is.
    page = press(second)
    assert page.url == SURVEY
    assert page_titles() == ["Your session", "Why not"]
    assert edits_logged()[-1] == {
        "what": "page changed",
        "page": "the-session",
        "title": "Your session",
    }


def test_the_second_of_two_saves_of_a_question_is_refused(first: Browser, second: Browser):
    opened(first, QUESTION)
    opened(second, QUESTION)
    press(first, {"text_en": "Would you recommend it?"})

    page = press(second, QUESTION_WORDS)
    refused(page, "Your change has not been saved.")
    assert input_value(page, "text_en") == "Would you tell a colleague to go?"
    assert page.textarea("options").strip() == "Yes | Byddwn\nNo | Na fyddwn"
    question = draft_source()["pages"][0]["questions"][1]
    assert question["text"]["en"] == "Would you recommend it?"
    assert [option["code"] for option in question["options"]] == ["yes", "no", "not_sure"]


def test_the_survey_details_are_not_saved_over_another_change(first: Browser, second: Browser):
    opened(first, f"{SURVEY}/pages/why-not")
    opened(second, f"{SURVEY}/details")
    press(first, {"key": "why-not", "title_en": "What would be better"})

    page = press(second, {"title_en": "Black History Month", "intro_en": "Tell us."})
    refused(page, "Your change has not been saved.")
    assert input_value(page, "title_en") == "Black History Month"
    source = draft_source()
    assert source["title"]["en"] == "Learning from our Black History"
    assert source["pages"][1]["title"]["en"] == "What would be better"


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (f"{SURVEY}/pages/new", {"key": "more", "title_en": "More"}),
        (f"{SURVEY}/pages/why-not/questions/new", {**QUESTION_WORDS, "key": "again"}),
    ],
)
def test_adding_to_a_draft_changed_since_is_refused(
    first: Browser, second: Browser, url: str, data: dict
):
    opened(second, url)
    opened(first, f"{SURVEY}/pages/why-not")
    press(first, {"key": "why-not", "title_en": "What would be better"})
    before = draft_source()

    page = press(second, data)
    refused(page, "Your change has not been saved.")
    assert draft_source() == before


def test_a_form_shown_again_for_a_mistake_keeps_the_stamp_it_came_with(
    first: Browser, second: Browser
):
    opened(second, f"{SURVEY}/pages/the-session")
    opened(first, f"{SURVEY}/pages/the-session")
    press(first, {"key": "the-session", "title_en": "The training session"})

    # A mistake is shown first, as ever (400)...
    page = press(second, {"key": "the-session", "title_en": ""})
    assert page.status == 400
    assert page.error_summary() == ["Enter the page title in English"]
    # ...and once put right, the change is still refused: the draft changed after the form
    # was first shown, not after the mistake was.
    page = press(second, {"key": "the-session", "title_en": "Your session"})
    refused(page, "Your change has not been saved.")
    assert page_titles() == ["The training session", "Why not"]


def follow_publish(browser: Browser) -> Page:
    """Follow the Publish button on the draft's page the browser shows (it asks first)."""
    buttons = browser.page.soup.select("a.govuk-button")
    button = next(a for a in buttons if a.get_text(strip=True) == "Publish")
    forget_request_state()
    return browser.get(button["href"])


def test_publishing_a_draft_changed_since_the_admin_looked_is_refused(
    first: Browser, second: Browser
):
    opened(first, SURVEY)
    opened(second, QUESTION)
    press(second, {"text_en": "Would you recommend it to anyone?"})

    # The Publish button of a page shown before the change asks nothing about a draft the
    # admin has not seen: it says the draft has changed.
    page = follow_publish(first)
    link = refused(page, "It has not been published.")
    assert link == "#draft-details"
    assert get_survey(SLUG) is None  # nothing published
    assert builder.get_draft(SLUG) is not None
    # The page shows the draft as it is now; publishing from it asks about that.
    assert "Would you recommend it to anyone?" in page.text()
    page = follow_publish(first)
    assert page.status == 200 and page.h1 == "Are you sure you want to publish version 1?"

    # A change made while the confirmation is open is refused in the same way.
    opened(second, QUESTION)
    press(second, {"text_en": "Would you recommend it to a colleague?"})
    page = press(first, action=f"{SURVEY}/publish")
    refused(page, "It has not been published.")
    assert get_survey(SLUG) is None
    assert "Would you recommend it to a colleague?" in page.text()

    follow_publish(first)
    page = press(first, action=f"{SURVEY}/publish")
    assert page.status == 200
    assert "Version 1 is published" in page.text()
    assert builder.get_draft(SLUG) is None


def test_moving_a_page_of_a_draft_changed_since_is_refused(first: Browser, second: Browser):
    opened(first, SURVEY)
    opened(second, f"{SURVEY}/pages/why-not")
    press(second, {"key": "why-not", "title_en": "What would be better"})

    page = press(first, action=f"{SURVEY}/pages/why-not/up")
    refused(page, "The page has not been moved.")
    assert page_titles() == ["The session", "What would be better"]
    page = press(first, action=f"{SURVEY}/pages/why-not/up")
    assert page.url == SURVEY
    assert page_titles() == ["What would be better", "The session"]


@pytest.mark.parametrize(
    ("url", "not_done"),
    [
        (f"{SURVEY}/pages/the-session/remove", "The page has not been removed."),
        (f"{QUESTION}/remove", "The question has not been removed."),
        (f"{SURVEY}/discard", "It has not been discarded."),
    ],
)
def test_removing_from_a_draft_changed_since_asks_again(
    first: Browser, second: Browser, url: str, not_done: str
):
    opened(first, url)
    opened(second, f"{SURVEY}/pages/why-not")
    press(second, {"key": "why-not", "title_en": "What would be better"})

    page = press(first)
    refused(page, not_done)
    assert page.h1.startswith("Are you sure")
    assert page_titles() == ["The session", "What would be better"]
    # Asked again about the draft as it is now, they can go ahead.
    press(first)
    db.session.expire_all()
    if url.endswith("/discard"):
        assert builder.get_draft(SLUG) is None
    elif url.endswith("/questions/recommend/remove"):
        keys = [q["key"] for q in draft_source()["pages"][0]["questions"]]
        assert keys == ["useful"]
    else:
        assert page_titles() == ["What would be better"]


def test_removing_what_someone_else_removed_first_says_so(first: Browser, second: Browser):
    opened(first, f"{QUESTION}/remove")
    opened(second, f"{QUESTION}/remove")
    press(second)

    page = press(first)
    assert page.url == SURVEY
    assert "Someone else has already removed this question" in page.text()
    removed = [d for d in edits_logged() if d.get("what") == "question removed"]
    assert len(removed) == 1


def test_a_question_removed_while_it_was_being_changed_can_be_added_back(
    first: Browser, second: Browser
):
    opened(first, f"{QUESTION}/remove")
    opened(second, QUESTION)
    press(first)

    page = press(second, {"text_en": "Would you tell a colleague to go?"})
    refused(page, "They removed the question you were changing")
    assert page.h1 == "Add a question"
    assert input_value(page, "text_en") == "Would you tell a colleague to go?"
    assert input_value(page, "key") == "recommend"
    keys = [q["key"] for q in draft_source()["pages"][0]["questions"]]
    assert keys == ["useful"]

    page = press(second)
    assert page.url == SURVEY
    question = draft_source()["pages"][0]["questions"][1]
    assert question["text"]["en"] == "Would you tell a colleague to go?"


def test_a_page_removed_while_it_was_being_changed_can_be_added_back(
    first: Browser, second: Browser
):
    opened(first, f"{SURVEY}/pages/why-not/remove")
    opened(second, f"{SURVEY}/pages/why-not")
    press(first)

    page = press(second, {"title_en": "What would be better"})
    refused(page, "They removed the page you were changing")
    assert page.h1 == "Add a page"
    assert input_value(page, "title_en") == "What would be better"
    assert page_titles() == ["The session"]

    page = press(second)
    assert page.h1 == "Add a question"
    assert page_titles() == ["The session", "What would be better"]


def test_saving_over_a_draft_someone_else_published_says_so(first: Browser, second: Browser):
    opened(second, f"{SURVEY}/pages/the-session")
    opened(first, SURVEY)
    follow_publish(first)
    press(first, action=f"{SURVEY}/publish")

    page = press(second, {"key": "the-session", "title_en": "Your session"})
    assert page.url == SURVEY
    assert "Someone else has published or discarded this draft" in page.text()
    assert "Your change has not been saved." in page.text()
    assert builder.get_draft(SLUG) is None


def test_a_stamp_that_is_not_one_is_refused_not_shown_back(first: Browser):
    opened(first, f"{SURVEY}/pages/the-session")
    page = press(first, {"title_en": "", "draft_version": '"><b>\x00'})
    assert page.status == 400
    assert input_value(page, "draft_version") == "b"
    page = press(first, {"title_en": "The training session"})
    refused(page, "Your change has not been saved.")
    assert page_titles() == ["The session", "Why not"]


def test_one_admin_editing_alone_is_never_refused(first: Browser):
    """Each page carries the draft as it then is, so one admin's own saves, one after another,
    never count as someone else's."""
    opened(first, f"{SURVEY}/pages/the-session")
    press(first, {"key": "the-session", "title_en": "The training session"})
    press(first, action=f"{SURVEY}/pages/why-not/up")
    page = press(first, action=f"{SURVEY}/pages/the-session/up")
    assert page.status == 200 and page.url == SURVEY
    opened(first, QUESTION)
    press(first, {"text_en": ""})
    page = press(first, {"text_en": "Would you tell a colleague to go?"})
    assert page.url == SURVEY
    follow_publish(first)
    page = press(first, action=f"{SURVEY}/publish")
    assert "Version 1 is published" in page.text()
