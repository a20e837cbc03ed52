"""Signing in: the form and its errors, each role's home, safe redirects and limits on
attempts. Passwords are in test_auth_passwords.py, sessions in test_auth_sessions.py."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from app import create_app
from app.auth.views import safe_next
from app.config import TestConfig
from app.extensions import limiter
from app.services import users
from models import Role
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, signed_in, totp_code


def test_officer_signs_in_and_sees_the_staff_navigation(browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    page = browser.get("/sign-in")
    assert page.status == 200
    assert page.title == "Sign in – Listening Post"
    page = browser.post(data={"email": "  PC.Jones@example.org ", "password": PASSWORD})
    assert page.url == "/officer/codes/new"
    nav = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__item a")]
    assert nav == ["Make a code", "My codes", "Your account", "Sign out"]
    assert "Listening Post" in page.soup.select_one(".govuk-service-navigation__service-name").text


@pytest.mark.parametrize(
    ("role", "home", "nav"),
    [
        (
            Role.ANALYST,
            "/results/",
            [
                "Results",
                "Offered and answered",
                "Coding",
                "You said, we did",
                "Your account",
                "Sign out",
            ],
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
                "Disclosure thresholds",
                "Retention",
                "Audit log",
                "Your account",
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
