"""The scrutiny panel page that stop-search follow-up messages link to: there by default, in
English and Welsh, saying what the panel is, that anyone can join or watch, and how to get in
touch."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from tests.app.test_journey import answer_stop_search
from tests.app.test_welsh import WELSH_PO, answer_in_welsh, english_leftovers
from tests.factories import create_link
from tests.pages import Browser

PATH = "/about/scrutiny-panel"


def test_the_done_page_links_to_a_page_that_exists(app: Flask, browser: Browser):
    assert app.config["SCRUTINY_PANEL_URL"] == PATH
    link = create_link()
    answer_stop_search(browser, link.token)
    done = browser.post()
    assert done.h1 == "Thank you, your answers have been sent"
    links = [a["href"] for a in done.soup.select("main a") if "scrutiny" in a["href"]]
    assert links == [PATH]
    page = browser.get(links[0])
    assert page.status == 200
    assert page.h1 == "Stop and search scrutiny panel"


def test_the_page_says_what_the_panel_is_and_how_to_join_or_watch(browser: Browser):
    page = browser.get(PATH)
    assert page.status == 200
    assert page.title.startswith("Stop and search scrutiny panel")
    text = page.text()
    assert "independent of the police" in text
    assert "Demoshire Police uses stop and search fairly" in text
    assert "Anyone who lives or works in the area can apply to join" in text
    assert "come to a meeting to watch and listen" in text
    contact = page.soup.select_one("#scrutiny-panel-contact").get_text(" ", strip=True)
    assert contact.startswith("To join the panel or to watch a meeting, contact your local police")
    assert "Call 101" in contact
    complaints = page.soup.select_one(".govuk-inset-text a")
    assert complaints["href"] == "https://www.policeconduct.gov.uk/complaints"
    # Served from here: no link to "more on the force's website".
    assert "website" not in " ".join(a.get_text() for a in page.soup.select("main a"))


def test_the_page_in_welsh(browser: Browser):
    with open(WELSH_PO, "rb") as handle:
        welsh_po = read_po(handle, locale="cy")
    page = browser.get(f"{PATH}?lang=cy")
    assert page.status == 200
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "Panel craffu stopio a chwilio"
    text = page.text()
    assert "annibynnol ar yr heddlu" in text and "Sut i gysylltu" in text
    contact = page.soup.select_one("#scrutiny-panel-contact").get_text(" ", strip=True)
    assert contact.startswith("I ymuno â'r panel neu i wylio cyfarfod, cysylltwch â'ch heddlu")
    assert english_leftovers(page, welsh_po) == []


def test_the_welsh_done_page_links_to_the_welsh_panel_page(browser: Browser):
    link = create_link()
    answer_in_welsh(browser, link.token)
    done = browser.post()
    (href,) = [a["href"] for a in done.soup.select("main a") if "scrutiny" in a["href"]]
    assert browser.get(href).h1 == "Panel craffu stopio a chwilio"


def test_a_force_sets_its_own_contact_and_panel_page(
    app: Flask, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    own_page = "https://www.demoshire.police.uk/scrutiny"
    contact = "Email scrutiny@demoshire.example or see https://www.demoshire.police.uk/panel"
    monkeypatch.setitem(app.config, "SCRUTINY_PANEL_URL", own_page)
    monkeypatch.setitem(app.config, "SCRUTINY_PANEL_CONTACT", contact)
    page = browser.get(PATH)
    assert page.status == 200
    box = page.soup.select_one("#scrutiny-panel-contact")
    assert box.get_text(" ", strip=True) == contact
    assert [a["href"] for a in box.select("a")] == [
        "mailto:scrutiny@demoshire.example",
        "https://www.demoshire.police.uk/panel",
    ]
    more = page.soup.find("a", string="More about the panel on the Demoshire Police website")
    assert more is not None and more["href"] == own_page
