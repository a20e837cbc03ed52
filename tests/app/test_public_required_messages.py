"""A required question left unanswered says what to do, as GOV.UK's error messages do, in English
and Welsh: in a survey made with the builder, which gives no message of its own, what kind of
answer to give, naming the question (several on one page would otherwise all say "Answer this
question"); on Check your answers the same words. The built-in surveys keep their own."""

from __future__ import annotations

import json

import pytest

from app.services import builder, builder_publish
from models import Response, db
from tests.factories import create_link
from tests.pages import Browser

SLUG = "road-safety-week"
QUESTIONS = [
    {
        "key": "felt_safe",
        "type": "choice",
        "scale": "yes_no",
        "required": True,
        "text": {"en": "Did you feel safe on the road?", "cy": "Oeddech chi'n teimlo'n ddiogel?"},
    },
    {
        "key": "travel",
        "type": "multi_choice",
        "required": True,
        "text": {"en": "How do you travel?", "cy": "Sut ydych chi'n teithio?"},
        "options": [
            {"code": "walk", "label": {"en": "On foot", "cy": "Ar droed"}},
            {"code": "cycle", "label": {"en": "By bike", "cy": "Ar feic"}},
        ],
    },
    {
        "key": "worry",
        "type": "text",
        "required": True,
        "text": {"en": "What worries you most?", "cy": "Beth sy'n eich poeni fwyaf?"},
    },
]
SURVEY = {
    "slug": SLUG,
    "audience": "public",
    "minutes": 2,
    "equality": False,
    "link_defaults": {"kind": "standing", "single_use": False},
    "title": {"en": "Road safety week", "cy": "Wythnos diogelwch ffyrdd"},
    "intro": {"en": ["Tell us about road safety."], "cy": ["Dywedwch wrthym."]},
    "pages": [
        {
            "key": "your-area",
            "title": {"en": "Your area", "cy": "Eich ardal"},
            "questions": [
                {
                    "key": "area",
                    "type": "text",
                    "text": {"en": "Where do you live?", "cy": "Ble rydych chi'n byw?"},
                }
            ],
        },
        {"key": "your-roads", "title": {"en": "Your roads", "cy": "Eich ffyrdd"}},
    ],
}
SURVEY["pages"][1]["questions"] = QUESTIONS

SAYS = {
    "en": [
        "Select an answer to “Did you feel safe on the road?”",
        "Select at least one answer to “How do you travel?”",
        "Enter your answer to “What worries you most?”",
    ],
    "cy": [
        "Dewiswch ateb i “Oeddech chi'n teimlo'n ddiogel?”",
        "Dewiswch o leiaf un ateb i “Sut ydych chi'n teithio?”",
        "Rhowch eich ateb i “Beth sy'n eich poeni fwyaf?”",
    ],
}


@pytest.fixture
def token() -> str:
    """A code for the survey, as an admin would have made and published it."""
    builder.import_source(json.dumps(SURVEY))
    builder_publish.publish(SLUG)
    return create_link(SLUG).token


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_required_question_left_empty_says_what_to_do(
    browser: Browser, token: str, language: str
):
    browser.get(f"/r/{token}/your-roads?lang={language}")
    page = browser.post(data={})
    assert page.status == 400
    assert page.error_summary() == SAYS[language]
    prefix = {"en": "Error:", "cy": "Gwall:"}[language]
    assert [error.removeprefix(prefix).strip() for error in page.field_errors()] == SAYS[language]
    # Each summary link takes the reader to its own question.
    links = [a["href"] for a in page.soup.select(".govuk-error-summary li a")]
    assert links == ["#felt_safe", "#travel", "#worry"]


def test_check_your_answers_says_the_same_of_what_is_missing(browser: Browser, token: str):
    # The first page answered, then straight to Check your answers (by its address, as after
    # going back in the browser's history): the second page's answers are missing.
    browser.get(f"/r/{token}/your-area")
    browser.post(data={"area": "Llandudno"})
    check = browser.get(f"/r/{token}/check")
    assert check.url == f"/r/{token}/check"
    page = browser.post()
    assert page.status == 400
    assert page.error_summary() == SAYS["en"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 0


def test_a_built_in_survey_keeps_its_own_message(browser: Browser):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/how-you-were-treated")
    page = browser.post(data={})
    assert page.error_summary() == ["Select how satisfied you are with how you were treated"]
