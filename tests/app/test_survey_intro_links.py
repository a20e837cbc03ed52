"""A survey's introduction may link to the force's pages as its follow-up messages do: the
listening session's start page links to "You said, we did", in English and Welsh. Nothing else
in an introduction becomes markup: what looks like HTML is shown as typed."""

from __future__ import annotations

import pytest
from flask import Flask

from app.services import surveys
from app.services.definitions import load_built_in
from models import db
from tests.factories import create_link
from tests.pages import Browser, Page

WORDS = {"en": "“You said, we did” page", "cy": "tudalen “Dywedoch chi, gwnaethom ni”"}


def _intro(page: Page) -> list:
    """The introduction's paragraphs: those after "This survey is run by …" and before the
    inset text."""
    paragraphs = page.soup.select("main p.govuk-body")
    return paragraphs[1 : 1 + len(load_built_in("listening-session")["intro"]["en"])]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_listening_session_intro_links_to_you_said_we_did(browser: Browser, language):
    page = browser.get(f"/r/{create_link('listening-session').token}?lang={language}")
    assert page.status == 200
    links = [a for p in _intro(page) for a in p.select("a")]
    assert [(a.get_text(), a["href"]) for a in links] == [(WORDS[language], "/you-said-we-did")]
    assert "{" not in page.text() and "](" not in page.text()
    # It goes where it says.
    assert browser.get(links[0]["href"]).h1 == (
        "You said, we did" if language == "en" else "Dywedoch chi, gwnaethom ni"
    )


def test_the_link_goes_where_the_force_publishes_its_results(
    app: Flask, browser: Browser, monkeypatch
):
    monkeypatch.setitem(app.config, "RESULTS_PUBLISHED_URL", "https://police.example/results")
    page = browser.get(f"/r/{create_link('listening-session').token}")
    links = [a for p in _intro(page) for a in p.select("a")]
    assert [(a.get_text(), a["href"]) for a in links] == [
        (WORDS["en"], "https://police.example/results")
    ]


def test_an_intro_that_looks_like_html_or_a_script_link_is_shown_as_typed(browser: Browser):
    definition = load_built_in("listening-session")
    typed = [
        'Come to <a href="https://bad.example">our page</a> <script>alert(1)</script>',
        "Press [here](javascript:alert(1)) or see {conversation_booking_text} and {0}",
        "See {scrutiny_panel_url} or write to panel@police.example",
        "Thank you.",
    ]
    definition["intro"] = {"en": typed}
    surveys.publish_version("listening-session", definition)
    db.session.commit()

    page = browser.get(f"/r/{create_link('listening-session').token}")
    assert page.status == 200
    paragraphs = _intro(page)
    assert [p.get_text() for p in paragraphs[:2]] == typed[:2]
    # No element comes from what was typed: only links, each to a web address, a path or an
    # email address (a bare address in the typed text is a link, as in follow-up messages).
    assert {tag.name for p in paragraphs for tag in p.find_all(True)} <= {"a"}
    hrefs = [a["href"] for p in paragraphs for a in p.select("a")]
    assert all(href.startswith(("https://", "/", "mailto:")) for href in hrefs), hrefs
    assert not page.soup.select("main script") and "javascript" not in "".join(hrefs)
    assert not paragraphs[1].select("a")
    # The force's own addresses and an email address still become links.
    assert [(a.get_text(), a["href"]) for a in paragraphs[2].select("a")] == [
        ("/about/scrutiny-panel", "/about/scrutiny-panel"),
        ("panel@police.example", "mailto:panel@police.example"),
    ]
