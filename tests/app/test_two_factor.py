"""Two-factor sign-in for analysts and admins: enrolment with a QR code or a typed key, a code
after the password, single-use recovery codes, an admin reset, limits and the audit log."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.config import TestConfig
from app.extensions import limiter
from app.services import two_factor, users
from models import AuditEvent, Role, db
from models.user import RecoveryCode
from tests.pages import Browser
from tests.staff import (
    PASSWORD,
    RECOVERY_CODES,
    TOTP_KEYS,
    create_user,
    forget_request_state,
    sign_in,
    sign_out,
    signed_in,
    totp_code,
)


def code_for(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + offset_steps * two_factor.STEP_SECONDS)


def password_step(browser: Browser, email: str, next_url: str | None = None):
    browser.get("/sign-in" + (f"?next={next_url}" if next_url else ""))
    return browser.post(data={"email": email, "password": PASSWORD})


def audit_actions() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_an_analyst_without_two_factor_must_set_it_up_before_seeing_results(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)

    page = password_step(browser, "analyst@example.org")
    assert page.url == "/account/two-factor/set-up"
    assert page.h1 == "Set up two-factor sign-in"
    # Results stay closed until it is set up.
    assert browser.get("/results/").url == "/account/two-factor/set-up"

    # The QR code is an accessible image of the otpauth address; the key is there to type.
    page = browser.get("/account/two-factor/set-up")
    qr = page.soup.select_one(".app-qr svg")
    assert qr is not None and qr.get("role") == "img" and qr.title.string
    key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")
    user = users.by_email("analyst@example.org")
    assert two_factor.uses_key(user, key) and len(key) >= 32
    assert user.has_two_factor is False  # not in force until a code proves the app has it

    wrong = browser.post(data={"code": "123456" if code_for(key) != "123456" else "654321"})
    assert wrong.status == 400
    assert wrong.error_summary() == [
        "Enter the 6-digit code your authenticator app shows now for Listening Post"
    ]
    assert wrong.title.startswith("Error: ")

    done = browser.post(data={"code": code_for(key)})
    assert done.status == 200
    assert done.h1 == "Save your recovery codes"
    codes = [li.get_text(strip=True) for li in done.soup.select("#recovery-codes li")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes)
    # Only hashes are stored.
    stored = set(db.session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not stored & set(codes)

    assert browser.get("/results/").url == "/results/"
    assert "two_factor.set_up" in audit_actions()
    # Shown once: the set-up page now sends them on instead of showing new codes.
    assert browser.get("/account/two-factor/set-up", follow=False).status == 302


def test_a_reload_of_the_set_up_page_keeps_the_key_already_scanned(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org", two_factor_set_up=False)
    password_step(browser, "admin@example.org")
    first = browser.get("/account/two-factor/set-up").soup.select_one("#two-factor-key").text
    again = browser.get("/account/two-factor/set-up").soup.select_one("#two-factor-key").text
    assert first == again


def test_after_the_password_an_analyst_must_enter_a_code(browser: Browser):
    user = create_user(Role.ANALYST, "analyst@example.org")

    page = password_step(browser, "analyst@example.org", next_url="/results/stop-search")
    assert page.url.startswith("/sign-in/two-factor")
    assert page.h1 == "Enter the code from your app"
    code_input = page.soup.select_one("input[name=code]")
    assert code_input["autocomplete"] == "one-time-code"
    # Nothing staff-only opens on the password alone.
    for url in ("/results/", "/admin/audit", "/account/password", "/admin/offered-and-answered"):
        assert browser.get(url).url.startswith("/sign-in/two-factor"), url

    wrong = browser.post(
        data={"code": "000000" if code_for(TOTP_KEYS[user.email]) != "000000" else "1"}
    )
    assert wrong.status == 400
    assert wrong.error_summary() == ["The code is not right. Enter the code your app shows now"]

    page = browser.post(
        url="/sign-in/two-factor?next=/results/stop-search",
        data={"code": totp_code("analyst@example.org")},
    )
    assert page.url == "/results/stop-search"  # on to where they were going
    assert audit_actions()[-3:] == [
        "sign_in.password",
        "sign_in.two_factor_failed",
        "sign_in.two_factor",
    ]


def test_a_code_works_once_only(app: Flask, client: FlaskClient):
    user = create_user(Role.ANALYST, "analyst@example.org")
    code = totp_code(user.email)
    assert two_factor.verify(user, code) is not None
    with pytest.raises(two_factor.CodeAlreadyUsed):
        two_factor.verify(user, code)  # replayed within its 30 seconds
    # A code from before the last one used is refused too.
    with pytest.raises(two_factor.CodeAlreadyUsed):
        two_factor.verify(user, code_for(TOTP_KEYS[user.email], -1))


def test_a_code_used_already_is_refused_with_its_own_message(browser: Browser):
    user = create_user(Role.ANALYST, "analyst@example.org")
    code = totp_code(user.email)
    password_step(browser, user.email)
    assert browser.post(data={"code": code}).url == "/results/"

    # Signing out and straight back in while the app still shows the same code.
    browser.get("/sign-out")
    browser.post()  # the "Sign out" button
    password_step(browser, user.email)
    again = browser.post(data={"code": code})
    assert again.status == 400
    assert again.url == "/sign-in/two-factor"
    message = (
        "That code has already been used. Wait for your app to show a new code, then enter it."
    )
    assert again.error_summary() == [message]
    assert again.field_errors() == [message]
    assert browser.get("/results/").url.startswith("/sign-in/two-factor")  # still refused
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.detail) == (
        "sign_in.two_factor_failed",
        {"reason": "code already used"},
    )

    # A wrong code keeps its own message; the next code from the app signs in.
    wrong = "000000" if code_for(TOTP_KEYS[user.email], +1) != "000000" else "111111"
    page = browser.post(url="/sign-in/two-factor", data={"code": wrong})
    assert page.error_summary() == ["The code is not right. Enter the code your app shows now"]
    page = browser.post(data={"code": totp_code(user.email)})
    assert page.url == "/results/"


def staff_links(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation a")]


def test_no_staff_navigation_until_the_second_factor_is_given(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org")
    page = password_step(browser, "admin@example.org")
    assert page.url == "/sign-in/two-factor"
    # The service name, and a way out; no Results, Coding, You said, we did… that bounce back.
    assert staff_links(page) == ["Listening Post", "Sign out"]
    wrong = browser.post(data={"code": "1"})
    assert staff_links(wrong) == ["Listening Post", "Sign out"]

    page = browser.post(data={"code": totp_code("admin@example.org")})
    assert page.url == "/admin/users"
    links = staff_links(page)
    assert {"Results", "Coding", "You said, we did", "Sign out"} <= set(links)


def test_no_staff_navigation_while_setting_up_two_factor(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    page = password_step(browser, "analyst@example.org")
    assert page.url == "/account/two-factor/set-up"
    assert staff_links(page) == ["Listening Post", "Sign out"]


def test_codes_a_step_either_side_are_accepted_for_clock_drift():
    user = create_user(Role.ADMIN, "admin@example.org", two_factor_set_up=False)
    secret = two_factor.start_enrolment(user)
    two_factor.confirm_enrolment(user, code_for(secret, -1))
    assert two_factor.verify(user, code_for(secret, +1)) is not None
    assert two_factor.verify(user, code_for(secret, +3)) is None  # too far ahead


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org")
    recovery = RECOVERY_CODES["admin@example.org"][0]

    password_step(browser, "admin@example.org")
    page = browser.post(data={"code": recovery.upper().replace("-", " ")})  # as typed off paper
    assert page.url == "/admin/users"
    assert "You signed in with a recovery code. You have 9 left." in page.text()
    assert audit_actions()[-1] == "sign_in.two_factor"
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.detail == {"method": "recovery_code"}

    browser.get("/sign-out")
    browser.post()  # the "Sign out" button
    password_step(browser, "admin@example.org")
    again = browser.post(data={"code": recovery})
    assert again.status == 400  # used already


def test_an_admin_can_reset_someones_two_factor_and_they_set_it_up_again(client: FlaskClient):
    admin = signed_in(client, Role.ADMIN, email="admin@example.org")
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    other = Browser(client)

    page = other.get(f"/admin/users/{analyst.public_id}")
    assert "Set up" in page.text()
    other.get(f"/admin/users/{analyst.public_id}/reset-two-factor")  # asks first
    page = other.post(data={"your_password": PASSWORD})  # the question's button
    assert "they must also set up two-factor sign-in when they next sign in" in page.text()
    temporary = page.soup.select_one("#temporary-password").get_text(strip=True)
    db.session.expire_all()
    assert not analyst.has_two_factor and analyst.totp_secret is None
    assert (
        db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == analyst.id)).all()
        == []
    )
    assert audit_actions()[-2:] == ["two_factor.reset", "user.password_reset"]
    assert {
        e.actor for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[-2:]
    } == {admin.email}

    # The reset gave them a temporary password: they sign in with that, not their old one.
    forget_request_state()
    analyst_browser = Browser(client.application.test_client())
    analyst_browser.get("/sign-in")
    page = analyst_browser.post(data={"email": "analyst@example.org", "password": temporary})
    assert page.url == "/account/two-factor/set-up"


def test_an_admin_cannot_reset_their_own_two_factor(client: FlaskClient):
    admin = signed_in(client, Role.ADMIN, email="admin@example.org")
    browser = Browser(client)
    browser.get(f"/admin/users/{admin.public_id}")
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.reset(admin, admin)
    assert users.by_email("admin@example.org").has_two_factor


def test_officers_sign_in_with_a_password_alone(client: FlaskClient):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    response = sign_in(client, officer.email)
    assert response.headers["Location"] == "/officer/codes/new"


@pytest.fixture
def limited_client(database_url: str) -> Iterator[FlaskClient]:
    limited = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        TWO_FACTOR_RATE_LIMIT="3 per 5 minutes",
    )
    limiter.reset()
    with limited.app_context():
        yield limited.test_client()
        limiter.reset()
        limiter.enabled = False


def test_wrong_codes_are_limited_with_a_clear_page(limited_client: FlaskClient):
    user = create_user(Role.ANALYST, "analyst@example.org")
    browser = Browser(limited_client)
    password_step(browser, user.email)
    wrong = "000000" if code_for(TOTP_KEYS[user.email]) != "000000" else "111111"
    statuses = [browser.post(data={"code": wrong}).status for _ in range(3)]
    assert statuses == [400, 400, 400]
    blocked = browser.post(data={"code": totp_code(user.email)})
    assert blocked.status == 429
    assert blocked.h1 == "Too many wrong codes"
    assert "Wait 5 minutes" in blocked.text()


def test_secrets_never_appear_in_the_audit_log():
    user = create_user(Role.ADMIN, "admin@example.org")
    for event in db.session.scalars(select(AuditEvent)):
        text = repr((event.actor, event.target, event.detail))
        assert TOTP_KEYS[user.email] not in text and user.totp_secret not in text
        assert not any(code in text for code in RECOVERY_CODES["admin@example.org"])


def test_the_set_up_page_shows_the_key_for_people_who_cannot_scan(browser: Browser):
    create_user(Role.ADMIN, "admin@example.org", two_factor_set_up=False)
    password_step(browser, "admin@example.org")
    page = browser.get("/account/two-factor/set-up")
    soup = BeautifulSoup(str(page.soup), "html.parser")
    key = soup.select_one("#two-factor-key").get_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", key)
    uri = two_factor.provisioning_uri(users.by_email("admin@example.org"))
    assert uri.startswith("otpauth://totp/Listening%20Post:admin%40example.org?secret=")


def test_demo_accounts_print_a_two_factor_key_that_signs_in(runner, client: FlaskClient):
    result = runner.invoke(args=["users", "demo"])
    assert result.exit_code == 0, result.output
    keys = re.findall(r"two-factor key: ([A-Z2-7 ]+) \(", result.output)
    assert len(keys) == 2  # the analyst and the admin; the officer signs in with a password
    admin = users.by_email("admin@example.org")
    assert two_factor.uses_key(admin, keys[1].replace(" ", ""))

    code = runner.invoke(args=["users", "demo-code", "admin@example.org"]).output.strip()
    assert re.fullmatch(r"\d{6}", code)
    password = re.search(r"admin@example.org\s+password: (\S+)", result.output).group(1)
    browser = Browser(client)
    browser.get("/sign-in")
    page = browser.post(data={"email": "admin@example.org", "password": password})
    assert page.url == "/sign-in/two-factor"
    assert browser.post(data={"code": code}).url == "/admin/users"

    again = runner.invoke(args=["users", "demo"])  # idempotent: the same key
    assert re.findall(r"two-factor key: ([A-Z2-7 ]+) \(", again.output) == keys


def test_signing_out_on_the_password_alone_does_not_sign_the_owner_out_elsewhere(app: Flask):
    # Knowing the password is not enough to end the owner's sessions on other devices; a full
    # sign-in's sign-out still ends them all.
    create_user(Role.ANALYST, "analyst@example.org")
    owner, stranger = app.test_client(), app.test_client()
    assert sign_in(owner, "analyst@example.org").status_code == 302

    forget_request_state()
    from tests.pages import Page

    form = stranger.get("/sign-in")
    token = Page(200, "/sign-in", form.get_data(as_text=True)).csrf_token()
    halfway = stranger.post(
        "/sign-in",
        data={"email": "analyst@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert "/sign-in/two-factor" in halfway.headers["Location"]
    # The stranger gives up at the code page and presses its "Sign out" button.
    forget_request_state()
    code_page = Page(200, "/", stranger.get("/sign-in/two-factor").get_data(as_text=True))
    button = code_page.soup.select_one("form[action='/sign-out']")
    token = button.select_one("input[name='csrf_token']")["value"]
    assert stranger.post(button["action"], data={"csrf_token": token}).location == "/sign-in"
    assert stranger.get("/results/").location.startswith("/sign-in?")  # not the code page

    forget_request_state()
    assert owner.get("/results/").status_code == 200

    other_device = app.test_client()
    assert sign_in(other_device, "analyst@example.org").status_code == 302
    assert "You have signed out" in sign_out(other_device).get_data(as_text=True)
    forget_request_state()
    assert owner.get("/results/").status_code == 302
