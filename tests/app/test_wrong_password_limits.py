"""A stranger cannot lock a member of staff out by typing their email address with wrong
passwords (OWASP ASVS 2.2.1).

Wrong passwords for an account are counted per account *and client address*
(SIGN_IN_FAILURE_LIMIT): reaching it refuses that address for that account, and the owner
signing in from their own address is not refused. A much higher limit per account from every
address together (SIGN_IN_ACCOUNT_FAILURE_LIMIT) still stops a guess spread over many
addresses, refusing everyone. Each is in the audit log with its own reason. Neither the email
address nor the client address is held in clear in the limiter's storage.

With RATELIMIT_STORAGE_URI=redis://… (`make test-redis`) the counts are kept in Redis."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.auth.guessing import FROM_EVERY_ADDRESS, FROM_ONE_ADDRESS
from app.config import ConfigError
from app.extensions import limiter
from models import AuditEvent, Role, db
from tests.app.test_rate_limits import limited_app
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in

ANALYST = "analyst@example.org"
STRANGER = "203.0.113.7"
OWNER = "198.51.100.20"
WRONG = "not the password at all"


def _app(database_url: str, **settings) -> Flask:
    limits = {
        "SIGN_IN_FAILURE_LIMIT": "3 per 15 minutes",
        "SIGN_IN_ACCOUNT_FAILURE_LIMIT": "7 per hour",
        "SIGN_IN_RATE_LIMIT": "50 per hour",
    }
    return limited_app(database_url, **{**limits, **settings})


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    app = _app(database_url)
    limiter.reset()
    with app.app_context():
        yield app
        limiter.reset()
        limiter.enabled = False


def _client(app: Flask, address: str, **environ: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.environ_base.update(environ)
    return client


def _sign_in_attempt(client: FlaskClient, email: str, password: str):
    """The form fetched (a refusal's page has none), then sent: the Browser's page."""
    browser = Browser(client)
    forget_request_state()
    browser.get("/sign-in")
    forget_request_state()
    return browser.post(data={"email": email, "password": password})


def _wrong_passwords(client: FlaskClient, times: int, email: str = ANALYST) -> list[int]:
    return [_sign_in_attempt(client, email, WRONG).status for _ in range(times)]


def _owner_signs_in(client: FlaskClient, email: str = ANALYST) -> int:
    """The status of the owner's sign-in with the right password (and code, if asked for)."""
    return sign_in(client, email).status_code


def _lock_outs() -> list[tuple[str | None, str]]:
    db.session.expire_all()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "sign_in.locked_out").order_by(AuditEvent.id)
    )
    return [(event.target, event.detail["reason"]) for event in events]


def test_a_stranger_s_wrong_passwords_refuse_their_address_and_not_the_owner(limited: Flask):
    create_user(Role.ANALYST, ANALYST)
    stranger = _client(limited, STRANGER)
    assert _wrong_passwords(stranger, 3) == [400, 400, 400]
    # Refused at that address, even with the right password.
    refused = _sign_in_attempt(stranger, ANALYST, PASSWORD)
    assert refused.status == 429
    assert refused.h1 == "Too many attempts to sign in"
    assert "Wait 15 minutes" in refused.text()

    # The owner, at their own address, signs in (password, then code) while the stranger is
    # still refused.
    assert _owner_signs_in(_client(limited, OWNER)) == 302
    assert _sign_in_attempt(stranger, ANALYST, WRONG).status == 429
    assert _lock_outs() == [(ANALYST, FROM_ONE_ADDRESS)]


def test_the_limit_for_the_account_from_every_address_refuses_everyone(limited: Flask):
    create_user(Role.ANALYST, ANALYST)
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    guesses = [_wrong_passwords(_client(limited, address), 3) for address in addresses[:2]]
    assert guesses == [[400, 400, 400], [400, 400, 400]]
    # The seventh wrong password from everywhere together reaches the account's limit.
    assert _wrong_passwords(_client(limited, addresses[2]), 1) == [400]

    owner = _client(limited, OWNER)
    refused = _sign_in_attempt(owner, ANALYST, PASSWORD)
    assert refused.status == 429
    assert "Wait 60 minutes" in refused.text()
    assert _owner_signs_in(_client(limited, "198.51.100.99")) == 429

    lock_outs = _lock_outs()
    assert lock_outs.count((ANALYST, FROM_EVERY_ADDRESS)) == 1
    assert set(lock_outs) == {(ANALYST, FROM_EVERY_ADDRESS)}


