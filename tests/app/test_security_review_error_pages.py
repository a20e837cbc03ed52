"""The page for a request too large to read is made from the route, whatever the address's
query says: a query naming one of url_for's own options (_external, _scheme, _anchor,
_method) or a part of the route (token, page_key) is never a server error, and the link back
is always a path on this site, never an address built from the request's Host header."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.factories import create_link

TOO_LONG = "x" * (2 * 1024 * 1024)


def _back_link(html: str) -> str:
    link = BeautifulSoup(html, "html.parser").find("a", string="Return to the page you were on")
    assert link is not None
    return link["href"]


@pytest.mark.parametrize(
    "query",
    [
        "_external=1",
        "_external=1&_scheme=javascript",
        "_anchor=%22%3E%3Cb%3Ehello",
        "_method=GET",
        "token=someone-elses",
        "page_key=check",
        "a=1&a=2&b=%C3%A9",
    ],
)
def test_a_query_never_turns_the_too_large_page_into_a_server_error(
    client: FlaskClient, query: str
):
    token = create_link().token
    page = f"/r/{token}/how-you-were-treated"
    response = client.post(
        f"{page}?{query}", data={"went_well": TOO_LONG}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 413
    back = urlsplit(_back_link(response.get_data(as_text=True)))
    assert (back.scheme, back.netloc, back.path, back.fragment) == ("", "", page, "")
    # The query is kept as it was sent, as a query, and nothing more is made of it.
    assert parse_qsl(back.query) == parse_qsl(query)
