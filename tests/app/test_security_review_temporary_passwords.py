"""A temporary password (for a new account, or after an administrator's reset) works only for
a short while (OWASP ASVS 4.0, 2.3.1: system-generated initial passwords expire after a short
period). One passed on and never used, written down or sent by email, must not stay a way in
for ever: after TEMPORARY_PASSWORD_DAYS it no longer signs in, and the person is told to ask
their administrator for a new one. A password the person chose themselves never expires."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from flask import Flask

from app.services import users
from models import Role, utcnow
from tests.pages import Browser
from tests.staff import PASSWORD, create_user

DAYS = 7


def _sign_in_later(app: Flask, email: str, password: str, days: int):
    later = utcnow() + dt.timedelta(days=days)
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    with mock.patch.object(users, "utcnow", lambda: later):
        return browser.post(data={"email": email, "password": password})


@pytest.mark.parametrize("made_by", ["a new account", "a reset"])
def test_a_temporary_password_stops_working_after_a_few_days(app: Flask, made_by: str):
    admin = create_user(Role.ADMIN, "admin@example.org")
    if made_by == "a new account":
        given = users.create_with_temporary_password("new@example.org", Role.OFFICER)
    else:
        create_user(Role.OFFICER, "new@example.org")
        given = users.reset_password(users.by_email("new@example.org"), admin)

    assert app.config["TEMPORARY_PASSWORD_DAYS"] == DAYS
    page = _sign_in_later(app, "new@example.org", given.password, DAYS + 1)
    assert page.status == 400
    assert any("expired" in message for message in page.error_summary())
    assert any("administrator" in message for message in page.error_summary())
    # Within its days it still signs in, to the page for choosing a password.
    page = _sign_in_later(app, "new@example.org", given.password, DAYS - 1)
    assert page.url == "/account/password"


def test_a_password_the_person_chose_never_expires(app: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    page = _sign_in_later(app, "pc.jones@example.org", PASSWORD, 400)
    assert page.url == "/officer/codes/new"


def test_the_admin_is_told_how_long_it_works_and_when_it_has_expired(app: Flask):
    from tests.staff import sign_in

    admin = create_user(Role.ADMIN, "admin@example.org")
    given = users.create_with_temporary_password("new@example.org", Role.OFFICER)
    client = app.test_client()
    sign_in(client, admin.email)
    page = Browser(client).get(f"/admin/users/{given.user.public_id}")
    assert "temporary password has expired" not in page.text()

    later = utcnow() + dt.timedelta(days=DAYS + 1)
    with mock.patch.object(users, "utcnow", lambda: later):
        page = Browser(client).get(f"/admin/users/{given.user.public_id}")
    assert "their temporary password has expired: reset their password" in page.text()

    target = users.by_email("new@example.org")
    browser = Browser(client)
    browser.get(f"/admin/users/{target.public_id}/reset-password")
    shown = browser.post(data={"your_password": PASSWORD})
    assert f"It works for {DAYS} days" in shown.text()
