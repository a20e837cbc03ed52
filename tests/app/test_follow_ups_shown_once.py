"""What the answers asked about is shown once on the confirmation page, as the withdrawal code is.

Say to Stay is often answered on a shared station PC: kept in the cookie, the note on booking a
confidential conversation would show to the next person who opened the browser's history. The
language button brings the notes back in the other language, carried by the page's form as the
survey's own ids for them, never their text; anything else sent there is ignored. Once shown,
the page says only that anything asked about was shown once, in words that do not tell whether
anything was.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.app.test_follow_ups import ASKED_ABOUT, BOOKING, ask_for_a_conversation, asked_about
from tests.app.test_public_confirmation_language import change_language, session_cookie
from tests.pages import Browser, Page

SHOWN_ONCE = {
    "en": "For your privacy, if you asked us about anything in your answers, we showed it only "
    "once, when you sent them, so that nobody else who uses this phone or computer can see it.",
    "cy": "Er mwyn diogelu eich preifatrwydd, os gwnaethoch ofyn i ni am unrhyw beth yn eich "
    "atebion, dim ond unwaith y gwnaethom ei ddangos, pan wnaethoch eu hanfon, fel na all neb "
    "arall sy'n defnyddio'r ffôn neu'r cyfrifiadur hwn ei weld.",
}
NOTE_NOW = {
    "en": "For your privacy, we show this only once: make a note of anything you need now.",
    "cy": "Er mwyn diogelu eich preifatrwydd, dim ond unwaith y byddwn yn dangos hyn: gwnewch "
    "nodyn o unrhyw beth sydd ei angen arnoch nawr.",
}
EMAIL = "saytostay@example.org"


def text_of(page: Page, selector: str) -> str | None:
    found = page.soup.select_one(selector)
    return " ".join(found.get_text().split()) if found else None


def shown_code(page: Page) -> str | None:
    return text_of(page, "#withdrawal-code")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_conversation_note_is_shown_once_and_a_reload_says_so(app, browser, language):
    done = ask_for_a_conversation(browser, language)
    assert asked_about(done, language) == [BOOKING[language]]
    assert text_of(done, "#follow-ups-once") == NOTE_NOW[language]
    assert EMAIL not in session_cookie(app, browser)

    again = browser.get(done.url)
    assert again.status == 200 and again.soup.html["lang"] == language
    assert EMAIL not in again.html
    assert asked_about(again, language) == [SHOWN_ONCE[language]]
    assert text_of(again, "#follow-ups-shown") == SHOWN_ONCE[language]
    # Opened in the other language, there is still nothing to see.
    other = browser.get(f"{done.url}?lang={'en' if language == 'cy' else 'cy'}")
    assert EMAIL not in other.html and text_of(other, "#follow-ups-shown")


def test_the_language_button_shows_the_note_in_welsh_and_a_reload_does_not(app, browser):
    done = ask_for_a_conversation(browser, "en")
    code = shown_code(done)
    # The page's form carries the note's id in the survey, not its words.
    held = [field["value"] for field in done.soup.select("form#shown-code input[name=follow_up]")]
    assert held == ["conversation:yes"]

    welsh = change_language(browser)
    assert welsh.status == 200 and welsh.url == done.url and welsh.soup.html["lang"] == "cy"
    assert asked_about(welsh, "cy") == [BOOKING["cy"]]
    assert shown_code(welsh) == code
    english = change_language(browser)
    assert asked_about(english, "en") == [BOOKING["en"]] and shown_code(english) == code
    assert EMAIL not in session_cookie(app, browser)

    again = browser.get(done.url)
    assert EMAIL not in again.html and shown_code(again) is None
    assert text_of(again, "#follow-ups-shown") == SHOWN_ONCE["en"]


@pytest.mark.parametrize(
    "sent",
    [
        ["Email attacker@example.com to book"],  # text of its own: never shown
        ["conversation:no"],  # an answer the survey has no note for
        ["hear_back:yes"],  # another survey's note
        ["conversation:yes<script>"],
        ["x" * 5000],
        [""],
    ],
    ids=["free text", "no note", "another survey", "markup", "long", "empty"],
)
def test_a_follow_up_the_survey_does_not_offer_is_ignored(browser, sent):
    done = ask_for_a_conversation(browser, "en")
    code = shown_code(done)
    page = change_language(browser, {"follow_up": sent})
    assert page.status == 200 and page.url == done.url and page.soup.html["lang"] == "cy"
    assert shown_code(page) == code  # the code sent with them is still shown
    assert ASKED_ABOUT["cy"] not in page.text() and EMAIL not in page.html
    assert "attacker@example.com" not in page.html and "<script>" not in page.html


def test_only_the_survey_s_notes_are_shown_among_what_was_sent(browser):
    done = ask_for_a_conversation(browser, "en")
    page = change_language(
        browser, {"follow_up": ["not:one", "conversation:yes", "conversation:yes"]}
    )
    assert page.url == done.url
    assert asked_about(page, "cy") == [BOOKING["cy"]]


def test_once_shown_the_page_reads_the_same_whether_or_not_a_conversation_was_asked_for(
    app: Flask, browser: Browser
):
    asked = ask_for_a_conversation(browser, "en")
    asked_again = browser.get(asked.url)
    browser.client.delete_cookie("session")
    not_asked = ask_for_a_conversation(browser, "en", conversation="no")
    assert shown_code(not_asked) and ASKED_ABOUT["en"] not in not_asked.text()
    not_asked_again = browser.get(not_asked.url)
    assert text_of(asked_again, "main") == text_of(not_asked_again, "main")
