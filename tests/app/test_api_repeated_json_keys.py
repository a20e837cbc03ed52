"""A JSON body that gives the same key twice in one object is refused, naming the key.

`{"survey": "a", "survey": "b"}` means "a" to some parsers and "b" to others (Python's keeps the
last), so a link could be made for a survey other than the one a system in front of the API
checked. The links API refuses it as it refuses a body that is not JSON: 400, problem details.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from models import Link, Scope, db
from tests.api_token_names import fresh_secret

PROBLEM = "application/problem+json"


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {fresh_secret('Stop and search app', list(Scope))}"}


def _post(client: FlaskClient, auth: dict[str, str], body: str | bytes):
    return client.post("/api/v1/links", data=body, content_type="application/json", headers=auth)


def _links() -> int:
    return db.session.scalar(select(func.count()).select_from(Link))


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('{"survey": "stop-search", "survey": "say-to-stay"}', '"survey"'),
        ('{"survey": "stop-search", "area": null, "area": "north"}', '"area"'),
        ('{"survey": "stop-search", "extra": {"a": 1, "b": {"a": 2, "a": 3}}}', '"a"'),
        ('{"survey": "stop-search", "extra": [{"x": 1}, {"x": 1, "x": 1}]}', '"x"'),
        ('{"survey": "stop-search", "\\u0000": 1, "\\u0000": 2}', '"\\u0000"'),
    ],
)
def test_a_repeated_key_is_a_400_problem_naming_it(
    client: FlaskClient, auth: dict[str, str], body: str, key: str
):
    response = _post(client, auth, body)
    assert (response.status_code, response.mimetype) == (400, PROBLEM)
    problem = response.get_json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["detail"] == (
        f"The request body gives the key {key} more than once in the same object. "
        "Send each key once"
    )
    assert _links() == 0


def test_a_very_long_repeated_key_is_named_shortened(client: FlaskClient, auth: dict[str, str]):
    key = "k" * 5000
    response = _post(client, auth, f'{{"survey": "stop-search", "{key}": 1, "{key}": 2}}')
    assert response.status_code == 400
    assert f'the key "{"k" * 80}…" more than once' in response.get_json()["detail"]


def test_the_same_key_in_different_objects_or_cases_is_not_repeated(
    client: FlaskClient, auth: dict[str, str]
):
    response = _post(client, auth, '{"survey": "stop-search", "Survey": 1, "x": {"survey": 2}}')
    # Read as before: the unknown fields are the form's to judge, not the JSON reader's.
    assert response.status_code != 400
    assert "gives the key" not in response.get_json().get("detail", "")


def test_bodies_that_are_not_json_are_still_said_to_be_so(
    client: FlaskClient, auth: dict[str, str]
):
    for body in ("{", '{"survey": "stop-search",}', b"\xff", "[" * 10_000):
        response = _post(client, auth, body)
        assert (response.status_code, response.mimetype) == (400, PROBLEM), body
        assert response.get_json()["detail"] == "The request body is not valid JSON"


def test_a_body_that_is_json_but_not_an_object_is_said_to_be_so(
    client: FlaskClient, auth: dict[str, str]
):
    for body in ("null", "[]", '"stop-search"', "1"):
        response = _post(client, auth, body)
        assert (response.status_code, response.mimetype) == (422, PROBLEM), body
        assert response.get_json()["detail"].endswith("The request body must be a JSON object")


def test_a_body_without_repeats_still_makes_a_link(client: FlaskClient, auth: dict[str, str]):
    response = _post(client, auth, '{"survey": "stop-search"}')
    assert response.status_code == 201
    assert _links() == 1


def test_the_rest_of_the_service_reads_json_as_before(app: Flask):
    """Only the API's reading of bodies refuses repeated keys: Flask's own is unchanged."""
    with app.test_request_context(
        "/", data='{"a": 1, "a": 2}', content_type="application/json"
    ) as context:
        assert context.request.get_json() == {"a": 2}
