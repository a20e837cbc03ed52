"""/favicon.ico, which browsers ask for at the site's root whatever a page links to: the
service's own icon, kept by the browser, and never a cookie."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from models import Role
from tests.staff import signed_in


def _icon(app: Flask) -> bytes:
    return (Path(app.static_folder or "") / "favicon.ico").read_bytes()


def test_the_site_root_serves_the_services_own_icon(app: Flask, client: FlaskClient):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.get_data() == _icon(app)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_icon_is_cached_for_a_day(client: FlaskClient):
    response = client.get("/favicon.ico")
    cache = response.headers["Cache-Control"]
    assert "no-store" not in cache
    assert "max-age=86400" in cache
    # A browser asking again with what it holds gets "not modified".
    again = client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_icon_sets_no_cookie_for_anyone(client: FlaskClient):
    anonymous = client.get("/favicon.ico")
    assert "Set-Cookie" not in anonymous.headers
    signed_in(client, Role.ANALYST)
    staff = client.get("/favicon.ico")
    assert staff.status_code == 200
    assert "Set-Cookie" not in staff.headers


def test_the_icon_is_served_even_when_a_staff_session_has_run_out(app: Flask, client: FlaskClient):
    signed_in(client, Role.ANALYST)
    with client.session_transaction() as session:
        for key in list(session):
            if isinstance(session[key], int) and session[key] > 1_000_000_000:
                session[key] = int(time.time()) - 7 * 24 * 3600  # a week ago
    response = client.get("/favicon.ico")
    assert response.status_code == 200  # not a redirect to sign in
    assert "Set-Cookie" not in response.headers
    assert client.get("/results/").status_code == 302  # the session has indeed run out
