"""Setting up two-factor sign-in from Your account asks for the password (OWASP ASVS 3.7.1).

An officer may choose two-factor sign-in at any time after signing in. Without asking for the
password, anyone at a browser they left signed in could put their own authenticator app on
the account, and take its recovery codes: the owner would be locked out until an administrator
reset it. Straight after the password, when an analyst must set it up to finish signing in,
the page does not ask again."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import users
from models import Role, db
from tests.app.test_rate_limits import limits_on
from tests.pages import Browser, Page
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, signed_in

OFFICER = "pc.jones@example.org"
PAGE = "/account/two-factor/set-up?next=/account"


def _key(page: Page) -> str:
    return page.soup.select_one("#two-factor-key").get_text().replace(" ", "")


def _enrolled() -> bool:
    db.session.expire_all()
    return users.by_email(OFFICER).has_two_factor


def test_an_officer_choosing_it_is_asked_for_their_password(client: FlaskClient):
    signed_in(client, Role.OFFICER, email=OFFICER)
    browser = Browser(client)
    page = browser.get(PAGE)
    field = page.soup.select_one("input[name=password]")
    assert field["type"] == "password" and field["autocomplete"] == "current-password"
    assert page.soup.select_one(f"label[for={field['id']}]").get_text(strip=True) == (
        "Your password"
    )
    code = pyotp.TOTP(_key(page)).now()

    forget_request_state()
    refused = browser.post(data={"code": code})
    assert refused.status == 400
    assert refused.error_summary() == ["Enter your password"]
    forget_request_state()
    refused = browser.post(data={"password": "not my password", "code": code})
    assert refused.status == 400
    assert refused.error_summary() == ["Your password is not right"]
    assert not _enrolled()

    forget_request_state()
    done = browser.post(data={"password": PASSWORD, "code": code})
    assert done.h1 == "Save your recovery codes"
    assert _enrolled()


def test_both_mistakes_are_listed_in_the_order_of_the_page(client: FlaskClient):
    signed_in(client, Role.OFFICER, email=OFFICER)
    browser = Browser(client)
    browser.get(PAGE)
    forget_request_state()
    page = browser.post(data={"password": "", "code": ""})
    assert page.error_summary() == [
        "Enter your password",
        "Enter the 6-digit code from your authenticator app",
    ]


def test_at_sign_in_the_set_up_page_does_not_ask_for_the_password_again(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    browser.get("/sign-in")
    page = browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    assert page.url == "/account/two-factor/set-up"
    assert page.soup.select("input[name=password]") == []
    forget_request_state()
    assert browser.post(data={"code": pyotp.TOTP(_key(page)).now()}).h1 == (
        "Save your recovery codes"
    )


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(
        database_url,
        SIGN_IN_FAILURE_LIMIT="3 per 15 minutes",
        SIGN_IN_RATE_LIMIT="50 per hour",
        TWO_FACTOR_RATE_LIMIT="50 per 5 minutes",
    ) as app:
        yield app


def test_wrong_passwords_are_limited_like_failed_sign_ins(limited: Flask):
    create_user(Role.OFFICER, OFFICER)
    client = limited.test_client()
    assert sign_in(client, OFFICER).status_code == 302
    browser = Browser(client)

    def attempt(password: str) -> Page:
        forget_request_state()
        page = browser.get(PAGE)
        forget_request_state()
        return browser.post(data={"password": password, "code": pyotp.TOTP(_key(page)).now()})

    assert [attempt(f"guess number {n}").status for n in range(3)] == [400, 400, 400]
    blocked = attempt(PASSWORD)
    assert blocked.status == 429
    assert blocked.h1 == "Too many wrong passwords"
    assert "Two-factor sign-in has not been set up" in blocked.text()
    assert not _enrolled()
    forget_request_state()
    assert sign_in(limited.test_client(), OFFICER).status_code == 429
