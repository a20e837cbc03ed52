"""A question that may be skipped says so on its page, as GOV.UK asks: "(optional)" after the
question, "(dewisol)" in Welsh; a question that must be answered is not marked. The marker is
the page's, not the survey's: an error message naming the question, Check your answers and the
results show the question as the survey has it. A question whose own text already ends with the
marker, in either language, however written, is not marked again (what the builder says of the
marker: test_builder_optional_marker.py). The equality questions' first page, whose
introduction already says they are optional, does not say it again by each question: the
introduction describes each question's options instead, so that a screen reader says it too."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext

from app.public.question_labels import MARKERS
from app.services.definitions import load_built_in, localised
from models import Role
from tests.app.test_journey import answer_stop_search
from tests.app.test_welsh_error_language_of_parts import PARTLY_WELSH, publish
from tests.factories import create_link
from tests.pages import Browser, Page
from tests.results_data import add_responses, group
from tests.staff import signed_in

MARKER = {"en": " (optional)", "cy": " (dewisol)"}
STOP_SEARCH = load_built_in("stop-search")
QUESTIONS = {q["key"]: q for page in STOP_SEARCH["pages"] for q in page["questions"]}


def text(key: str, language: str) -> str:
    return localised(QUESTIONS[key]["text"], language)


def read(element: Tag) -> str:
    """The words as a screen reader has them, a part in a language of its own as <en>…</en>."""
    element = copy.copy(element)
    for part in element.select("[lang]"):
        part.replace_with(f"<{part['lang']}>{part.get_text()}</{part['lang']}>")
    return " ".join(element.get_text().split())


def labels(page: Page) -> dict[str, str]:
    """Each question's legend (radios, checkboxes) or label (a text box), by the question's key."""
    found = {}
    for fieldset in page.soup.select("main form fieldset"):
        field = fieldset.select_one("input[type=radio], input[type=checkbox]")
        found[field["name"]] = read(fieldset.select_one("legend"))
    for box in page.soup.select("main form textarea"):
        found[box["name"]] = read(page.soup.select_one(f"label[for={box['id']}]"))
    return found


def everything_said(page: Page) -> str:
    return " ".join(page.soup.select_one("main").get_text().split())


@pytest.fixture
def token() -> str:
    return create_link().token


@pytest.mark.parametrize("language", ["en", "cy"])
def test_only_the_questions_that_may_be_skipped_say_so(browser: Browser, token: str, language: str):
    page = browser.get(f"/r/{token}/how-you-were-treated?lang={language}")
    assert labels(page) == {
        "respect": text("respect", language) + MARKER[language],
        "fair": text("fair", language) + MARKER[language],
        "satisfaction": text("satisfaction", language),  # required: not marked
        "confidence_change": text("confidence_change", language) + MARKER[language],
    }

    boxes = browser.get(f"/r/{token}/in-your-own-words?lang={language}")
    assert labels(boxes) == {
        "went_well": text("went_well", language) + MARKER[language],
        "improve": text("improve", language) + MARKER[language],
    }


def test_a_welsh_page_says_dewisol_and_never_optional(browser: Browser, token: str):
    page = browser.get(f"/r/{token}/what-you-were-told?lang=cy")
    said = everything_said(page)
    assert "(dewisol)" in said and "(optional)" not in said
    english = browser.get(f"/r/{token}/what-you-were-told?lang=en")
    assert "(dewisol)" not in everything_said(english)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_message_for_a_required_question_does_not_call_it_optional(
    browser: Browser, token: str, language: str
):
    browser.get(f"/r/{token}/how-you-were-treated?lang={language}")
    page = browser.post(data={"respect": "agree"})
    assert page.status == 400
    (message,) = page.error_summary()
    assert message == localised(QUESTIONS["satisfaction"]["error_required"], language)
    assert labels(page)["satisfaction"] == text("satisfaction", language)
    for said in (*page.error_summary(), *page.field_errors()):
        assert MARKER[language].strip() not in said
    assert page.checked("respect") == ["agree"]  # what was given is kept


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_message_naming_an_optional_question_quotes_it_unmarked(
    browser: Browser, token: str, language: str
):
    browser.get(f"/r/{token}/in-your-own-words?lang={language}")
    page = browser.post(data={"went_well": "a" * 2001})
    assert page.status == 400
    (message,) = page.error_summary()
    assert f"“{text('went_well', language)}”" in message
    assert MARKER[language].strip() not in " ".join([message, *page.field_errors()])
    # The box itself still says it may be left empty.
    assert labels(page)["went_well"] == text("went_well", language) + MARKER[language]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_check_your_answers_shows_the_questions_as_the_survey_has_them(
    browser: Browser, token: str, language: str
):
    answer_stop_search(browser, token)
    page = browser.get(f"/r/{token}/check?lang={language}")
    assert page.url == f"/r/{token}/check"
    said = everything_said(page)
    assert text("respect", language) in said
    assert MARKER[language].strip() not in said


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_equality_questions_are_said_to_be_optional_once_on_their_first_page(
    browser: Browser, token: str, language: str
):
    first = browser.get(f"/r/{token}/ethnic-group?lang={language}")
    intro = localised(STOP_SEARCH["equality_intro"], language)
    assert intro in everything_said(first)
    assert labels(first) == {"ethnic_group": text("ethnic_group", language)}

    later = browser.get(f"/r/{token}/about-you?lang={language}")
    assert intro not in everything_said(later)
    assert labels(later) == {
        key: text(key, language) + MARKER[language] for key in ("age_band", "sex", "religion")
    }


def test_on_a_welsh_page_the_marker_follows_a_question_shown_in_english(browser: Browser):
    token = publish(PARTLY_WELSH)
    page = browser.get(f"/r/{token}/your-roads?lang=cy")
    shown: dict[str, Any] = labels(page)
    # Required, in English only: marked as English, and not as optional.
    assert shown["felt_safe"] == "<en>Did you feel safe on the road?</en>"
    # Optional, in English only: the marker is the page's own word, in Welsh, outside the mark.
    assert shown["most"] == "<en>Which way do you travel most?</en> (dewisol)"
    area = browser.get(f"/r/{token}/your-area?lang=cy")
    assert labels(area) == {"area": "Ble rydych chi'n byw? (dewisol)"}


def test_the_results_show_the_question_as_the_survey_has_it(client: FlaskClient, browser: Browser):
    add_responses(group(20, "white", answers={"respect": "agree"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    assert page.table(text("respect", "en"))
    assert "(optional)" not in page.text()


#: A survey written before the page marked its questions, some with the marker in their text.
MARKED_BY_ITS_AUTHOR = {
    "slug": "road-safety-marked-by-its-author",
    "audience": "public",
    "minutes": 2,
    "equality": False,
    "link_defaults": {"kind": "standing", "single_use": False},
    "title": {"en": "Road safety week", "cy": "Wythnos diogelwch ffyrdd"},
    "intro": {"en": ["Tell us about road safety."], "cy": ["Dywedwch wrthym."]},
    "pages": [
        {
            "key": "your-roads",
            "title": {"en": "Your roads", "cy": "Eich ffyrdd"},
            "questions": [
                {
                    "key": "area",
                    "type": "text",
                    "text": {
                        "en": "Where do you live? (optional)",
                        "cy": "Ble rydych chi'n byw? (dewisol)",
                    },
                },
                {
                    "key": "safe",
                    "type": "choice",
                    "scale": "yes_no",
                    "required": False,
                    "text": {"en": "Did you feel safe?  ( Optional )"},  # no Welsh
                },
                {
                    "key": "lit",
                    "type": "choice",
                    "scale": "yes_no",
                    "required": False,
                    "text": {
                        "en": "Was the road lit?",
                        "cy": "Oedd y ffordd wedi'i goleuo?(Dewisol)",
                    },
                },
                {
                    "key": "extras",
                    "type": "text",
                    "text": {
                        "en": "What would make the optional cycle lane better?",
                        "cy": "Beth fyddai'n gwella'r lôn feicio ddewisol?",
                    },
                },
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "area": "Where do you live? (optional)",
                "safe": "Did you feel safe? ( Optional )",
                "lit": "Was the road lit? (optional)",
                "extras": "What would make the optional cycle lane better? (optional)",
            },
        ),
        (
            "cy",
            {
                "area": "Ble rydych chi'n byw? (dewisol)",
                # The English text's own marker is enough: not "( Optional ) (dewisol)".
                "safe": "<en>Did you feel safe? ( Optional )</en>",
                "lit": "Oedd y ffordd wedi'i goleuo?(Dewisol)",
                "extras": "Beth fyddai'n gwella'r lôn feicio ddewisol? (dewisol)",
            },
        ),
    ],
)
def test_a_question_that_already_says_it_is_optional_is_not_marked_again(
    browser: Browser, language: str, expected: dict[str, str]
):
    token = publish(MARKED_BY_ITS_AUTHOR)
    page = browser.get(f"/r/{token}/your-roads?lang={language}")
    assert labels(page) == expected


def test_the_markers_not_added_again_are_those_the_page_adds(app: Flask):
    for language in app.config["LANGUAGES"]:
        with app.test_request_context(), force_locale(language):
            added = gettext("%(question)s (optional)") % {"question": ""}
        assert "".join(added.split()).casefold() in MARKERS


def described(page: Page, element: Tag) -> str:
    """An element's accessible description: the words of what its aria-describedby names."""
    ids = element.get("aria-describedby", "").split()
    return " ".join(read(page.soup.select_one(f"[id='{name}']")) for name in ids)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_equality_introduction_describes_the_question_it_leaves_unmarked(
    browser: Browser, token: str, language: str
):
    intro = localised(STOP_SEARCH["equality_intro"], language)
    first = browser.get(f"/r/{token}/ethnic-group?lang={language}")
    (fieldset,) = first.soup.select("main form fieldset")
    assert described(first, fieldset) == intro

    # With an error, the question is described by both.
    page = browser.post(f"/r/{token}/ethnic-group", data={"ethnic_group": "none-of-these"})
    assert page.status == 400
    (fieldset,) = page.soup.select("main form fieldset")
    (message,) = page.field_errors()
    assert described(page, fieldset).startswith(intro + " ")
    assert message in described(page, fieldset)
    assert page.checked("ethnic_group") == []

    # The pages after it, with no introduction, mark their questions instead.
    later = browser.get(f"/r/{token}/about-you?lang={language}")
    assert not any(described(later, f) for f in later.soup.select("main form fieldset"))
