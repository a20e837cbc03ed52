"""What stops a draft being published is placed by the page's title and the question's text, as
the admin wrote them, not by the keys stored in the definition; an imported file's problems keep
the keys, which are what find the place in the file."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from app.builder.describe import problem_place
from models import Role, User
from tests.app.test_builder import DETAILS
from tests.pages import Browser
from tests.staff import signed_in

SUMMARY = "/admin/surveys/black-history-training"
LONG_QUESTION = (
    "Thinking about the whole of the training day, including the talks, the film and the "
    "group work, what is your email address?"
)


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_a_draft_s_problems_name_the_page_title_and_question_text(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get(f"{SUMMARY}/pages/new")
    browser.post(data={"key": "how-it-went", "title_en": "How the day went"})
    browser.post(
        data={"text_en": LONG_QUESTION, "key": "how_reported", "type": "text", "required": "no"}
    )
    browser.get(f"{SUMMARY}/pages/new")
    browser.post(data={"key": "empty-page", "title_en": "Anything else"})

    page = browser.get(f"{SUMMARY}?check=1")
    assert page.status == 400
    shortened = LONG_QUESTION[:79].rstrip() + "\u2026"
    assert page.error_summary() == [
        f"Page \u201cHow the day went\u201d, question \u201c{shortened}\u201d: A free-text "
        "question must not ask for names or contact details (such as an email address, phone "
        "number or address): answers are anonymous",
        "Page \u201cAnything else\u201d: Add at least one question to this page",
    ]
    summary = " ".join(page.soup.select_one(".govuk-error-summary").get_text().split())
    assert "how-it-went" not in summary and "how_reported" not in summary
    # Each still links to where it is put right.
    links = [a["href"] for a in page.soup.select(".govuk-error-summary li a")]
    assert links == [
        f"{SUMMARY}/pages/how-it-went/questions/how_reported#text_en",
        f"{SUMMARY}/pages/empty-page#questions",
    ]


def test_a_page_or_question_with_no_words_yet_is_named_by_its_key_or_place():
    source = {
        "pages": [
            {"key": "about-you", "title": {"en": "About you"}, "questions": [{"key": "age"}]},
            {"key": "untitled", "questions": [{"text": {"en": "  How   old are you? "}}]},
            {"title": {"en": ""}, "questions": []},
        ]
    }
    assert problem_place(source, "about-you", "age") == "Page \u201cAbout you\u201d, question age"
    assert problem_place(source, "untitled", "1") == (
        "Page untitled, question \u201cHow old are you?\u201d"
    )
    assert problem_place(source, "3", None) == "Page 3"
    assert problem_place(source, "gone", "gone_too") == "Page gone, question gone_too"
    assert problem_place(source, None, None) == ""


def test_an_imported_file_s_problems_keep_the_keys_that_find_them_in_the_file(
    admin, browser: Browser
):
    definition = {
        "slug": "black-history-training",
        "audience": "staff",
        "title": {"en": "Learning from our Black History"},
        "intro": {"en": ["Tell us what you thought of the training."]},
        "pages": [
            {
                "key": "how-it-went",
                "title": {"en": "How the day went"},
                "questions": [
                    {"key": "how_reported", "type": "text", "text": {"en": LONG_QUESTION}}
                ],
            }
        ],
    }
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": json.dumps(definition)})
    assert page.status == 400
    assert page.error_summary() == [
        "Page how-it-went, question how_reported: A free-text question must not ask for names "
        "or contact details (such as an email address, phone number or address): answers are "
        "anonymous"
    ]
