"""A builder form sent without the draft's stamp (a page from before forms carried one, or a
request made by hand) is refused like one from a page shown before someone else changed the
draft: nothing is written, the page is shown again (409) saying it is out of date, with what
was typed kept and stamped with the draft as it is now, so saving again after looking saves."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import builder
from app.services.surveys import get_survey
from models import Role, db
from tests.app.test_builder import build_training_survey
from tests.app.test_builder_two_editors import (
    CHANGED,
    QUESTION,
    SLUG,
    SURVEY,
    draft_source,
    edits_logged,
    follow_publish,
    input_value,
    opened,
    page_titles,
    press,
)
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

OUT_OF_DATE = "This page is out of date."
NO_STAMP = {"draft_version": ""}


@pytest.fixture
def admin(client: FlaskClient) -> Browser:
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser = Browser(client)
    build_training_survey(browser)
    return browser


def out_of_date(page: Page, not_done: str) -> None:
    """Checks the page says the change was refused because the page was out of date."""
    assert page.status == 409, page.text()
    assert page.title.startswith("Error: ")
    summary = page.soup.select_one(".govuk-error-summary")
    assert summary is not None
    words = " ".join(summary.get_text().split())
    assert OUT_OF_DATE in words and not_done in words, words
    assert CHANGED not in words  # nobody else is said to have changed it


def test_a_page_saved_without_the_stamp_is_refused_with_what_was_typed_kept(admin: Browser):
    opened(admin, f"{SURVEY}/pages/the-session")
    logged = len(edits_logged())

    page = press(admin, {**NO_STAMP, "title_en": "Your session", "title_cy": "Eich sesiwn"})
    out_of_date(page, "Your change has not been saved.")
    assert page.h1 == "Change the page"
    assert input_value(page, "title_en") == "Your session"
    assert input_value(page, "title_cy") == "Eich sesiwn"
    assert page_titles() == ["The session", "Why not"]
    assert len(edits_logged()) == logged

    # The form now carries the draft as it is: saving again after looking saves.
    page = press(admin)
    assert page.url == SURVEY
    assert page_titles() == ["Your session", "Why not"]


@pytest.mark.parametrize(
    ("url", "data", "heading"),
    [
        (f"{SURVEY}/details", {"title_en": "Black History Month"}, "title_en"),
        (f"{SURVEY}/pages/new", {"key": "more", "title_en": "More"}, "title_en"),
        (QUESTION, {"text_en": "Would you tell a colleague to go?"}, "text_en"),
        (
            f"{SURVEY}/pages/why-not/questions/new",
            {
                "key": "again",
                "text_en": "Anything else?",
                "type": "text",
                "required": "no",
            },
            "text_en",
        ),
    ],
)
def test_every_builder_form_without_the_stamp_is_refused(
    admin: Browser, url: str, data: dict, heading: str
):
    opened(admin, url)
    before = draft_source()

    page = press(admin, {**NO_STAMP, **data})
    out_of_date(page, "Your change has not been saved.")
    assert input_value(page, heading) == data[heading]
    assert draft_source() == before
    page = press(admin)
    assert page.status == 200 and page.url != url
    assert draft_source() != before


def test_a_hand_made_request_with_no_stamp_field_at_all_is_refused(admin: Browser):
    page = opened(admin, f"{SURVEY}/pages/the-session")
    forget_request_state()
    response = admin.client.post(
        f"{SURVEY}/pages/the-session",
        data={"csrf_token": page.csrf_token(), "key": "the-session", "title_en": "Mine"},
    )
    assert response.status_code == 409
    assert OUT_OF_DATE in response.get_data(as_text=True)
    assert page_titles() == ["The session", "Why not"]


def test_publishing_without_the_stamp_is_refused(admin: Browser):
    opened(admin, SURVEY)
    follow_publish(admin)
    page = press(admin, NO_STAMP, action=f"{SURVEY}/publish")
    out_of_date(page, "It has not been published.")
    assert get_survey(SLUG) is None
    assert builder.get_draft(SLUG) is not None
    follow_publish(admin)
    page = press(admin, action=f"{SURVEY}/publish")
    assert "Version 1 is published" in page.text()


def test_asking_to_publish_without_the_stamp_says_the_page_is_out_of_date(admin: Browser):
    """The confirmation opened from an address without the draft's stamp (a bookmark, or a
    page from before Publish asked first) cannot say which draft the admin looked at."""
    page = opened(admin, f"{SURVEY}/publish")
    out_of_date(page, "It has not been published.")
    assert get_survey(SLUG) is None
    assert page.soup.select_one("a.govuk-button[href*='seen=']") is not None


def test_moving_a_page_without_the_stamp_is_refused(admin: Browser):
    opened(admin, SURVEY)
    page = press(admin, NO_STAMP, action=f"{SURVEY}/pages/why-not/up")
    out_of_date(page, "The page has not been moved.")
    assert page_titles() == ["The session", "Why not"]
    press(admin, action=f"{SURVEY}/pages/why-not/up")
    assert page_titles() == ["Why not", "The session"]


@pytest.mark.parametrize(
    ("url", "not_done"),
    [
        (f"{SURVEY}/pages/the-session/remove", "The page has not been removed."),
        (f"{QUESTION}/remove", "The question has not been removed."),
        (f"{SURVEY}/discard", "It has not been discarded."),
    ],
)
def test_removing_or_discarding_without_the_stamp_asks_again(
    admin: Browser, url: str, not_done: str
):
    opened(admin, url)
    before = draft_source()
    page = press(admin, NO_STAMP)
    out_of_date(page, not_done)
    assert page.h1.startswith("Are you sure")
    assert draft_source() == before
    press(admin)
    db.session.expire_all()
    assert builder.get_draft(SLUG) is None or draft_source() != before
