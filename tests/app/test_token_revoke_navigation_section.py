"""Revoking a token asks first. Reached from a user's page, the question's back link goes to
that page, and the navigation marks Users, the section the admin is in; reached from the list
of tokens, it marks API tokens. Before, it always marked API tokens."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.services import api_tokens
from models import Role, Scope, User, db
from tests.pages import Browser, Page
from tests.staff import signed_in


def _marked(page: Page) -> list[str]:
    """The navigation items marked as the section the page is in."""
    return [
        item.get_text(strip=True)
        for item in page.soup.select(".govuk-service-navigation__item--active")
    ]


def _admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_the_question_reached_from_a_user_s_page_is_among_users(
    client: FlaskClient, browser: Browser
):
    admin = _admin(client)
    api_tokens.create_token("Force website", [Scope.LINKS_READ], admin)
    db.session.commit()
    user_page = browser.get(f"/admin/users/{admin.public_id}")
    assert _marked(user_page) == ["Users"]
    revoke = user_page.soup.select_one("#working-tokens ~ div a[href*='/revoke']")["href"]

    page = browser.get(revoke)

    assert page.h1.startswith("Are you sure")
    assert _marked(page) == ["Users"]
    # Marked as the section, not as the page itself: that is the user's page.
    assert not page.soup.select(".govuk-service-navigation [aria-current='page']")


def test_the_question_reached_from_the_list_of_tokens_is_among_api_tokens(
    client: FlaskClient, browser: Browser
):
    _admin(client)
    made = api_tokens.create_token("Force website", [Scope.LINKS_READ])
    db.session.commit()
    tokens = browser.get("/admin/tokens")
    revoke = tokens.soup.select_one(f"a[href$='{made.token.public_id}/revoke']")["href"]
    assert _marked(browser.get(revoke)) == ["API tokens"]
    # A next that is no page of this site, or is off it, leaves it among API tokens.
    for next_page in ("/admin/no-such-page", "https://example.com/admin/users/x", "//x/admin"):
        page = browser.get(f"/admin/tokens/{made.token.public_id}/revoke?next={next_page}")
        assert page.status == 200, next_page
        assert _marked(page) == ["API tokens"], next_page
