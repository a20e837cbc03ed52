"""Static files are linked with a version in their address and kept by browsers for a year,
so a respondent's phone does not ask again for the style sheets and scripts on every page; a
file that changes gets a new address, so nobody is left with an old copy."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from app.static_assets import ONE_YEAR_SECONDS, file_version
from tests.factories import create_link


def _static_addresses(html: str) -> list[str]:
    return [address.replace("&amp;", "&") for address in re.findall(r'"(/static/[^"]*)"', html)]


def test_pages_link_static_files_by_version_and_those_are_kept_a_year(client: FlaskClient):
    link = create_link()
    html = client.get(f"/r/{link.token}", follow_redirects=True).get_data(as_text=True)
    addresses = _static_addresses(html)
    assert {"/static/app.css", "/static/app.js", "/static/js-enabled.js"} <= {
        address.split("?")[0] for address in addresses
    }
    for address in addresses:
        assert re.search(r"\?v=[0-9a-f]{12}$", address), address
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == f"public, max-age={ONE_YEAR_SECONDS}"


def test_without_the_current_version_a_file_is_checked_each_time(client: FlaskClient):
    for address in ("/static/app.css", "/static/app.css?v=000000000000"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == "no-cache", address
    assert client.get("/static/not-there.css?v=000000000000").status_code == 404


def test_a_changed_file_gets_a_new_address(app: Flask, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    style = tmp_path / "style.css"
    style.write_text("body { color: black }")
    first = file_version(app, "style.css")
    style.write_text("body { color: #0b0c0c }")
    second = file_version(app, "style.css")
    assert first and second and first != second
    client = app.test_client()
    assert client.get(f"/static/style.css?v={first}").headers["Cache-Control"] == "no-cache"
    kept = client.get(f"/static/style.css?v={second}")
    assert kept.get_data(as_text=True) == "body { color: #0b0c0c }"
    assert kept.headers["Cache-Control"] == f"public, max-age={ONE_YEAR_SECONDS}"
    assert file_version(app, "../style.css") is None
