"""Reactivating an account asks first, and for the administrator's own password, as a reset or
a change of role does (OWASP ASVS 3.7.1): it lets someone sign in again. Deactivating an
administrator leaves the API tokens they made working, since they belong to the force's
systems; the question, and the person's page, say which still work and where to revoke them.

The password field itself (label, hint, errors, limit, audit of a wrong one) is checked for
every page that asks for it in test_security_review_admin_password_check.py."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens, users
from models import AuditEvent, Role, User, db, utcnow
from tests.app.admin_users_helpers import link
from tests.pages import Browser, Page
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


# API tokens the person made


@pytest.fixture
def other_admin(admin: User) -> User:
    return create_user(Role.ADMIN, "second.admin@example.org")


def _tokens_made_by(maker: User, admin: User) -> None:
    """Two that work, one revoked, one expired; and one made by ``admin``, not ``maker``."""
    api_tokens.create_token("Stop and search app", ["links:write"], maker)
    api_tokens.create_token("Force website", ["links:read"], maker, expires_in_days=None)
    revoked = api_tokens.create_token("Old app", ["links:write"], maker).token
    api_tokens.revoke(revoked)
    expired = api_tokens.create_token("Pilot", ["links:write"], maker).token
    expired.expires_at = utcnow() - dt.timedelta(days=1)
    db.session.commit()
    api_tokens.create_token("Dashboard", ["results:read"], admin)


def _working_tokens_heading(page: Page) -> str:
    heading = page.soup.select_one("#working-tokens")
    return " ".join(heading.get_text().split()) if heading else ""


def test_the_deactivation_question_says_which_tokens_they_made_still_work(
    admin, other_admin: User, browser: Browser
):
    _tokens_made_by(other_admin, admin)
    page = browser.get(f"/admin/users/{other_admin.public_id}/deactivate")
    assert _working_tokens_heading(page) == "2 API tokens they made still work"
    listed = [" ".join(li.get_text().split()) for li in page.soup.select("#working-tokens + ul li")]
    assert [item.split(" (starts with")[0] for item in listed] == [
        "Force website",
        "Stop and search app",
    ]
    assert "Deactivating the account does not revoke them" in page.text()
    assert link(page, "API tokens")["href"] == "/admin/tokens"

    page = browser.post(data={})
    assert "has been deactivated" in page.text()
    # As the question said: deactivating did not revoke them.
    assert len(users.working_api_tokens_made_by(other_admin)) == 2


def test_one_working_token_is_named_in_the_singular(admin, other_admin: User, browser: Browser):
    api_tokens.create_token("Stop and search app", ["links:write"], other_admin)
    page = browser.get(f"/admin/users/{other_admin.public_id}/deactivate")
    assert _working_tokens_heading(page) == "1 API token they made still works"
    assert "Deactivating the account does not revoke it" in page.text()


def test_someone_with_no_working_tokens_is_not_told_about_tokens(
    admin, other_admin: User, browser: Browser
):
    revoked = api_tokens.create_token("Old app", ["links:write"], other_admin).token
    api_tokens.revoke(revoked)
    api_tokens.create_token("Dashboard", ["results:read"], admin)
    for url in ("", "/deactivate"):
        page = browser.get(f"/admin/users/{other_admin.public_id}{url}")
        assert _working_tokens_heading(page) == ""
        assert "API token" not in page.text()


def test_their_page_lists_the_tokens_that_still_work_with_a_way_to_revoke_each(
    admin, other_admin: User, browser: Browser
):
    _tokens_made_by(other_admin, admin)
    users.deactivate(other_admin, admin)
    page = browser.get(f"/admin/users/{other_admin.public_id}")
    assert _working_tokens_heading(page) == "API tokens they made that still work"
    rows = page.table("API tokens they made that still work")
    assert list(rows) == ["Force website", "Stop and search app"]
    working = {token.name: token for token in users.working_api_tokens_made_by(other_admin)}
    for name, cells in rows.items():
        # Revoke beside the name, where a phone's screen shows it, then how it starts.
        assert cells[0] == f"Revoke {name} (starts with {working[name].prefix})"
        assert cells[1] == f"{working[name].prefix}…"

    revoke = f"Revoke Force website (starts with {working['Force website'].prefix})"
    page = browser.get(link(page, revoke)["href"])
    page = browser.post(data={})
    assert "The token Force website has been revoked" in page.text()
    page = browser.get(f"/admin/users/{other_admin.public_id}")
    assert list(page.table("API tokens they made that still work")) == ["Stop and search app"]


def test_your_own_page_calls_them_yours(admin, browser: Browser):
    api_tokens.create_token("Dashboard", ["results:read"], admin)
    page = browser.get(f"/admin/users/{admin.public_id}")
    assert _working_tokens_heading(page) == "API tokens you made that still work"
    assert list(page.table("API tokens you made that still work")) == ["Dashboard"]
