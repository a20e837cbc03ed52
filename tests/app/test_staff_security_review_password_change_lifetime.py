"""Changing your password does not make a staff session last longer than a sign-in does
(OWASP ASVS 4.0, 3.3.2: a session ends a set time after signing in, however it is used).

The session goes on after the change without asking for a new two-factor code, as it should.
But it is the same sign-in: were its 12 hours to start again, someone holding a copy of the
cookie and the password (never the second factor) could keep it open for ever by changing the
password every few hours."""

from __future__ import annotations

import time

from flask.testing import FlaskClient

from app.auth.session import LAST_SEEN, SIGNED_IN_AT
from models import Role
from tests.pages import Browser
from tests.staff import PASSWORD, forget_request_state, signed_in

NEW = "a much longer new password"


def _time_passes(client: FlaskClient, seconds: int) -> None:
    """As if ``seconds`` had gone by since everything the session remembers."""
    with client.session_transaction() as session:
        for key in (SIGNED_IN_AT, LAST_SEEN):
            session[key] -= seconds


def _change_password(client: FlaskClient) -> str:
    browser = Browser(client)
    forget_request_state()
    browser.get("/account/password")
    forget_request_state()
    page = browser.post(
        data={"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW}
    )
    return page.url


def test_a_session_ends_12_hours_after_signing_in_even_with_the_password_changed_meanwhile(
    client: FlaskClient,
):
    signed_in(client, Role.ANALYST)
    # Signed in 11 hours 50 minutes ago, and in use since.
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time()) - (11 * 3600 + 50 * 60)

    assert _change_password(client) == "/results/"  # still signed in, without a new code

    _time_passes(client, 15 * 60)  # 12 hours 5 minutes after signing in
    forget_request_state()
    response = client.get("/results/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/results/"
    page = client.get(response.headers["Location"])
    assert "signed in more than 12 hours ago" in page.get_data(as_text=True)


def test_the_changed_session_is_still_used_until_then(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time()) - 3600

    assert _change_password(client) == "/officer/codes/new"

    _time_passes(client, 20 * 60)
    forget_request_state()
    assert client.get("/officer/codes").status_code == 200
