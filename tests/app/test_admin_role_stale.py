"""A role changed from a page opened before another admin changed it: refused, saying what
the role is now, rather than quietly undoing the other admin's change (making someone an
administrator, or taking it away)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import users
from models import Role, User, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def choose(browser: Browser, role: str):
    """Press "Change role" on the page last shown, as a browser sends its form."""
    shown = browser.page.soup.select_one("input[name=role_when_shown]")
    return browser.post(
        data={
            "role": role,
            "role_when_shown": shown["value"] if shown else "",
            "your_password": PASSWORD,
        }
    )


def test_a_role_changed_by_someone_else_meanwhile_is_not_overwritten(admin, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    colleague = create_user(Role.ADMIN, "colleague@example.org")
    browser.get(f"/admin/users/{officer.public_id}/role")  # "They are now: Officer"
    users.change_role(officer, Role.ADMIN, colleague)  # meanwhile, in another office

    page = choose(browser, "analyst")
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [
        "Someone else changed their role while you had this page open: they are now an "
        "administrator. Check it and choose again"
    ]
    db.session.expire_all()
    assert officer.role == Role.ADMIN
    assert "They are now: Administrator" in page.text()
    assert page.checked("role") == ["analyst"]

    # Chosen again from the page that says so, the change is made.
    choose(browser, "analyst")
    db.session.expire_all()
    assert officer.role == Role.ANALYST
