"""The limits on guessing passwords and two-factor codes count only guesses: a password or
code that was checked and found wrong. A person who presses Enter on an empty form, or types a
code of the wrong length, is told what to put right and is not locked out for it; wrong
guesses are still limited as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app.extensions import limiter
from models import Role
from tests.app.test_rate_limits import limited_app
from tests.app.test_two_factor import code_for, password_step
from tests.pages import Browser
from tests.staff import PASSWORD, TOTP_KEYS, create_user, forget_request_state, totp_code


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    app = limited_app(
        database_url,
        SIGN_IN_FAILURE_LIMIT="3 per 15 minutes",
        SIGN_IN_RATE_LIMIT="50 per hour",
        TWO_FACTOR_RATE_LIMIT="3 per 5 minutes",
    )
    limiter.reset()
    with app.app_context():
        yield app
        limiter.reset()
        limiter.enabled = False


def _post(browser: Browser, data: dict) -> int:
    forget_request_state()
    return browser.post(data=data).status


def test_empty_and_short_codes_are_not_counted_as_wrong_codes(limited: Flask):
    user = create_user(Role.ANALYST, "analyst@example.org")
    browser = Browser(limited.test_client())
    password_step(browser, user.email)
    mistakes = [_post(browser, {"code": code}) for code in ("", "", "12345", "", "1234")]
    assert mistakes == [400] * 5
    assert "Enter" in " ".join(browser.page.error_summary())
    forget_request_state()
    signed_in = browser.post(data={"code": totp_code(user.email)})
    assert signed_in.status == 200
    assert signed_in.url != "/sign-in/two-factor"


def test_wrong_codes_are_still_limited(limited: Flask):
    user = create_user(Role.ANALYST, "analyst@example.org")
    browser = Browser(limited.test_client())
    password_step(browser, user.email)
    wrong = "000000" if code_for(TOTP_KEYS[user.email]) != "000000" else "111111"
    assert [_post(browser, {"code": wrong}) for _ in range(3)] == [400, 400, 400]
    assert _post(browser, {"code": totp_code(user.email)}) == 429


def test_a_sign_in_form_sent_empty_is_not_a_failed_sign_in(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    browser = Browser(limited.test_client())
    browser.get("/sign-in")
    empties = [_post(browser, {"email": "pc.jones@example.org", "password": ""}) for _ in range(5)]
    assert empties == [400] * 5
    assert _post(browser, {"email": "pc.jones@example.org", "password": PASSWORD}) == 200
    assert browser.page.url == "/officer/codes/new"
