"""Guessing a password through the change-password form is limited as signing in is: someone
with a signed-in session (a borrowed or stolen cookie) but not the password cannot try
password after password as "current password" to learn it, and then change it to lock the
owner out. Wrong current passwords count against the same per-account limit as failed
sign-ins, with the same clear page; other mistakes on the form (a new password too short, or
not confirmed) are not guesses and are not counted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import limiter
from models import Role
from tests.app.test_rate_limits import limited_app
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in

NEW = "a much longer new password"


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    app = limited_app(
        database_url, SIGN_IN_FAILURE_LIMIT="3 per 15 minutes", SIGN_IN_RATE_LIMIT="50 per hour"
    )
    limiter.reset()
    with app.app_context():
        yield app
        limiter.reset()
        limiter.enabled = False


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
    # The right password, once the limit is reached, changes nothing.
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
