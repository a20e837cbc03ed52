"""An administrator's reset of someone's two-factor sign-in gives them a temporary password.

Were their password kept, anyone who knew or guessed it (a colleague) could sign in before its
owner and set up their own authenticator app on the account: the reset would hand the second
factor to whoever got there first. So the old password stops working, a temporary one is shown
once to the admin, and the owner signs in with it as with a new account: they set up
two-factor sign-in, then choose a password of their own."""

from __future__ import annotations

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from models import AuditEvent, Role, db
from tests.pages import Browser, Page
from tests.staff import PASSWORD, create_user, forget_request_state, signed_in

ANALYST = "analyst@example.org"
NEW = "a much longer password of my own"


def _reset(client: FlaskClient) -> str:
    """An admin resets the analyst's two-factor sign-in; the temporary password shown."""
    analyst = create_user(Role.ANALYST, ANALYST)
    signed_in(client, Role.ADMIN, email="admin@example.org")
    admin = Browser(client)
    admin.get(f"/admin/users/{analyst.public_id}/reset-two-factor")
    page = admin.post(data={"your_password": PASSWORD})
    assert page.h1 == f"Temporary password for {ANALYST}"
    return page.soup.select_one("#temporary-password").get_text(strip=True)


def _sign_in(app: Flask, password: str) -> tuple[Browser, Page]:
    forget_request_state()
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    return browser, browser.post(data={"email": ANALYST, "password": password})


def test_after_the_reset_the_old_password_no_longer_signs_in(app: Flask, client: FlaskClient):
    _reset(client)
    _, page = _sign_in(app, PASSWORD)
    assert page.status == 400
    assert page.error_summary() == ["Enter a correct email address and password"]
    # Nobody who knew it reaches the page that sets up an authenticator app.
    assert page.url == "/sign-in"


def test_the_temporary_password_leads_to_two_factor_set_up_then_a_new_password(
    app: Flask, client: FlaskClient
):
    temporary = _reset(client)
    browser, page = _sign_in(app, temporary)
    # As for a new account: two-factor sign-in first, before anything else …
    assert page.url == "/account/two-factor/set-up"
    key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")
    forget_request_state()
    page = browser.post(data={"code": pyotp.TOTP(key).now()})
    assert page.h1 == "Save your recovery codes"
    # … then a password of their own.
    page = browser.get(page.soup.select_one("a.govuk-button")["href"])
    assert page.url == "/account/password"
    assert "You signed in with a temporary password" in page.text()
    forget_request_state()
    page = browser.post(
        data={"current_password": temporary, "new_password": NEW, "confirm_password": NEW}
    )
    assert page.url == "/results/"

    # The temporary password is spent; their own, with the app, signs in from now on.
    _, page = _sign_in(app, temporary)
    assert page.status == 400
    _, page = _sign_in(app, NEW)
    assert page.url == "/sign-in/two-factor"


def test_the_reset_is_in_the_audit_log_as_both_changes(client: FlaskClient):
    _reset(client)
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2))
    assert [(e.action, e.actor, e.target) for e in reversed(events.all())] == [
        ("two_factor.reset", "admin@example.org", ANALYST),
        ("user.password_reset", "admin@example.org", ANALYST),
    ]
    page = Browser(client).get("/admin/audit?action=user.password_reset")
    assert "two-factor sign-in reset" in page.text()
