"""What an administrator meets on the admin pages, found by walking through them as one."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import api_tokens
from models import Role, Scope, User
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_revoking_a_token_shows_how_it_starts_as_code_not_as_markup(admin, browser: Browser):
    made = api_tokens.create_token("Stop and search app (live)", [Scope.LINKS_WRITE])

    page = browser.get(f"/admin/tokens/{made.token.public_id}/revoke")

    starts_with = page.soup.select_one(".govuk-summary-list__value code")
    assert starts_with is not None and starts_with.get_text() == f"{made.token.prefix}…"
    assert "<code>" not in page.text()
