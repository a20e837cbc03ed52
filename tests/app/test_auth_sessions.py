"""Staff sessions end when they should: a fresh one at each sign-in, none left for a copied
cookie after signing out, none for a deactivated account, none after 30 idle minutes or 12
hours."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.auth.session import LAST_SEEN, SIGNED_IN_AT
from app.services import users
from models import Role, User, db
from tests.staff import create_user, sign_in, sign_out, signed_in


def test_signing_in_starts_a_fresh_session(client: FlaskClient):
    create_user(Role.OFFICER, "pc.jones@example.org")
    with client.session_transaction() as session:
        session["planted_by_someone_else"] = "x"
    sign_in(client, "pc.jones@example.org")
    with client.session_transaction() as session:
        assert "planted_by_someone_else" not in session
        user = db.session.scalar(select(User))
        # The cookie names the user's current session token, never their database id.
        assert session["_user_id"] == user.session_token
        assert session["_user_id"] != str(user.id)


def _cookie(client: FlaskClient) -> str:
    return client.get_cookie("session").value


def _with_cookie(app: Flask, cookie: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_a_cookie_copied_before_sign_out_no_longer_works(app: Flask, client: FlaskClient):
    signed_in(client, Role.OFFICER)
    copied = _cookie(client)
    assert _with_cookie(app, copied).get("/officer/codes").status_code == 200

    response = sign_out(client)
    assert "You have signed out" in response.get_data(as_text=True)

    stolen = _with_cookie(app, copied).get("/officer/codes")
    assert stolen.status_code == 302
    assert stolen.headers["Location"].startswith("/sign-in")


def test_deactivation_ends_the_session_at_once(app: Flask, client: FlaskClient):
    officer = signed_in(client, Role.OFFICER)
    assert client.get("/officer/codes").status_code == 200
    users.deactivate(officer, create_user(Role.ADMIN, "admin@example.org"))
    response = client.get("/officer/codes")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize(
    ("key", "age", "message"),
    [
        (LAST_SEEN, 31 * 60, "had not used the service for 30 minutes"),
        (SIGNED_IN_AT, 13 * 3600, "signed in more than 12 hours ago"),
    ],
)
def test_an_idle_or_old_session_ends(client: FlaskClient, key: str, age: int, message: str):
    signed_in(client, Role.OFFICER)
    assert client.get("/officer/codes").status_code == 200
    with client.session_transaction() as session:
        session[key] = int(time.time()) - age
    response = client.get("/officer/codes")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/officer/codes"
    page = client.get(response.headers["Location"])
    assert message in page.get_data(as_text=True)
    assert client.get("/officer/codes").status_code == 302


def test_a_session_in_use_does_not_time_out(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - 29 * 60
    assert client.get("/officer/codes").status_code == 200
    with client.session_transaction() as session:
        assert session[LAST_SEEN] >= int(time.time()) - 5
