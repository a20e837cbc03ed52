"""Your account shows the recent activity on your own account, from the audit log: when you
last signed in before this session, the failed attempts since, and the latest changes to how
you sign in, in UK time. Nobody else's events appear, and each query reads only the account's
own events. The banner after signing in: test_account_activity_banner.py."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from app.auth.session import SIGNED_IN_AT
from app.services import account_activity
from models import AuditEvent, Role, db
from tests.app.account_activity_helpers import (
    NEW_PASSWORD,
    SUMMER,
    SUMMER_SHOWN,
    WINTER,
    WINTER_SHOWN,
    activity_rows,
    banners,
    changes,
    failures_listed,
    happened,
    sign_in,
    signed_in_before,
)
from tests.app.admin_users_helpers import link
from tests.pages import Browser
from tests.staff import (
    PASSWORD,
    RECOVERY_CODES,
    create_user,
    forget_request_state,
    signed_in,
    totp_code,
)


def test_a_first_sign_in_with_nothing_to_tell_reads_plainly(browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    first = sign_in(browser, "pc.jones@example.org")
    assert first.url == "/officer/codes/new"
    assert banners(first) == []

    page = browser.get("/account")
    heading = page.soup.select_one("#recent-activity")
    assert heading.name == "h2" and heading.get_text() == "Recent activity on your account"
    rows = activity_rows(page)
    assert list(rows) == [
        "This sign-in",
        "Your sign-in before this one",
        "Failed sign-in attempts since your account was added",
    ]
    assert rows["This sign-in"].endswith(f"on {dt.date.today().day} {dt.date.today():%B %Y}")
    assert rows["Your sign-in before this one"] == "None: this is your first sign-in"
    assert rows["Failed sign-in attempts since your account was added"] == "None"
    (added,) = changes(page)
    assert added[1] == "An administrator added your account"
    # What to do about anything they do not recognise.
    assert "If you do not recognise something here" in page.text()
    assert "tell your Listening Post administrator" in page.text()
    assert link(page, "Change your password")["href"] == "/account/password"
    assert "asked for only after the right password" not in page.text()


def test_the_sign_in_before_this_one_and_each_kind_of_failed_attempt_since_it(
    browser: Browser,
):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    signed_in_before(officer, SUMMER - dt.timedelta(days=200))
    # Before the last sign-in: told of then, not now.
    happened(
        "sign_in.failed",
        officer,
        SUMMER - dt.timedelta(days=1),
        reason="wrong email address or password",
    )
    signed_in_before(officer, SUMMER)
    day = dt.timedelta(days=1)
    happened("sign_in.failed", officer, SUMMER + day, reason="wrong email address or password")
    happened("sign_in.failed", officer, SUMMER + 2 * day, reason="wrong email address or password")
    happened("sign_in.locked_out", officer, SUMMER + 2 * day, reason="too many wrong passwords")
    happened("sign_in.two_factor_failed", officer, SUMMER + 3 * day, by=officer)
    happened("password_check.failed", officer, SUMMER + 4 * day, by=officer, **{"for": "password"})
    happened("sign_in.failed", officer, WINTER, reason="temporary password expired")

    first = sign_in(browser, "pc.jones@example.org")
    assert banners(first) == [
        "Important: Since you last signed in, there were 5 failed attempts to sign in to your "
        "account. Check the recent activity on your account."
    ]
    assert link(first, "Check the recent activity on your account")["href"] == (
        "/account#recent-activity"
    )

    page = browser.get("/account")
    rows = activity_rows(page)
    assert rows["Your sign-in before this one"] == SUMMER_SHOWN
    assert rows["Failed sign-in attempts since your sign-in before this one"].startswith(
        f"5 failed attempts, the latest at {WINTER_SHOWN}:"
    )
    assert failures_listed(page) == [
        "2 wrong passwords at sign-in",
        "1 wrong two-factor code",
        "1 wrong password given while signed in, when a page asked for it again",
        "1 sign-in with an expired temporary password",
        "signing in was stopped for a while, once, after too many wrong tries",
    ]
    assert (
        "A two-factor code is asked for only after the right password. If you did not enter a "
        "wrong code, someone else knows your password."
    ) in page.text()
    # The banner was for the first page only.
    assert banners(page) == []


def test_each_change_to_how_you_sign_in_appears_with_its_wording_newest_first(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(account_activity, "CHANGES_SHOWN", 10)
    admin = create_user(Role.ADMIN, "admin@example.org")
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    march = dt.datetime(2020, 3, 2, 10, 0, tzinfo=dt.UTC)
    happened("two_factor.reset", analyst, march, by=admin)
    happened("user.password_reset", analyst, march, by=admin, reason="two-factor sign-in reset")
    happened("two_factor.set_up", analyst, march + dt.timedelta(hours=1), by=analyst)
    happened("user.password_reset", analyst, SUMMER, by=admin)
    happened("user.password_reset", analyst, WINTER)

    # A recovery code to sign in, new recovery codes, a new password: each through its page.
    sign_in(browser, "analyst@example.org")
    browser.post(data={"code": RECOVERY_CODES["analyst@example.org"][0]})
    browser.get("/account/two-factor/recovery-codes")
    browser.post(data={"password": PASSWORD})
    browser.get("/account/password")
    page = browser.post(
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        }
    )
    assert banners(page) == ["Success: Your password has been changed"]

    page = browser.get("/account")
    caption = page.soup.select_one("#sign-in-changes caption").get_text()
    assert caption == "Latest changes to how you sign in, newest first"
    listed = changes(page)
    assert [what for _, what in listed] == [
        "You changed your password",
        "You got new recovery codes",
        "A recovery code was used to sign in",
        "An administrator added your account",
        "An administrator reset your password and gave you a temporary one",
        "An administrator reset your password and gave you a temporary one",
        "You set up two-factor sign-in",
        "An administrator reset your two-factor sign-in and gave you a temporary password",
    ]
    assert listed[4][0] == WINTER_SHOWN and listed[5][0] == SUMMER_SHOWN
    assert listed[7][0] == "10am on 2 March 2020"


def test_only_the_latest_few_changes_are_listed(client: FlaskClient, browser: Browser):
    user = signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    for day in range(1, 9):
        at = dt.datetime(2020, 5, day, 9, 0, tzinfo=dt.UTC)
        happened("user.password_changed", user, at, by=user)
    page = browser.get("/account")
    listed = [what for what, _ in changes(page)]
    assert len(listed) == account_activity.CHANGES_SHOWN == 5
    # The account was added just now; then the latest of the changes in May.
    assert listed[1:] == [f"10am on {day} May 2020" for day in (8, 7, 6, 5)]


def test_another_users_events_never_appear(browser: Browser):
    me = create_user(Role.ADMIN, "admin@example.org")
    other = create_user(Role.ANALYST, "analyst@example.org")
    near = create_user(Role.OFFICER, "admin2@example.org")  # the same address but for a digit
    for someone in (other, near):
        signed_in_before(someone, SUMMER)
        happened("sign_in.failed", someone, WINTER, reason="wrong email address or password")
        happened("sign_in.two_factor_failed", someone, WINTER, by=someone)
        happened("password_check.failed", someone, WINTER, by=someone, **{"for": "password"})
        happened("sign_in.locked_out", someone, WINTER, reason="too many wrong passwords")
        happened("two_factor.recovery_codes_replaced", someone, WINTER, by=someone)
        happened("user.password_changed", someone, WINTER, by=someone)
        # What this admin did to someone else's account is not a change to their own.
        happened("user.password_reset", someone, WINTER, by=me)
        happened("two_factor.reset", someone, WINTER, by=me)
    # A failed sign-in with an address that is nobody's names no account.
    db.session.add(
        AuditEvent(action="sign_in.failed", target=None, detail={"reason": "no account"})
    )
    db.session.commit()

    page = sign_in(browser, "admin@example.org")
    first = browser.post(data={"code": totp_code("admin@example.org")})
    assert first.url == "/admin/users"
    assert banners(first) == []
    page = browser.get("/account")
    rows = activity_rows(page)
    assert rows["Your sign-in before this one"] == "None: this is your first sign-in"
    assert rows["Failed sign-in attempts since your account was added"] == "None"
    assert "Signed in again since" not in rows
    assert [what for _, what in changes(page)] == ["An administrator added your account"]
    assert "analyst@example.org" not in page.text()
    assert "admin2@example.org" not in page.text()


def test_setting_up_two_factor_sign_in_later_is_a_change_not_a_sign_in(browser: Browser):
    import pyotp

    create_user(Role.OFFICER, "pc.jones@example.org")
    sign_in(browser, "pc.jones@example.org")
    page = browser.get("/account/two-factor/set-up")
    key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")
    page = browser.post(data={"password": PASSWORD, "code": pyotp.TOTP(key).now()})
    assert page.h1 == "Save your recovery codes"
    assert banners(page) == []

    page = browser.get("/account")
    rows = activity_rows(page)
    assert rows["Your sign-in before this one"] == "None: this is your first sign-in"
    assert "Signed in again since" not in rows
    assert changes(page)[0][1] == "You set up two-factor sign-in"


def test_a_sign_in_elsewhere_since_this_one_is_shown(app: Flask, browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    sign_in(browser, "pc.jones@example.org")
    # This session's sign-in was an hour ago …
    for earlier in db.session.scalars(select(AuditEvent)):
        earlier.occurred_at -= dt.timedelta(hours=1)
    db.session.commit()
    with browser.client.session_transaction() as cookie:
        cookie[SIGNED_IN_AT] -= 3600
    elsewhere = Browser(app.test_client())
    sign_in(elsewhere, "pc.jones@example.org")  # … and another browser signs in now
    forget_request_state()
    rows = activity_rows(browser.get("/account"))
    assert rows["Your sign-in before this one"] == "None: this is your first sign-in"
    assert rows["Signed in again since"].endswith(", in another browser or on another device")


def test_every_query_is_answered_from_the_accounts_own_events(client: FlaskClient):
    """On a long log, each query reads the one account's events by the index on (target,
    occurred_at), not every sign-in of everyone through the index on action."""
    user = signed_in(client, Role.ANALYST, email="analyst@example.org")
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany) -> None:
        if "audit_events" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        account_activity.activity(user, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert len(statements) >= 4
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.connect() as connection:
        if postgres:
            # A handful of rows is cheaper to read whole: ask how it would be done at scale.
            connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
            plan = " ".join(
                str(row[-1]) for row in connection.exec_driver_sql(explain + statement, parameters)
            )
            assert "ix_audit_events_target_occurred_at" in plan, (statement, plan)
        connection.rollback()
