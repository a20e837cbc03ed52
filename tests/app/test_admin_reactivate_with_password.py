"""Reactivating an account asks first, and for the administrator's own password, as a reset or
a change of role does (OWASP ASVS 3.7.1): it lets someone sign in again.

The password field itself (label, hint, errors, limit, audit of a wrong one) is checked for
every page that asks for it in test_security_review_admin_password_check.py."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import users
from models import AuditEvent, Role, User, db
from tests.app.admin_users_helpers import link
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def deactivated(admin: User) -> User:
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    users.deactivate(officer, admin)
    return officer


def _active(user: User) -> bool:
    db.session.refresh(user)
    return user.active


def test_reactivating_asks_first_and_only_the_button_with_your_password_does_it(
    admin, deactivated: User, browser: Browser
):
    page = browser.get(f"/admin/users/{deactivated.public_id}")
    # No button on their page reactivates at once: it links to the question.
    assert not page.soup.select("form[action$='/reactivate']")
    page = browser.get(link(page, "Reactivate")["href"])
    assert page.h1 == "Are you sure you want to reactivate this account?"
    assert "with the password they had, as an officer" in page.text()
    assert link(page, "Cancel")["href"] == f"/admin/users/{deactivated.public_id}"
    assert not _active(deactivated)  # asking changed nothing

    page = browser.post(data={})  # the button alone
    assert page.status == 400
    assert page.error_summary() == ["Enter your password"]
    assert not _active(deactivated)

    page = browser.post(data={"your_password": PASSWORD})
    assert page.url == f"/admin/users/{deactivated.public_id}"
    assert "pc.jones@example.org can sign in again" in page.text()
    assert _active(deactivated)
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor, event.target) == (
        "user.reactivated",
        "admin@example.org",
        "pc.jones@example.org",
    )


def test_the_button_alone_as_the_old_page_sent_it_does_not_reactivate(
    admin, deactivated: User, browser: Browser
):
    page = browser.get(f"/admin/users/{deactivated.public_id}")
    page = browser.post(f"/admin/users/{deactivated.public_id}/reactivate", data={})
    assert page.status == 400
    assert not _active(deactivated)


def test_an_active_account_has_nothing_to_reactivate(admin, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    page = browser.get(f"/admin/users/{officer.public_id}/reactivate")
    assert page.url == f"/admin/users/{officer.public_id}"
    assert page.soup.select("input[name=your_password]") == []


def test_a_question_left_open_after_someone_else_reactivated_changes_nothing(
    admin, deactivated: User, browser: Browser
):
    browser.get(f"/admin/users/{deactivated.public_id}/reactivate")
    users.reactivate(deactivated)  # another administrator, meanwhile
    events = db.session.scalars(select(AuditEvent.action)).all()
    page = browser.post(data={"your_password": PASSWORD})
    assert page.url == f"/admin/users/{deactivated.public_id}"
    assert db.session.scalars(select(AuditEvent.action)).all() == events
