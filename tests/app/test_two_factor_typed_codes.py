"""A two-factor code typed on another keyboard (full-width digits on a Japanese or Chinese one,
Arabic-Indic digits on some phones) is read as the digits it is: the right code works, a wrong
one is refused with the usual message, and neither is ever a server error."""

from __future__ import annotations

import time

import pyotp

from app.services import two_factor, users
from models import Role
from tests.pages import Browser
from tests.staff import PASSWORD, TOTP_KEYS, create_user

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _now(key: str) -> str:
    return pyotp.TOTP(key).at(time.time())


def _wrong(key: str) -> str:
    return "123456" if _now(key) != "123456" else "654321"


def test_setting_up_takes_a_code_typed_in_full_width_digits(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    browser.get("/sign-in")
    browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    page = browser.get("/account/two-factor/set-up")
    key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")

    wrong = browser.post(data={"code": _wrong(key).translate(FULL_WIDTH)})
    assert wrong.status == 400
    assert wrong.error_summary() == [
        "Enter the 6-digit code your authenticator app shows now for Listening Post"
    ]
    done = browser.post(data={"code": _now(key).translate(FULL_WIDTH)})
    assert done.h1 == "Save your recovery codes"
    assert users.by_email("analyst@example.org").has_two_factor


def test_signing_in_takes_a_code_typed_in_arabic_indic_digits(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org")
    key = TOTP_KEYS["admin@example.org"]
    browser.get("/sign-in")
    browser.post(data={"email": "admin@example.org", "password": PASSWORD})

    for typed in (_wrong(key).translate(ARABIC_INDIC), "１２３４５", "¹²³⁴⁵⁶⁷"):
        wrong = browser.post(data={"code": typed})
        assert wrong.status == 400, typed
        assert wrong.error_summary() == ["The code is not right. Enter the code your app shows now"]
    page = browser.post(data={"code": _now(key).translate(ARABIC_INDIC)})
    assert page.url == "/admin/users"


def test_codes_are_read_as_the_characters_they_are_made_of():
    assert two_factor.normalise_code(" １２３ ４５６ ") == "123456"
    assert two_factor.normalise_code("٠١٢-٣٤٥") == "012345"
    assert two_factor.normalise_code("ABCDE 23456") == "abcde23456"
    assert two_factor.normalise_code("12345é") == "12345é"  # a wrong code, not six digits


def test_the_code_boxes_ask_phones_for_the_right_keyboard(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    create_user(Role.ADMIN, "admin@example.org")
    browser.get("/sign-in")
    browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    box = browser.get("/account/two-factor/set-up").soup.select_one("input[name='code']")
    # Setting up takes only the app's 6 digits: a keypad of numbers, filled in from a text.
    assert box["inputmode"] == "numeric"
    assert box["autocomplete"] == "one-time-code"
    assert box["spellcheck"] == "false" and box["autocapitalize"] == "none"

    browser.client.delete_cookie("session")
    browser.get("/sign-in")
    page = browser.post(data={"email": "admin@example.org", "password": PASSWORD})
    assert page.url.startswith("/sign-in/two-factor")
    box = page.soup.select_one("input[name='code']")
    # Signing in also takes a recovery code, which has letters: the full keyboard.
    assert not box.has_attr("inputmode")
    assert box["autocomplete"] == "one-time-code"
    assert box["spellcheck"] == "false" and box["autocapitalize"] == "none"
