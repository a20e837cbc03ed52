"""Staff sessions the review checked end, or stay short of full, when they should: changing
your own password ends your other sessions at once and keeps this one (its second factor
already given); a copy of the cookie taken after the password but before the code stays a
cookie that owes the code, whatever its owner does next; and an admin's reset of someone's
two-factor sign-in signs them out everywhere."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.services import two_factor, users
from models import Role
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, totp_code

NEW = "a much longer new password"


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _signed_out(client: FlaskClient, url: str) -> bool:
    forget_request_state()
    response = client.get(url)
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in?")


def test_changing_your_password_ends_your_other_sessions_and_keeps_this_one(app: Flask):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    here, there = app.test_client(), app.test_client()
    for client in (here, there):
        forget_request_state()
        assert sign_in(client, analyst.email).status_code == 302
    copied = _copy(app, here)
    assert not _signed_out(there, "/results/")

    browser = Browser(here)
    forget_request_state()
    browser.get("/account/password")
    forget_request_state()
    page = browser.post(
        data={"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW}
    )
    assert page.url == "/results/"  # still signed in here, without a new code
    assert _signed_out(there, "/results/")
    assert _signed_out(copied, "/results/")  # the cookie as it was before the change
    forget_request_state()
    assert here.get("/results/").status_code == 200


def test_a_cookie_copied_before_the_code_still_owes_it(app: Flask):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    owed = browser.post(data={"email": analyst.email, "password": PASSWORD})
    assert owed.url == "/sign-in/two-factor"
    copied = _copy(app, browser.client)
    forget_request_state()
    assert browser.post(data={"code": totp_code(analyst.email)}).url == "/results/"

    forget_request_state()
    response = copied.get("/results/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in/two-factor")


def test_resetting_someones_two_factor_signs_them_out_everywhere(app: Flask):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    admin = create_user(Role.ADMIN, "admin@example.org")
    client = app.test_client()
    assert sign_in(client, analyst.email).status_code == 302
    assert not _signed_out(client, "/results/")
    two_factor.reset(users.by_email(analyst.email), admin)
    assert _signed_out(client, "/results/")
