"""Property-based: the API fed what its OpenAPI document does not describe, by Hypothesis
(test_api.py has schemathesis send what it does). Any JSON at all, any bytes under any content
type, any Authorization header, any query parameter (known or not, repeated or not) and any
token in the address: never a 5xx, every refusal a problem+json document, and a link stored
only with a 201 (exactly one), nothing else stored ever."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from app.services import api_tokens, demo
from models import Link, Scope, db
from tests.app.fuzz_helpers import (
    EXAMPLES,
    assert_no_server_error,
    changed_tables,
    fuzz_settings,
    odd_text,
    stored,
)
from tests.factories import create_area, create_link

FIELDS = ["survey", "area", "event_name", "event_name_cy", "event_date"]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats()
    | odd_text
    | st.sampled_from(
        ["stop-search", "listening-session", "north", "2026-03-27", "2026-02-30", "9999-12-31"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=8,
)
bodies = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5) | json_values


@pytest.fixture
def bearer(client: FlaskClient) -> dict[str, str]:
    """A token that may do everything, already used today (the one change a request makes is
    to note the day a token was last used, once a day)."""
    create_area("north", "North District")
    header = {"Authorization": f"Bearer {api_tokens.create_token('Fuzz', list(Scope)).secret}"}
    assert client.get("/api/v1/links/unused", headers=header).status_code == 404
    return header


def assert_problem(response: TestResponse, sent: object) -> None:
    assert_no_server_error(response, response.request.path, sent)
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json", (sent, response.status_code)
        assert response.get_json()["status"] == response.status_code


def links() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Link))


def test_any_json_body_makes_one_link_or_none(client: FlaskClient, bearer):
    @fuzz_settings(EXAMPLES * 6)
    @example(body={"survey": "stop-search", "event_date": "2026-02-30"})
    @example(body={"survey": "listening-session", "event_name": "x", "event_date": 20260327})
    @example(body={"survey": ["stop-search"]})
    @example(body={"survey": "stop-search", "area": {"code": "north"}})
    @example(body={"survey": "stop-search", "event_name_cy": "Sesiwn"})
    @given(body=bodies)
    def check(body) -> None:
        before, counted = stored(), links()
        response = client.post("/api/v1/links", json=body, headers=bearer)
        assert_problem(response, body)
        if response.status_code == 201:
            assert links() == counted + 1, body
        else:
            assert response.status_code in (400, 415, 422), (body, response.status_code)
            assert changed_tables(before) == [], body

    check()


CONTENT_TYPES = [
    "application/json",
    "application/json; charset=latin-1",
    "application/problem+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
    "",
]


def test_any_bytes_under_any_content_type_store_nothing(client: FlaskClient, bearer):
    @fuzz_settings(EXAMPLES * 4)
    @example(raw=b'{"survey": "stop-search"', content_type="application/json")
    @example(raw=b"[" * 5000 + b"]" * 5000, content_type="application/json")
    @example(raw=b'{"survey": "stop\\u0000search"}', content_type="application/json")
    @example(raw=b"\xff\xfe{}", content_type="application/json")
    @example(raw=b"survey=stop-search", content_type="application/x-www-form-urlencoded")
    @given(
        raw=st.binary(max_size=200) | json_values.map(lambda value: repr(value).encode()),
        content_type=st.sampled_from(CONTENT_TYPES),
    )
    def check(raw: bytes, content_type: str) -> None:
        before = stored()
        response = client.post("/api/v1/links", data=raw, content_type=content_type, headers=bearer)
        assert_problem(response, raw)
        if response.status_code != 201:
            assert changed_tables(before) == [], raw

    check()


@fuzz_settings(EXAMPLES * 3)
@example(header="Bearer")
@example(header="Bearer  ")
@example(header="bearer lp_" + "x" * 5000)
@example(header="Basic dXNlcjpwYXNz")
@given(header=odd_text.map(lambda text: "Bearer " + text) | odd_text)
def test_any_authorization_header_is_refused_cleanly(client: FlaskClient, header: str):
    try:
        header.encode("latin-1")
    except UnicodeEncodeError:
        header = header.encode("utf-8").decode("latin-1")  # as the bytes would arrive
    header = header.replace("\r", "").replace("\n", "")
    before = stored()
    for method, url in (
        ("POST", "/api/v1/links"),
        ("GET", "/api/v1/links/abc"),
        ("GET", "/api/v1/surveys/stop-search/results"),
    ):
        response = client.open(
            url, method=method, json={"survey": "stop-search"}, headers={"Authorization": header}
        )
        assert_problem(response, header)
        assert response.status_code == 401, (header, response.status_code)
    assert changed_tables(before) == []


PARAMETERS = ["by", "from", "to", "area", "session"]
SLUG = "stop-search"


def test_the_results_take_any_query(client: FlaskClient, bearer):
    demo.seed_responses(40, seed=3)

    @fuzz_settings(EXAMPLES * 4)
    @example(query=[("by", "ethnic_group"), ("from", "2026-01"), ("to", "2025-01")], slug=SLUG)
    @example(query=[("area", "north"), ("area", "south")], slug=SLUG)
    @example(query=[("from", "2026-13"), ("to", "0000-01")], slug=SLUG)
    @example(query=[("aera", "north")], slug=SLUG)
    @example(query=[("session", "1"), ("from", "2025-01")], slug="listening-session")
    @example(query=[("session", "1"), ("session", "x")], slug=SLUG)
    @given(
        query=st.lists(
            st.tuples(
                st.sampled_from([*PARAMETERS, "x", "lang", "format"]) | odd_text,
                odd_text
                | st.sampled_from(["2026-03", "2026-03-31", "ethnic_group", "north", "1", "12"]),
            ),
            max_size=4,
        ),
        slug=st.sampled_from(["stop-search", "say-to-stay", "listening-session"]) | odd_text,
    )
    def check(query: list[tuple[str, str]], slug: str) -> None:
        before = stored()
        response = client.get(
            f"/api/v1/surveys/{quote(slug, safe='')}/results", query_string=query, headers=bearer
        )
        assert_problem(response, (slug, query))
        nul = "\x00" in slug + "".join(name + value for name, value in query)
        expected = (400,) if nul else (200, 308, 404, 422)  # a NUL is refused outright
        assert response.status_code in expected, (slug, query, response.status_code)
        assert changed_tables(before) == []

    check()


def test_any_token_in_the_address_is_found_or_not(client: FlaskClient, bearer):
    link = create_link()

    @fuzz_settings(EXAMPLES * 3)
    @example(token=link.token.upper())
    @example(token="%")
    @given(token=odd_text | st.just(link.token))
    def check(token: str) -> None:
        before = stored()
        response = client.get(f"/api/v1/links/{quote(token, safe='')}", headers=bearer)
        assert_problem(response, token)
        expected = (400,) if "\x00" in token else (200, 308, 404)  # a NUL is refused outright
        assert response.status_code in expected, (token, response.status_code)
        if response.status_code == 200:
            assert response.get_json()["token"] == link.token
        assert changed_tables(before) == []

    check()
