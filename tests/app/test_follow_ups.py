"""The confirmation page's follow-up notes, in English and Welsh: the listening session's
"hear back" note links to the "You said, we did" page with words, not a bare address; the Say to
Stay conversation note is in the language the page is read in, from the force's settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from tests.app.test_confirmation import links_in
from tests.app.test_public_confirmation_language import change_language
from tests.factories import create_link
from tests.pages import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
ASKED_ABOUT = {"en": "What you asked about", "cy": "Yr hyn y gwnaethoch ofyn amdano"}
NEW_TAB = {"en": "(opens in new tab)", "cy": "(yn agor mewn tab newydd)"}
BOOKING = {
    "en": "Email the independent Say to Stay team at saytostay@example.org to book a "
    "conversation. Nobody in your line management chain will be told.",
    "cy": "E-bostiwch dîm annibynnol Dweud i Aros ar saytostay@example.org i drefnu sgwrs. "
    "Ni chaiff neb yn eich cadwyn rheoli llinell wybod.",
}


def asked_about(page: Page, language: str) -> list[str]:
    """The notes under "What you asked about" (not the sentence saying they are shown once)."""
    heading = next(
        h for h in page.soup.select("main h2") if h.get_text(strip=True) == ASKED_ABOUT[language]
    )
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name != "p":
            break
        if sibling.get("id") != "follow-ups-once":
            found.append(" ".join(sibling.get_text().split()))
    return found


def hear_back(browser: Browser, language: str) -> Page:
    """A listening session answered (in ``language``) asking to hear back; the confirmation."""
    token = create_link("listening-session", event_name="Town hall").token
    browser.get(f"/r/{token}?lang={language}")
    browser.get(f"/r/{token}/what-next")
    browser.post(data={"hear_back": "yes"})
    browser.get(f"/r/{token}/check")
    done = browser.post()
    assert done.url == f"/r/{token}/done"
    assert done.soup.html["lang"] == language
    return done


def ask_for_a_conversation(browser: Browser, language: str, conversation: str = "yes") -> Page:
    """Say to Stay answered (in ``language``) asking for a conversation (or, ``conversation``
    "no", not); the confirmation."""
    token = create_link("say-to-stay").token
    browser.get(f"/r/{token}?lang={language}")
    browser.get(f"/r/{token}/about-your-role")
    browser.post(data={"role": "police_officer", "stage": "thinking"})
    browser.get(f"/r/{token}/a-conversation")
    browser.post(data={"conversation": conversation})
    browser.get(f"/r/{token}/check")
    done = browser.post()
    assert done.url == f"/r/{token}/done"
    assert done.soup.html["lang"] == language
    return done


# -- hearing back: a link that reads as words -----------------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "sentence"),
    [
        (
            "en",
            "“You said, we did” page",
            "We publish what people told us and what we did about it on our "
            "“You said, we did” page",
        ),
        (
            "cy",
            "tudalen “Dywedoch chi, gwnaethom ni”",
            "Rydym yn cyhoeddi'r hyn a ddywedodd pobl wrthym a'r hyn a wnaethom yn ei gylch ar "
            "ein tudalen “Dywedoch chi, gwnaethom ni”",
        ),
    ],
)
def test_hearing_back_links_to_the_results_page_with_words(browser, language, words, sentence):
    done = hear_back(browser, language)
    assert asked_about(done, language) == [f"{sentence} {NEW_TAB[language]}."]
    assert links_in(done, ASKED_ABOUT[language]) == [
        (f"{words} {NEW_TAB[language]}", "/you-said-we-did")
    ]
    assert "/you-said-we-did" not in done.text()  # the address is never the link's text
    assert browser.get("/you-said-we-did").status == 200


def test_hearing_back_follows_the_language_the_page_is_read_in(browser):
    hear_back(browser, "en")
    welsh = change_language(browser)
    assert links_in(welsh, ASKED_ABOUT["cy"]) == [
        (f"tudalen “Dywedoch chi, gwnaethom ni” {NEW_TAB['cy']}", "/you-said-we-did")
    ]
    assert "We publish" not in welsh.text()


def test_a_force_with_its_own_results_page_gets_the_same_words(app: Flask, browser, monkeypatch):
    monkeypatch.setitem(app.config, "RESULTS_PUBLISHED_URL", "https://police.example/results")
    done = hear_back(browser, "en")
    assert (
        f"“You said, we did” page {NEW_TAB['en']}",
        "https://police.example/results",
    ) in links_in(done, ASKED_ABOUT["en"])


# -- booking a conversation: in the page's language ----------------------------------------


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_conversation_note_is_in_the_language_of_the_page(browser, language):
    done = ask_for_a_conversation(browser, language)
    assert asked_about(done, language) == [BOOKING[language]]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_conversation_note_s_email_address_opens_the_email_app(browser, language):
    # Tapped on a phone, it starts an email to the team; it opens no page, so it may sit beside
    # the withdrawal code without saying it opens a new tab.
    done = ask_for_a_conversation(browser, language)
    assert links_in(done, ASKED_ABOUT[language]) == [
        ("saytostay@example.org", "mailto:saytostay@example.org")
    ]
    assert done.soup.select_one("#withdrawal-code") is not None


def test_the_conversation_note_follows_the_language_the_page_is_read_in(browser):
    ask_for_a_conversation(browser, "en")
    assert asked_about(change_language(browser), "cy") == [BOOKING["cy"]]
    assert asked_about(change_language(browser), "en") == [BOOKING["en"]]


def test_a_force_sets_its_own_conversation_note_in_each_language(app: Flask, browser, monkeypatch):
    monkeypatch.setitem(app.config, "CONVERSATION_BOOKING_TEXT", "Call Jo on 01234 567890.")
    monkeypatch.setitem(app.config, "CONVERSATION_BOOKING_TEXT_CY", "Ffoniwch Jo ar 01234 567890.")
    done = ask_for_a_conversation(browser, "cy")
    assert asked_about(done, "cy") == ["Ffoniwch Jo ar 01234 567890."]
    assert asked_about(change_language(browser), "en") == ["Call Jo on 01234 567890."]


def test_with_only_the_english_note_set_welsh_readers_get_it_not_the_demo(
    app: Flask, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "CONVERSATION_BOOKING_TEXT", "Call Jo on 01234 567890.")
    monkeypatch.setitem(app.config, "CONVERSATION_BOOKING_TEXT_CY", None)
    done = ask_for_a_conversation(browser, "cy")
    assert asked_about(done, "cy") == ["Call Jo on 01234 567890."]


def _welsh_setting(**environment: str) -> str:
    """CONVERSATION_BOOKING_TEXT_CY as the configuration reads it from this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CONVERSATION_BOOKING_TEXT")
    }
    code = "from app.config import Config; print(repr(Config.CONVERSATION_BOOKING_TEXT_CY))"
    shown = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stdout.strip()


def test_the_welsh_setting_is_read_from_the_environment():
    assert _welsh_setting() == repr(BOOKING["cy"])
    assert _welsh_setting(CONVERSATION_BOOKING_TEXT_CY="Ffoniwch ni.") == repr("Ffoniwch ni.")
    # Only the English set: no Welsh demo address; the English is shown instead (above).
    assert _welsh_setting(CONVERSATION_BOOKING_TEXT="Call us.") == "None"
    assert _welsh_setting(
        CONVERSATION_BOOKING_TEXT="Call us.", CONVERSATION_BOOKING_TEXT_CY="Ffoniwch ni."
    ) == repr("Ffoniwch ni.")
