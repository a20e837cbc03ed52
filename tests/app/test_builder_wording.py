"""The builder's summary of a survey reads in the admin's words, not the definition's: questions
by their text, answers by their labels, scales by name; and a draft that changes nothing cannot
be published as a new version."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import builder
from models import AuditEvent, Role, Survey, SurveyVersion, User, db
from tests.app.test_builder import DETAILS, build_training_survey
from tests.pages import Browser, Page
from tests.staff import signed_in

SLUG = "black-history-training"
SUMMARY = f"/admin/surveys/{SLUG}"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _question_row(page: Page, text: str) -> str:
    """The summary list row of the question whose text is ``text``, as read."""
    for row in page.soup.select(".govuk-summary-list__row"):
        key = row.select_one(".govuk-summary-list__key")
        if key is not None and key.get_text(strip=True) == text:
            return " ".join(row.select_one(".govuk-summary-list__value").get_text().split())
    raise AssertionError(f"no question {text!r} on the page")


def _page_condition(page: Page, number: int) -> str:
    heading = page.soup.select_one(f"#page-{number}")
    return " ".join(heading.find_next("p").get_text().split())


def _add_conditional_page(browser: Browser) -> None:
    """A third page shown only to those who found the session not useful, with one question."""
    browser.get(f"{SUMMARY}/pages/new")
    page = browser.post(
        data={
            "key": "not-useful",
            "title_en": "What was missing",
            "condition": ["useful=not_very_useful", "useful=not_useful_at_all"],
        }
    )
    assert page.h1 == "Add a question", page.text()
    page = browser.post(
        data={
            "text_en": "How satisfied are you with the training overall?",
            "key": "overall",
            "type": "scale:satisfaction5",
            "required": "no",
        }
    )
    assert page.url == SUMMARY, page.text()


def test_conditions_name_the_question_and_its_answers(admin, browser: Browser):
    build_training_survey(browser)
    _add_conditional_page(browser)
    page = browser.get(SUMMARY)
    assert _page_condition(page, 1) == "Shown to everyone. Key: the-session"
    assert _page_condition(page, 3) == (
        "Shown only to people who answered \u201cHow useful was the session?\u201d with "
        "Not very useful or Not useful at all. Key: not-useful"
    )
    assert _question_row(page, "What would make it worth recommending?").endswith(
        "Shown only to people who answered \u201cWould you recommend it to a colleague?\u201d "
        "with No or Not sure"
    )
    for code in ("not_very_useful", "not_sure", "answered useful ", "answered recommend "):
        assert code not in page.text()


def test_a_question_on_a_conditional_page_follows_the_page(admin, browser: Browser):
    build_training_survey(browser)
    _add_conditional_page(browser)
    page = browser.get(SUMMARY)
    row = _question_row(page, "How satisfied are you with the training overall?")
    assert row.endswith("Shown to everyone who sees this page")
    assert "Shown to everyone who sees this page" not in _question_row(
        page, "How useful was the session?"
    )
    assert _question_row(page, "How useful was the session?").endswith("Shown to everyone")


def test_question_types_have_plain_names_in_drafts_and_published_versions(admin, browser: Browser):
    build_training_survey(browser)
    _add_conditional_page(browser)
    expected = {
        "How useful was the session?": "Usefulness scale, 4 points, must be answered. Key: useful",
        "Would you recommend it to a colleague?": "Single choice. Key: recommend",
        "What would make it worth recommending?": "Free text, up to 500 characters. Key: improve",
        "How satisfied are you with the training overall?": (
            "Satisfaction scale, 5 points. Key: overall"
        ),
    }
    draft = browser.get(SUMMARY)
    assert "Scale (" not in draft.text()
    for text, kind in expected.items():
        assert _question_row(draft, text).startswith(kind), text

    browser.post(f"{SUMMARY}/publish", data={})
    published = browser.get(SUMMARY)
    assert "Version 1 is published" in published.text()
    for text, kind in expected.items():
        assert _question_row(published, text).startswith(kind), text


def _versions() -> list[int]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(SurveyVersion.number)
            .join(Survey)
            .where(Survey.slug == SLUG)
            .order_by(SurveyVersion.number)
        )
    )


def _publish_events() -> list[dict]:
    return list(
        db.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.target == SLUG, AuditEvent.action == "survey.publish")
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )


def test_a_draft_that_changes_nothing_is_not_published_again(admin, browser: Browser):
    build_training_survey(browser)
    browser.post(f"{SUMMARY}/publish", data={})
    browser.get(SUMMARY)
    browser.post(f"{SUMMARY}/edit", data={})

    page = browser.get(SUMMARY)
    assert (
        "There is nothing to publish yet: this draft is the same as version 1. Make a change "
        "to publish it as version 2, or discard the draft."
    ) in page.text()
    assert [b.get_text(strip=True) for b in page.soup.select("button")].count("Publish") == 0

    # A Publish sent all the same (from a page opened before) is refused, and says why.
    page = browser.post(f"{SUMMARY}/publish", data={})
    assert page.url == SUMMARY
    banner = " ".join(page.soup.select_one(".govuk-notification-banner").get_text().split())
    assert "There is nothing to publish: this draft is the same as version 1." in banner
    assert "is published" not in banner
    assert _versions() == [1]
    assert _publish_events() == [{"version": 1}]
    assert builder.get_draft(SLUG) is not None  # the draft is kept

    # Once something changes, it can be published as version 2.
    browser.get(f"{SUMMARY}/pages/the-session/questions/useful")
    browser.post(
        data={
            "text_en": "How useful was today's session?",
            "key": "useful",
            "type": "scale:useful4",
            "required": "yes",
        }
    )
    page = browser.get(SUMMARY)
    assert "nothing to publish" not in page.text()
    assert "Publishing makes version 2." in page.text()
    page = browser.post(f"{SUMMARY}/publish", data={})
    assert "Version 2 is published" in page.text()
    assert _versions() == [1, 2]
    assert _publish_events() == [{"version": 1}, {"version": 2}]


def _details_row(page: Page, key: str) -> tuple[str, str]:
    """The value of the draft's Details row ``key``, and where its Change link goes."""
    for row in page.soup.select(".govuk-summary-list__row"):
        found = row.select_one(".govuk-summary-list__key")
        if found is not None and found.get_text(strip=True) == key:
            value = " ".join(row.select_one(".govuk-summary-list__value").get_text().split())
            return value, row.select_one(".govuk-summary-list__actions a")["href"]
    raise AssertionError(f"no {key!r} row in the draft's details")


@pytest.mark.parametrize(
    ("link_kind", "shown"),
    [
        ("encounter", "One person at a time: each code can be answered once"),
        ("event", "An event: many people answer the same code"),
        ("standing", "A standing code for a poster or intranet page"),
    ],
)
def test_a_draft_s_details_say_which_kind_of_code_was_chosen(
    admin, browser: Browser, link_kind: str, shown: str
):
    browser.get("/admin/surveys/new")
    page = browser.post(data={**DETAILS, "link_kind": link_kind})
    assert page.url == SUMMARY
    value, change = _details_row(page, "Kind of code")
    assert value.startswith(shown)
    assert change == f"{SUMMARY}/details"


def test_changing_the_kind_of_code_shows_on_the_draft(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(data={**DETAILS, "link_kind": "event"})
    browser.get(f"{SUMMARY}/details")
    page = browser.post(data={**DETAILS, "link_kind": "standing"})
    assert page.url == SUMMARY, page.error_summary()
    value, _ = _details_row(page, "Kind of code")
    assert value.startswith("A standing code for a poster or intranet page")
