"""The confirmation page shows the withdrawal code once. Changing language there must not lose
it: while the code is shown, the language control is a button that sends the code back with the
page's form, and the page comes back in the other language still showing it. The code is kept
nowhere but the page (never in the cookie or an address); a code that is not one is not shown.
While the code is shown every link away from the page, the footer's too, opens in a new tab, and
the header's service name is not a link.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.app.test_journey import answer_stop_search
from tests.app.test_language_switch_code_pages import change_language as press_language_button
from tests.app.test_language_switch_code_pages import language_button
from tests.factories import create_link
from tests.pages import Browser, Page

CODE_HEADING = {"en": "Your withdrawal code", "cy": "Eich cod tynnu'n ôl"}
SHOWN_ONCE = {
    "en": "For your privacy, we showed your withdrawal code only once",
    "cy": "Er mwyn diogelu eich preifatrwydd",
}


def shown_code(page: Page) -> str | None:
    shown = page.soup.select_one("#withdrawal-code")
    return shown.get_text(strip=True) if shown else None


def send(browser: Browser, language: str = "en") -> tuple[str, Page]:
    token = create_link().token
    browser.get(f"/r/{token}?lang={language}")
    answer_stop_search(browser, token)
    done = browser.post()
    assert done.url == f"/r/{token}/done" and shown_code(done)
    return token, done


def change_language(browser: Browser, data: dict[str, Any] | None = None) -> Page:
    """Press the confirmation page's language button: its form holds the code shown and the ids
    of the follow-up notes shown with it."""
    form = browser.page.soup.select_one("form#shown-code")
    held = {
        "code": form.select_one("input[name='code']")["value"],
        "follow_up": [field["value"] for field in form.select("input[name='follow_up']")],
    }
    return press_language_button(browser, {**held, **(data or {})})


def session_cookie(app: Flask, browser: Browser) -> str:
    cookie = browser.client.get_cookie("session")
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value))


@pytest.mark.parametrize("start", ["en", "cy"])
def test_changing_language_on_the_confirmation_keeps_the_code_on_screen(app, browser, start):
    other = {"en": "cy", "cy": "en"}[start]
    token, done = send(browser, start)
    code = shown_code(done)

    changed = change_language(browser)
    assert changed.status == 200 and changed.url == f"/r/{token}/done"
    assert changed.soup.html["lang"] == other
    assert changed.soup.select_one("main h2").get_text(strip=True) == CODE_HEADING[other]
    assert shown_code(changed) == code
    assert code not in session_cookie(app, browser)
    assert code not in language_button(changed)["formaction"]

    back = change_language(browser)
    assert back.soup.html["lang"] == start and shown_code(back) == code

    # Still shown only once: opened again, the page no longer has it.
    again = browser.get(f"/r/{token}/done")
    assert shown_code(again) is None
    assert SHOWN_ONCE[start] in again.text()
    assert language_button(again) is None  # a plain link again: there is nothing to keep


@pytest.mark.parametrize(
    "sent", ["", "not a code", "<b>ABCD</b>", "ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN-PQRS-TVWX"]
)
def test_what_is_not_a_withdrawal_code_is_not_shown(browser, sent):
    token, _ = send(browser)
    page = change_language(browser, {"code": sent})
    assert page.status == 200 and page.url == f"/r/{token}/done"
    assert shown_code(page) is None
    assert "<b>" not in page.html


def test_a_code_sent_to_be_shown_is_shown_only_with_the_page_s_own_form(browser):
    token, done = send(browser)
    refused = browser.post(
        f"/r/{token}/done?lang=cy", {"code": shown_code(done), "change-language": "cy"}, csrf=False
    )
    assert refused.status == 400
    assert shown_code(refused) is None
    # And never for a link this browser did not send answers with.
    other = create_link().token
    browser.get("/r")  # a page with a form, for a valid CSRF token
    page = browser.post(
        f"/r/{other}/done?lang=cy", {"code": shown_code(done), "change-language": "cy"}
    )
    assert page.url == f"/r/{other}" and shown_code(page) is None


def test_links_away_open_in_a_new_tab_while_the_code_is_shown_footer_included(browser):
    token, done = send(browser)
    footer = done.soup.select("footer a")
    assert [a.get_text(" ", strip=True) for a in footer] == [
        "Withdraw your answers (opens in new tab)",
        "Privacy (opens in new tab)",
        "Accessibility (opens in new tab)",
        "Make a complaint (opens in new tab)",
        "Staff sign in (opens in new tab)",
    ]
    assert all(a["target"] == "_blank" and "noopener" in a["rel"] for a in footer)
    # The header's service name leads nowhere while the code is shown.
    assert not done.soup.select("header a")
    welsh = change_language(browser)
    assert welsh.soup.select_one("footer a").get_text(" ", strip=True) == (
        "Tynnu eich atebion yn ôl (yn agor mewn tab newydd)"
    )

    again = browser.get(f"/r/{token}/done")
    assert [a.get_text(strip=True) for a in again.soup.select("footer a")][:2] == [
        "Tynnu eich atebion yn ôl",
        "Preifatrwydd",
    ]
    assert not any(a.get("target") for a in again.soup.select("footer a"))
    assert again.soup.select_one("header a.govuk-service-navigation__link")["href"] == "/r"
