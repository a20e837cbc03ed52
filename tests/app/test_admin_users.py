"""What admins do to other people's accounts beyond adding them: change their role (on the web
and the command line), deactivate after a confirmation step; and what the pages say."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import users
from models import AuditEvent, Role, User, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def link(page, text: str):
    """The link that reads ``text``, or None."""
    for anchor in page.soup.find_all("a"):
        if " ".join(anchor.get_text().split()) == text:
            return anchor
    return None


def last_event() -> AuditEvent:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


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

    page = browser.post(data={"role": "analyst"})
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
    page = browser.post(data={"role": "officer"})
    assert "pc.jones@example.org is still an officer. Nothing has changed." in page.text()
    forget_request_state()
    assert theirs.get("/officer/codes").status_code == 200  # still signed in
    assert last_event().action != "user.role_changed"


def test_the_role_page_shows_an_error_for_no_choice_or_a_made_up_role(admin, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get(f"/admin/users/{officer.public_id}/role")
    for data in ({}, {"role": "wizard"}):
        page = browser.post(data=data)
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
    page = browser.post(data={"role": "officer"})
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
    page = browser.post()  # the question's own button
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
    assert "they must set up two-factor sign-in again" in page.text()
    assert "Their password does not change." in page.text()
    db.session.refresh(analyst)
    assert analyst.has_two_factor  # asking changed nothing
    assert last_event().action != "two_factor.reset"

    page = browser.post()
    assert page.url == f"/admin/users/{analyst.public_id}"
    assert "They must set up two-factor sign-in again the next time they sign in" in page.text()
    db.session.refresh(analyst)
    assert not analyst.has_two_factor
    event = last_event()
    assert (event.action, event.actor, event.target) == (
        "two_factor.reset",
        "admin@example.org",
        "analyst@example.org",
    )


def test_an_officers_two_factor_reset_says_they_need_not_set_it_up_again(admin, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org", two_factor_set_up=True)
    page = browser.get(f"/admin/users/{officer.public_id}/reset-two-factor")
    assert "Officers do not have to use two-factor sign-in" in page.text()
    assert "must set up two-factor sign-in again" not in page.text()
    page = browser.post()
    assert "they sign in with their password alone" in page.text()
    db.session.refresh(officer)
    assert not officer.has_two_factor

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
    page = browser.post(data={"email": "pc.new@example.org", "role": "officer"})
    assert "session" not in page.text()
    assert "They must choose their own password when they first sign in with it." in page.text()
    user = users.by_email("pc.new@example.org")
    browser.get(f"/admin/users/{user.public_id}/reset-password")
    page = browser.post()
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
    page = browser.post(data={"email": "new.person@example.org", "role": role})
    note = _two_factor_note(page)
    assert note is not None
    assert note.startswith(
        f"As {as_role}, they must also set up two-factor sign-in when they first sign in"
    )
    assert "authenticator app" in note and "Microsoft Authenticator" in note


def test_a_new_officer_s_password_page_says_nothing_of_two_factor(admin, browser: Browser):
    browser.get("/admin/users/new")
    page = browser.post(data={"email": "pc.new@example.org", "role": "officer"})
    assert _two_factor_note(page) is None
    assert "authenticator" not in page.text()


def test_a_reset_password_page_mentions_two_factor_only_if_it_is_still_to_set_up(
    admin, browser: Browser
):
    ready = create_user(Role.ANALYST, "ready@example.org")  # two-factor already set up
    browser.get(f"/admin/users/{ready.public_id}/reset-password")
    page = browser.post()
    assert page.soup.select_one("#temporary-password").text
    assert _two_factor_note(page) is None

    waiting = create_user(Role.ANALYST, "waiting@example.org", two_factor_set_up=False)
    browser.get(f"/admin/users/{waiting.public_id}/reset-password")
    note = _two_factor_note(browser.post())
    assert note is not None
    assert note.startswith(
        "As an analyst, they must also set up two-factor sign-in when they next sign in"
    )


def test_where_the_force_asks_officers_for_two_factor_a_new_officer_is_told(
    admin, app, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", ("officer", "analyst", "admin"))
    browser.get("/admin/users/new")
    page = browser.post(data={"email": "pc.new@example.org", "role": "officer"})
    assert _two_factor_note(page).startswith("As an officer, they must also set up")


def test_the_administrator_role_says_what_administrators_do(admin, browser: Browser):
    page = browser.get("/admin/users/new")
    label = page.soup.select_one("label[for='role-3']").get_text(" ")
    assert "surveys" in label and "audit log" in label


def test_the_users_list_names_roles_in_words(admin, browser: Browser):
    page = browser.get("/admin/users")
    cells = [row.select("td")[1].get_text() for row in page.soup.select("tbody tr")]
    assert cells == ["Administrator"]


# "Your account": every role's password and two-factor sign-in


def test_an_officer_finds_their_account_and_may_choose_two_factor(client, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    page = browser.get("/officer/codes")
    item = link(page, "Your account")
    assert item is not None and item.find_parent(class_="govuk-service-navigation__item")
    page = browser.get(item["href"])
    assert page.h1 == "Your account"
    assert "pc.jones@example.org" in page.text() and "Officer" in page.text()
    assert link(page, "Change your password")["href"] == "/account/password"
    assert "Two-factor sign-in is off. Officers can choose to turn it on" in page.text()

    page = browser.get(link(page, "Set up two-factor sign-in")["href"])
    assert page.h1 == "Set up two-factor sign-in"
    assert "Officers can choose to use two-factor sign-in" in page.text()
    assert "Analysts and administrators" not in page.text()
    assert page.soup.select_one(".govuk-back-link")["href"] == "/account"
    # The item stays marked as where they are.
    active = page.soup.select_one(".govuk-service-navigation__item--active")
    assert active.get_text(strip=True) == "Your account"


def test_an_analysts_set_up_page_speaks_to_an_analyst(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    browser.get("/sign-in")
    page = browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    assert page.url == "/account/two-factor/set-up"
    assert "As an analyst, you see what people have told the force" in page.text()
    assert not page.soup.select(".govuk-back-link")  # it must be done before anything else


def test_an_analyst_gets_new_recovery_codes_from_their_account(client, browser: Browser):
    signed_in(client, Role.ANALYST, email="analyst@example.org")
    page = browser.get("/account")
    assert "Two-factor sign-in is on" in page.text()
    assert "You have 10 unused recovery codes" in page.text()
    page = browser.get(link(page, "Get new recovery codes")["href"])
    assert page.h1 == "Get new recovery codes"
    assert "The codes you have now will stop working" in page.text()
    page = browser.post(data={})
    codes = [code.get_text() for code in page.soup.select("#recovery-codes code")]
    assert len(codes) == 10
    assert "Your old recovery codes no longer work" in page.text()
    assert link(page, "I have saved my recovery codes")["href"] == "/account"
    assert last_event().action == "two_factor.recovery_codes_replaced"
