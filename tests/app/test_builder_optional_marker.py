"""The builder's "Must it be answered?" says that a question's page adds "(optional)" itself to
a question that need not be answered, so its text need not. A question that must be answered
may not end with "(optional)" or "(dewisol)": its page would tell people they may skip it. The
admin is told which, and keeps what they entered."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import builder
from models import Role, User
from tests.app.test_builder import build_training_survey
from tests.app.test_public_optional_questions import described
from tests.pages import Browser
from tests.staff import signed_in

SLUG = "black-history-training"
NEW_QUESTION = f"/admin/surveys/{SLUG}/pages/the-session/questions/new"
QUESTION = {
    "text_en": "Did the trainer know the subject? (optional)",
    "text_cy": "Oedd yr hyfforddwr yn gwybod y pwnc?",
    "key": "trainer_knowledge",
    "type": "scale:yes_no",
    "required": "yes",
}


@pytest.fixture
def draft(client: FlaskClient, browser: Browser) -> User:
    admin = signed_in(client, Role.ADMIN, email="admin@example.org")
    build_training_survey(browser)
    return admin


def keys() -> list[str]:
    source = builder.get_draft(SLUG).source
    return [question["key"] for question in source["pages"][0]["questions"]]


def test_the_builder_says_the_page_marks_a_question_that_may_be_skipped(draft, browser: Browser):
    page = browser.get(NEW_QUESTION)
    fieldset = page.soup.select_one("input[name=required]").find_parent("fieldset")
    assert described(page, fieldset) == (
        "If not, its page adds “(optional)” after the question, or “<cy>(dewisol)</cy>” in "
        "Welsh, so you do not need to write it in the question."
    )


@pytest.mark.parametrize(
    ("entered", "field", "says"),
    [
        (
            {"text_en": "Did the trainer know the subject?  ( Optional )"},
            "text_en",
            "Question in English ends with “(optional)” but it must be answered: take out "
            "“(optional)”, or answer No to “Must it be answered?”",
        ),
        (
            {"text_cy": "Oedd yr hyfforddwr yn gwybod y pwnc? (Dewisol)"},
            "text_cy",
            "Question in Welsh ends with “(dewisol)” but it must be answered: take out "
            "“(dewisol)”, or answer No to “Must it be answered?”",
        ),
    ],
)
def test_a_question_that_must_be_answered_cannot_say_it_is_optional(
    draft, browser: Browser, entered: dict[str, str], field: str, says: str
):
    browser.get(NEW_QUESTION)
    data = {**QUESTION, "text_en": "Did the trainer know the subject?", **entered}

    page = browser.post(data=data)

    assert page.status == 400
    assert page.error_summary() == [says]
    assert page.field_errors() == [says]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == f"#{field}"
    assert page.soup.select_one(f"#{field}")["value"] == data[field]  # kept as entered
    assert page.checked("required") == ["yes"]
    assert "trainer_knowledge" not in keys()


def test_a_question_that_need_not_be_answered_may_say_so_itself(draft, browser: Browser):
    browser.get(NEW_QUESTION)

    page = browser.post(data={**QUESTION, "required": "no"})

    assert page.url == f"/admin/surveys/{SLUG}", page.error_summary()
    assert "trainer_knowledge" in keys()
