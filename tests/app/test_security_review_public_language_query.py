"""A respondent's language button on a question page goes back to the same page, on this
site, whatever else the page's address carries in its query: a key such as _anchor, _external
or token is kept as a query and never turns the answer into a server error or an address built
from the request's Host header."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from flask.testing import FlaskClient

from tests.app.test_language_switch_keeps_answers import language_button
from tests.factories import create_link
from tests.pages import Browser


@pytest.mark.parametrize(
    "query", ["_anchor=x", "_external=1", "_scheme=javascript&_external=1", "token=abc"]
)
def test_the_language_button_stays_on_the_page_whatever_the_query(client: FlaskClient, query: str):
    token = create_link().token
    page = f"/r/{token}/how-you-were-treated"
    browser = Browser(client)
    browser.get(page)
    button = language_button(browser.page)
    form = {
        "csrf_token": browser.page.csrf_token(),
        "form-started": browser.page.form_started(),
        "respect": "agree",
        button["name"]: button["value"],
    }
    response = client.post(f"{button['formaction']}&{query}", data=form)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.netloc, location.path, location.fragment) == (
        "",
        "",
        page,
        "",
    )
    assert parse_qsl(location.query) == parse_qsl(query)
