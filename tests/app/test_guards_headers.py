"""Only the API's answers are attachments. A page sent with "Content-Disposition: attachment"
is saved to the downloads folder instead of being shown: the survey, the withdrawal page and
the results would open in nobody's browser. And every page says it may not be framed, for the
browsers that do not read the policy's frame-ancestors."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.factories import create_link


def test_pages_are_shown_not_downloaded(client: FlaskClient):
    token = create_link().token
    for url, status in (
        ("/", 302),
        ("/r", 200),
        (f"/r/{token}", 200),
        ("/withdraw", 200),
        ("/privacy", 200),
        ("/no-such-page", 404),
        ("/static/app.css", 200),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        disposition = response.headers.get("Content-Disposition", "")
        assert not disposition.startswith("attachment"), url


def test_every_page_refuses_to_be_framed(client: FlaskClient):
    for url in ("/r", f"/r/{create_link().token}", "/withdraw", "/no-such-page"):
        assert client.get(url).headers.get("X-Frame-Options") == "DENY", url
