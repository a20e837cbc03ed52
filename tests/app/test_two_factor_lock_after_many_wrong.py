"""Many wrong two-factor codes in a row lock the account until an administrator resets it.

The limit on wrong codes in a short time slows guessing but never ends it: someone who has the
password could try codes for ever. So wrong codes in a row (from the app or recovery codes) are
counted per account, a right one starts the count again, and at TWO_FACTOR_MAX_FAILURES (NIST
SP 800-63B: no more than 100) no code is accepted until an administrator resets the account's
two-factor sign-in. The person is told, in plain words, to ask for that; the administrator's
page about the account says why it is locked; the audit log records it once, never a code."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text, update
from sqlalchemy.orm.attributes import set_committed_value

from app.services import two_factor
from models import AuditEvent, Role, User, db
from tests.pages import Browser, Page
from tests.staff import (
    PASSWORD,
    RECOVERY_CODES,
    create_user,
    forget_request_state,
    sign_out,
    signed_in,
    totp_code,
)

ANALYST = "analyst@example.org"
LIMIT = 3


@pytest.fixture
def limit(app: Flask, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setitem(app.config, "TWO_FACTOR_MAX_FAILURES", LIMIT)
    return LIMIT


def _wrong_code(email: str) -> str:
    right = totp_code(email)
    return "000000" if right != "000000" else "111111"


def _password_step(client: FlaskClient) -> Browser:
    forget_request_state()
    browser = Browser(client)
    browser.get("/sign-in")
    page = browser.post(data={"email": ANALYST, "password": PASSWORD})
    assert page.url == "/sign-in/two-factor"
    return browser


def _enter(browser: Browser, code: str) -> Page:
    forget_request_state()
    browser.get("/sign-in/two-factor")
    return browser.post(data={"code": code})


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def _lock(client: FlaskClient) -> tuple[Browser, Page]:
    create_user(Role.ANALYST, ANALYST)
    browser = _password_step(client)
    for _ in range(LIMIT - 1):
        page = _enter(browser, _wrong_code(ANALYST))
        assert page.status == 400
        assert page.error_summary() == ["The code is not right. Enter the code your app shows now"]
    return browser, _enter(browser, _wrong_code(ANALYST))


def test_the_wrong_code_that_reaches_the_limit_locks_the_account_and_says_what_to_do(
    client: FlaskClient, limit: int
):
    _, page = _lock(client)
    assert page.status == 403
    assert page.h1 == "Your account is locked"
    assert "Ask your Listening Post administrator to reset your two-factor sign-in" in page.text()
    # Nothing says how many codes were tried, or how many were allowed.
    assert not any(char.isdigit() for char in page.soup.select_one("main").get_text())


def test_once_locked_neither_the_right_code_nor_a_recovery_code_signs_in(
    client: FlaskClient, limit: int
):
    browser, _ = _lock(client)
    page = _enter(browser, totp_code(ANALYST))
    assert page.h1 == "Your account is locked"
    page = _enter(browser, RECOVERY_CODES[ANALYST][0])
    assert page.h1 == "Your account is locked"
    assert browser.get("/results/").h1 == "Your account is locked"
    # Signing in again with the password changes nothing.
    sign_out(client)
    browser = _password_step(client)
    assert _enter(browser, totp_code(ANALYST)).h1 == "Your account is locked"
    # The recovery code was not spent: it works again once the account is unlocked.
    user = db.session.scalar(select(User).where(User.email == ANALYST))
    assert two_factor.recovery_codes_left(user) == len(RECOVERY_CODES[ANALYST])


def test_a_right_code_starts_the_count_again(client: FlaskClient, limit: int):
    create_user(Role.ANALYST, ANALYST)
    browser = _password_step(client)
    for _ in range(LIMIT - 1):
        _enter(browser, _wrong_code(ANALYST))
    assert _enter(browser, totp_code(ANALYST)).url == "/results/"

    sign_out(client)
    browser = _password_step(client)
    for _ in range(LIMIT - 1):
        assert _enter(browser, _wrong_code(ANALYST)).status == 400
    assert _enter(browser, totp_code(ANALYST)).url == "/results/"
    assert _events("two_factor.locked") == []


def test_wrong_recovery_codes_count_too(client: FlaskClient, limit: int):
    create_user(Role.ANALYST, ANALYST)
    browser = _password_step(client)
    pages = [_enter(browser, f"abcde-fgh{n}k") for n in range(2, 2 + LIMIT)]
    assert [page.status for page in pages] == [400] * (LIMIT - 1) + [403]
    assert pages[-1].h1 == "Your account is locked"


def test_the_lock_is_in_the_audit_log_once_without_the_codes(
    app: Flask, client: FlaskClient, limit: int
):
    browser, _ = _lock(client)
    _enter(browser, "123456")
    _enter(browser, totp_code(ANALYST))
    locked = _events("two_factor.locked")
    assert [(event.target, event.actor, event.detail) for event in locked] == [
        (ANALYST, ANALYST, {})
    ]

    forget_request_state()
    admin_client = app.test_client()
    signed_in(admin_client, Role.ADMIN, email="admin@example.org")
    page = Browser(admin_client).get("/admin/audit?action=two_factor.locked")
    assert "Two-factor sign-in locked after too many wrong codes in a row" in page.text()


def test_the_admin_sees_why_it_is_locked_and_the_reset_unlocks_it(
    app: Flask, client: FlaskClient, limit: int
):
    _lock(client)
    analyst = db.session.scalar(select(User).where(User.email == ANALYST))

    forget_request_state()
    admin_client = app.test_client()
    signed_in(admin_client, Role.ADMIN, email="admin@example.org")
    admin = Browser(admin_client)
    listed = admin.get("/admin/users").soup.find("a", string=ANALYST).find_parent("tr")
    assert "Locked: too many wrong two-factor codes" in listed.get_text(" ", strip=True)
    page = admin.get(f"/admin/users/{analyst.public_id}")
    row = next(
        div
        for div in page.soup.select(".govuk-summary-list__row")
        if div.select_one(".govuk-summary-list__key").get_text(strip=True) == "Two-factor sign-in"
    )
    assert row.select_one(".govuk-summary-list__value").get_text(" ", strip=True) == (
        "Locked, because a wrong code was entered too many times in a row: they cannot sign in "
        "until you reset their two-factor sign-in"
    )

    forget_request_state()
    page = admin.get(f"/admin/users/{analyst.public_id}/reset-two-factor")
    # Before resetting, the admin is told someone else may have been guessing.
    assert "That may have been someone else guessing" in page.text()
    page = admin.post(data={"your_password": PASSWORD})
    temporary = page.soup.select_one("#temporary-password").get_text(strip=True)
    db.session.expire_all()
    assert db.session.get(User, analyst.id).two_factor_failures == 0
    page = admin.get(f"/admin/users/{analyst.public_id}")
    assert "Locked" not in page.text()

    # They set up two-factor sign-in again, as after any reset, and can sign in.
    forget_request_state()
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    page = browser.post(data={"email": ANALYST, "password": temporary})
    assert page.url == "/account/two-factor/set-up"


def test_wrong_codes_counted_elsewhere_meanwhile_are_not_lost(app: Flask, limit: int):
    """The count is added to in the database, not read and written back: wrong codes sent to
    other workers while this one was checking its own are all counted, and the one that
    reaches the limit locks the account and records it."""
    user = create_user(Role.ANALYST, ANALYST)
    wrong = _wrong_code(ANALYST)
    assert two_factor.verify(user, wrong) is None
    assert user.two_factor_failures == 1
    # Another worker counts a wrong code behind this session's back.
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE users SET two_factor_failures = two_factor_failures + 1 WHERE id = :id"),
            {"id": user.id},
        )
    assert user.two_factor_failures == 1  # what this session last saw
    assert two_factor.verify(user, wrong) is None
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_failures == LIMIT
    assert two_factor.locked(user)
    assert len(_events("two_factor.locked")) == 1
    with pytest.raises(two_factor.TwoFactorLocked):
        two_factor.verify(user, totp_code(ANALYST))


def test_a_right_code_racing_the_wrong_code_that_locks_the_account_is_refused(
    app: Flask, limit: int
):
    """A right code checked while another worker's wrong code reached the limit is refused,
    and does not unlock the account; the code is not spent."""
    user = create_user(Role.ANALYST, ANALYST)
    code = totp_code(ANALYST)
    last_step = user.totp_last_step
    db.session.execute(update(User).where(User.id == user.id).values(two_factor_failures=LIMIT))
    db.session.commit()
    # This worker loaded the account before the lock.
    set_committed_value(user, "two_factor_failures", LIMIT - 1)
    with pytest.raises(two_factor.TwoFactorLocked):
        two_factor.verify(user, code)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.two_factor_failures == LIMIT
    assert user.totp_last_step == last_step


def test_by_default_the_hundredth_wrong_code_in_a_row_locks_the_account(app: Flask):
    assert app.config["TWO_FACTOR_MAX_FAILURES"] == 100
    user = create_user(Role.ANALYST, ANALYST)
    wrong = _wrong_code(ANALYST)
    for _ in range(99):
        assert two_factor.verify(user, wrong) is None
    assert not two_factor.locked(user)
    assert two_factor.verify(user, wrong) is None
    assert two_factor.locked(user)


def test_officers_without_two_factor_are_never_locked(app: Flask, limit: int):
    officer = create_user(Role.OFFICER, "officer@example.org")
    set_committed_value(officer, "two_factor_failures", LIMIT)
    assert not two_factor.locked(officer)


def test_wrong_codes_sent_at_the_same_moment_are_each_counted_and_lock_once(
    app: Flask, monkeypatch: pytest.MonkeyPatch
):
    """Wrong codes checked at once by different workers (threads, each with its own database
    connection) are all counted, and exactly one of them locks the account."""
    at_once = 6
    monkeypatch.setitem(app.config, "TWO_FACTOR_MAX_FAILURES", at_once)
    user_id = create_user(Role.ANALYST, ANALYST).id
    wrong = _wrong_code(ANALYST)
    db.session.commit()
    ready = threading.Barrier(at_once)
    problems: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                ready.wait(timeout=30)
                two_factor.verify(user, wrong)
                db.session.remove()
        except BaseException as error:
            problems.append(error)

    threads = [threading.Thread(target=worker) for _ in range(at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    db.session.expire_all()
    assert db.session.get(User, user_id).two_factor_failures == at_once
    assert len(_events("two_factor.locked")) == 1
