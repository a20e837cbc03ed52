"""What an administrator meets in the survey builder, found by walking through it as one."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import builder
from models import Role, User
from tests.pages import Browser
from tests.staff import signed_in

DETAILS = {
    "slug": "hate-crime-victims",
    "title_en": "Hate crime victims",
    "intro_en": "Tell us how we did.\n\nIt takes 3 minutes.",
    "audience": "public",
    "link_kind": "standing",
    "equality": "yes",
}
NEW_QUESTION = "/admin/surveys/hate-crime-victims/pages/about/questions/new"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def draft_with_a_page(admin, browser: Browser) -> None:
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get("/admin/surveys/hate-crime-victims/pages/new")
    browser.post(data={"key": "about", "title_en": "About what happened"})


@pytest.mark.parametrize("question_type", ["choice", "multi_choice"])
def test_a_choice_question_with_its_options_left_empty_is_refused_there_and_then(
    draft_with_a_page, browser: Browser, question_type: str
):
    browser.get(NEW_QUESTION)

    page = browser.post(
        data={"text_en": "Which?", "key": "which", "type": question_type, "required": "no"}
    )

    assert page.status == 400
    assert page.error_summary() == ["Enter at least 2 options, one a line"]
    assert page.soup.select_one("input[name=text_en]")["value"] == "Which?"
    questions = builder.get_draft("hate-crime-victims").source["pages"][0]["questions"]
    assert questions == []


def test_the_question_page_lists_its_problems_in_the_order_of_its_fields(
    draft_with_a_page, browser: Browser
):
    page = browser.get(NEW_QUESTION)
    labels = [label.get_text(strip=True) for label in page.soup.select("form label")]
    assert labels.index("Question in English") < labels.index("Question key")

    page = browser.post(data={})

    assert page.error_summary() == [
        "Enter the question in English",
        "Enter a question key",
        "Select the type of question",
        "Select whether it must be answered",
    ]
