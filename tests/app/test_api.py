"""The links API: bearer tokens with scopes, problem+json errors, limits, and its OpenAPI
document, which is validated and drives property-based tests (schemathesis)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import select

from app import create_app
from app.config import TestConfig
from app.extensions import limiter
from app.services import api_tokens
from models import ApiToken, Link, LinkKind, Scope, db
from tests.api_token_names import fresh_secret
from tests.factories import create_area, create_link, expire

PROBLEM = "application/problem+json"


def _token(*scopes: Scope) -> str:
    return fresh_secret("Stop and search app", scopes or list(Scope))


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def auth() -> dict[str, str]:
    return _auth(_token())


def test_post_links_makes_a_single_use_stop_search_link(client: FlaskClient, auth):
    create_area("north", "North District")
    response = client.post(
        "/api/v1/links", json={"survey": "stop-search", "area": "north"}, headers=auth
    )
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    body = response.get_json()
    link = db.session.scalars(select(Link)).one()
    assert body["token"] == link.token
    assert body["url"] == f"http://localhost/r/{link.token}"
    assert body["code"].replace("-", "").lower() == link.token
    assert (body["survey"], body["area"], body["single_use"]) == ("stop-search", "north", True)
    assert body["qr_svg"].lstrip().startswith("<?xml") and "<svg" in body["qr_svg"]
    assert body["qr_png"].startswith("data:image/png;base64,")
    assert response.headers["Location"] == f"/api/v1/links/{link.token}"
    assert response.headers["Cache-Control"] == "no-store"
    # Made by the API, not by an officer; no CSRF token was needed.
    assert link.created_by_id is None and link.kind == LinkKind.ENCOUNTER


def test_post_links_for_a_listening_session(
    client: FlaskClient, auth, monkeypatch: pytest.MonkeyPatch
):
    # Made the week before the session.
    monkeypatch.setattr(
        "app.services.links.utcnow", lambda: dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)
    )
    response = client.post(
        "/api/v1/links",
        json={
            "survey": "listening-session",
            "event_name": "Youth club",
            "event_date": "2026-03-27",
        },
        headers=auth,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["single_use"] is False
    # Open to the end of 3 April, UK time: midnight in British Summer Time is 23:00 UTC.
    assert body["expires_at"] == "2026-04-03T23:00:00+00:00"
    link = db.session.scalars(select(Link)).one()
    assert (link.event.name, link.event.held_on) == ("Youth club", dt.date(2026, 3, 27))


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "survey", "survey is required, for example stop-search"),
        ({"survey": 7}, "survey", "survey must be a survey slug, such as stop-search"),
        ({"survey": "cake"}, "survey", "There is no survey called 'cake'"),
        (
            {"survey": "stop-search", "area": "atlantis"},
            "area",
            "There is no area with the code 'atlantis'.",
        ),
        ({"survey": "stop-search", "colour": "red"}, "colour", "Unknown field 'colour'"),
        (
            {"survey": "listening-session", "event_date": "27/03/2026"},
            "event_date",
            "event_date must be a date like 2026-03-27",
        ),
        (
            {"survey": "stop-search", "event_name": "Youth club"},
            "event_name",
            "event_name is only for listening-session links, and stop-search links are "
            "encounter links: leave it out",
        ),
        (
            {"survey": "say-to-stay", "event_date": "2026-03-27"},
            "event_date",
            "event_date is only for listening-session links, and say-to-stay links are "
            "encounter links: leave it out",
        ),
        (["stop-search"], "", "The request body must be a JSON object"),
        ({"survey": "stop-\x00search"}, "survey", "survey must not contain control characters"),
        (
            {"survey": "stop-search", "area": "\x00"},
            "area",
            "area must not contain control characters",
        ),
    ],
)
def test_bad_bodies_get_422_problem_details_naming_the_field(
    client: FlaskClient, auth, body, field, message
):
    response = client.post("/api/v1/links", json=body, headers=auth)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["status"] == 422 and problem["title"] == "Unprocessable Content"
    assert {"field": field, "message": message} in problem["errors"]
    assert message in problem["detail"]
    assert db.session.scalar(select(Link)) is None


def test_not_json_is_400_and_wrong_type_is_415(client: FlaskClient, auth):
    broken = client.post("/api/v1/links", data="{", content_type="application/json", headers=auth)
    assert (broken.status_code, broken.mimetype) == (400, PROBLEM)
    assert broken.get_json()["detail"] == "The request body is not valid JSON"
    form = client.post("/api/v1/links", data={"survey": "stop-search"}, headers=auth)
    assert (form.status_code, form.mimetype) == (415, PROBLEM)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer lp_not-a-real-token",
        "Bearer x" * 50,
    ],
)
def test_without_a_valid_token_it_is_401_with_a_bearer_challenge(client: FlaskClient, header):
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/v1/links", json={"survey": "stop-search"}, headers=headers)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert response.get_json()["detail"]


def test_a_revoked_token_stops_working_at_once(client: FlaskClient):
    made = api_tokens.create_token("Old app")
    assert (
        client.post(
            "/api/v1/links", json={"survey": "stop-search"}, headers=_auth(made.secret)
        ).status_code
        == 201
    )
    api_tokens.revoke(made.token)
    response = client.post(
        "/api/v1/links", json={"survey": "stop-search"}, headers=_auth(made.secret)
    )
    assert response.status_code == 401
    assert "revoked" in response.get_json()["detail"]


def test_scopes_limit_what_a_token_may_do(client: FlaskClient):
    reader = _auth(_token(Scope.LINKS_READ))
    writer = _auth(_token(Scope.LINKS_WRITE))
    denied = client.post("/api/v1/links", json={"survey": "stop-search"}, headers=reader)
    assert denied.status_code == 403
    assert denied.get_json()["detail"] == "This API token does not have the links:write scope"
    token = client.post("/api/v1/links", json={"survey": "stop-search"}, headers=writer).get_json()[
        "token"
    ]
    assert client.get(f"/api/v1/links/{token}", headers=writer).status_code == 403
    assert client.get(f"/api/v1/links/{token}", headers=reader).status_code == 200


def test_tokens_are_stored_only_as_a_hash(auth):
    stored = db.session.scalars(select(ApiToken)).one()
    secret = auth["Authorization"].removeprefix("Bearer ")
    assert secret not in (stored.token_hash, stored.prefix, stored.name)
    assert len(stored.token_hash) == 64 and stored.prefix == secret[:10]


def test_link_status_is_unused_then_used_and_never_shows_an_answer(client: FlaskClient, auth):
    link = create_link()
    body = client.get(f"/api/v1/links/{link.token}", headers=auth).get_json()
    assert body["status"] == "unused"
    assert set(body) == {
        "token",
        "code",
        "url",
        "survey",
        "area",
        "single_use",
        "expires_at",
        "status",
    }
    link.used_on = dt.date.today()
    link.answered = 1
    db.session.commit()
    assert client.get(f"/api/v1/links/{link.token}", headers=auth).get_json()["status"] == "used"
    # The token as printed on a card works too.
    printed = "-".join(link.token.upper()[i : i + 4] for i in range(0, 26, 4))
    assert client.get(f"/api/v1/links/{printed}", headers=auth).get_json()["token"] == link.token


def test_link_status_expired_and_unknown(client: FlaskClient, auth):
    link = expire(create_link("listening-session"))
    assert client.get(f"/api/v1/links/{link.token}", headers=auth).get_json()["status"] == "expired"
    missing = client.get("/api/v1/links/0000000000000000000000000a", headers=auth)
    assert (missing.status_code, missing.mimetype) == (404, PROBLEM)
    assert missing.get_json()["detail"] == "There is no link with that token"


def test_unknown_paths_and_methods_are_problem_details(client: FlaskClient, auth):
    response = client.get("/api/v1/nothing-here", headers=auth)
    assert (response.status_code, response.mimetype) == (404, PROBLEM)
    wrong = client.delete("/api/v1/links", headers=auth)
    assert (wrong.status_code, wrong.mimetype) == (405, PROBLEM)
    assert "POST" in wrong.headers["Allow"]


@pytest.fixture
def limited_client(database_url: str) -> Iterator[FlaskClient]:
    limited = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        API_RATE_LIMIT="3 per minute",
    )
    limiter.reset()
    try:
        yield limited.test_client()
    finally:
        limiter.reset()
        limiter.enabled = False


def test_the_api_is_rate_limited_per_token(limited_client: FlaskClient):
    first, second = _auth(_token()), _auth(_token())
    statuses = [
        limited_client.post(
            "/api/v1/links", json={"survey": "stop-search"}, headers=first
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    blocked = limited_client.post("/api/v1/links", json={"survey": "stop-search"}, headers=first)
    assert blocked.mimetype == PROBLEM
    assert "Retry-After" in blocked.headers
    assert (
        limited_client.post(
            "/api/v1/links", json={"survey": "stop-search"}, headers=second
        ).status_code
        == 201
    )
    assert limited_client.get("/api/v1/openapi.json").status_code == 200


# The OpenAPI document


def test_openapi_document_is_valid_openapi_3_1(client: FlaskClient):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_openapi_describes_exactly_the_routes_that_exist(app: Flask, client: FlaskClient):
    documented = set(client.get("/api/v1/openapi.json").get_json()["paths"])
    served = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert documented == served


def _operations(app: Flask):
    """Every operation in the served OpenAPI document, as schemathesis sees it."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_generated(app: Flask):
    # schemathesis leaves out the document's own address.
    assert {f"{op.method.upper()} {op.path}" for op in _operations(app)} == {
        "POST /links",
        "GET /links/{token}",
        "GET /surveys/{slug}/results",
        "GET /surveys/{slug}/sessions",
    }


@pytest.mark.parametrize(
    ("credentials", "mode"),
    [
        ("valid", GenerationMode.POSITIVE),
        ("valid", GenerationMode.NEGATIVE),
        ("wrong", GenerationMode.POSITIVE),
    ],
)
def test_api_never_fails_with_a_server_error_and_matches_its_document(
    app: Flask, auth: dict[str, str], credentials: str, mode: GenerationMode
):
    """Property-based: schemathesis generates requests from the document, valid ones and
    ones that break it (wrong types, missing fields, odd tokens); every response is below 500
    and matches what the document says."""
    headers = auth if credentials == "valid" else {"Authorization": "Bearer lp_wrong"}
    for operation in _operations(app):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=40 if credentials == "valid" else 10,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, response.text
            # Schema-valid bodies may still name an area that does not exist (422), so the
            # "valid data is accepted" check does not apply; every other check does.
            case.validate_response(
                response, headers=headers, excluded_checks=[positive_data_acceptance]
            )

        check()
