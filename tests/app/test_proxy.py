"""Client addresses behind a reverse proxy (PROXY_FIX_X_FOR), and what the app does with them.

Per-address rate limits are keyed on the client's address. Behind nginx every request comes
from the proxy, so the address has to be taken from X-Forwarded-For, but only when the app is
told a proxy is there: otherwise anyone could pick a fresh address for each request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.config import ConfigError, TestConfig
from app.extensions import limiter
from models import Role
from tests.app.test_privacy import places
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import create_user, forget_request_state, sign_in

PROXY = "127.0.0.1"  # where nginx connects from
ALICE = "203.0.113.10"
BOB = "198.51.100.20"


@pytest.fixture
def proxies(request: pytest.FixtureRequest, database_url: str) -> Iterator[Flask]:
    """An app with a submission limit of 3 a minute, behind ``request.param`` proxies."""
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        SUBMISSION_RATE_LIMIT="3 per minute",
        SIGN_IN_RATE_LIMIT="100 per minute",
        PROXY_FIX_X_FOR=request.param,
    )
    limiter.reset()
    with app.app_context():
        yield app
        limiter.reset()
        limiter.enabled = False


def respondent(app: Flask, forwarded_for: str) -> Browser:
    """A respondent's browser whose requests reach the app through the proxy."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return Browser(client)


def withdraw(browser: Browser) -> int:
    """Post a withdrawal code that matches nothing: a 400 page, or 429 once limited."""
    forget_request_state()
    browser.get("/withdraw")
    return browser.post(data={"code": "ABCD-EFGH-JKMN-PQRS"}).status


@pytest.mark.parametrize("proxies", [0], indirect=True)
def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_the_limit(proxies: Flask):
    alice = respondent(proxies, ALICE)
    bob = respondent(proxies, BOB)
    assert [withdraw(alice) for _ in range(3)] == [400, 400, 400]
    # Bob claims another address, but both connect from the same place: one limit.
    assert withdraw(bob) == 429
    assert bob.page.h1 == "Too many attempts"


def test_by_default_the_app_trusts_no_proxy():
    assert TestConfig.PROXY_FIX_X_FOR == 0
    assert create_app(TestConfig).wsgi_app.__class__.__name__ != "ProxyFix"


@pytest.mark.parametrize("proxies", [1], indirect=True)
def test_behind_one_proxy_each_client_address_has_its_own_limit(proxies: Flask):
    alice = respondent(proxies, ALICE)
    bob = respondent(proxies, BOB)
    assert [withdraw(alice) for _ in range(3)] == [400, 400, 400]
    assert withdraw(alice) == 429
    assert [withdraw(bob) for _ in range(3)] == [400, 400, 400]
    assert withdraw(bob) == 429


@pytest.mark.parametrize("proxies", [1], indirect=True)
def test_behind_one_proxy_addresses_the_client_adds_itself_are_ignored(proxies: Flask):
    # A client may send its own X-Forwarded-For; a proxy that appends ($proxy_add_x_forwarded_for)
    # puts the real address last, and only that one is trusted.
    alice = respondent(proxies, ALICE)
    assert [withdraw(alice) for _ in range(3)] == [400, 400, 400]
    for forged in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        spoofing = respondent(proxies, f"{forged}, {ALICE}")
        assert withdraw(spoofing) == 429


@pytest.mark.parametrize("proxies", [1], indirect=True)
def test_behind_a_proxy_no_client_address_is_stored(proxies: Flask):
    client: FlaskClient = proxies.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE)
    browser = Browser(client)
    token = create_link("stop-search").token
    browser.get(f"/r/{token}")
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"respect": "agree", "satisfaction": "satisfied"})
    browser.post(data={"went_well": "Polite and quick."})
    browser.get(f"/r/{token}/check")
    assert browser.post().h1 == "Thank you, your answers have been sent"
    # A staff sign-in too: it writes to the audit log.
    create_user(Role.OFFICER, "pc.jones@example.org")
    assert sign_in(client, "pc.jones@example.org").status_code == 302
    assert places("Polite and quick.")  # the dump does see what was stored
    digests = [hashlib.sha256(ALICE.encode()).hexdigest(), hashlib.sha1(ALICE.encode()).hexdigest()]  # noqa: S324
    for needle in (ALICE, PROXY, *digests, *(d[:16] for d in digests)):
        assert places(needle) == set(), needle


def test_a_negative_number_of_proxies_is_refused():
    with pytest.raises(ConfigError, match="PROXY_FIX_X_FOR"):
        create_app(TestConfig, PROXY_FIX_X_FOR=-1)
