"""Staff accounts for tests: make one, sign it in through the real sign-in page."""

from __future__ import annotations

from flask import g
from flask.testing import FlaskClient

from app.services import users
from models import Role, User

PASSWORD = "correct horse battery staple"


def create_user(
    role: Role | str = Role.OFFICER, email: str | None = None, password: str = PASSWORD
) -> User:
    role = Role(role)
    return users.create_user(email or f"{role.value}@example.org", role, password)


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
    return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})


def signed_in(client: FlaskClient, role: Role | str = Role.OFFICER, **kwargs) -> User:
    """A new user of ``role``, signed in on ``client``."""
    user = create_user(role, **kwargs)
    response = sign_in(client, user.email, kwargs.get("password", PASSWORD))
    assert response.status_code == 302, response.get_data(as_text=True)
    return user
