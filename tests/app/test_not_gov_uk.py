"""Listening Post is built with GOV.UK Frontend but is not a GOV.UK service, so it carries none
of GOV.UK's identity: no crown (the icon included), no GOV.UK logotype, and not GOV.UK's
typeface, GDS Transport, which is licensed for GOV.UK only. Text is set in Arial."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.factories import create_link

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def _stylesheets(client: FlaskClient, html: str) -> dict[str, str]:
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    # Keyed by the file's address without its version (?v=...).
    return {href.split("?")[0]: client.get(href).get_data(as_text=True) for href in hrefs}


def test_pages_are_set_in_arial_not_gov_uks_typeface(client: FlaskClient):
    html = client.get(f"/r/{create_link().token}").get_data(as_text=True)
    sheets = _stylesheets(client, html)
    assert "/static/govuk/govuk-frontend.min.css" in sheets
    for href, css in sheets.items():
        assert css, href
        assert "GDS Transport" not in css, href
        assert "@font-face" not in css, href
    families = set(re.findall(r"font-family:\s*([^;}]+)", sheets["/static/app.css"]))
    families |= set(
        re.findall(r"font-family:([^;}]+)", sheets["/static/govuk/govuk-frontend.min.css"])
    )
    assert "arial,sans-serif" in {family.replace(" ", "") for family in families}


def test_the_service_has_its_own_icon_not_the_crown(client: FlaskClient):
    html = client.get("/r").get_data(as_text=True)
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)"[^>]*href="([^"]+)"', html)
    assert sorted(icon.split("?")[0] for icon in icons) == [
        "/static/apple-touch-icon.png",
        "/static/favicon.ico",
        "/static/favicon.svg",
    ]
    for href in icons:
        assert client.get(href).status_code == 200, href
    # GOV.UK Frontend's own images and fonts (the crown, GDS Transport) are not served at all.
    assert "/assets/" not in html
    assert client.get("/assets/images/favicon.svg").status_code == 404
    assert not (STATIC / "govuk" / "assets").exists()


def test_the_header_has_no_gov_uk_logotype(client: FlaskClient):
    page = client.get(f"/r/{create_link().token}").get_data(as_text=True)
    header = page[page.index("<header") : page.index("</header>")]
    assert "govuk-header__logo" not in header
    assert "GOV.UK" not in header
    assert "Demoshire Police feedback" in header  # the force's own service name
