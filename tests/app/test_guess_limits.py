"""The limits on guessing passwords and two-factor codes.

They count only guesses: a password or code that was checked and found wrong. A person who
presses Enter on an empty form, or types a code of the wrong length, is told what to put right
and is not locked out for it; wrong guesses are still limited as before.

Wrong current passwords on the change-password form count against the same limits as failed
sign-ins (per account and address, and per account from every address): someone with a
signed-in session (a borrowed or stolen cookie) but not the password cannot try password after
password to learn it, then change it to lock the owner out.

Reaching a limit is in the audit log, once each time the limit is reached (not once for every
refused request, so hammering the form cannot flood the log), naming the account when the
address typed is an account's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.auth.guessing import FROM_ONE_ADDRESS
from models import AuditEvent, Role, db
from tests.app.test_rate_limits import limits_on
from tests.app.test_two_factor import code_for, password_step
from tests.pages import Browser
from tests.staff import (
    PASSWORD,
    TOTP_KEYS,
    create_user,
    forget_request_state,
    sign_in,
    totp_code,
)


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(
        database_url,
        SIGN_IN_FAILURE_LIMIT="3 per 15 minutes",
        SIGN_IN_RATE_LIMIT="50 per hour",
        TWO_FACTOR_RATE_LIMIT="3 per 5 minutes",
    ) as app:
        yield app


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


def _lock_outs() -> list[tuple[str | None, dict]]:
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.locked_out"))
    return [(event.target, event.detail) for event in events]


def _post_form(browser: Browser, url: str, data: dict) -> int:
    """Open the form (a refusal's page has none to send again), then send it."""
    forget_request_state()
    browser.get(url)
    forget_request_state()
    return browser.post(data=data).status


def test_too_many_wrong_passwords_is_recorded_once(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    browser = Browser(limited.test_client())
    wrong = {"email": "pc.jones@example.org", "password": "not the password at all"}
    statuses = [_post_form(browser, "/sign-in", wrong) for _ in range(6)]
    assert statuses == [400, 400, 400, 429, 429, 429]
    assert _lock_outs() == [("pc.jones@example.org", {"reason": FROM_ONE_ADDRESS})]


def test_an_address_that_is_no_account_is_not_kept(limited: Flask):
    browser = Browser(limited.test_client())
    typed = {"email": "maybe-a-password@example.org", "password": "not the password at all"}
    assert [_post_form(browser, "/sign-in", typed) for _ in range(4)][-1] == 429
    assert _lock_outs() == [(None, {"reason": FROM_ONE_ADDRESS})]


def test_too_many_wrong_codes_is_recorded_once_and_shown_to_admins(limited: Flask):
    user = create_user(Role.ANALYST, "analyst@example.org")
    browser = Browser(limited.test_client())
    password_step(browser, user.email)
    wrong = "000000" if code_for(TOTP_KEYS[user.email]) != "000000" else "111111"
    statuses = [_post_form(browser, "/sign-in/two-factor", {"code": wrong}) for _ in range(5)]
    assert statuses == [400, 400, 400, 429, 429]
    assert _lock_outs() == [("analyst@example.org", {"reason": "too many wrong two-factor codes"})]

    admin = create_user(Role.ADMIN, "admin@example.org")
    client = limited.test_client()
    sign_in(client, admin.email)
    page = Browser(client).get("/admin/audit?action=sign_in.locked_out")
    assert "Stopped for too many attempts" in page.text()
    assert "too many wrong two-factor codes" in page.text()


NEW = "a much longer new password"


def _change(client: FlaskClient, current: str, new: str = NEW, confirm: str = NEW) -> int:
    forget_request_state()
    token = Browser(client).get("/account/password").csrf_token()
    forget_request_state()
    form = {
        "current_password": current,
        "new_password": new,
        "confirm_password": confirm,
        "csrf_token": token,
    }
    return client.post("/account/password", data=form).status_code


def test_wrong_current_passwords_are_limited_like_failed_sign_ins(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    client = limited.test_client()
    assert sign_in(client, "pc.jones@example.org").status_code == 302

    guesses = [_change(client, f"guess number {n}") for n in range(3)]
    assert guesses == [400, 400, 400]
    blocked = _change(client, PASSWORD)
    assert blocked == 429
    forget_request_state()
    browser = Browser(client)
    browser.get("/account/password")
    forget_request_state()
    page = browser.post(
        data={"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW}
    )
    assert page.status == 429
    assert page.h1 == "Too many wrong passwords"
    assert "Your password has not been changed" in page.text()
    # The right password, once the limit is reached, changes nothing, nor signs in from there.
    forget_request_state()
    other = limited.test_client()
    assert sign_in(other, "pc.jones@example.org").status_code == 429


def test_other_mistakes_on_the_form_are_not_counted_as_guesses(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    client = limited.test_client()
    assert sign_in(client, "pc.jones@example.org").status_code == 302

    for _ in range(4):
        assert _change(client, PASSWORD, new="short", confirm="short") == 400
    assert _change(client, PASSWORD) == 302
