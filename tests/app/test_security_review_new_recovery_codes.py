"""New recovery codes only for someone who proves it is them (OWASP ASVS 3.7.1).

A recovery code is a way past the second factor. With only the page's button, anyone at a
browser left signed in could get ten of them and sign in as its owner for good; so the page
asks for the password first. A wrong one changes nothing and is told plainly, and wrong ones
count against the same limit per account as failed sign-ins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import two_factor, users
from models import AuditEvent, Role, db
from tests.app.test_rate_limits import limits_on
from tests.pages import Browser
from tests.staff import (
    PASSWORD,
    RECOVERY_CODES,
    create_user,
    forget_request_state,
    sign_in,
    signed_in,
)

ANALYST = "analyst@example.org"
PAGE = "/account/two-factor/recovery-codes"


def _actions() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _an_old_code_still_signs_in(app: Flask) -> bool:
    """Whether one of the codes the analyst had before still gets them past the code page."""
    forget_request_state()
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    browser.post(data={"email": ANALYST, "password": PASSWORD})
    forget_request_state()
    return browser.post(data={"code": RECOVERY_CODES[ANALYST][-1]}).url == "/results/"


def test_the_page_asks_for_the_password_with_a_label_and_hint(client: FlaskClient):
    signed_in(client, Role.ANALYST, email=ANALYST)
    page = Browser(client).get(PAGE)
    field = page.soup.select_one("input[name=password]")
    assert field["type"] == "password" and field["autocomplete"] == "current-password"
    label = page.soup.select_one(f"label[for={field['id']}]")
    assert label.get_text(strip=True) == "Your password"
    assert "enter the password you sign in with" in page.text()


@pytest.mark.parametrize(
    ("typed", "error"),
    [("not my password at all", "Your password is not right"), ("", "Enter your password")],
    ids=["wrong", "empty"],
)
def test_without_the_right_password_the_codes_stay_as_they_were(
    app: Flask, client: FlaskClient, typed: str, error: str
):
    signed_in(client, Role.ANALYST, email=ANALYST)
    analyst = users.by_email(ANALYST)
    left = two_factor.recovery_codes_left(analyst)
    browser = Browser(client)
    browser.get(PAGE)

    page = browser.post(data={"password": typed})
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [error]
    assert page.field_errors() == [error]
    assert page.soup.select("#recovery-codes") == []  # no codes shown
    assert two_factor.recovery_codes_left(analyst) == left
    assert "two_factor.recovery_codes_replaced" not in _actions()
    assert _an_old_code_still_signs_in(app)


def test_the_right_password_gives_new_codes_and_the_old_ones_stop_working(
    app: Flask, client: FlaskClient
):
    signed_in(client, Role.ANALYST, email=ANALYST)
    browser = Browser(client)
    browser.get(PAGE)
    forget_request_state()
    page = browser.post(data={"password": PASSWORD})
    assert page.status == 200
    assert page.h1 == "Save your recovery codes"
    assert len(page.soup.select("#recovery-codes code")) == two_factor.RECOVERY_CODE_COUNT
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor, event.target) == (
        "two_factor.recovery_codes_replaced",
        ANALYST,
        ANALYST,
    )
    assert not _an_old_code_still_signs_in(app)


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(
        database_url, SIGN_IN_FAILURE_LIMIT="3 per 15 minutes", SIGN_IN_RATE_LIMIT="50 per hour"
    ) as app:
        yield app


def _ask(client: FlaskClient, password: str):
    forget_request_state()
    browser = Browser(client)
    browser.get(PAGE)
    forget_request_state()
    return browser.post(data={"password": password})


def test_wrong_passwords_are_limited_like_failed_sign_ins(limited: Flask):
    create_user(Role.ANALYST, ANALYST)
    client = limited.test_client()
    assert sign_in(client, ANALYST).status_code == 302
    analyst = users.by_email(ANALYST)
    left = two_factor.recovery_codes_left(analyst)

    assert [_ask(client, f"guess number {n}").status for n in range(3)] == [400, 400, 400]
    blocked = _ask(client, PASSWORD)  # even the right one, once the limit is reached
    assert blocked.status == 429
    assert blocked.h1 == "Too many wrong passwords"
    assert "Your recovery codes have not been changed" in blocked.text()
    assert two_factor.recovery_codes_left(analyst) == left
    assert "sign_in.locked_out" in _actions()
    # The same count as signing in: the password does not sign in anywhere else meanwhile.
    forget_request_state()
    assert sign_in(limited.test_client(), ANALYST).status_code == 429


def test_an_empty_box_is_not_counted_as_a_guess(limited: Flask):
    create_user(Role.ANALYST, ANALYST)
    client = limited.test_client()
    assert sign_in(client, ANALYST).status_code == 302
    assert [_ask(client, "").status for _ in range(4)] == [400] * 4
    assert _ask(client, PASSWORD).status == 200
