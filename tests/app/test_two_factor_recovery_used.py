"""A recovery code typed a second time, or mistyped: the person is told which, not to enter
"the code your app shows now", which is no help to someone who has lost their phone."""

from __future__ import annotations

from sqlalchemy import select

from app.services import audit_display
from models import AuditEvent, Role, db
from tests.pages import Browser
from tests.staff import PASSWORD, RECOVERY_CODES, create_user


def password_step(browser: Browser, email: str):
    browser.get("/sign-in")
    return browser.post(data={"email": email, "password": PASSWORD})


def sign_out(browser: Browser) -> None:
    browser.get("/sign-out")
    browser.post()  # the "Sign out" button


def last_event() -> AuditEvent:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_a_recovery_code_used_before_says_so_and_what_to_do_if_it_was_not_them(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org")
    recovery = RECOVERY_CODES["admin@example.org"][0]
    password_step(browser, "admin@example.org")
    assert browser.post(data={"code": recovery}).url == "/admin/users"
    sign_out(browser)

    password_step(browser, "admin@example.org")
    again = browser.post(data={"code": recovery.upper()})
    assert again.status == 400
    assert again.title.startswith("Error: ")
    (message,) = again.error_summary()
    assert message.startswith("That recovery code has already been used, on ")
    assert "Each recovery code works once" in message
    assert "If you did not use it, ask your Listening Post administrator" in message
    assert "Enter the code your app shows now" not in message
    # Refused, and recorded as a refusal, all the same.
    assert last_event().action == "sign_in.two_factor_failed"
    assert last_event().detail == {"reason": "recovery code already used"}
    (row,) = audit_display.rows([last_event()])
    assert "A recovery code that had already been used" in str(row)


def test_a_mistyped_recovery_code_is_called_a_recovery_code(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org")
    password_step(browser, "admin@example.org")
    page = browser.post(data={"code": "abcde-fghjk"})
    assert page.status == 400
    assert page.error_summary() == [
        "That is not one of your recovery codes. Check it and enter it again, or enter the "
        "code your app shows now"
    ]
    # A six-digit code from the app that is wrong is still about the app.
    page = browser.post(data={"code": "000000"})
    assert page.error_summary() == ["The code is not right. Enter the code your app shows now"]
