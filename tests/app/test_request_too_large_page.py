"""A public page sent more than the service reads (1 MiB) gets a page of its own, in English
and Welsh: what happened (too long, usually a long text pasted into an answer), that the answers
so far are kept, and what to do (shorten it and send it again), with a link back to the page.
The API keeps its problem+json (test_request_size_limit.py); staff get staff wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from models import Role
from tests.app.welsh_helpers import english_leftovers
from tests.factories import create_link
from tests.pages import Browser, Page
from tests.staff import signed_in

TOO_LONG = "x" * (2 * 1024 * 1024)
WELSH_PO = Path(__file__).resolve().parents[2] / "app/translations/cy/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def welsh_catalogue() -> Catalog:
    with open(WELSH_PO, "rb") as handle:
        return read_po(handle, locale="cy")


def _paragraphs(page: Page) -> list[str]:
    return [" ".join(p.get_text().split()) for p in page.soup.select("main p")]


def _to_the_free_text_page(browser: Browser, token: str, language: str) -> Page:
    """The stop-search journey as far as its free-text page, the first three pages answered."""
    browser.get(f"/r/{token}?lang={language}")
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes", "told_object": "not_sure"})
    browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    return browser.post(data={"respect": "agree", "satisfaction": "satisfied"})


def test_a_very_long_answer_gets_a_clear_page_and_the_answers_so_far_are_kept(
    browser: Browser,
):
    token = create_link().token
    free_text = _to_the_free_text_page(browser, token, "en")
    assert free_text.url == f"/r/{token}/in-your-own-words"

    page = browser.post(data={"went_well": TOO_LONG, "improve": ""})
    assert page.status == 413
    assert page.h1 == "Sorry, what you sent was too long"
    assert page.title.startswith("Sorry, what you sent was too long")
    assert _paragraphs(page) == [
        "The service could not accept what this page sent because it was too long. This "
        "usually happens when a very long piece of text is pasted into an answer. Nothing you "
        "sent from this page was saved.",
        "Your answers so far are kept.",
        "Go back, make what you typed shorter and send it again.",
        "Return to the page you were on",
    ]
    back = page.soup.find("a", string="Return to the page you were on")
    assert back["href"] == f"/r/{token}/in-your-own-words"

    # The page opens again, the answers before it kept: a shorter answer carries on.
    again = browser.get(back["href"])
    assert again.status == 200 and again.url == f"/r/{token}/in-your-own-words"
    browser.get(f"/r/{token}/how-you-were-treated")
    assert browser.page.checked("respect") == ["agree"]
    browser.get(back["href"])
    following = browser.post(data={"went_well": "Polite and quick.", "improve": ""})
    assert following.status == 200 and following.url != f"/r/{token}/in-your-own-words"


def test_the_page_is_in_welsh_for_welsh_readers(browser: Browser, welsh_catalogue: Catalog):
    token = create_link().token
    _to_the_free_text_page(browser, token, "cy")
    page = browser.post(data={"went_well": TOO_LONG, "improve": ""})
    assert page.status == 413
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "Mae'n ddrwg gennym, roedd yr hyn a anfonoch yn rhy hir"
    assert "Mae eich atebion hyd yma wedi'u cadw." in _paragraphs(page)
    assert "Ewch yn ôl, gwnewch yr hyn a deipioch yn fyrrach a'i anfon eto." in _paragraphs(page)
    back = page.soup.find("a", string="Dychwelyd i'r dudalen roeddech chi arni")
    assert back["href"] == f"/r/{token}/in-your-own-words"
    assert english_leftovers(page, welsh_catalogue) == []


def test_outside_a_survey_the_page_does_not_speak_of_answers(browser: Browser):
    browser.get("/r")
    page = browser.post(data={"code": TOO_LONG})
    assert page.status == 413
    assert page.h1 == "Sorry, what you sent was too long"
    assert "Your answers so far are kept." not in _paragraphs(page)
    back = page.soup.find("a", string="Return to the page you were on")
    assert back["href"] == "/r"


def test_the_link_back_keeps_the_pages_own_address_and_nothing_else(browser: Browser):
    token = create_link().token
    _to_the_free_text_page(browser, token, "en")
    page = browser.post(
        f"/r/{token}/in-your-own-words?change=1&lang=en",
        data={"went_well": TOO_LONG, "improve": ""},
    )
    assert page.status == 413
    back = page.soup.find("a", string="Return to the page you were on")
    assert back["href"] == f"/r/{token}/in-your-own-words?change=1"


def test_staff_get_staff_wording(client: FlaskClient, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    browser.get("/officer/codes/new?survey=listening-session")
    page = browser.post(data={"survey": "listening-session", "event_name": TOO_LONG})
    assert page.status == 413
    assert page.h1 == "Sorry, there is a problem"
    assert (
        "What was sent was too large for Listening Post to accept: it takes up to 1 MB at a "
        "time. Go back and send less, such as a shorter text or a smaller file. Nothing that "
        "was sent was saved."
    ) in _paragraphs(page)
