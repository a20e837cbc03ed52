"""A condition that no longer fits its survey (its question moved after it, removed, made free
text, or without the answers it named) stops the draft being published, and the builder says
why naming that question by its text, as the admin wrote it, not by its key; an imported file's
problems keep the key, which finds the question in the file."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from app.services import builder
from app.services.definition_checks import check
from models import Role, User
from tests.app.test_builder import build_training_survey
from tests.pages import Browser, Page
from tests.staff import signed_in

SLUG = "black-history-training"
SUMMARY = f"/admin/surveys/{SLUG}"
RECOMMEND = "\u201cWould you recommend it to a colleague?\u201d"
PLACE = "Page \u201cWhy not\u201d, question \u201cWhat would make it worth recommending?\u201d"
RECOMMEND_FORM = {
    "text_en": "Would you recommend it to a colleague?",
    "key": "recommend",
    "required": "no",
}


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _problems(browser: Browser) -> list[str]:
    page: Page = browser.get(f"{SUMMARY}?check=1")
    assert page.status == 400
    return page.error_summary()


def _change_recommend(browser: Browser, **data: str) -> None:
    browser.get(f"{SUMMARY}/pages/the-session/questions/recommend")
    page = browser.post(data=RECOMMEND_FORM | data)
    assert page.url == SUMMARY, page.text()


def test_a_condition_on_a_question_moved_after_it_names_the_question(admin, browser: Browser):
    build_training_survey(browser)
    browser.get(SUMMARY)
    browser.post(f"{SUMMARY}/pages/why-not/up")
    assert _problems(browser) == [
        f"{PLACE}: The condition must depend on a question on an earlier page; {RECOMMEND} is "
        "on a later page"
    ]


IMPROVE = (
    "the question \u201cWhat would make it worth recommending?\u201d on page 2 \u201cWhy not\u201d"
)


def _refused_on_recommend(browser: Browser, **data: str) -> Page:
    browser.get(f"{SUMMARY}/pages/the-session/questions/recommend")
    page = browser.post(data=RECOMMEND_FORM | data)
    assert page.status == 400 and page.url == f"{SUMMARY}/pages/the-session/questions/recommend"
    return page


def test_making_a_question_a_condition_uses_free_text_is_refused_naming_the_condition(
    admin, browser: Browser
):
    """The change is refused on the question being changed, not found later on the page
    that depends on it."""
    build_training_survey(browser)
    before = builder.get_draft(SLUG).source
    page = _refused_on_recommend(browser, type="text")
    assert page.error_summary() == [
        f"{IMPROVE[0].upper()}{IMPROVE[1:]} is shown only to people who answered \u201cNo\u201d "
        "and \u201cNot sure\u201d here: keep those options, or first change who sees that question"
    ]
    assert page.soup.select_one(".govuk-error-summary li a")["href"] == "#type"
    assert page.checked("type") == ["text"]  # what was chosen is kept
    assert builder.get_draft(SLUG).source == before


def test_a_condition_on_answers_taken_away_names_the_question(admin, browser: Browser):
    """A definition whose condition names answers its question lacks (as an imported file
    may) is described in words: the codes it names are not the admin's."""
    build_training_survey(browser)
    source = builder.get_draft(SLUG).source
    recommend = source["pages"][0]["questions"][1]
    maybe = {"code": "maybe", "label": {"en": "Maybe"}}
    recommend["options"] = [recommend["options"][0], maybe]
    problems = check(source)
    assert [p.message for p in problems] == [
        "The condition's answers must be options of recommend; no and not_sure are not"
    ]
    assert problems[0].in_words == (
        f"It is shown only after answers {RECOMMEND} no longer has, as its options have "
        "changed: tick the answers that show it again, or show it to everyone"
    )


def test_a_condition_on_a_removed_question_says_it_is_no_longer_there(admin, browser: Browser):
    build_training_survey(browser)
    browser.get(f"{SUMMARY}/pages/the-session/questions/recommend/remove")
    browser.post(data={})
    assert _problems(browser) == [
        f"{PLACE}: The condition must depend on a question on an earlier page; it names a "
        "question not in the survey (key recommend): choose the answers that show this again, "
        "or show it to everyone"
    ]


def test_an_imported_file_s_condition_problems_keep_the_key(admin, browser: Browser):
    build_training_survey(browser)
    source = builder.get_draft(SLUG).source
    source["slug"] = "training-copy"
    source["pages"].reverse()
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": json.dumps(source)})
    assert page.status == 400
    assert page.error_summary() == [
        "Page why-not, question improve: The condition must depend on a question on an earlier "
        "page; recommend is on a later page"
    ]


def test_a_condition_on_a_question_on_its_own_page_says_so():
    source = {
        "slug": "one-page",
        "title": {"en": "One page"},
        "intro": {"en": ["A survey."]},
        "pages": [
            {
                "key": "only",
                "title": {"en": "Only"},
                "show_if": {"question": "agree", "in": ["yes"]},
                "questions": [
                    {"key": "agree", "type": "choice", "scale": "yes_no", "text": {"en": "Agree?"}}
                ],
            }
        ],
    }
    [problem] = check(source)
    assert problem.message == (
        "The condition must depend on a question on an earlier page; agree is on the same page"
    )
    assert problem.in_words == (
        "The condition must depend on a question on an earlier page; \u201cAgree?\u201d is on "
        "the same page"
    )
