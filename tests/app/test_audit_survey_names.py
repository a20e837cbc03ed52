"""The audit log names the page or question a survey edit was about as it read at the time,
even once it has been reworded, removed, or its key given to another question; and two surveys
with one title (an imported copy) are told apart by their short names."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from app.services import builder
from models import Role, User
from tests.app.test_builder import DETAILS, build_training_survey
from tests.pages import Browser
from tests.staff import signed_in

SUMMARY = f"/admin/surveys/{DETAILS['slug']}"
QUESTION = f"{SUMMARY}/pages/the-session/questions"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _rows(browser: Browser, action: str) -> list[list[str]]:
    page = browser.get(f"/admin/audit?action={action}")
    return [
        [" ".join(cell.get_text().split()) for cell in row.select("td")[2:]]
        for row in page.soup.select("#audit-events tbody tr")
    ]


def _question(browser: Browser, url: str, text: str) -> None:
    browser.get(url)
    page = browser.post(
        data={"text_en": text, "key": "useful", "type": "scale:useful4", "required": "no"}
    )
    assert page.url == SUMMARY, page.text()


def test_edits_name_the_question_as_it_read_then(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get(f"{SUMMARY}/pages/new")
    browser.post(data={"key": "the-session", "title_en": "The session"})
    _question(browser, f"{QUESTION}/new", "How useful was it?")
    _question(browser, f"{QUESTION}/useful", "How useful was the session?")
    browser.get(f"{QUESTION}/useful/remove")
    browser.post()
    _question(browser, f"{QUESTION}/new", "How useful was the film?")  # the key again
    browser.get(f"{SUMMARY}/pages/the-session")
    browser.post(data={"key": "the-session", "title_en": "The training day"})

    title = DETAILS["title_en"]
    assert _rows(browser, "survey.edit") == [
        ["Survey draft changed", title, "Change: Page changed; Page: “The training day”"],
        [
            "Survey draft changed",
            title,
            "Change: Question added; Question: “How useful was the film?”",
        ],
        [
            "Survey draft changed",
            title,
            "Change: Question removed; Question: “How useful was the session?”",
        ],
        [
            "Survey draft changed",
            title,
            "Change: Question changed; Question: “How useful was the session?”",
        ],
        ["Survey draft changed", title, "Change: Question added; Question: “How useful was it?”"],
        ["Survey draft changed", title, "Change: Page added; Page: “The session”"],
    ]


def test_an_imported_copy_with_the_same_title_is_told_apart(admin, browser: Browser):
    build_training_survey(browser)
    copy = builder.get_draft(DETAILS["slug"]).source | {"slug": "training-copy"}
    browser.get("/admin/surveys/import")
    browser.post(data={"definition": json.dumps(copy)})

    title = DETAILS["title_en"]
    assert _rows(browser, "survey.import") == [["Survey imported", f"{title} (training-copy)", ""]]
    # Unfiltered, the log names the original by its short name too.
    started = [row[1] for row in _rows(browser, "") if row[0] == "Survey draft started"]
    assert started == [f"{title} ({DETAILS['slug']})"]
