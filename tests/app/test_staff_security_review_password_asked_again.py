"""A wrong password given where a signed-in person is asked for it again is in the audit log
(OWASP ASVS 4.0, 7.2.1: every authentication decision is logged).

Changing a password, getting new recovery codes, choosing two-factor sign-in, and an
administrator's resetting someone's sign-in, adding a user, changing a role or making an API
token each ask for the person's own password first, so that a browser left signed in is not
enough. A wrong one was counted against the limits, and the lock-out recorded, but the wrong
guesses before it left no trace: someone at an unattended administrator's browser could try
four passwords and be gone. Each is now recorded with what it was for; never what was typed.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from models import AuditEvent, Role, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, signed_in

WRONG = "not my password at all"
NEW = "a much longer new password"
ACTION = "password_check.failed"


def checks() -> list[tuple[str | None, str | None, dict]]:
    db.session.expire_all()
    found = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == ACTION).order_by(AuditEvent.id)
    )
    return [(event.actor, event.target, event.detail) for event in found]


def _send(client: FlaskClient, url: str, data: dict) -> int:
    browser = Browser(client)
    forget_request_state()
    browser.get(url)
    forget_request_state()
    return browser.post(data=data).status


def test_wrong_passwords_on_your_account_pages_are_recorded(client: FlaskClient):
    signed_in(client, Role.ANALYST, email="analyst@example.org")

    sent = {"current_password": WRONG, "new_password": NEW, "confirm_password": NEW}
    assert _send(client, "/account/password", sent) == 400
    assert _send(client, "/account/two-factor/recovery-codes", {"password": WRONG}) == 400

    assert checks() == [
        ("analyst@example.org", "analyst@example.org", {"for": "password"}),
        ("analyst@example.org", "analyst@example.org", {"for": "recovery_codes"}),
    ]
    everything = repr([(e.target, e.detail) for e in db.session.scalars(select(AuditEvent))])
    assert WRONG not in everything


def test_a_wrong_password_choosing_two_factor_is_recorded(client: FlaskClient):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")

    sent = {"password": WRONG, "code": "123456"}
    assert _send(client, "/account/two-factor/set-up", sent) == 400

    assert checks() == [("pc.jones@example.org", "pc.jones@example.org", {"for": "two_factor"})]


def test_a_wrong_password_on_an_administrators_page_names_the_account_concerned(
    client: FlaskClient,
):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    signed_in(client, Role.ADMIN, email="admin@example.org")

    url = f"/admin/users/{officer.public_id}/reset-password"
    assert _send(client, url, {"your_password": WRONG}) == 400
    sent = {"your_password": WRONG, "name": "Force website", "scopes": "links:read"}
    assert _send(client, "/admin/tokens/new", {**sent, "expiry": "90"}) == 400

    assert checks() == [
        (
            "admin@example.org",
            "admin@example.org",
            {"for": "admin.users_reset_password", "account": "pc.jones@example.org"},
        ),
        ("admin@example.org", "admin@example.org", {"for": "admin.tokens_new"}),
    ]


def test_a_right_or_empty_password_is_not_recorded_as_wrong(client: FlaskClient):
    signed_in(client, Role.ANALYST)
    assert _send(client, "/account/two-factor/recovery-codes", {"password": ""}) == 400
    assert _send(client, "/account/two-factor/recovery-codes", {"password": PASSWORD}) == 200
    sent = {"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW}
    assert _send(client, "/account/password", sent) == 200
    assert checks() == []


def test_the_administrator_reads_what_the_wrong_password_was_for(client: FlaskClient):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    signed_in(client, Role.ADMIN, email="admin@example.org")
    url = f"/admin/users/{officer.public_id}/role"
    sent = {"your_password": WRONG, "role": "admin", "role_when_shown": "officer"}
    assert _send(client, url, sent) == 400

    forget_request_state()
    page = Browser(client).get(f"/admin/audit?action={ACTION}")
    (row,) = page.soup.select("#audit-events tbody tr")
    who, what, target, details = (" ".join(td.get_text().split()) for td in row.select("td")[1:])

    assert (who, target) == ("admin@example.org", "admin@example.org")
    assert what == "Wrong password given when asked for it again"
    assert details == "For: Changing someone's role; Account concerned: pc.jones@example.org"
