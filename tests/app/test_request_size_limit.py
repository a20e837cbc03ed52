"""A request bigger than the service reads (1 MiB, as the proxy in docs/deploy.md allows) is
refused before it is read: a 413 problem from the API, a clear page elsewhere."""

from __future__ import annotations

import io

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from app.services import api_tokens
from models import Scope
from tests.factories import create_link
from tests.pages import Browser

TOO_BIG = 2 * 1024 * 1024


def test_a_body_over_the_limit_to_the_links_api_is_a_413_problem(client: FlaskClient):
    secret = api_tokens.create_token("Stop and search app", [Scope.LINKS_WRITE]).secret
    body = '{"survey": "' + "a" * TOO_BIG + '"}'
    response = client.post(
        "/api/v1/links",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert (response.status_code, response.mimetype) == (413, "application/problem+json")
    assert response.get_json()["title"] == "Request Entity Too Large"


def test_a_respondent_page_sent_a_large_upload_gets_a_clear_page(
    client: FlaskClient, browser: Browser
):
    link = create_link()
    page = browser.get(f"/r/{link.token}/in-your-own-words")
    response = client.post(
        f"/r/{link.token}/in-your-own-words",
        data={
            "csrf_token": page.csrf_token(),
            "went_well": (io.BytesIO(b"x" * TOO_BIG), "answer.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    shown = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert shown.h1 and shown.h1.get_text(strip=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_body_within_the_limit_is_still_read(client: FlaskClient):
    secret = api_tokens.create_token("Stop and search app", [Scope.LINKS_WRITE]).secret
    body = '{"survey": "' + "a" * (512 * 1024) + '"}'
    response = client.post(
        "/api/v1/links",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "survey"
