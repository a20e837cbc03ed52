"""Two-factor keys at rest: encrypted in the database, readable after SECRET_KEY is rotated with
the old key in SECRET_KEY_FALLBACKS, moved to the new key by `flask users reencrypt-2fa`, and a
clear refusal (never a 500) when no key opens them."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyotp
import pytest
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask
from sqlalchemy import select, text

from app import create_app
from app.config import TestConfig
from app.services import two_factor, users
from models import AuditEvent, Role, db
from tests.pages import Browser
from tests.staff import (
    PASSWORD,
    RECOVERY_CODES,
    TOTP_KEYS,
    create_user,
    forget_request_state,
    sign_in,
    totp_code,
)

OLD_KEY = TestConfig.SECRET_KEY
NEW_KEY = "a-new-secret-key-after-rotation-of-48-characters"
STRANGER_KEY = "a-secret-key-these-keys-were-never-encrypted-with"


def fernet_for(secret_key: str) -> Fernet:
    """The Fernet key the service should use, derived here independently of it."""
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"listening-post totp")
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())))


def stored_key(email: str) -> str:
    """What the database column holds, read with SQL and not through the model."""
    return db.session.execute(
        text("SELECT totp_secret FROM users WHERE email = :email"), {"email": email}
    ).scalar_one()


@pytest.fixture
def app_with_keys(database_url: str) -> Iterator[Callable]:
    """Run part of a test in an app on the same database with other secret keys."""

    @contextmanager
    def running(secret_key: str, fallbacks: list[str] | None = None) -> Iterator[Flask]:
        other = create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI=database_url,
            SECRET_KEY=secret_key,
            SECRET_KEY_FALLBACKS=fallbacks or [],
        )
        with other.app_context():
            yield other
            db.session.remove()
            db.engine.dispose()

    return running


def sign_in_fails_clearly(app: Flask, email: str) -> None:
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    page = browser.post(data={"email": email, "password": PASSWORD})
    assert page.url == "/sign-in/two-factor"
    refused = browser.post(data={"code": totp_code(email)})
    assert refused.status == 400
    assert refused.error_summary() == ["The code is not right. Enter the code your app shows now"]


def test_the_database_never_holds_the_base32_key():
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    admin = create_user(Role.ADMIN, "admin@example.org", two_factor_set_up=False)
    half_enrolled = two_factor.start_enrolment(admin)  # shown on the set-up page, not confirmed

    for email, key in (
        ("analyst@example.org", TOTP_KEYS[analyst.email]),
        (admin.email, half_enrolled),
    ):
        stored = stored_key(email)
        assert key not in stored and key.lower() not in stored.lower()
        assert len(stored) <= 255
        # A Fernet token under the key derived from SECRET_KEY for two-factor keys only.
        assert fernet_for(OLD_KEY).decrypt(stored.encode()).decode() == key
        with pytest.raises(InvalidToken):
            fernet_for(STRANGER_KEY).decrypt(stored.encode())


def test_sign_in_works_after_rotation_with_the_old_key_as_a_fallback(app_with_keys):
    create_user(Role.ANALYST, "analyst@example.org")
    with app_with_keys(NEW_KEY, [OLD_KEY]) as rotated:
        response = sign_in(rotated.test_client(), "analyst@example.org")
        assert response.status_code == 302
        assert response.headers["Location"] == "/results/"

        # A key set up now is encrypted with the new SECRET_KEY alone.
        create_user(Role.ADMIN, "admin@example.org")
        new = stored_key("admin@example.org")
        assert fernet_for(NEW_KEY).decrypt(new.encode()).decode() == TOTP_KEYS["admin@example.org"]


def test_reencrypt_moves_every_key_to_the_new_secret_key_once(app_with_keys):
    create_user(Role.ANALYST, "analyst@example.org")
    create_user(Role.ADMIN, "admin@example.org")
    with app_with_keys(NEW_KEY, [OLD_KEY]) as rotated:
        result = rotated.test_cli_runner().invoke(args=["users", "reencrypt-2fa"])
        assert result.exit_code == 0, result.output
        assert "Re-encrypted 2 two-factor key(s); 0 already used the current key." in result.output
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "two_factor.key_reencrypted")
        ).all()
        assert sorted(event.target for event in events) == [
            "admin@example.org",
            "analyst@example.org",
        ]
        assert all(TOTP_KEYS[event.target] not in repr(event.detail) for event in events)

        again = rotated.test_cli_runner().invoke(args=["users", "reencrypt-2fa"])
        assert again.exit_code == 0, again.output
        assert "Re-encrypted 0 two-factor key(s); 2 already used the current key." in again.output

    # The old key can now leave SECRET_KEY_FALLBACKS.
    with app_with_keys(NEW_KEY) as retired:
        assert sign_in(retired.test_client(), "analyst@example.org").status_code == 302
        assert sign_in(retired.test_client(), "admin@example.org").status_code == 302


def test_reencrypt_names_the_accounts_whose_keys_no_key_opens(app_with_keys):
    create_user(Role.ANALYST, "analyst@example.org")
    with app_with_keys(NEW_KEY, [STRANGER_KEY]) as wrong:
        create_user(Role.ADMIN, "admin@example.org")
        result = wrong.test_cli_runner().invoke(args=["users", "reencrypt-2fa"])
        assert result.exit_code == 1
        assert "0 two-factor key(s); 1 already used the current key" in result.output
        assert "1 two-factor key(s) cannot be decrypted" in result.output
        assert "analyst@example.org" in result.output
        assert TOTP_KEYS["analyst@example.org"] not in result.output


def test_a_key_no_secret_key_opens_fails_the_code_clearly_and_is_logged(app_with_keys, caplog):
    caplog.set_level(logging.DEBUG)
    create_user(Role.ANALYST, "analyst@example.org")
    analyst_key = TOTP_KEYS["analyst@example.org"]
    with app_with_keys(NEW_KEY) as rotated:
        sign_in_fails_clearly(rotated, "analyst@example.org")

        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        assert actions[-2:] == ["two_factor.key_unreadable", "sign_in.two_factor_failed"]
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert any("cannot be decrypted" in message for message in warnings)
        assert not any(analyst_key in record.getMessage() for record in caplog.records)
        assert stored_key("analyst@example.org") not in caplog.text

        # A recovery code still signs in.
        forget_request_state()
        browser = Browser(rotated.test_client())
        browser.get("/sign-in")
        browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
        page = browser.post(data={"code": RECOVERY_CODES["analyst@example.org"][0]})
        assert page.url == "/results/"


def test_an_admin_resets_an_unreadable_key_and_a_new_one_is_set_up(app_with_keys):
    create_user(Role.ANALYST, "analyst@example.org")
    with app_with_keys(NEW_KEY) as rotated:
        admin = create_user(Role.ADMIN, "admin@example.org")
        made = two_factor.reset(users.by_email("analyst@example.org"), admin)

        browser = Browser(rotated.test_client())
        browser.get("/sign-in")
        page = browser.post(data={"email": "analyst@example.org", "password": made.password})
        assert page.url == "/account/two-factor/set-up"
        key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")
        done = browser.post(data={"code": pyotp.TOTP(key).now()})
        assert done.h1 == "Save your recovery codes"


def test_an_unreadable_key_half_way_through_set_up_is_replaced(app_with_keys):
    user = create_user(Role.ADMIN, "admin@example.org", two_factor_set_up=False)
    first = two_factor.start_enrolment(user)
    with app_with_keys(NEW_KEY) as rotated:
        browser = Browser(rotated.test_client())
        browser.get("/sign-in")
        page = browser.post(data={"email": "admin@example.org", "password": PASSWORD})
        assert page.url == "/account/two-factor/set-up"
        key = page.soup.select_one("#two-factor-key").get_text().replace(" ", "")
        assert re.fullmatch(r"[A-Z2-7]{32}", key) and key != first
        assert browser.post(data={"code": pyotp.TOTP(key).now()}).status == 200


def test_demo_code_still_prints_the_code_after_rotation(app_with_keys, runner):
    assert runner.invoke(args=["users", "demo"]).exit_code == 0
    with app_with_keys(NEW_KEY, [OLD_KEY]) as rotated:
        code = rotated.test_cli_runner().invoke(args=["users", "demo-code", "admin@example.org"])
        assert code.exit_code == 0, code.output
        assert two_factor.verify(users.by_email("admin@example.org"), code.output.strip())
    with app_with_keys(STRANGER_KEY) as wrong:
        refused = wrong.test_cli_runner().invoke(args=["users", "demo-code", "admin@example.org"])
        assert refused.exit_code == 1
        assert "cannot be decrypted" in refused.output
