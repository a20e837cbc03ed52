"""An error message that names a question the survey has no Welsh for marks the question as
English on a Welsh page (WCAG 3.1.2, language of parts), as the question's own label is: a
screen reader then says "Rhowch eich ateb i" in Welsh and the question in English, instead of
reading the English words with Welsh sounds. So in the error summary and above the field alike,
on a question page and on Check your answers; the message's own words stay Welsh. An English
page, and a question the survey has in Welsh, are not marked; the message is still escaped, and
its plain text (for anything that is not HTML) carries no markup."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from bs4 import Tag
from flask import Flask
from flask_babel import refresh

from app.public.missing import required_message
from app.services import builder, builder_publish
from tests.app.test_public_required_messages import QUESTIONS, SAYS, SURVEY
from tests.factories import create_link
from tests.pages import Browser, Page


def english_only(question: dict[str, Any]) -> dict[str, Any]:
    """The question as a survey made in the builder may have it: its text in English only."""
    return {**question, "text": {"en": question["text"]["en"]}}


#: The required messages' survey, its questions with no Welsh (the pages' titles keep theirs),
#: and two pages more: one whose single choice must be among the ways of travel ticked, and one
#: whose question's text looks like markup, with another that has its own message, in English.
SLUG = "road-safety-english-questions"
MOST = "Which way do you travel most?"
MARKUP = "Is the road <b>safe</b> & lit?"
OWN = "Tell us how far you travel, in miles"
PARTLY_WELSH = {
    **SURVEY,
    "slug": SLUG,
    "pages": [
        SURVEY["pages"][0],
        {
            **SURVEY["pages"][1],
            "questions": [
                *(english_only(question) for question in QUESTIONS),
                {
                    "key": "most",
                    "type": "choice",
                    "required": False,
                    "within": "travel",
                    "text": {"en": MOST},
                    "options": copy.deepcopy(QUESTIONS[1]["options"]),
                },
            ],
        },
        {
            "key": "the-road",
            "title": {"en": "The road", "cy": "Y ffordd"},
            "questions": [
                {
                    "key": "lit",
                    "type": "choice",
                    "scale": "yes_no",
                    "required": True,
                    "text": {"en": MARKUP},
                },
                {
                    "key": "how_far",
                    "type": "text",
                    "required": True,
                    "text": {"en": "How far do you travel?", "cy": "Pa mor bell?"},
                    "error_required": {"en": OWN},
                },
            ],
        },
    ],
}

#: What each required question on "Your roads" says left empty on a Welsh page, the part
#: marked lang="en" shown as <en>…</en>.
WELSH_SAYS = [
    "Dewiswch ateb i “<en>Did you feel safe on the road?</en>”",
    "Dewiswch o leiaf un ateb i “<en>How do you travel?</en>”",
    "Rhowch eich ateb i “<en>What worries you most?</en>”",
]


def publish(definition: dict[str, Any]) -> str:
    """A code for the survey, as an admin would have made and published it."""
    builder.import_source(json.dumps(definition))
    builder_publish.publish(definition["slug"])
    return create_link(definition["slug"]).token


@pytest.fixture
def token() -> str:
    return publish(PARTLY_WELSH)


def read(element: Tag) -> str:
    """What a screen reader reads out, with each part in a language of its own as
    <language>…</language>; a visually hidden "Gwall:" (Error) before a field's message left out."""
    element = copy.copy(element)
    for hidden in element.select(".govuk-visually-hidden"):
        hidden.decompose()
    for part in element.select("[lang]"):
        part.replace_with(f"<{part['lang']}>{part.get_text()}</{part['lang']}>")
    return " ".join(element.get_text().split())


def summary(page: Page) -> list[str]:
    return [read(link) for link in page.soup.select(".govuk-error-summary__list a")]


def field_messages(page: Page) -> list[str]:
    return [read(message) for message in page.soup.select(".govuk-error-message")]


def summary_targets(page: Page) -> list[str]:
    return [link["href"] for link in page.soup.select(".govuk-error-summary__list a")]


