"""A free-text answer's limit is given the same way wherever it is said: "2,000", as the character
count (GOV.UK Frontend's JavaScript) writes it, in the hint shown without JavaScript and in the
too-long error, in English and Welsh; and a question with no limit of its own (as a survey made
with the builder may have) is counted against the limit it is checked against."""

from __future__ import annotations

import json

import pytest

from app.services import builder, builder_publish
from tests.factories import create_link
from tests.pages import Browser

SAYS = {
    "en": (
        "You can enter up to 2,000 characters",
        "Your answer to “What, if anything, did the officer do well?” must be 2,000 characters "
        "or fewer",
    ),
    "cy": (
        "Gallwch roi hyd at 2,000 nod",
        "Rhaid i'ch ateb i “Beth wnaeth y swyddog yn dda, os o gwbl?” fod yn 2,000 nod neu lai",
    ),
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_hint_and_the_error_give_the_limit_alike(browser: Browser, language: str):
    token = create_link("stop-search").token
    page = browser.get(f"/r/{token}/in-your-own-words?lang={language}")
    hint, error = SAYS[language]
    assert page.soup.select_one("#went_well-info").get_text(strip=True) == hint
    page = browser.post(data={"went_well": "x" * 2001})
    assert page.status == 400
    assert page.error_summary() == [error]
    assert page.textarea("went_well") == "x" * 2001


def test_a_question_with_no_limit_of_its_own_is_counted_against_the_default(browser: Browser):
    survey = {
        "slug": "open-day",
        "audience": "public",
        "minutes": 1,
        "equality": False,
        "link_defaults": {"kind": "standing", "single_use": False},
        "title": {"en": "Open day"},
        "intro": {"en": ["Tell us about the open day."]},
        "pages": [
            {
                "key": "open-day",
                "title": {"en": "The open day"},
                "questions": [
                    {"key": "liked", "type": "text", "text": {"en": "What did you like?"}}
                ],
            }
        ],
    }
    builder.import_source(json.dumps(survey))
    builder_publish.publish("open-day")
    token = create_link("open-day").token
    page = browser.get(f"/r/{token}/open-day")
    count = page.soup.select_one("[data-module='govuk-character-count']")
    assert count["data-maxlength"] == "2000"
    assert page.soup.select_one("#liked-info").get_text(strip=True) == SAYS["en"][0]
    assert browser.post(data={"liked": "x" * 2001}).error_summary() == [
        "Your answer to “What did you like?” must be 2,000 characters or fewer"
    ]
