"""URLs printed on QR codes and cards are permanent: this fails if one disappears or moves."""

from __future__ import annotations

import json

import pytest
from flask import url_for

from app.services import builder, draft_tests
from app.services.links import display_code, public_url
from tests.factories import create_link

# path rule -> methods it must keep answering
PERMANENT = {
    "/r/<token>": {"GET"},
    "/r": {"GET", "POST"},
    "/withdraw": {"GET", "POST"},
    "/healthz": {"GET"},
    # Printed on listening-session cards and posters, and linked from forces' own sites.
    "/you-said-we-did": {"GET"},
    "/you-said-we-did/<area_code>": {"GET"},
    # Sent to colleagues to try a draft: open for days after it is sent.
    "/test/<token>": {"GET"},
}


@pytest.mark.parametrize(("rule", "methods"), PERMANENT.items())
def test_permanent_url_is_still_routed(app, rule, methods):
    routed = {r.rule: r.methods for r in app.url_map.iter_rules()}
    assert rule in routed, f"{rule} has gone: it is printed on QR codes and cards"
    assert methods <= routed[rule]


def test_permanent_urls_answer(client):
    link = create_link()
    for path in (f"/r/{link.token}", "/r", "/withdraw", "/healthz", "/you-said-we-did"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_the_url_on_a_qr_code_is_the_survey_start_page(app):
    link = create_link()
    printed = public_url(app.config["PUBLIC_BASE_URL"], link)
    assert printed == f"{app.config['PUBLIC_BASE_URL']}/r/{link.token}"
    with app.test_request_context():
        assert url_for("public.start", token=link.token) == f"/r/{link.token}"


def test_a_code_typed_as_printed_reaches_the_same_survey(client, browser):
    link = create_link()
    printed = display_code(link.token)
    assert printed != link.token
    response = client.get(f"/r/{printed}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/r/{link.token}")
    browser.get("/r")
    page = browser.post(data={"code": printed.lower()})
    assert page.url == f"/r/{link.token}"
    assert page.h1 == "Stop and search: tell us how it went"


def test_a_draft_test_link_is_its_start_page(app, client):
    source = builder.export_source("listening-session")
    builder.import_source(json.dumps({**source, "slug": "session-draft"}))
    link = draft_tests.create_test_link("session-draft")
    with app.test_request_context():
        assert url_for("draft_test.start", token=link.token) == f"/test/{link.token}"
    assert client.get(f"/test/{link.token}").status_code == 200
