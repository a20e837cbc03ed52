"""Signing in and out: hashing, sessions that end when they should, safe redirects, limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher, Type
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.auth.session import LAST_SEEN, SIGNED_IN_AT
from app.auth.views import safe_next
from app.config import Config, TestConfig
from app.extensions import limiter
from app.services import users
from models import Role, User, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, sign_in, sign_out, signed_in, totp_code


def test_officer_signs_in_and_sees_the_staff_navigation(browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    page = browser.get("/sign-in")
    assert page.status == 200
    assert page.title == "Sign in – Listening Post"
    page = browser.post(data={"email": "  PC.Jones@example.org ", "password": PASSWORD})
    assert page.url == "/officer/codes/new"
    nav = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__item a")]
    assert nav == ["Make a code", "My codes", "Sign out"]
    assert "Listening Post" in page.soup.select_one(".govuk-service-navigation__service-name").text


@pytest.mark.parametrize(
    ("role", "home", "nav"),
    [
        (
            Role.ANALYST,
            "/results/",
            ["Results", "Offered and answered", "Coding", "You said, we did", "Sign out"],
        ),
        (
            Role.ADMIN,
            "/admin/users",
            [
                "Users",
                "Areas",
                "API tokens",
                "Surveys",
                "Results",
                "Offered and answered",
                "Coding",
                "You said, we did",
                "Audit log",
                "Sign out",
            ],
        ),
    ],
)
def test_each_role_lands_on_its_own_home(browser: Browser, role, home, nav):
    create_user(role, "someone@example.org")
    browser.get("/sign-in")
    page = browser.post(data={"email": "someone@example.org", "password": PASSWORD})
    if role != Role.OFFICER:
        assert page.url == "/sign-in/two-factor"  # analysts and admins: a code as well
        page = browser.post(data={"code": totp_code("someone@example.org")})
    assert page.url == home
    assert [
        a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__item a")
    ] == nav


def test_wrong_password_shows_a_gov_uk_error_and_keeps_the_email(browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get("/sign-in")
    page = browser.post(data={"email": "pc.jones@example.org", "password": "wrong password!!"})
    assert page.status == 400
    assert page.title.startswith("Error: Sign in")
    assert page.error_summary() == ["Enter a correct email address and password"]
    assert page.soup.select_one("input[name=email]")["value"] == "pc.jones@example.org"
    assert not page.soup.select_one("input[name=password]").get("value")


def test_unknown_email_gets_the_same_message_as_a_wrong_password(browser: Browser):
    browser.get("/sign-in")
    page = browser.post(data={"email": "nobody@example.org", "password": "whatever it is"})
    assert page.status == 400
    assert page.error_summary() == ["Enter a correct email address and password"]


def test_empty_form_asks_for_both_fields(browser: Browser):
    browser.get("/sign-in")
    page = browser.post(data={"email": " ", "password": ""})
    assert page.error_summary() == ["Enter your email address", "Enter your password"]


def test_deactivated_user_is_told_so_only_with_the_right_password(browser: Browser):
    user = create_user(Role.OFFICER, "gone@example.org")
    admin = create_user(Role.ADMIN, "admin@example.org")
    users.deactivate(user, admin)
    browser.get("/sign-in")
    page = browser.post(data={"email": "gone@example.org", "password": "not the password"})
    assert page.error_summary() == ["Enter a correct email address and password"]
    page = browser.post(data={"email": "gone@example.org", "password": PASSWORD})
    assert "deactivated" in page.error_summary()[0]


def test_passwords_are_stored_as_argon2id_with_the_configured_cost(app: Flask):
    user = create_user(Role.OFFICER, "pc.jones@example.org")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert users.verify_password(user.password_hash, PASSWORD)
    assert not users.verify_password(user.password_hash, PASSWORD + "x")
    assert not users.verify_password("not a hash", PASSWORD)


def test_production_cost_is_at_least_the_owasp_cheat_sheets_minimum():
    # OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 passes, 1 lane (or more).
    assert Config.ARGON2_MEMORY_COST_KIB >= 19 * 1024
    assert Config.ARGON2_TIME_COST >= 2
    assert Config.ARGON2_PARALLELISM >= 1
    # Below 64 MiB, so four threads signing people in at once stay within a worker's budget.
    assert Config.ARGON2_MEMORY_COST_KIB < 64 * 1024


@pytest.fixture
def production_cost(app: Flask) -> Iterator[None]:
    """The production hashing cost, for tests about which cost a stored hash has."""
    names = ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST_KIB", "ARGON2_PARALLELISM")
    for name in names:
        app.config[name] = getattr(Config, name)
    try:
        yield
    finally:
        for name in names:
            app.config[name] = getattr(TestConfig, name)


def test_new_passwords_are_hashed_with_19_mib_2_passes_1_lane(production_cost: None):
    user = create_user(Role.OFFICER, "pc.jones@example.org")
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_made_with_the_former_cost_still_works_and_is_made_again_at_sign_in(
    production_cost: None, client: FlaskClient
):
    # Hashes made before the change: argon2-cffi's defaults, 64 MiB, 3 passes, 4 lanes.
    former = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, type=Type.ID)
    user = create_user(Role.OFFICER, "pc.jones@example.org")
    user.password_hash = former.hash(PASSWORD)
    db.session.commit()
    old_hash = user.password_hash
    assert old_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")

    assert sign_in(client, "pc.jones@example.org", PASSWORD + "x").status_code == 400
    db.session.refresh(user)
    assert user.password_hash == old_hash  # a wrong password changes nothing

    response = sign_in(client, "pc.jones@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/officer/codes/new"
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert users.verify_password(user.password_hash, PASSWORD)
    assert not users.verify_password(user.password_hash, PASSWORD + "x")


def test_a_hash_made_with_an_older_cost_is_upgraded_at_sign_in(app: Flask, client: FlaskClient):
    user = create_user(Role.OFFICER, "pc.jones@example.org")
    app.config["ARGON2_TIME_COST"] = 2
    try:
        sign_in(client, "pc.jones@example.org")
        db.session.refresh(user)
        assert ",t=2," in user.password_hash
    finally:
        app.config["ARGON2_TIME_COST"] = TestConfig.ARGON2_TIME_COST


def test_signing_in_starts_a_fresh_session(client: FlaskClient):
    create_user(Role.OFFICER, "pc.jones@example.org")
    with client.session_transaction() as session:
        session["planted_by_someone_else"] = "x"
    sign_in(client, "pc.jones@example.org")
    with client.session_transaction() as session:
        assert "planted_by_someone_else" not in session
        user = db.session.scalar(select(User))
        # The cookie names the user's current session token, never their database id.
        assert session["_user_id"] == user.session_token
        assert session["_user_id"] != str(user.id)


def _cookie(client: FlaskClient) -> str:
    return client.get_cookie("session").value


def _with_cookie(app: Flask, cookie: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_a_cookie_copied_before_sign_out_no_longer_works(app: Flask, client: FlaskClient):
    signed_in(client, Role.OFFICER)
    copied = _cookie(client)
    assert _with_cookie(app, copied).get("/officer/codes").status_code == 200

    response = sign_out(client)
    assert "You have signed out" in response.get_data(as_text=True)

    stolen = _with_cookie(app, copied).get("/officer/codes")
    assert stolen.status_code == 302
    assert stolen.headers["Location"].startswith("/sign-in")


def test_deactivation_ends_the_session_at_once(app: Flask, client: FlaskClient):
    officer = signed_in(client, Role.OFFICER)
    assert client.get("/officer/codes").status_code == 200
    users.deactivate(officer, create_user(Role.ADMIN, "admin@example.org"))
    response = client.get("/officer/codes")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_password_reset_ends_the_session_and_the_new_password_must_be_changed(
    client: FlaskClient, browser: Browser
):
    officer = signed_in(client, Role.OFFICER)
    made = users.reset_password(officer, create_user(Role.ADMIN, "admin@example.org"))
    assert client.get("/officer/codes").status_code == 302

    browser.get("/sign-in")
    page = browser.post(data={"email": officer.email, "password": made.password})
    assert page.url == "/account/password"
    # Every staff page sends them back here until they have changed it, so the navigation
    # offers only a way out.
    page = browser.get("/officer/codes")
    assert page.url == "/account/password"
    navigation = ".govuk-service-navigation__item a"
    assert [a.get_text(strip=True) for a in page.soup.select(navigation)] == ["Sign out"]
    page = browser.post(
        data={
            "current_password": made.password,
            "new_password": "short",
            "confirm_password": "short",
        }
    )
    assert page.status == 400
    assert page.error_summary() == ["Password must be 12 characters or more"]
    page = browser.post(
        data={
            "current_password": made.password,
            "new_password": "a much longer new password",
            "confirm_password": "a much longer new password",
        }
    )
    assert page.url == "/officer/codes/new"
    assert "Your password has been changed" in page.text() or page.soup.find(
        string=lambda s: s and "Your password has been changed" in s
    )
    page = browser.get("/officer/codes")
    assert page.status == 200
    assert [a.get_text(strip=True) for a in page.soup.select(navigation)] == [
        "Make a code",
        "My codes",
        "Sign out",
    ]


def test_change_password_needs_the_current_one(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org")
    browser.get("/sign-in")
    browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    browser.post(data={"code": totp_code("analyst@example.org")})
    browser.get("/account/password")
    page = browser.post(
        data={
            "current_password": "not it at all",
            "new_password": "a much longer new password",
            "confirm_password": "a much longer new password",
        }
    )
    assert page.error_summary() == ["Your current password is not right"]


@pytest.mark.parametrize(
    ("key", "age", "message"),
    [
        (LAST_SEEN, 31 * 60, "had not used the service for 30 minutes"),
        (SIGNED_IN_AT, 13 * 3600, "signed in more than 12 hours ago"),
    ],
)
def test_an_idle_or_old_session_ends(client: FlaskClient, key: str, age: int, message: str):
    signed_in(client, Role.OFFICER)
    assert client.get("/officer/codes").status_code == 200
    with client.session_transaction() as session:
        session[key] = int(time.time()) - age
    response = client.get("/officer/codes")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/officer/codes"
    page = client.get(response.headers["Location"])
    assert message in page.get_data(as_text=True)
    assert client.get("/officer/codes").status_code == 302


def test_a_session_in_use_does_not_time_out(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - 29 * 60
    assert client.get("/officer/codes").status_code == 200
    with client.session_transaction() as session:
        assert session[LAST_SEEN] >= int(time.time()) - 5


def test_next_takes_you_back_to_the_page_you_asked_for(client: FlaskClient):
    create_user(Role.OFFICER, "pc.jones@example.org")
    first = client.get("/officer/codes")
    assert first.headers["Location"] == "/sign-in?next=%2Fofficer%2Fcodes"
    page = client.get(first.headers["Location"])
    token = Browser(client).get(first.headers["Location"]).csrf_token()
    assert page.status_code == 200
    response = client.post(
        first.headers["Location"],
        data={"email": "pc.jones@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/officer/codes"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x",
        "/\tevil",
        "",
    ],
)
def test_next_never_leaves_the_site(client: FlaskClient, target: str):
    create_user(Role.OFFICER, "pc.jones@example.org")
    url = "/sign-in?" + (f"next={target}" if target else "")
    token = Browser(client).get(url).csrf_token()
    response = client.post(
        url, data={"email": "pc.jones@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert urlsplit(location).netloc == ""


def test_safe_next_keeps_local_paths_only():
    assert safe_next("/officer/codes?x=1") == "/officer/codes?x=1"
    assert safe_next("https://evil.example") is None
    assert safe_next("//evil.example") is None
    assert safe_next("/\\evil.example") is None
    assert safe_next(None) is None


def test_sign_in_page_when_already_signed_in_goes_home(client: FlaskClient):
    signed_in(client, Role.ADMIN)
    response = client.get("/sign-in")
    assert response.headers["Location"] == "/admin/users"


@pytest.fixture
def limited_client(database_url: str) -> Iterator[FlaskClient]:
    """A client of an app with rate limits on (the test configuration turns them off)."""
    limited = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        SIGN_IN_FAILURE_LIMIT="3 per 15 minutes",
        SIGN_IN_RATE_LIMIT="6 per 10 minutes",
    )
    limiter.reset()
    try:
        yield limited.test_client()
    finally:
        limiter.reset()
        limiter.enabled = False


def _attempt(client: FlaskClient, email: str, password: str):
    token = Browser(client).get("/sign-in").csrf_token()
    return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})


def test_failed_sign_ins_to_one_account_are_limited_with_a_clear_message(
    limited_client: FlaskClient,
):
    create_user(Role.OFFICER, "pc.jones@example.org")
    for _ in range(3):
        assert (
            _attempt(limited_client, "pc.jones@example.org", "guess guess guess").status_code == 400
        )
    blocked = _attempt(limited_client, "PC.Jones@example.org", PASSWORD)
    assert blocked.status_code == 429
    text = blocked.get_data(as_text=True)
    assert "Too many attempts to sign in" in text
    assert "Wait 15 minutes" in text
    # Another account from the same place is not locked out by those failures.
    create_user(Role.ANALYST, "analyst@example.org")
    assert _attempt(limited_client, "analyst@example.org", PASSWORD).status_code == 302


def test_sign_in_attempts_from_one_address_are_limited(limited_client: FlaskClient):
    statuses = [
        _attempt(limited_client, f"person{n}@example.org", "guess guess").status_code
        for n in range(7)
    ]
    assert statuses == [400] * 6 + [429]
