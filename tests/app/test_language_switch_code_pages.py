"""Changing language on the code pages (/r, "Enter the code from your card", and /withdraw)
keeps the code typed but not yet sent. As on a question page, the Cymraeg/English control there
is a button that sends the page's form; the page comes back in the other language with the code
in its box. The code is not checked, looked up or kept: it is in the page's form and nowhere
else, never in the session, a URL or a log, and a withdrawal code withdraws nothing until the
respondent presses "Withdraw my answers".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from flask import Flask

from models import Response
from tests.app.bad_input_helpers import count
from tests.app.test_journey import answer_stop_search
from tests.app.test_language_switch_keeps_answers import change_language, language_button
from tests.app.test_rate_limits import limits_on
from tests.factories import create_link
from tests.pages import Browser, Page
from tests.staff import forget_request_state

ENTER_CODE = {"en": "Enter the code from your card", "cy": "Rhowch y cod o'ch cerdyn"}
WITHDRAW = {"en": "Withdraw your answers", "cy": "Tynnu eich atebion yn ôl"}
WITHDRAWN = {
    "en": "Your answers have been withdrawn",
    "cy": "Mae eich atebion wedi cael eu tynnu'n ôl",
}
NAMES = {"en": "English", "cy": "Cymraeg"}
OTHER = {"en": "cy", "cy": "en"}


def code_box(page: Page) -> str:
    return page.soup.select_one("input[name='code']").get("value", "")


def assert_shown_without_errors(page: Page, language: str, heading: str) -> None:
    assert page.status == 200
    assert page.soup.html["lang"] == language
    assert page.h1 == heading
    assert page.error_summary() == [] and page.field_errors() == []
    assert not page.title.startswith(("Error:", "Gwall:"))


def sent_withdrawal_code(browser: Browser) -> str:
    link = create_link()
    answer_stop_search(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    assert count(Response) == 1
    return code


def session_cookie(app: Flask, browser: Browser) -> str:
    cookie = browser.client.get_cookie("session")
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value))


@pytest.mark.parametrize("start", ["en", "cy"])
def test_the_code_typed_on_the_card_page_comes_back_in_the_other_language(browser, start):
    token = create_link().token
    page = browser.get(f"/r?lang={start}")
    button = language_button(page)
    assert button.get_text(strip=True) == NAMES[OTHER[start]]
    assert button["lang"] == OTHER[start] and button["formaction"] == f"/r?lang={OTHER[start]}"

    typed = f" {token.lower()} "  # as typed: small letters and a stray space are fine
    other = change_language(browser, {"code": typed})
    assert_shown_without_errors(other, OTHER[start], ENTER_CODE[OTHER[start]])
    assert other.url == "/r"
    assert code_box(other) == token.lower()
    assert language_button(other).get_text(strip=True) == NAMES[start]

    back = change_language(browser, {"code": code_box(other)})
    assert_shown_without_errors(back, start, ENTER_CODE[start])
    assert code_box(back) == token.lower()

    # Continue checks it and opens the survey, in the language chosen last.
    survey = browser.post(data={"code": code_box(back)})
    assert survey.url == f"/r/{token}"
    assert survey.soup.html["lang"] == start


def test_a_code_that_is_not_one_is_kept_unchecked_and_only_continue_says_so(browser):
    browser.get("/r")
    welsh = change_language(browser, {"code": "NOT-A-CODE"})
    assert_shown_without_errors(welsh, "cy", ENTER_CODE["cy"])
    assert code_box(welsh) == "NOT-A-CODE"

    refused = browser.post(data={"code": code_box(welsh)})
    assert refused.status == 400
    assert refused.title.startswith("Gwall:")
    assert refused.soup.html["lang"] == "cy"
    # The error's page keeps the button too: changing language again keeps the code and drops
    # the error, which belonged to a code sent, not to one being typed.
    english = change_language(browser, {"code": code_box(refused)})
    assert_shown_without_errors(english, "en", ENTER_CODE["en"])
    assert code_box(english) == "NOT-A-CODE"


@pytest.mark.parametrize("start", ["en", "cy"])
def test_the_withdrawal_code_typed_comes_back_in_the_other_language_and_withdraws_nothing(
    app, browser, start
):
    code = sent_withdrawal_code(browser)
    page = browser.get(f"/withdraw?lang={start}")
    assert language_button(page)["formaction"] == f"/withdraw?lang={OTHER[start]}"

    other = change_language(browser, {"code": code})
    assert_shown_without_errors(other, OTHER[start], WITHDRAW[OTHER[start]])
    assert other.url == "/withdraw"
    assert code_box(other) == code
    assert count(Response) == 1  # nothing is withdrawn by changing language
    # The code is in the page's form only: not in the cookie, nor in any address.
    bare = code.replace("-", "")
    assert code not in session_cookie(app, browser) and bare not in session_cookie(app, browser)
    addresses = [
        tag.get("formaction") or tag.get("action") or tag.get("href") or ""
        for tag in other.soup.select("a, form, button")
    ]
    assert not any(code in address or bare in address for address in addresses)

    back = change_language(browser, {"code": code_box(other)})
    assert_shown_without_errors(back, start, WITHDRAW[start])
    assert code_box(back) == code
    assert count(Response) == 1

    withdrawn = browser.post(data={"code": code_box(back)})
    assert withdrawn.h1 == WITHDRAWN[start]
    assert count(Response) == 0


def test_a_wrong_withdrawal_code_keeps_its_error_page_button_and_the_code(browser):
    browser.get("/withdraw")
    wrong = browser.post(data={"code": "ABCD-EFGH-JKMN-PQRS"})
    assert wrong.status == 400
    welsh = change_language(browser, {"code": code_box(wrong)})
    assert_shown_without_errors(welsh, "cy", WITHDRAW["cy"])
    assert code_box(welsh) == "ABCD-EFGH-JKMN-PQRS"


def test_changing_language_logs_nothing_of_the_code(app, browser, caplog):
    code = sent_withdrawal_code(browser)
    browser.get("/withdraw")
    with caplog.at_level(logging.DEBUG):
        change_language(browser, {"code": code})
        browser.get("/r")
        change_language(browser, {"code": code})
    assert code not in caplog.text and code.replace("-", "") not in caplog.text


def test_the_hidden_box_is_not_filled_in_again_and_the_bot_checks_wait_for_continue(
    app, browser, monkeypatch
):
    """Changing language neither checks the bot fields (nothing is looked up) nor shows a
    filled-in hidden box again, so a person whose browser filled it can still send the code."""
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", 60)
    token = create_link().token
    browser.get("/r")
    welsh = change_language(browser, {"code": token, "your-website": "autofilled"})
    assert_shown_without_errors(welsh, "cy", ENTER_CODE["cy"])
    assert welsh.soup.select_one("input[name='your-website']").get("value", "") == ""
    assert code_box(welsh) == token


def test_enter_in_the_box_sends_the_code_not_the_language(browser):
    """Enter in a field presses the form's first button. The language button comes first in the
    page, so a hidden Continue comes before it: Enter sends the code, as it did before."""
    for path in ("/r", "/withdraw"):
        page = browser.get(path)
        form_id = page.soup.select_one("main form")["id"]
        first = page.soup.select(f"button[form='{form_id}'], #{form_id} button")[0]
        assert first.get("name") is None and first.get("formaction") is None, path
        assert first["aria-hidden"] == "true" and first["tabindex"] == "-1"


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(database_url, SUBMISSION_RATE_LIMIT="3 per minute") as app:
        yield app


def test_changing_language_does_not_use_up_the_attempts_at_a_code(limited: Flask):
    browser = Browser(limited.test_client())
    for path in ("/r", "/withdraw"):
        for _ in range(5):
            forget_request_state()
            browser.get(path)
            assert change_language(browser, {"code": "ABCD-EFGH"}).status == 200
    statuses = []
    for _ in range(4):
        forget_request_state()
        browser.get("/withdraw")
        statuses.append(browser.post(data={"code": "ABCD-EFGH-JKMN-PQRS"}).status)
    assert statuses == [400, 400, 400, 429]
    # Once the attempts are used up, changing language still keeps the code.
    forget_request_state()
    browser.get("/withdraw")
    assert code_box(change_language(browser, {"code": "ABCD-EFGH"})) == "ABCD-EFGH"
