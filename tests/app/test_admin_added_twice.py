"""The same user or area added by two requests at once (a button pressed twice on a slow
connection, or two admins at the same moment): the one that comes second gets the form back
with the reason, as for an address or code already taken, never an error page.

Each test replays the race exactly: the other request's account or area is stored after this
request has checked that the address or code is free, and before it stores its own."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services import areas, users
from models import Area, Role, User, db
from tests.factories import create_area
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_a_user_added_twice_at_once_is_refused_the_second_time_with_the_form_kept(
    admin, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    browser.get("/admin/users/new")
    create_user(Role.OFFICER, "pc.twice@example.org")  # the first press, stored meanwhile
    monkeypatch.setattr(users, "by_email", lambda _email: None)  # checked before it was stored

    page = browser.post(
        data={"email": "pc.twice@example.org", "role": "officer", "your_password": PASSWORD}
    )
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == ["There is already an account for pc.twice@example.org"]
    assert page.soup.select_one("input[name=email]")["value"] == "pc.twice@example.org"
    assert page.checked("role") == ["officer"]
    count = select(func.count()).select_from(User).where(User.email == "pc.twice@example.org")
    assert db.session.scalar(count) == 1


def test_an_area_added_twice_at_once_is_refused_the_second_time_with_the_form_kept(
    admin, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    browser.get("/admin/areas/new")
    create_area("harbour", "Harbour")  # the first press, stored meanwhile
    monkeypatch.setattr(areas, "by_code", lambda _code: None)  # checked before it was stored

    page = browser.post(data={"code": "harbour", "name": "Harbour District"})
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == ["There is already an area with the code harbour"]
    assert page.soup.select_one("input[name=name]")["value"] == "Harbour District"
    assert db.session.scalar(select(func.count()).select_from(Area)) == 1
