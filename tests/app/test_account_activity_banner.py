"""The first page after a full sign-in says once, in one notification banner, if there were
failed attempts on the account since the last sign-in, or an administrator reset its password
or two-factor sign-in, with a link to the recent activity on Your account; nothing when nothing
happened."""

from __future__ import annotations

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from app.services import users
from models import Role
from tests.app.account_activity_helpers import (
    SUMMER,
    WINTER,
    WRONG,
    activity_rows,
    an_hour_passes,
    banners,
    failures_listed,
    happened,
    sign_in,
    sign_out,
    signed_in_before,
)
from tests.pages import Browser
from tests.staff import (
    PASSWORD,
    RECOVERY_CODES,
    create_user,
    forget_request_state,
    signed_in,
    totp_code,
)


def test_failed_attempts_are_counted_only_since_the_last_sign_in_and_told_once(
    browser: Browser,
):
    create_user(Role.ANALYST, "analyst@example.org")
    page = sign_in(browser, "analyst@example.org")
    page = browser.post(data={"code": totp_code("analyst@example.org")})
    assert page.url == "/results/" and banners(page) == []
    sign_out(browser)
    an_hour_passes()

    # Two wrong passwords, then the right one and a wrong code, then the right code.
    assert sign_in(browser, "analyst@example.org", WRONG).status == 400
    assert browser.post(data={"email": "analyst@example.org", "password": WRONG}).status == 400
    page = browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    assert page.url == "/sign-in/two-factor"
    assert browser.post(data={"code": "000000"}).status == 400
    first = browser.post(data={"code": totp_code("analyst@example.org")})
    assert first.url == "/results/"
    assert banners(first) == [
        "Important: Since you last signed in, there were 3 failed attempts to sign in to your "
        "account. Check the recent activity on your account."
    ]
    assert banners(browser.get("/results/")) == []

    page = browser.get("/account")
    assert banners(page) == []
    assert failures_listed(page) == ["2 wrong passwords at sign-in", "1 wrong two-factor code"]
    sign_out(browser)
    an_hour_passes()

    # The next sign-in, with nothing in between: the attempts were before the last sign-in.
    page = sign_in(browser, "analyst@example.org")
    first = browser.post(data={"code": totp_code("analyst@example.org")})
    assert banners(first) == []
    page = browser.get("/account")
    assert activity_rows(page)["Failed sign-in attempts since your sign-in before this one"] == (
        "None"
    )
    assert failures_listed(page) == []


def test_an_administrators_reset_of_two_factor_sign_in_is_told_once_at_the_next_sign_in(
    app: Flask, client: FlaskClient
):

    analyst = create_user(Role.ANALYST, "analyst@example.org")
    signed_in_before(analyst, SUMMER)
    signed_in(client, Role.ADMIN, email="admin@example.org")
    admin = Browser(client)
    admin.get(f"/admin/users/{analyst.public_id}/reset-two-factor")
    temporary = admin.post(data={"your_password": PASSWORD}).soup.select_one("#temporary-password")
    browser = Browser(app.test_client())
    page = sign_in(browser, "analyst@example.org", temporary.get_text(strip=True))
    assert page.url == "/account/two-factor/set-up"
    assert banners(page) == []  # not signed in yet
    key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")
    forget_request_state()
    page = browser.post(data={"code": pyotp.TOTP(key).now()})
    # Setting it up finished signing in: the first page after it says what happened.
    assert page.h1 == "Save your recovery codes"
    assert banners(page) == [
        "Important: Since you last signed in, an administrator reset your two-factor sign-in. "
        "Check the recent activity on your account."
    ]
    page = browser.get(page.soup.select_one("a.govuk-button")["href"])
    assert page.url == "/account/password"
    assert banners(page) == []


def test_an_administrators_reset_of_a_password_is_told_on_the_page_to_change_it(
    browser: Browser,
):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    temporary = users.reset_password(officer, create_user(Role.ADMIN, "admin@example.org"))
    page = sign_in(browser, "pc.jones@example.org", temporary.password)
    assert page.url == "/account/password"
    # Never signed in before: since the account was added.
    assert banners(page) == [
        "Important: Since your account was added, an administrator reset your password. "
        "Check the recent activity on your account."
    ]


def test_a_recovery_code_and_failed_attempts_share_one_banner(browser: Browser):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    signed_in_before(analyst, SUMMER)
    happened("sign_in.failed", analyst, WINTER, reason="wrong email address or password")
    sign_in(browser, "analyst@example.org")
    first = browser.post(data={"code": RECOVERY_CODES["analyst@example.org"][0]})
    assert banners(first) == [
        "Important: You signed in with a recovery code. You have 9 left. If you have lost your "
        "phone, ask an administrator to reset your two-factor sign-in. Since you last signed "
        "in, there was 1 failed attempt to sign in to your account. Check the recent activity "
        "on your account."
    ]
