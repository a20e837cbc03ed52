"""Reaching a limit on guessing passwords or two-factor codes is in the audit log, once each
time the limit is reached (not once for every refused request, so hammering the form cannot
flood the log), naming the account when the address typed is an account's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import limiter
from models import AuditEvent, Role, db
from tests.app.test_rate_limits import limited_app
from tests.app.test_two_factor import code_for, password_step
from tests.pages import Browser
from tests.staff import TOTP_KEYS, create_user, forget_request_state, sign_in


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


def _lock_outs() -> list[tuple[str | None, dict]]:
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.locked_out"))
    return [(event.target, event.detail) for event in events]


def _post(browser: Browser, url: str, data: dict) -> int:
    """Open the form (a refusal's page has none to send again), then send it."""
    forget_request_state()
    browser.get(url)
    forget_request_state()
    return browser.post(data=data).status


def test_too_many_wrong_passwords_is_recorded_once(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    browser = Browser(limited.test_client())
    wrong = {"email": "pc.jones@example.org", "password": "not the password at all"}
    statuses = [_post(browser, "/sign-in", wrong) for _ in range(6)]
    assert statuses == [400, 400, 400, 429, 429, 429]
    assert _lock_outs() == [
        ("pc.jones@example.org", {"reason": "too many wrong passwords for this account"})
    ]


def test_an_address_that_is_no_account_is_not_kept(limited: Flask):
    browser = Browser(limited.test_client())
    typed = {"email": "maybe-a-password@example.org", "password": "not the password at all"}
    assert [_post(browser, "/sign-in", typed) for _ in range(4)][-1] == 429
    assert _lock_outs() == [(None, {"reason": "too many wrong passwords for this account"})]


def test_too_many_wrong_codes_is_recorded_once_and_shown_to_admins(limited: Flask):
    user = create_user(Role.ANALYST, "analyst@example.org")
    browser = Browser(limited.test_client())
    password_step(browser, user.email)
    wrong = "000000" if code_for(TOTP_KEYS[user.email]) != "000000" else "111111"
    statuses = [_post(browser, "/sign-in/two-factor", {"code": wrong}) for _ in range(5)]
    assert statuses == [400, 400, 400, 429, 429]
    assert _lock_outs() == [("analyst@example.org", {"reason": "too many wrong two-factor codes"})]

    admin = create_user(Role.ADMIN, "admin@example.org")
    client = limited.test_client()
    sign_in(client, admin.email)
    page = Browser(client).get("/admin/audit?action=sign_in.locked_out")
    assert "Stopped for too many attempts" in page.text()
    assert "too many wrong two-factor codes" in page.text()
