"""Failed API authentication is limited per client address (API_FAILED_AUTH_RATE_LIMIT).

Each token has an allowance of its own (API_RATE_LIMIT), so without this a client sending a new
made-up token each time would never be slowed: every request would reach the token check and
the database. Requests whose token is missing, unknown, revoked or expired count against their
address; once it has had too many, its requests get 429 before any token is looked up, until the
window ends. Working requests do not count, and nobody at another address is slowed.

Run by `make test-redis` against Redis as well as in memory.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import api_tokens
from models import ApiToken, Scope, db
from tests.api_token_names import fresh_secret
from tests.app.test_rate_limits import _stored_keys, limits_on
from tests.app.test_security_headers_every_route import header_problems

PROBLEM = "application/problem+json"
LINKS = "/api/v1/links"
BODY = {"survey": "stop-search"}
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _limited(database_url: str, **config: object) -> Iterator[Flask]:
    with limits_on(
        database_url,
        API_FAILED_AUTH_RATE_LIMIT="3 per minute",
        API_RATE_LIMIT="100 per minute",
        **config,
    ) as app:
        yield app


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    yield from _limited(database_url)


def _from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _made_up() -> dict[str, str]:
    return _bearer(api_tokens.TOKEN_PREFIX + secrets.token_urlsafe(24))


def _fail(client: FlaskClient, times: int) -> list[int]:
    return [client.post(LINKS, json=BODY, headers=_made_up()).status_code for _ in range(times)]


def test_a_new_made_up_token_each_time_is_refused_after_the_limit(limited: Flask):
    client = _from(limited, ATTACKER)
    assert _fail(client, 4) == [401, 401, 401, 429]
    refused = client.post(LINKS, json=BODY, headers=_made_up())
    assert (refused.status_code, refused.mimetype) == (429, PROBLEM)
    problem = refused.get_json()
    assert problem["status"] == 429 and problem["title"] == "Too Many Requests"
    assert "without a valid API token" in problem["detail"]
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Cache-Control"] == "no-store"
    assert header_problems(refused, "") == []


def test_missing_revoked_and_expired_tokens_count_as_failures(limited: Flask):
    client = _from(limited, ATTACKER)
    revoked = api_tokens.create_token("Old app", list(Scope))
    api_tokens.revoke(revoked.token)
    expired = api_tokens.create_token("Lapsed app", list(Scope))
    stored = db.session.get(ApiToken, expired.token.id)
    stored.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    db.session.commit()
    statuses = [
        client.post(LINKS, json=BODY).status_code,
        client.post(LINKS, json=BODY, headers=_bearer(revoked.secret)).status_code,
        client.post(LINKS, json=BODY, headers=_bearer(expired.secret)).status_code,
        client.post(LINKS, json=BODY).status_code,
    ]
    assert statuses == [401, 401, 401, 429]


def test_working_requests_and_a_missing_scope_do_not_count(limited: Flask):
    client = _from(limited, ATTACKER)
    writer = _bearer(fresh_secret("Stop and search app"))
    reader = _bearer(fresh_secret("Dashboard", [Scope.LINKS_READ]))
    made = [client.post(LINKS, json=BODY, headers=writer).status_code for _ in range(5)]
    assert made == [201] * 5
    denied = [client.post(LINKS, json=BODY, headers=reader).status_code for _ in range(5)]
    assert denied == [403] * 5
    assert _fail(client, 4) == [401, 401, 401, 429]


def test_a_working_client_at_another_address_is_not_slowed(limited: Flask):
    assert _fail(_from(limited, ATTACKER), 10)[-1] == 429
    working = _from(limited, ELSEWHERE)
    writer = _bearer(fresh_secret("Stop and search app"))
    assert [working.post(LINKS, json=BODY, headers=writer).status_code for _ in range(5)] == [
        201
    ] * 5


def test_an_address_over_the_limit_is_refused_before_its_token_is_checked(
    limited: Flask, monkeypatch: pytest.MonkeyPatch
):
    """The simplest sound rule: the address has failed too often, so for the rest of the window
    even a working token from it waits, and nothing is looked up in the database for it."""
    client = _from(limited, ATTACKER)
    writer = _bearer(fresh_secret("Stop and search app"))
    assert _fail(client, 3) == [401, 401, 401]
    looked_up: list[str] = []
    authenticate = api_tokens.authenticate
    monkeypatch.setattr(
        api_tokens, "authenticate", lambda secret: looked_up.append(secret) or authenticate(secret)
    )
    assert client.post(LINKS, json=BODY, headers=writer).status_code == 429
    assert client.post(LINKS, json=BODY, headers=_made_up()).status_code == 429
    assert looked_up == []


def test_failures_on_every_part_of_the_api_share_one_count(limited: Flask):
    client = _from(limited, ATTACKER)
    statuses = [
        client.post(LINKS, json=BODY, headers=_made_up()).status_code,
        client.get("/api/v1/links/0000000000000000000000000a", headers=_made_up()).status_code,
        client.get("/api/v1/surveys/stop-search/results", headers=_made_up()).status_code,
        client.get("/api/v1/surveys/stop-search/results").status_code,
    ]
    assert statuses == [401, 401, 401, 429]
    # The API's description stays readable: it needs no token.
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_once_refused_a_made_up_token_is_not_given_an_allowance_of_its_own(limited: Flask):
    """Each refused request's token would otherwise start a count of its own in the limits'
    storage (Redis in production), so a flood of new tokens would fill it."""
    client = _from(limited, ATTACKER)
    assert _fail(client, 3) == [401, 401, 401]
    counted = len([key for key in _stored_keys() if "api:" in key])
    assert counted == 3  # one for each made-up token that was looked up
    assert _fail(client, 10) == [429] * 10
    assert len([key for key in _stored_keys() if "api:" in key]) == counted


@pytest.fixture
def behind_a_proxy(database_url: str) -> Iterator[Flask]:
    yield from _limited(database_url, PROXY_FIX_X_FOR=1)


def test_behind_a_proxy_each_client_is_counted_at_its_own_address(behind_a_proxy: Flask):
    proxy = _from(behind_a_proxy, "10.0.0.2")
    attacker = {"X-Forwarded-For": ATTACKER}
    statuses = [
        proxy.post(LINKS, json=BODY, headers={**_made_up(), **attacker}).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    writer = {**_bearer(fresh_secret("Stop and search app")), "X-Forwarded-For": ELSEWHERE}
    assert proxy.post(LINKS, json=BODY, headers=writer).status_code == 201


def test_without_a_proxy_a_forwarded_for_header_is_no_way_round_the_limit(limited: Flask):
    client = _from(limited, ATTACKER)
    statuses = [
        client.post(
            LINKS, json=BODY, headers={**_made_up(), "X-Forwarded-For": f"192.0.2.{n}"}
        ).status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_no_token_tried_is_written_to_any_log(limited: Flask, caplog: pytest.LogCaptureFixture):
    client = _from(limited, ATTACKER)
    tried = [api_tokens.TOKEN_PREFIX + secrets.token_urlsafe(24) for _ in range(5)]
    with caplog.at_level(logging.DEBUG):
        statuses = [client.post(LINKS, json=BODY, headers=_bearer(t)).status_code for t in tried]
    assert statuses == [401, 401, 401, 429, 429]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /api/v1/links 401" in logged and "POST /api/v1/links 429" in logged
    assert not any(secret in logged for secret in tried)
    assert ATTACKER not in logged
