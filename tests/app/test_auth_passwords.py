"""Passwords: stored as Argon2id at the configured cost, hashes made at an older cost upgraded
at sign-in, and a password reset by an admin that must be changed before anything else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, Type
from flask import Flask
from flask.testing import FlaskClient

from app.config import Config, TestConfig
from app.services import users
from models import Role, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, sign_in, signed_in, totp_code


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
    # The password to give first is the temporary one, and the page calls it that.
    label = page.soup.select_one("label[for=current_password]").get_text(strip=True)
    assert label == "Temporary password"
    assert "you signed in with just now" in page.soup.select_one("#current_password-hint").text
    page = browser.post(
        data={
            "current_password": "",
            "new_password": "a much longer new password",
            "confirm_password": "a much longer new password",
        }
    )
    assert page.error_summary() == ["Enter your temporary password"]
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
        "Your account",
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
    assert page.soup.select_one("label[for=current_password]").get_text(strip=True) == (
        "Current password"
    )
