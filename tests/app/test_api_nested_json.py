"""A JSON body nested too deeply to read is a clear 400 problem, never a server error: the
links API and a survey definition imported in the builder."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.services import api_tokens
from models import Role, Scope
from tests.pages import Browser
from tests.staff import signed_in

PROBLEM = "application/problem+json"
# Far deeper than the JSON parser can follow, and well inside the size limit.
DEEP = "[" * 10_000 + "]" * 10_000


def test_a_deeply_nested_body_to_the_links_api_is_a_400_problem(client: FlaskClient):
    secret = api_tokens.create_token("Stop and search app", [Scope.LINKS_WRITE]).secret
    response = client.post(
        "/api/v1/links",
        data=DEEP,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert (response.status_code, response.mimetype) == (400, PROBLEM)
    assert response.get_json()["detail"] == "The request body is not valid JSON"


def test_a_deeply_nested_definition_imported_in_the_builder_says_why(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": DEEP})
    assert page.status == 400
    assert "The file is not valid JSON text" in page.error_summary()
    assert page.textarea("definition") == DEEP  # nothing lost
