"""The confirmation page shows the withdrawal code once; what it says about the respondent's
follow-up; the check page's Back link; and the language kept when a used link redirects."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.templating import linkify
from tests.app.test_journey import answer_stop_search
from tests.app.test_public_confirmation_language import change_language
from tests.app.test_welsh import answer_in_welsh
from tests.factories import create_link
from tests.pages import Browser, Page

SHOWN_ONCE = (
    "For your privacy, we showed your withdrawal code only once, when you sent your answers, "
    "so that nobody else who uses this phone or computer can see it."
)
PANEL_LINK = "Find out more about the scrutiny panel, or join it"
ASKED_SHOWN_ONCE = (
    "For your privacy, if you asked us about anything in your answers, we showed it only once"
)


def session_cookie(app: Flask, client: FlaskClient) -> dict:
    """What the browser's session cookie holds, decoded as the app reads it."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def withdrawal_code(page: Page) -> str | None:
    shown = page.soup.select_one("#withdrawal-code")
    return shown.get_text(strip=True) if shown else None


def links_in(page: Page, section: str) -> list[tuple[str, str]]:
    """(text, href) of each link in the paragraphs after the heading ``section``."""
    heading = next(h for h in page.soup.select("main h2") if h.get_text(strip=True) == section)
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        found += [(" ".join(a.get_text().split()), a["href"]) for a in sibling.select("a")]
    return found


@pytest.fixture
def sent(browser: Browser) -> tuple[str, str]:
    """A stop-search link answered and sent (asking about the panel); its token and code."""
    link = create_link()
    answer_stop_search(browser, link.token)
    done = browser.post()
    assert done.url == f"/r/{link.token}/done"
    code = withdrawal_code(done)
    assert code and len(code.replace("-", "")) == 16
    return link.token, code


# -- the withdrawal code is shown once -------------------------------------------------------


def test_the_code_is_shown_once_and_then_is_not_in_the_cookie(app, client, browser, sent):
    token, code = sent
    assert "we show it only once" in browser.page.text()
    held = json.dumps(session_cookie(app, client))
    assert code not in held and code.replace("-", "") not in held
    assert token in held  # the cookie still knows these answers were sent


@pytest.mark.parametrize(
    "again",
    ["/r/{token}/done", "/r/{token}", "/r/{token}/check", "/r/{token}/community-panel"],
    ids=["refresh or Back", "the link reopened", "check answers", "a question page"],
)
def test_after_the_first_view_the_page_says_the_code_was_shown_only_once(browser, sent, again):
    token, code = sent
    page = browser.get(again.format(token=token))
    assert page.url == f"/r/{token}/done"
    assert page.h1 == "Thank you, your answers have been sent"
    assert withdrawal_code(page) is None
    assert code not in page.html and code.replace("-", "") not in page.html
    assert SHOWN_ONCE in page.text()
    assert ("Withdraw your answers", "/withdraw") in links_in(page, "Your withdrawal code")
    # What they asked about was shown once too: the page says so, not what it was.
    assert links_in(page, "What you asked about") == []
    assert PANEL_LINK not in page.text()
    assert ASKED_SHOWN_ONCE in page.text()


def test_the_code_read_on_the_first_view_still_withdraws_the_answers(browser, sent):
    token, code = sent
    browser.get(f"/r/{token}/done")
    browser.get("/withdraw")
    assert browser.post(data={"code": code}).h1 == "Your answers have been withdrawn"


def test_the_code_is_shown_once_in_welsh_too(browser):
    link = create_link()
    answer_in_welsh(browser, link.token)
    first = browser.post()
    assert withdrawal_code(first) is not None
    assert "dim ond unwaith y byddwn yn ei ddangos" in first.text()
    again = browser.get(f"/r/{link.token}/done")
    assert again.soup.html["lang"] == "cy"
    assert withdrawal_code(again) is None
    assert "dim ond unwaith y gwnaethom ddangos eich cod tynnu'n ôl" in again.text()


# -- the scrutiny panel follow-up ------------------------------------------------------------


def test_the_panel_follow_up_is_a_link_that_reads_as_words(browser, sent):
    # It ties the question's name for the panel to the name of its page.
    text = browser.page.text()
    assert "The stop and search scrutiny panel is the community panel that reviews searches" in text
    assert links_in(browser.page, "What you asked about") == [
        (f"{PANEL_LINK} (opens in new tab)", "/about/scrutiny-panel")
    ]
    assert browser.get("/about/scrutiny-panel").h1 == "Stop and search scrutiny panel"


