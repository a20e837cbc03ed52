"""A link made through the API keeps which token made it, so that the links a token that got
out made can be found; the admins' API tokens page counts them."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens
from models import Link, Role, Scope, db
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import signed_in


def _made_with(client: FlaskClient, secret: str, count: int) -> None:
    for _ in range(count):
        response = client.post(
            "/api/v1/links",
            json={"survey": "stop-search"},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert response.status_code == 201, response.get_data(as_text=True)


def _links_made(page, name: str) -> str:
    headers = [th.get_text(strip=True) for th in page.soup.select("thead th")]
    for row in page.soup.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        if cells[0] == name:
            return cells[headers.index("Links made")]
    raise AssertionError(f"no token called {name}")


def test_a_link_made_through_the_api_keeps_its_token(client: FlaskClient, browser: Browser):
    app_token = api_tokens.create_token("Stop and search app", [Scope.LINKS_WRITE])
    other = api_tokens.create_token("Test system", [Scope.LINKS_WRITE])
    _made_with(client, app_token.secret, 3)
    _made_with(client, other.secret, 1)
    made_on_the_website = create_link()
    db.session.commit()

    by_token = {link.token: link.api_token_id for link in db.session.scalars(select(Link))}
    assert sorted(v for v in by_token.values() if v is not None) == sorted(
        [app_token.token.id] * 3 + [other.token.id]
    )
    assert by_token[made_on_the_website.token] is None

    signed_in(client, Role.ADMIN)
    page = browser.get("/admin/tokens")
    assert _links_made(page, "Stop and search app") == "3"
    assert _links_made(page, "Test system") == "1"
