"""Staff accounts for tests: make one, sign it in through the real sign-in page.

Analysts and admins are made with two-factor sign-in already set up through the real service
(as if they had scanned the QR code), and :func:`sign_in` answers the code page the way their
app would: with the code computed from the key it was given (the database holds it encrypted).
"""

from __future__ import annotations

import time
from unittest import mock

import pyotp
from flask import current_app, g
from flask.testing import FlaskClient

from app.services import password_strength, two_factor, users
from models import Role, User, db

PASSWORD = "correct horse battery staple"
# Recovery codes of the accounts made here, by email, for when the app's codes run out.
RECOVERY_CODES: dict[str, list[str]] = {}
# The two-factor key each account's "authenticator app" holds, by email.
TOTP_KEYS: dict[str, str] = {}
# zxcvbn's judgement of each account's password (about 4 ms), by password, email and force
# name, which are all it depends on: a run makes thousands of accounts with the same few.
_JUDGED: dict[tuple[str, str | None, str | None], str | None] = {}


def _judged_once(password: str, email: str | None = None) -> str | None:
    key = (password, email, current_app.config.get("FORCE_NAME"))
    if key not in _JUDGED:
        _JUDGED[key] = password_strength.strength_problem(password, email)
    return _JUDGED[key]


def create_user(
    role: Role | str = Role.OFFICER,
    email: str | None = None,
    password: str = PASSWORD,
    *,
    two_factor_set_up: bool | None = None,
) -> User:
    """A staff account; analysts and admins get two-factor sign-in unless told otherwise."""
    role = Role(role)
    # The password is judged as for any new account, but each judgement is made once a run.
    with mock.patch.object(users, "strength_problem", _judged_once):
        user = users.create_user(email or f"{role.value}@example.org", role, password)
    if two_factor_set_up is None:
        two_factor_set_up = role in (Role.ANALYST, Role.ADMIN)
    if two_factor_set_up:
        secret = two_factor.start_enrolment(user)
        TOTP_KEYS[user.email] = secret
        # The previous step's code, so the current and next steps stay free for sign-ins. Once
        # in a while a new 30-second step begins between making the code and checking it,
        # which puts it outside the window: then a fresh one is made (nothing was changed).
        for attempt in (1, 2):
            earlier = pyotp.TOTP(secret).at(time.time() - two_factor.STEP_SECONDS)
            try:
                RECOVERY_CODES[user.email] = two_factor.confirm_enrolment(user, earlier)
                break
            except two_factor.TwoFactorError:
                if attempt == 2:
                    raise
    return user


def totp_code(email: str) -> str:
    """A code the account's authenticator app would show now and that has not been used yet;
    a recovery code once both steps in the window are used (three sign-ins in 30 seconds)."""
    user = users.by_email(email)
    db.session.refresh(user)
    now = int(time.time() // two_factor.STEP_SECONDS)
    for step in (now, now + 1):
        if user.totp_last_step is None or step > user.totp_last_step:
            return pyotp.TOTP(TOTP_KEYS[user.email]).at(step * two_factor.STEP_SECONDS)
    return RECOVERY_CODES[user.email].pop()


def forget_request_state() -> None:
    """Drop what Flask-WTF and Flask-Login cache in ``g``.

    The suite's fixtures keep one app context open for a whole test, so ``g`` outlives each
    request, unlike in a real server; a second client would otherwise get the first one's
    CSRF token.
    """
    g.pop("csrf_token", None)
    g.pop("_login_user", None)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    """Sign in as a person would: fetch the form for its CSRF token, then post it."""
    from tests.pages import Page

    forget_request_state()
    page = client.get("/sign-in")
    token = Page(page.status_code, "/sign-in", page.get_data(as_text=True)).csrf_token()
    response = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    if response.status_code == 302 and "/sign-in/two-factor" in response.headers["Location"]:
        return enter_code(client, response.headers["Location"], totp_code(email))
    return response


def enter_code(client: FlaskClient, url: str, code: str):
    """Answer the two-factor page at ``url`` with ``code``."""
    from tests.pages import Page

    forget_request_state()
    page = client.get(url)
    token = Page(page.status_code, url, page.get_data(as_text=True)).csrf_token()
    return client.post(url, data={"code": code, "csrf_token": token})


def signed_in(client: FlaskClient, role: Role | str = Role.OFFICER, **kwargs) -> User:
    """A new user of ``role``, signed in on ``client``."""
    user = create_user(role, **kwargs)
    response = sign_in(client, user.email, kwargs.get("password", PASSWORD))
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


def sign_out(client: FlaskClient):
    """Sign out as a person would: open the "Sign out" page, then press its button."""
    from tests.pages import Page

    forget_request_state()
    page = client.get("/sign-out")
    token = Page(page.status_code, "/sign-out", page.get_data(as_text=True)).csrf_token()
    return client.post("/sign-out", data={"csrf_token": token}, follow_redirects=True)


def analyst_apart(client: FlaskClient) -> FlaskClient:
    """A signed-in analyst on a test client of its own, beside ``client``, which stays signed
    out to read the public pages."""
    analyst_client = client.application.test_client()
    signed_in(analyst_client, Role.ANALYST)
    forget_request_state()
    return analyst_client
