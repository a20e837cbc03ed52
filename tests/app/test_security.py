"""Security headers on every kind of response, the production cookie and configuration, and
error pages that never show a stack trace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.config import ConfigError, ProductionConfig
from models import Role
from tests.factories import create_link
from tests.staff import signed_in

GOOD_KEY = "k" * 48


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, where: str) -> None:
    csp = csp_directives(response)
    # Scripts from this site's own files only: no inline script, no eval, no nonce or hash.
    assert csp["script-src"] == ["'self'"], where
    assert csp["object-src"] == ["'none'"], where
    assert csp["base-uri"] == ["'none'"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    hsts = response.headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000, where
    assert response.headers["Referrer-Policy"] == "no-referrer", where


@pytest.fixture
def error_app(database_url: str) -> Iterator[Flask]:
    """The production configuration with routes that fail, as a bug would."""
    app = create_app(ProductionConfig, SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI=database_url)

    def boom():
        raise RuntimeError("secret-detail-in-the-exception /home/app/views.py line 42")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    with app.app_context():
        yield app


def test_every_kind_of_response_carries_the_security_headers(client: FlaskClient, error_app):
    link = create_link()
    responses = {
        "a survey page": client.get(f"/r/{link.token}"),
        "a redirect": client.get("/"),
        "not found": client.get("/no-such-page"),
        "method not allowed": client.delete("/r"),
        "a refused form (CSRF)": client.post("/r", data={"code": "x"}),
        "a static file": client.get("/static/app.css"),
        "the API document": client.get("/api/v1/openapi.json"),
        "an API error": client.post("/api/v1/links", json={}),
        "health": client.get("/healthz"),
        "a server error page": error_app.test_client().get("/boom"),
        "a server error in the API": error_app.test_client().get("/api/v1/boom"),
    }
    for where, response in responses.items():
        assert_security_headers(response, where)
    assert responses["a redirect"].status_code == 302
    assert responses["not found"].status_code == 404
    assert responses["method not allowed"].status_code == 405
    assert responses["a refused form (CSRF)"].status_code == 400
    assert responses["a server error page"].status_code == 500


def test_pages_have_no_inline_script_or_event_handlers(client: FlaskClient):
    link = create_link()
    for url in ("/r", f"/r/{link.token}", "/sign-in", "/withdraw", "/privacy"):
        response = client.get(url)
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        scripts = soup.find_all("script")
        # GOV.UK Frontend's "JavaScript runs" marker, first in the body, is a file too.
        assert scripts[0]["src"].startswith("/static/js-enabled.js?v="), url
        assert soup.body.find(True) == scripts[0], url
        for script in scripts:
            assert script.get("src", "").startswith("/static/"), f"{url}: {script}"
            assert not script.get_text().strip(), f"{url}: {script}"
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, f"{url}: <{tag.name}> has {handlers}"
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), url


def test_the_javascript_marker_is_served_as_a_script(client: FlaskClient):
    response = client.get("/static/js-enabled.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert "govuk-frontend-supported" in response.get_data(as_text=True)


def test_forms_answers_results_and_qr_codes_are_never_cached(client: FlaskClient):
    link = create_link()
    for url in ("/r", f"/r/{link.token}", "/withdraw", "/sign-in"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    signed_in(client, Role.ANALYST)
    for url in ("/results/", "/results/stop-search", "/results/stop-search/export.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_qr_codes_and_cards_send_no_referrer_and_are_not_cached(app: Flask):
    client = app.test_client()
    officer = signed_in(client, Role.OFFICER)
    link = create_link(created_by_id=officer.id)
    for suffix in ("", "/qr.png", "/qr.svg", "/card"):
        response = client.get(f"/officer/codes/{link.token}{suffix}")
        assert response.status_code == 200, suffix
        assert response.headers["Referrer-Policy"] == "no-referrer", suffix
        assert response.headers["Cache-Control"] == "no-store", suffix


def test_static_files_may_be_cached(client: FlaskClient):
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_production_session_cookie_is_secure_httponly_and_lax(database_url: str):
    app = create_app("production", SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        response = app.test_client().get("/r?lang=cy")  # remembering the language sets it
    cookie = response.headers["Set-Cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"secure", "httponly"} <= attributes
    assert "samesite=lax" in cookie.lower().replace(" ", "")


def test_production_refuses_to_start_with_flask_debug_set(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="Debug mode must be off"):
        create_app("production", SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI="sqlite://")
    # Development is allowed its debugger.
    create_app("development", SECRET_KEY=GOOD_KEY, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_refuses_debug_and_a_missing_key():
    with pytest.raises(ConfigError, match="Debug"):
        create_app(
            "production", SECRET_KEY=GOOD_KEY, DEBUG=True, SQLALCHEMY_DATABASE_URI="sqlite://"
        )
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=None, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_error_pages_show_no_stack_trace(error_app: Flask):
    client = error_app.test_client()
    page = client.get("/boom")
    html = page.get_data(as_text=True)
    assert page.status_code == 500
    assert page.mimetype == "text/html"
    for leak in ("Traceback", "RuntimeError", "secret-detail", "views.py", "line 42"):
        assert leak not in html
    assert "Sorry" in html or "went wrong" in html

    api = client.get("/api/v1/boom")
    assert api.status_code == 500
    assert api.mimetype == "application/problem+json"
    body = api.get_data(as_text=True)
    assert "secret-detail" not in body and "Traceback" not in body
