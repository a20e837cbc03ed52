"""Malformed links, page names and codes get the page for an unknown link or a message, never
a 500, and a form too large to read gets a clear page."""

from __future__ import annotations

import pytest

from tests.app.bad_input_helpers import journeys
from tests.factories import create_link

MALFORMED_TOKENS = {
    "very long": "a" * 10_000,
    "just too long": "a" * 27,
    "non-ASCII": "ñandú-тест-警察",
    "emoji": "👮" * 26,
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "NUL": "%00",
    "NUL inside": "abcd%00efgh",
    "percent junk": "%ZZ%",
    "spaces": "abcd%20efgh",
    "SQL": "x'%20OR%20'1'%3D'1",
}


@pytest.mark.parametrize("token", MALFORMED_TOKENS.values(), ids=MALFORMED_TOKENS.keys())
@pytest.mark.parametrize("after", ["", "/what-you-were-told", "/check", "/done"])
def test_a_malformed_link_gets_the_unknown_link_page(client, token, after):
    response = client.get(f"/r/{token}{after}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 404, html[:300]
    assert "We cannot find that survey link" in html or "Page not found" in html


@pytest.mark.parametrize("token", ["a" * 10_000, "%00", "..%2F..", "ñandú"])
def test_posting_to_a_malformed_link_is_a_404_and_stores_nothing(browser, token):
    browser.get("/r")  # for a CSRF token
    page = browser.post(f"/r/{token}/what-you-were-told", data={"told_grounds": "yes"})
    assert page.status == 404
    assert journeys() == []


@pytest.mark.parametrize(
    "page_key", ["no-such-page", "..%2Fcheck", "%00", "what-you-were-told%00", "x" * 5000]
)
def test_an_unknown_page_of_a_real_link_is_not_found(browser, page_key):
    link = create_link()
    page = browser.get(f"/r/{link.token}/{page_key}")
    assert page.status == 404
    assert page.h1 == "Page not found"


@pytest.mark.parametrize("typed", ["a" * 81, "ñandú", "\x00" * 26, "..%2F", "' OR '1'='1"])
def test_a_malformed_code_typed_in_gets_a_message(browser, typed):
    browser.get("/r")
    page = browser.post(data={"code": typed})
    assert page.status == 400
    assert len(page.error_summary()) == 1
    browser.get("/withdraw")
    page = browser.post(data={"code": typed})
    assert page.status == 400
    assert len(page.error_summary()) == 1


def test_a_very_large_form_gets_a_clear_page_not_a_500(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": "x" * (1024 * 1024)})
    assert page.status in (400, 413)
    assert page.h1
    assert journeys() == []
