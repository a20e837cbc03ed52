"""Revoking an API token asks first, as deactivating a user does: the list links to the
question, which says what will happen; only its button, with the page's CSRF token, revokes the
token, and the list then says it was done. Each link says which token it revokes, by name and by
how the token starts."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens
from models import ApiToken, Role, Scope, User, db
from tests.pages import Browser
from tests.staff import signed_in

NAME = "Stop and search app (live)"
REPLACEMENT = "Stop and search app (live, 2027)"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _works(client: FlaskClient, secret: str) -> bool:
    made = client.post(
        "/api/v1/links",
        json={"survey": "stop-search"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    return made.status_code == 201


def test_revoking_a_token_asks_first_and_then_says_it_is_done(
    admin, client: FlaskClient, browser: Browser
):
    old = api_tokens.create_token(NAME, [Scope.LINKS_WRITE])
    new = api_tokens.create_token(REPLACEMENT, [Scope.LINKS_WRITE])

    listing = browser.get("/admin/tokens")
    assert not listing.soup.select("form[action$='/revoke']")  # nothing revokes at once
    links = {
        " ".join(a.get_text().split()): a["href"]
        for a in listing.soup.select("tbody a")
        if a.get_text().startswith("Revoke")
    }
    assert set(links) == {
        f"Revoke {NAME} (starts with {old.token.prefix})",
        f"Revoke {REPLACEMENT} (starts with {new.token.prefix})",
    }

    page = browser.get(links[f"Revoke {NAME} (starts with {old.token.prefix})"])
    assert page.h1 == "Are you sure you want to revoke this API token?"
    assert f"{old.token.prefix}…" in page.text()
    assert "every request it sends with this token is refused" in page.text()
    assert page.soup.select_one(".govuk-button-group a")["href"] == "/admin/tokens"
    assert _works(client, old.secret)  # asking changed nothing

    refused = browser.post(f"/admin/tokens/{old.token.public_id}/revoke", csrf=False)
    assert refused.status == 400
    assert _works(client, old.secret)

    browser.get(f"/admin/tokens/{old.token.public_id}/revoke")
    done = browser.post()
    assert done.url == "/admin/tokens"
    banner = done.soup.select_one(".govuk-notification-banner--success")
    assert banner is not None
    assert f"The token {NAME} has been revoked. It no longer works." in banner.get_text()
    assert not _works(client, old.secret)
    assert _works(client, new.secret)

    # A token revoked already has nothing to ask about.
    again = browser.get(f"/admin/tokens/{old.token.public_id}/revoke")
    assert again.url == "/admin/tokens"
    db.session.expire_all()
    assert db.session.scalar(
        select(ApiToken.revoked_at).where(ApiToken.public_id == old.token.public_id)
    )
