"""Admins change what other people may do: a role changed on the web and on the command line,
with the person signed out at once, never an admin's own role nor the last active admin's; and
the pages name roles in words."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import users
from models import Role, User, db
from tests.app.admin_users_helpers import last_event, link
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_admin_makes_an_officer_an_analyst_who_is_signed_out_and_must_set_up_two_factor(
    admin, app, browser: Browser
):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    theirs = app.test_client()
    assert sign_in(theirs, officer.email).status_code == 302
    assert theirs.get("/officer/codes").status_code == 200

    page = browser.get(f"/admin/users/{officer.public_id}")
    change = page.soup.select_one(".govuk-summary-list__actions a")
    assert " ".join(change.get_text().split()) == "Change role"
    page = browser.get(change["href"])
    assert page.h1 == "Change their role"
    assert page.checked("role") == ["officer"]  # the role they have now
    assert "signs them out at once" in page.text()
    assert "asked to set it up when they next sign in" in page.text()

    page = browser.post(data={"role": "analyst", "your_password": PASSWORD})
    assert page.url == f"/admin/users/{officer.public_id}"
    banner = page.soup.select_one(".govuk-notification-banner--success").get_text(" ")
    assert "pc.jones@example.org is now an analyst and has been signed out" in banner
    assert "must set up two-factor sign-in when they next sign in" in banner
    assert "Analyst" in page.soup.select_one(".govuk-summary-list").get_text()
    db.session.refresh(officer)
    assert officer.role == Role.ANALYST

    event = last_event()
    assert (event.action, event.actor, event.target) == (
        "user.role_changed",
        "admin@example.org",
        "pc.jones@example.org",
    )
    assert event.detail == {"from": "officer", "to": "analyst"}

    # Their open session has ended: the officer's page sends them to sign in.
    forget_request_state()
    gone = theirs.get("/officer/codes")
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/sign-in")

    # Signing in again, they must set up two-factor sign-in before they see any results.
    forget_request_state()
    response = sign_in(theirs, officer.email)
    assert response.headers["Location"].startswith("/account/two-factor/set-up")
    forget_request_state()
    results = theirs.get("/results/")
    assert results.headers["Location"].startswith("/account/two-factor/set-up")


def test_choosing_the_role_they_have_changes_nothing(admin, app, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    theirs = app.test_client()
    assert sign_in(theirs, officer.email).status_code == 302
    browser.get(f"/admin/users/{officer.public_id}/role")
    page = browser.post(data={"role": "officer", "your_password": PASSWORD})
    assert "pc.jones@example.org is still an officer. Nothing has changed." in page.text()
    forget_request_state()
    assert theirs.get("/officer/codes").status_code == 200  # still signed in
    assert last_event().action != "user.role_changed"


def test_the_role_page_shows_an_error_for_no_choice_or_a_made_up_role(admin, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get(f"/admin/users/{officer.public_id}/role")
    for data in ({}, {"role": "wizard"}):
        page = browser.post(data={**data, "your_password": PASSWORD})
        assert page.status == 400
        assert page.title.startswith("Error: ")
        assert page.error_summary() == ["Select what they will do"]
    db.session.refresh(officer)
    assert officer.role == Role.OFFICER


def test_an_admin_cannot_change_their_own_role(admin, browser: Browser):
    page = browser.get(f"/admin/users/{admin.public_id}")
    assert not page.soup.select(".govuk-summary-list__actions a")
    assert not link(page, "Change role")
    other = create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get(f"/admin/users/{other.public_id}/role")
    page = browser.post(f"/admin/users/{admin.public_id}/role", data={"role": "officer"})
    assert "You cannot change your own role" in page.text()
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_an_admin_can_demote_another_admin_who_keeps_two_factor(admin, browser: Browser):
    other = create_user(Role.ADMIN, "deputy@example.org")
    page = browser.get(f"/admin/users/{other.public_id}/role")
    assert "keep it whatever their role" in page.text()
    page = browser.post(data={"role": "officer", "your_password": PASSWORD})
    assert "deputy@example.org is now an officer and has been signed out." in page.text()
    assert "two-factor" not in page.soup.select_one(".govuk-notification-banner").get_text()
    db.session.refresh(other)
    assert other.role == Role.OFFICER and other.has_two_factor


def test_the_last_active_admin_keeps_their_role(app):
    only = create_user(Role.ADMIN, "chief@example.org")
    with pytest.raises(users.UserError, match="only active administrator"):
        users.change_role(only, Role.ANALYST)
    db.session.refresh(only)
    assert only.role == Role.ADMIN
    # A deactivated admin does not count: the one active admin is still the last.
    create_user(Role.ADMIN, "gone@example.org").active = False
    db.session.commit()
    with pytest.raises(users.UserError, match="only active administrator"):
        users.change_role(only, Role.OFFICER)
    # With another active admin, it can be done.
    create_user(Role.ADMIN, "deputy@example.org")
    assert users.change_role(only, Role.ANALYST) is True


def test_users_set_role_on_the_command_line(runner):
    create_user(Role.ADMIN, "chief@example.org")
    create_user(Role.OFFICER, "pc.jones@example.org")
    result = runner.invoke(args=["users", "set-role", "PC.Jones@example.org", "--role", "analyst"])
    assert result.exit_code == 0, result.output
    assert "pc.jones@example.org is now analyst and has been signed out" in result.output
    assert "must set up two-factor sign-in when they next sign in" in result.output
    assert users.by_email("pc.jones@example.org").role == Role.ANALYST
    event = last_event()
    assert (event.action, event.actor, event.detail) == (
        "user.role_changed",
        None,
        {"from": "officer", "to": "analyst"},
    )

    again = runner.invoke(args=["users", "set-role", "pc.jones@example.org", "--role", "analyst"])
    assert again.exit_code == 0 and "already analyst; nothing changed" in again.output

    last = runner.invoke(args=["users", "set-role", "chief@example.org", "--role", "officer"])
    assert last.exit_code == 1
    assert "chief@example.org is the only active administrator" in last.output

    nobody = runner.invoke(args=["users", "set-role", "nobody@example.org", "--role", "admin"])
    assert nobody.exit_code == 1 and "There is no account for nobody@example.org" in nobody.output
    wrong = runner.invoke(args=["users", "set-role", "pc.jones@example.org", "--role", "chief"])
    assert wrong.exit_code == 2


def test_the_administrator_role_says_what_administrators_do(admin, browser: Browser):
    page = browser.get("/admin/users/new")
    label = page.soup.select_one("label[for='role-3']").get_text(" ")
    assert "surveys" in label and "audit log" in label


def test_the_users_list_names_roles_in_words(admin, browser: Browser):
    page = browser.get("/admin/users")
    cells = [row.select("td")[1].get_text() for row in page.soup.select("tbody tr")]
    assert cells == ["Administrator"]
