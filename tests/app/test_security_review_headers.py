"""Headers the review found missing: an error from the static files' route (a file that is not
there) is a page like any other error and is never cached, as only the files themselves may be;
and every API response, data or problem alike, is an attachment (OWASP ASVS 4.0 14.4.2), so a
browser sent to an API address never shows it as a page of this site."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.services import api_tokens
from models import Scope
from tests.factories import create_link


def test_a_static_file_that_is_not_there_is_not_cached(client: FlaskClient):
    for url in ("/static/no-such-file.css", "/static/%2e%2e/config.py"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers.get("Cache-Control") == "no-store", url
    # The files themselves still may be.
    assert "no-store" not in client.get("/static/app.css").headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/favicon.ico").headers.get("Cache-Control", "")


def test_every_api_response_is_an_attachment(client: FlaskClient):
    secret = api_tokens.create_token("Headers", list(Scope)).secret
    bearer = {"Authorization": f"Bearer {secret}"}
    link = create_link()
    responses = {
        "a link's status": client.get(f"/api/v1/links/{link.token}", headers=bearer),
        "a link made": client.post("/api/v1/links", json={"survey": "stop-search"}, headers=bearer),
        "results": client.get("/api/v1/surveys/stop-search/results", headers=bearer),
        "sessions": client.get("/api/v1/surveys/listening-session/sessions", headers=bearer),
        "the API document": client.get("/api/v1/openapi.json"),
        "no token": client.get(f"/api/v1/links/{link.token}"),
        "a bad body": client.post("/api/v1/links", json={}, headers=bearer),
        "no such address": client.get("/api/v1/nothing", headers=bearer),
        "a method it does not take": client.put("/api/v1/links", headers=bearer),
    }
    for what, response in responses.items():
        assert response.mimetype in ("application/json", "application/problem+json"), what
        disposition = response.headers.get("Content-Disposition", "")
        assert disposition.startswith("attachment; filename="), what
        assert disposition.endswith('.json"'), what