def test_while_the_code_is_shown_links_away_open_in_a_new_tab_and_say_so(browser, sent):
    # Leaving the page would lose the code, which is shown only once.
    token, _ = sent
    leaving = browser.page.soup.select("main a")
    assert len(leaving) == 3  # withdraw, the panel, what we have changed
    for link in leaving:
        assert link["target"] == "_blank" and link["rel"] == ["noopener", "noreferrer"]
        assert link.get_text().endswith("(opens in new tab)")
    # Once the code has gone, there is nothing to lose: links open in place.
    again = browser.get(f"/r/{token}/done")
    assert [link.get("target") for link in again.soup.select("main a")] == [None, None]
    assert "new tab" not in again.text()


def test_the_panel_follow_up_in_welsh(browser):
    link = create_link()
    answer_in_welsh(browser, link.token)
    done = browser.post()
    assert (
        "Y panel craffu stopio a chwilio yw'r panel cymunedol sy'n adolygu chwiliadau"
        in done.text()
    )
    assert links_in(done, "Yr hyn y gwnaethoch ofyn amdano") == [
        (
            "Dysgwch fwy am y panel craffu, neu ymunwch ag ef (yn agor mewn tab newydd)",
            "/about/scrutiny-panel",
        )
    ]


def test_what_they_asked_about_follows_the_language_the_page_is_read_in(browser, sent):
    token, _ = sent  # answered in English
    welsh = change_language(browser)
    assert welsh.url == f"/r/{token}/done"
    assert links_in(welsh, "Yr hyn y gwnaethoch ofyn amdano") == [
        (
            "Dysgwch fwy am y panel craffu, neu ymunwch ag ef (yn agor mewn tab newydd)",
            "/about/scrutiny-panel",
        )
    ]
    assert "The stop and search scrutiny panel" not in welsh.text()


def test_a_force_with_its_own_panel_page_gets_the_same_words(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "SCRUTINY_PANEL_URL", "https://police.example/panel?x=1&y=2")
    link = create_link()
    answer_stop_search(browser, link.token)
    done = browser.post()
    assert links_in(done, "What you asked about") == [
        (f"{PANEL_LINK} (opens in new tab)", "https://police.example/panel?x=1&y=2")
    ]


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "See [our <b>results</b>](/you-said-we-did).",
            'See <a class="govuk-link" href="/you-said-we-did">our &lt;b&gt;results&lt;/b&gt;</a>.',
        ),
        (
            "Visit https://example.org/a.",
            'Visit <a class="govuk-link" href="https://example.org/a">https://example.org/a</a>.',
        ),
        ("No [script](javascript:alert(1)) here", "No [script](javascript:alert(1)) here"),
        ("Not [elsewhere](//evil.example)", "Not [elsewhere](//evil.example)"),
        ("Not example.org/about either", "Not example.org/about either"),
        (
            "Email jo.bloggs+panel@police.example.org.",
            'Email <a class="govuk-link" href="mailto:jo.bloggs+panel@police.example.org">'
            "jo.bloggs+panel@police.example.org</a>.",
        ),
        ("Not an @ alone, or jo@localhost", "Not an @ alone, or jo@localhost"),
    ],
)
def test_linkify_makes_links_only_to_web_and_email_addresses(app, text, html):
    with app.test_request_context():
        assert str(linkify(text)) == html


# -- check your answers has a Back link -------------------------------------------------------


def back_link(page: Page) -> tuple[str, str] | None:
    link = page.soup.select_one("a.govuk-back-link")
    return (link.get_text(strip=True), link["href"]) if link else None


@pytest.mark.parametrize(
    ("equality", "last_page"),
    [
        ({"age_band": "25_34"}, "identity"),
        ({"age_band": "under_18"}, "health"),  # under-18s are not asked the identity questions
    ],
)
def test_check_answers_goes_back_to_the_last_page_answered(browser, equality, last_page):
    link = create_link()
    answer_stop_search(browser, link.token, equality=equality)
    check = browser.page
    assert check.h1 == "Check your answers before sending them"
    assert back_link(check) == ("Back", f"/r/{link.token}/{last_page}")
    assert browser.get(back_link(check)[1]).status == 200


def test_the_back_link_on_check_answers_is_in_welsh(browser):
    link = create_link()
    answer_in_welsh(browser, link.token)
    assert back_link(browser.page) == ("Yn ôl", f"/r/{link.token}/identity")


# -- the chosen language survives a used link's redirect -------------------------------------


def test_a_used_link_opened_in_welsh_shows_the_confirmation_in_welsh(browser, sent):
    token, _ = sent
    page = browser.get(f"/r/{token}?lang=cy")
    assert page.url == f"/r/{token}/done"
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "Diolch, mae eich atebion wedi cael eu hanfon"
    assert browser.get(f"/r/{token}/done").soup.html["lang"] == "cy"  # and it is remembered


def test_a_link_typed_in_capitals_keeps_the_language_when_it_is_corrected(browser):
    link = create_link()
    page = browser.get(f"/r/{link.token.upper()}?lang=cy")
    assert page.url == f"/r/{link.token}"
    assert page.soup.html["lang"] == "cy"
