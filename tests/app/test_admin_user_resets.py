"""Admins deactivate an account, reset its password or its two-factor sign-in, each after a
confirmation step, never their own; and the temporary password page says what happens next,
two-factor sign-in included where the person must still set it up."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import users
from models import AuditEvent, Role, User, db
from tests.app.admin_users_helpers import last_event, link
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_deactivating_asks_first(admin, app, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    page = browser.get(f"/admin/users/{officer.public_id}")
    # The user's page only links to the question: no button there deactivates at once.
    assert not page.soup.select("form[action$='/deactivate']")
    page = browser.get(link(page, "Deactivate")["href"])
    assert page.h1 == "Are you sure you want to deactivate this account?"
    assert "signed out at once, on every device" in page.text()
    db.session.refresh(officer)
    assert officer.active  # asking changed nothing

    cancel = link(page, "Cancel")["href"]
    assert cancel == f"/admin/users/{officer.public_id}"
    page = browser.post(data={})  # the page's own button, with its CSRF token
    assert page.url == f"/admin/users/{officer.public_id}"
    assert "pc.jones@example.org has been deactivated" in page.text()
    db.session.refresh(officer)
    assert not officer.active
    assert sign_in(app.test_client(), officer.email).status_code == 400

    # Without the page's token, nothing happens.
    other = create_user(Role.OFFICER, "pc.smith@example.org")
    refused = browser.post(f"/admin/users/{other.public_id}/deactivate", csrf=False)
    assert refused.status == 400
    db.session.refresh(other)
    assert other.active


def test_resetting_a_password_asks_first_and_says_what_will_happen(admin, app, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    theirs = app.test_client()
    assert sign_in(theirs, officer.email).status_code == 302
    page = browser.get(f"/admin/users/{officer.public_id}")
    # The user's page only links to the question: no button there resets at once.
    assert not page.soup.select("form[action$='/reset-password']")
    page = browser.get(link(page, "Reset password")["href"])
    assert page.h1 == "Are you sure you want to reset their password?"
    assert "pc.jones@example.org" in page.text()
    assert "signed out on every device" in page.text()
    assert "must choose a new password of their own" in page.text()
    assert link(page, "Cancel")["href"] == f"/admin/users/{officer.public_id}"

    # Asking changed nothing: the old password works, their session goes on, nothing logged.
    db.session.refresh(officer)
    assert users.verify_password(officer.password_hash, PASSWORD)
    assert not officer.must_change_password
    assert theirs.get("/officer/codes").status_code == 200
    assert last_event().action != "user.password_reset"

    # Without the page's token, nothing happens either.
    refused = browser.post(f"/admin/users/{officer.public_id}/reset-password", csrf=False)
    assert refused.status == 400
    db.session.refresh(officer)
    assert users.verify_password(officer.password_hash, PASSWORD)

    browser.get(f"/admin/users/{officer.public_id}/reset-password")
    page = browser.post(data={"your_password": PASSWORD})  # the question's own button
    password = page.soup.select_one("#temporary-password").text
    db.session.refresh(officer)
    assert officer.must_change_password
    assert users.verify_password(officer.password_hash, password)
    assert not users.verify_password(officer.password_hash, PASSWORD)
    forget_request_state()
    assert theirs.get("/officer/codes").status_code == 302  # signed out
    event = last_event()
    assert (event.action, event.actor, event.target) == (
        "user.password_reset",
        "admin@example.org",
        "pc.jones@example.org",
    )


def test_resetting_two_factor_asks_first_and_says_what_will_happen(admin, app, browser: Browser):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    page = browser.get(f"/admin/users/{analyst.public_id}")
    assert not page.soup.select("form[action$='/reset-two-factor']")
    page = browser.get(link(page, "Reset two-factor sign-in")["href"])
    assert page.h1 == "Are you sure you want to reset their two-factor sign-in?"
    assert "signed out at once, on every device" in page.text()
    # Beforehand, the admin is told the password goes too and a temporary one comes next.
    assert "Their password will stop working too" in page.text()
    assert "The next page shows a temporary password, once only" in page.text()
    assert "they must set up two-factor sign-in again and choose a new password" in page.text()
    db.session.refresh(analyst)
    assert analyst.has_two_factor  # asking changed nothing
    assert users.verify_password(analyst.password_hash, PASSWORD)
    assert last_event().action != "two_factor.reset"

    page = browser.post(data={"your_password": PASSWORD})
    assert page.h1 == "Temporary password for analyst@example.org"
    password = page.soup.select_one("#temporary-password").get_text(strip=True)
    assert "their old password no longer works" in page.text()
    assert "they must also set up two-factor sign-in when they next sign in" in page.text()
    db.session.refresh(analyst)
    assert not analyst.has_two_factor
    assert analyst.must_change_password
    assert users.verify_password(analyst.password_hash, password)
    assert not users.verify_password(analyst.password_hash, PASSWORD)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2))
    assert [(e.action, e.actor, e.target) for e in reversed(events.all())] == [
        ("two_factor.reset", "admin@example.org", "analyst@example.org"),
        ("user.password_reset", "admin@example.org", "analyst@example.org"),
    ]


def test_an_officers_two_factor_reset_says_they_need_not_set_it_up_again(admin, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org", two_factor_set_up=True)
    page = browser.get(f"/admin/users/{officer.public_id}/reset-two-factor")
    assert "Officers do not have to use two-factor sign-in" in page.text()
    assert "must set up two-factor sign-in again" not in page.text()
    assert "they must choose a new password of their own" in page.text()
    page = browser.post(data={"your_password": PASSWORD})
    assert "they sign in with their password alone" in page.text()
    assert page.soup.select_one("#temporary-password") is not None
    db.session.refresh(officer)
    assert not officer.has_two_factor and officer.must_change_password

    # Now there is nothing to reset: no button, and the address says so.
    assert link(page, "Reset two-factor sign-in") is None
    page = browser.get(f"/admin/users/{officer.public_id}/reset-two-factor")
    assert page.url == f"/admin/users/{officer.public_id}"
    assert "has not set up two-factor sign-in, so there is nothing to reset" in page.text()


def test_an_admin_cannot_reset_their_own_password_or_two_factor(admin, browser: Browser):
    page = browser.get(f"/admin/users/{admin.public_id}")
    assert link(page, "Reset password") is None
    page = browser.get(f"/admin/users/{admin.public_id}/reset-password")
    assert page.url == f"/admin/users/{admin.public_id}"
    assert "You cannot reset your own password" in page.text()
    # Even by posting the question's form for another user to their own address.
    other = create_user(Role.ANALYST, "analyst@example.org")
    browser.get(f"/admin/users/{other.public_id}/reset-two-factor")
    page = browser.post(f"/admin/users/{admin.public_id}/reset-two-factor")
    assert "You cannot reset your own two-factor sign-in" in page.text()
    db.session.refresh(admin)
    assert users.verify_password(admin.password_hash, PASSWORD) and admin.has_two_factor


def test_the_temporary_password_page_fits_what_happened(admin, browser: Browser):
    browser.get("/admin/users/new")
    page = browser.post(
        data={"email": "pc.new@example.org", "role": "officer", "your_password": PASSWORD}
    )
    assert "session" not in page.text()
    assert "They must choose their own password when they first sign in with it." in page.text()
    user = users.by_email("pc.new@example.org")
    browser.get(f"/admin/users/{user.public_id}/reset-password")
    page = browser.post(data={"your_password": PASSWORD})
    assert "They have been signed out on every device" in page.text()


def _two_factor_note(page) -> str | None:
    """What the temporary-password page says about two-factor sign-in, or None."""
    heading = page.soup.find("h2", string="Two-factor sign-in")
    return " ".join(heading.find_next("p").get_text().split()) if heading else None


@pytest.mark.parametrize(
    ("role", "as_role"), [("analyst", "an analyst"), ("admin", "an administrator")]
)
def test_a_new_analyst_or_admin_s_password_page_says_they_will_set_up_two_factor(
    admin, browser: Browser, role: str, as_role: str
):
    browser.get("/admin/users/new")
    page = browser.post(
        data={"email": "new.person@example.org", "role": role, "your_password": PASSWORD}
    )
    note = _two_factor_note(page)
    assert note is not None
    assert note.startswith(
        f"As {as_role}, they must also set up two-factor sign-in when they first sign in"
    )
    assert "authenticator app" in note and "Microsoft Authenticator" in note


def test_a_new_officer_s_password_page_says_nothing_of_two_factor(admin, browser: Browser):
    browser.get("/admin/users/new")
    page = browser.post(
        data={"email": "pc.new@example.org", "role": "officer", "your_password": PASSWORD}
    )
    assert _two_factor_note(page) is None
    assert "authenticator" not in page.text()


def test_a_reset_password_page_mentions_two_factor_only_if_it_is_still_to_set_up(
    admin, browser: Browser
):
    ready = create_user(Role.ANALYST, "ready@example.org")  # two-factor already set up
    browser.get(f"/admin/users/{ready.public_id}/reset-password")
    page = browser.post(data={"your_password": PASSWORD})
    assert page.soup.select_one("#temporary-password").text
    assert _two_factor_note(page) is None

    waiting = create_user(Role.ANALYST, "waiting@example.org", two_factor_set_up=False)
    browser.get(f"/admin/users/{waiting.public_id}/reset-password")
    note = _two_factor_note(browser.post(data={"your_password": PASSWORD}))
    assert note is not None
    assert note.startswith(
        "As an analyst, they must also set up two-factor sign-in when they next sign in"
    )


def test_where_the_force_asks_officers_for_two_factor_a_new_officer_is_told(
    admin, app, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", ("officer", "analyst", "admin"))
    browser.get("/admin/users/new")
    page = browser.post(
        data={"email": "pc.new@example.org", "role": "officer", "your_password": PASSWORD}
    )
    assert _two_factor_note(page).startswith("As an officer, they must also set up")


def test_a_deactivated_account_offers_reactivation_not_resets(admin, browser: Browser):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    users.deactivate(analyst, admin)
    page = browser.get(f"/admin/users/{analyst.public_id}")
    assert "Deactivated" in page.text()
    assert link(page, "Reactivate")["href"] == f"/admin/users/{analyst.public_id}/reactivate"
    assert link(page, "Reset password") is None
    assert link(page, "Reset two-factor sign-in") is None
    assert "Reactivate it to let them sign in again with the password they had" in page.text()

    # The addresses say why instead of asking, and change nothing.
    for address, what in (("reset-password", "password"), ("reset-two-factor", "two-factor")):
        page = browser.get(f"/admin/users/{analyst.public_id}/{address}")
        assert page.url == f"/admin/users/{analyst.public_id}"
        assert (
            "analyst@example.org is deactivated, so they cannot sign in. Reactivate the account "
            f"first, then reset their {what}"
        ) in page.text()
    db.session.refresh(analyst)
    assert users.verify_password(analyst.password_hash, PASSWORD)
    assert analyst.has_two_factor and not analyst.must_change_password
    with pytest.raises(users.UserError):
        users.reset_password(analyst, admin)

    # Reactivated, the resets are offered again.
    browser.get(f"/admin/users/{analyst.public_id}/reactivate")
    browser.post(data={"your_password": PASSWORD})
    page = browser.get(f"/admin/users/{analyst.public_id}")
    assert link(page, "Reset password") is not None
    assert link(page, "Reset two-factor sign-in") is not None