def test_each_address_s_own_limit_is_still_recorded_with_its_reason(limited: Flask):
    create_user(Role.ANALYST, ANALYST)
    for address in ("203.0.113.1", "203.0.113.2"):
        client = _client(limited, address)
        assert _wrong_passwords(client, 4) == [400, 400, 400, 429]
    assert _lock_outs() == [(ANALYST, FROM_ONE_ADDRESS), (ANALYST, FROM_ONE_ADDRESS)]
    # Six wrong passwords are below the account's limit of seven: its owner is not refused.
    assert _owner_signs_in(_client(limited, OWNER)) == 302


def _stored_keys() -> list[str]:
    storage = limiter.storage
    if hasattr(storage, "storage") and hasattr(storage.storage, "scan_iter"):
        return [
            key.decode() if isinstance(key, bytes) else key
            for key in storage.storage.scan_iter("*")
        ]
    return [*storage.storage, *storage.expirations, *storage.events]


def test_the_limiter_storage_holds_neither_the_email_address_nor_the_client_address(
    limited: Flask,
):
    create_user(Role.ANALYST, ANALYST)
    stranger = _client(limited, STRANGER)
    assert _wrong_passwords(stranger, 4)[-1] == 429
    _owner_signs_in(_client(limited, OWNER))

    keys = _stored_keys()
    assert keys
    kept = "\n".join(keys).lower()
    for clear in (ANALYST, STRANGER, OWNER):
        assert clear not in kept
        # Nor a plain hash of one, which a list of staff or of addresses would undo.
        assert hashlib.sha256(clear.encode()).hexdigest() not in kept


def test_an_ipv6_client_counts_as_its_block(limited: Flask):
    create_user(Role.ANALYST, ANALYST)
    assert _wrong_passwords(_client(limited, "2001:db8:1:2::1"), 3) == [400, 400, 400]
    # Another address in the same /64 is the same client.
    assert _wrong_passwords(_client(limited, "2001:db8:1:2::abcd"), 1) == [429]
    assert _owner_signs_in(_client(limited, "2001:db8:9:9::1")) == 302


def test_behind_a_proxy_each_client_counts_apart(database_url: str):
    app = _app(database_url, PROXY_FIX_X_FOR=1)
    limiter.reset()
    try:
        with app.app_context():
            create_user(Role.ANALYST, ANALYST)
            proxy = "10.0.0.5"
            stranger = _client(app, proxy, HTTP_X_FORWARDED_FOR=STRANGER)
            assert _wrong_passwords(stranger, 4) == [400, 400, 400, 429]
            owner = _client(app, proxy, HTTP_X_FORWARDED_FOR=OWNER)
            assert _owner_signs_in(owner) == 302
    finally:
        limiter.reset()
        limiter.enabled = False


NEW = "a much longer new password"


def _change_password(client: FlaskClient, current: str) -> int:
    browser = Browser(client)
    forget_request_state()
    browser.get("/account/password")
    forget_request_state()
    form = {"current_password": current, "new_password": NEW, "confirm_password": NEW}
    return browser.post(data=form).status


def test_a_borrowed_session_guessing_the_password_does_not_lock_the_owner_out(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    borrowed = _client(limited, STRANGER)
    assert _owner_signs_in(borrowed, "pc.jones@example.org") == 302
    guesses = [_change_password(borrowed, f"guess number {n}") for n in range(4)]
    assert guesses == [400, 400, 400, 429]
    assert _lock_outs() == [("pc.jones@example.org", FROM_ONE_ADDRESS)]

    # The owner, elsewhere, signs in and changes their password.
    owner = _client(limited, OWNER)
    assert _owner_signs_in(owner, "pc.jones@example.org") == 302
    assert _change_password(owner, PASSWORD) == 200


def test_wrong_passwords_on_the_account_pages_count_towards_the_account_s_limit(limited: Flask):
    create_user(Role.OFFICER, "pc.jones@example.org")
    for address in ("203.0.113.1", "203.0.113.2"):
        client = _client(limited, address)
        assert _owner_signs_in(client, "pc.jones@example.org") == 302
        assert [_change_password(client, "a guess") for _ in range(3)] == [400, 400, 400]
    assert _wrong_passwords(_client(limited, "203.0.113.3"), 1, "pc.jones@example.org") == [400]
    # Seven wrong passwords in all, from sign-in and Your account alike.
    assert _owner_signs_in(_client(limited, OWNER), "pc.jones@example.org") == 429


@pytest.mark.parametrize("written", ["fifty an hour", "0 per hour", ""])
def test_a_limit_for_the_account_that_cannot_be_read_stops_the_app(database_url: str, written: str):
    with pytest.raises(ConfigError) as refused:
        _app(database_url, SIGN_IN_ACCOUNT_FAILURE_LIMIT=written)
    assert "SIGN_IN_ACCOUNT_FAILURE_LIMIT must be a rate limit" in str(refused.value)
