"""Changing an option's words keeps what depends on its code working: a change that would
take away an answer a later condition uses, or one already published, is refused on the
question being changed, naming what uses it in the admin's own words, with what they typed
kept. The options box says what the codes at the start of its lines are for."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import builder, builder_publish
from models import Role, User, db
from tests.app.test_builder import build_training_survey
from tests.pages import Browser, Page
from tests.staff import signed_in

SLUG = "black-history-training"
SUMMARY = f"/admin/surveys/{SLUG}"
RECOMMEND = f"{SUMMARY}/pages/the-session/questions/recommend"
RECOMMEND_FORM = {
    "text_en": "Would you recommend it to a colleague?",
    "key": "recommend",
    "type": "choice",
    "required": "no",
}
IMPROVE = (
    "The question \u201cWhat would make it worth recommending?\u201d on page 2 \u201cWhy not\u201d"
)


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _source() -> dict:
    db.session.expire_all()
    return builder.get_draft(SLUG).source


def _options(source: dict) -> list[str]:
    return [o["code"] for o in source["pages"][0]["questions"][1]["options"]]


def _save_recommend(browser: Browser, **data: str) -> Page:
    browser.get(RECOMMEND)
    return browser.post(data=RECOMMEND_FORM | data)


def test_rewording_an_option_a_later_question_depends_on_is_refused_on_this_question(
    admin, browser: Browser
):
    build_training_survey(browser)
    before = _source()
    page = browser.get(RECOMMEND)
    assert page.textarea("options").splitlines()[1] == "no: No | Na fyddwn"

    # The admin rewrites "No" and, with it, the code at the start of its line.
    typed = "yes: Yes | Byddwn\nNo, not really | Na fyddwn\nnot_sure: Not sure | Ddim yn siŵr"
    page = browser.post(data=RECOMMEND_FORM | {"options": typed})
    assert page.status == 400 and page.url == RECOMMEND
    said = (
        f"{IMPROVE} is shown only to people who answered \u201cNo\u201d here: keep that option, "
        "with no: at the start of its line, or first change who sees that question"
    )
    assert page.error_summary() == [said]
    assert page.soup.select_one(".govuk-error-summary li a")["href"] == "#options"
    assert page.field_errors() == [said]  # beside the options box too
    assert page.textarea("options").strip() == typed  # what was typed is kept
    assert _source() == before  # nothing saved

    # With its code kept, the new words are saved, and the later question still depends on it.
    kept = typed.replace("No, not really", "no: No, not really")
    page = browser.post(data=RECOMMEND_FORM | {"options": kept})
    assert page.url == SUMMARY, page.error_summary()
    assert _options(_source()) == ["yes", "no", "not_sure"]
    assert builder_publish.problems(builder.get_draft(SLUG)) == []


def test_changing_the_key_of_a_question_a_condition_depends_on_is_refused(admin, browser):
    build_training_survey(browser)
    before = _source()
    page = _save_recommend(
        browser,
        key="would_recommend",
        options="yes: Yes | Byddwn\nno: No | Na fyddwn\nnot_sure: Not sure | Ddim yn siŵr",
    )
    assert page.status == 400
    assert page.error_summary() == [
        f"{IMPROVE} is shown only to people who gave certain answers to this question, which "
        "it finds by the key recommend: keep the key recommend, or first change who sees that "
        "question"
    ]
    assert page.soup.select_one(".govuk-error-summary li a")["href"] == "#key"
    assert _source() == before


def test_options_no_condition_uses_can_be_reworded_freely_before_publishing(admin, browser):
    build_training_survey(browser)
    page = _save_recommend(
        browser,
        options="Absolutely | Byddwn\nno: No | Na fyddwn\nnot_sure: Not sure | Ddim yn siŵr",
    )
    assert page.url == SUMMARY, page.error_summary()
    assert _options(_source()) == ["absolutely", "no", "not_sure"]


def _published_with_draft(browser: Browser) -> None:
    build_training_survey(browser)
    builder_publish.publish(SLUG)
    builder.start_editing(SLUG)


def test_rewording_a_published_option_without_its_code_says_its_answers_would_split(
    admin, browser: Browser
):
    _published_with_draft(browser)
    before = _source()
    typed = "Yes, definitely | Byddwn\nno: No | Na fyddwn\nnot_sure: Not sure | Ddim yn siŵr"
    page = _save_recommend(browser, options=typed)
    assert page.status == 400
    assert page.error_summary() == [
        "\u201cYes\u201d has been published, and its answers are counted under the code yes. "
        "\u201cYes, definitely\u201d would get a new code, yes_definitely, and be counted apart "
        "from them. To count them together, put yes: at the start of its line. If it is a "
        "different answer, put a code of its own there, such as yes_definitely:"
    ]
    assert page.textarea("options").strip() == typed
    assert _source() == before

    # Either choice, typed, is saved as typed.
    page = browser.post(data=RECOMMEND_FORM | {"options": "yes: " + typed})
    assert page.url == SUMMARY, page.error_summary()
    assert _options(_source()) == ["yes", "no", "not_sure"]
    page = _save_recommend(browser, options="definitely: " + typed)
    assert page.url == SUMMARY, page.error_summary()
    assert _options(_source()) == ["definitely", "no", "not_sure"]


def test_a_published_option_can_still_be_taken_out(admin, browser: Browser):
    _published_with_draft(browser)
    page = _save_recommend(browser, options="yes: Yes | Byddwn\nno: No | Na fyddwn")
    # "Not sure" is used by the condition on page 2, so that is what stops it...
    assert page.status == 400
    assert "answered \u201cNot sure\u201d here" in page.error_summary()[0]
    # ...but an option nothing depends on can go.
    page = _save_recommend(
        browser,
        options="no: No | Na fyddwn\nnot_sure: Not sure | Ddim yn siŵr",
    )
    assert page.url == SUMMARY, page.error_summary()
    assert _options(_source()) == ["no", "not_sure"]


def test_the_options_hint_makes_sense_for_a_new_question_and_a_changed_one(admin, browser):
    build_training_survey(browser)
    new = browser.get(f"{SUMMARY}/pages/the-session/questions/new")
    hint = " ".join(new.soup.select_one("#options-hint").get_text().split())
    assert "code" in hint and "leave the code" not in hint
    assert "Each option gets a code made from its English words" in hint

    changed = browser.get(RECOMMEND)
    hint = " ".join(changed.soup.select_one("#options-hint").get_text().split())
    assert "Each line starts with its option's code and a colon" in hint
    assert "Keep the code when you change an option's words" in hint