def test_a_welsh_page_marks_the_english_question_in_each_message(browser: Browser, token: str):
    browser.get(f"/r/{token}/your-roads?lang=cy")
    page = browser.post(data={})
    assert page.status == 400
    assert page.title.startswith("Gwall: ")
    assert summary(page) == WELSH_SAYS
    assert field_messages(page) == WELSH_SAYS
    # Each link still leads to its own question.
    assert summary_targets(page) == ["#felt_safe", "#travel", "#worry"]


def test_an_answer_too_long_and_one_outside_those_ticked_say_so_marking_the_question(
    browser: Browser, token: str
):
    browser.get(f"/r/{token}/your-roads?lang=cy")
    too_long = "a" * 2001
    page = browser.post(
        data={"felt_safe": "yes", "travel": ["walk"], "worry": too_long, "most": "cycle"}
    )
    assert page.status == 400
    says = [
        "Rhaid i'ch ateb i “<en>What worries you most?</en>” fod yn 2,000 nod neu lai",
        f"Dewiswch eich ateb i “<en>{MOST}</en>” o blith y rhai a ddewisoch chi",
    ]
    assert summary(page) == says
    assert field_messages(page) == says
    assert summary_targets(page) == ["#worry", "#most"]
    assert page.textarea("worry") == too_long  # what was typed is kept


def test_the_question_is_escaped_and_a_message_of_the_survey_s_own_marked_whole(
    browser: Browser, token: str
):
    browser.get(f"/r/{token}/the-road?lang=cy")
    page = browser.post(data={})
    says = [f"Dewiswch ateb i “<en>{MARKUP}</en>”", f"<en>{OWN}</en>"]
    assert summary(page) == says
    assert field_messages(page) == says
    assert page.soup.select("main b") == []  # shown as typed, never as markup


def test_check_your_answers_marks_the_english_question_of_each_missing_answer(
    browser: Browser, token: str
):
    browser.get(f"/r/{token}/your-area?lang=cy")
    browser.post(data={"area": "Llandudno"})
    check = browser.get(f"/r/{token}/check")
    assert check.url == f"/r/{token}/check"
    page = browser.post()
    assert page.status == 400
    assert summary(page) == [*WELSH_SAYS, f"Dewiswch ateb i “<en>{MARKUP}</en>”", f"<en>{OWN}</en>"]
    roads, road = (f"/r/{token}/{key}?change=1" for key in ("your-roads", "the-road"))
    assert summary_targets(page) == [roads, roads, roads, road, road]
    assert page.soup.select("main b") == []


def test_an_english_page_marks_nothing(browser: Browser, token: str):
    browser.get(f"/r/{token}/your-roads?lang=en")
    page = browser.post(data={})
    assert summary(page) == SAYS["en"]
    assert field_messages(page) == SAYS["en"]

    browser.get(f"/r/{token}/your-area")
    browser.post(data={"area": "Llandudno"})
    browser.get(f"/r/{token}/check")
    page = browser.post()
    assert summary(page)[:3] == SAYS["en"]
    assert page.soup.select(".govuk-error-summary [lang]") == []


def test_a_question_the_survey_has_in_welsh_is_not_marked(browser: Browser):
    token = publish(SURVEY)
    browser.get(f"/r/{token}/your-roads?lang=cy")
    page = browser.post(data={})
    assert summary(page) == SAYS["cy"]
    assert field_messages(page) == SAYS["cy"]


def test_the_message_as_text_has_no_markup(app: Flask):
    """Anything that is not HTML (a log, say) gets the message as it reads."""
    question = english_only(QUESTIONS[2])
    with app.test_request_context("/?lang=cy"):
        refresh()
        message = required_message(question, "cy")
        assert str(message) == "Rhowch eich ateb i “What worries you most?”"
        assert json.dumps({"message": message}) == json.dumps(
            {"message": "Rhowch eich ateb i “What worries you most?”"}
        )
