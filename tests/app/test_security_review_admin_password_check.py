"""An administrator proves it is them before a page hands out a way in (OWASP ASVS 3.7.1).

Resetting someone's password or two-factor sign-in, adding a user, changing a role, making
an API token and reactivating a deactivated account each gave whoever was at an
administrator's browser left signed in a credential or more access, on the page's button
alone. Each now asks for the administrator's own
password: a wrong or empty one does nothing and says so, keeping the other answers, and wrong
ones count against the same limit per account as failed sign-ins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.auth.guessing import FROM_ONE_ADDRESS
from app.services import audit_details, users
from models import ApiToken, AuditEvent, Role, db
from tests.app.test_rate_limits import limits_on
from tests.pages import Browser, Page
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, signed_in

ADMIN = "admin@example.org"
TARGET = "pc.jones@example.org"
NEW_USER = "new.admin@example.org"


@dataclass(frozen=True)
class Action:
    """One page that asks for the administrator's password: where, what else is sent, and
    whether it has been done."""

    name: str
    url: Callable[[], str]
    answers: dict
    done: Callable[[], bool]
    #: What must be so before the page offers it, besides the officer existing.
    before: Callable[[], None] = lambda: None

    def __str__(self) -> str:
        return self.name


def _target():
    db.session.expire_all()
    return users.by_email(TARGET)


def _tokens() -> int:
    return db.session.scalar(select(func.count()).select_from(ApiToken))


def _deactivate_the_officer() -> None:
    _target().active = False
    db.session.commit()


ACTIONS = [
    Action(
        "reset-password",
        lambda: f"/admin/users/{_target().public_id}/reset-password",
        {},
        lambda: not users.verify_password(_target().password_hash, PASSWORD),
    ),
    Action(
        "reset-two-factor",
        lambda: f"/admin/users/{_target().public_id}/reset-two-factor",
        {},
        lambda: not _target().has_two_factor,
    ),
    Action(
        "new-user",
        lambda: "/admin/users/new",
        {"email": NEW_USER, "role": "admin"},
        lambda: users.by_email(NEW_USER) is not None,
    ),
    Action(
        "role",
        lambda: f"/admin/users/{_target().public_id}/role",
        {"role": "admin", "role_when_shown": "officer"},
        lambda: _target().role == Role.ADMIN,
    ),
    Action(
        "new-token",
        lambda: "/admin/tokens/new",
        {"name": "Force website", "scopes": ["links:read"], "expiry": "90"},
        lambda: _tokens() > 0,
    ),
    Action(
        "reactivate",
        lambda: f"/admin/users/{_target().public_id}/reactivate",
        {},
        lambda: _target().active,
        before=_deactivate_the_officer,
    ),
]


def _the_officer(action: Action | None = None) -> None:
    create_user(Role.OFFICER, TARGET, two_factor_set_up=True)
    if action is not None:
        action.before()


def _kept(page: Page, answers: dict) -> None:
    """What was entered besides the password is on the page again."""
    for name, value in answers.items():
        if name == "role_when_shown":
            continue
        if isinstance(value, list):
            assert sorted(page.checked(name)) == sorted(value)
        elif name in ("role", "expiry"):
            assert page.checked(name) == [value]
        else:
            assert page.soup.select_one(f"input[name={name}]")["value"] == value


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_the_page_asks_for_your_password_with_a_label_and_hint(client: FlaskClient, action: Action):
    signed_in(client, Role.ADMIN, email=ADMIN)
    _the_officer(action)
    page = Browser(client).get(action.url())
    field = page.soup.select_one("input[name=your_password]")
    assert field["type"] == "password" and field["autocomplete"] == "current-password"
    assert page.soup.select_one(f"label[for={field['id']}]").get_text(strip=True) == (
        "Your password"
    )
    hint = page.soup.select_one(f"#{field['aria-describedby']}").get_text(strip=True)
    assert hint == "To show it is you, enter the password you sign in with."


@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize(
    ("typed", "error"),
    [("not my password at all", "Your password is not right"), ("", "Enter your password")],
    ids=["wrong", "empty"],
)
def test_without_your_right_password_nothing_is_done(
    client: FlaskClient, action: Action, typed: str, error: str
):
    signed_in(client, Role.ADMIN, email=ADMIN)
    _the_officer(action)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    browser = Browser(client)
    browser.get(action.url())

    page = browser.post(data={**action.answers, "your_password": typed})

    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [error]
    assert page.field_errors() == [error]
    assert page.soup.select_one("input[name=your_password]").get("value", "") == ""
    if typed:
        assert typed not in page.html  # never shown again
    _kept(page, action.answers)
    assert page.soup.select_one("#temporary-password, #api-token") is None
    assert not action.done()
    assert users.verify_password(_target().password_hash, PASSWORD)
    # Nothing done is recorded; a wrong password is, as a failed sign-in is, never what was
    # typed (tests/app/test_staff_security_review_password_asked_again.py).
    recorded = db.session.scalars(
        select(AuditEvent.action).order_by(AuditEvent.id).offset(events)
    ).all()
    assert recorded == (["password_check.failed"] if typed else [])
    if typed:  # the audit log says in words what the password was asked for
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.detail["for"] in audit_details.WORDS["for"], event.detail


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_with_your_right_password_it_is_done(client: FlaskClient, action: Action):
    signed_in(client, Role.ADMIN, email=ADMIN)
    _the_officer(action)
    browser = Browser(client)
    browser.get(action.url())

    page = browser.post(data={**action.answers, "your_password": PASSWORD})

    assert page.status == 200
    assert page.error_summary() == []
    assert action.done()


def test_a_right_password_with_another_problem_does_nothing_and_is_asked_for_again(
    client: FlaskClient,
):
    signed_in(client, Role.ADMIN, email=ADMIN)
    browser = Browser(client)
    browser.get("/admin/users/new")
    page = browser.post(data={"email": NEW_USER, "role": "", "your_password": PASSWORD})
    assert page.status == 400
    assert page.error_summary() == ["Select what they will do"]
    assert page.soup.select_one("input[name=your_password]").get("value", "") == ""
    assert PASSWORD not in page.html
    assert users.by_email(NEW_USER) is None


def test_pages_that_hand_out_nothing_still_ask_only_for_the_button(client: FlaskClient):
    signed_in(client, Role.ADMIN, email=ADMIN)
    _the_officer()
    browser = Browser(client)
    page = browser.get(f"/admin/users/{_target().public_id}/deactivate")
    assert page.soup.select("input[name=your_password]") == []
    page = browser.post(data={})
    assert "has been deactivated" in page.text()


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(
        database_url, SIGN_IN_FAILURE_LIMIT="3 per 15 minutes", SIGN_IN_RATE_LIMIT="50 per hour"
    ) as app:
        yield app


def _try(client: FlaskClient, action: Action, password: str) -> Page:
    forget_request_state()
    browser = Browser(client)
    browser.get(action.url())
    forget_request_state()
    return browser.post(data={**action.answers, "your_password": password})


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_wrong_passwords_are_limited_like_failed_sign_ins(limited: Flask, action: Action):
    create_user(Role.ADMIN, ADMIN)
    _the_officer(action)
    client = limited.test_client()
    assert sign_in(client, ADMIN).status_code == 302

    assert [_try(client, action, f"guess number {n}").status for n in range(3)] == [400] * 3
    blocked = _try(client, action, PASSWORD)  # even the right one, once the limit is reached
    assert blocked.status == 429
    assert blocked.h1 == "Too many wrong passwords"
    assert "Nothing has been done" in blocked.text()
    assert not action.done()
    db.session.expire_all()
    locked = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "sign_in.locked_out")
    ).one()
    assert (locked.actor, locked.target) == (ADMIN, ADMIN)
    assert locked.detail == {"reason": FROM_ONE_ADDRESS}
    # The same count as signing in: the password does not sign in from that address meanwhile,
    # but does from another (a borrowed session does not lock the owner out).
    forget_request_state()
    assert sign_in(limited.test_client(), ADMIN).status_code == 429
    elsewhere = limited.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.20"
    forget_request_state()
    assert sign_in(elsewhere, ADMIN).status_code == 302


def test_an_empty_box_is_not_counted_as_a_guess(limited: Flask):
    create_user(Role.ADMIN, ADMIN)
    _the_officer()
    client = limited.test_client()
    assert sign_in(client, ADMIN).status_code == 302
    action = ACTIONS[0]
    assert [_try(client, action, "").status for _ in range(4)] == [400] * 4
    assert _try(client, action, PASSWORD).status == 200
    assert action.done()
