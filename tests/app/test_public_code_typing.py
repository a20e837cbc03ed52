"""Codes typed or pasted as people do on a phone: with the dashes a phone's "smart punctuation"
makes, in full-width characters, or as the survey link's whole address copied from the card or
a message, bringing an unseen control character with it; and a box left with only spaces in it,
which is told to enter the code, as an empty one is. The withdrawal code's box asks for the
withdrawal code."""

from __future__ import annotations

import pytest

from models import Response
from tests.app.bad_input_helpers import count
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser


def display(token: str) -> str:
    """A link's code as the card prints it: capitals in groups of four."""
    upper = token.upper()
    return "-".join(upper[i : i + 4] for i in range(0, len(upper), 4))


def typed_forms(token: str) -> list[str]:
    printed = display(token)
    return [
        printed.replace("-", "\u2013"),  # en dash
        printed.replace("-", "\u2014", 2),  # em dash, as "--" becomes
        printed.replace("-", "\u2212"),  # minus sign
        "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in printed),  # full width
        f"https://feedback.example.org/r/{token}",
        f"feedback.example.org/r/{token}?lang=cy",
    ]


@pytest.mark.parametrize("form", range(6))
def test_a_code_typed_as_a_phone_types_it_opens_the_survey(browser: Browser, form: int):
    token = create_link().token
    browser.get("/r")
    page = browser.post(data={"code": typed_forms(token)[form]})
    assert page.status == 200, page.error_summary()
    assert page.url == f"/r/{token}"


@pytest.mark.parametrize(
    ("url", "message"),
    [("/r", "Enter the code"), ("/withdraw", "Enter your withdrawal code")],
)
def test_a_box_of_spaces_is_told_to_enter_the_code(browser: Browser, url: str, message: str):
    browser.get(url)
    page = browser.post(data={"code": "    "})
    assert page.status == 400
    assert page.error_summary() == [message]


def test_the_withdrawal_code_box_asks_for_the_withdrawal_code_in_welsh(browser: Browser):
    browser.get("/withdraw?lang=cy")
    page = browser.post(data={"code": ""})
    assert page.error_summary() == ["Rhowch eich cod tynnu'n ôl"]


def test_a_withdrawal_code_with_a_phones_dashes_withdraws_the_answers(browser: Browser):
    link = create_link()
    answer_stop_search(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    page = browser.post(data={"code": code.replace("-", "\u2013")})
    assert page.h1 == "Your answers have been withdrawn"
    assert count(Response) == 0


#: Control characters a paste may bring, which nobody can see: NUL, escape, delete, a C1 control.
UNSEEN = ["\x00", "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("unseen", UNSEEN)
def test_a_code_pasted_with_an_unseen_control_character_opens_the_survey(browser, unseen):
    token = create_link().token
    printed = display(token)
    browser.get("/r")
    page = browser.post(data={"code": f"{printed[:4]}{unseen}{printed[4:]}{unseen}"})
    assert page.status == 200, page.error_summary()
    assert page.url == f"/r/{token}"


@pytest.mark.parametrize("unseen", UNSEEN)
def test_a_withdrawal_code_pasted_with_an_unseen_control_character_withdraws(browser, unseen):
    link = create_link()
    answer_stop_search(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    page = browser.post(data={"code": f"{unseen}{code[:9]}{unseen}{code[9:]}"})
    assert page.h1 == "Your answers have been withdrawn"
    assert count(Response) == 0


def test_a_code_of_nothing_but_control_characters_is_told_to_enter_the_code(browser):
    browser.get("/r")
    page = browser.post(data={"code": "\x00" * 26})
    assert page.status == 400
    assert page.error_summary() == ["Enter the code"]
    assert page.soup.select_one("input[name=code]").get("value", "") == ""
