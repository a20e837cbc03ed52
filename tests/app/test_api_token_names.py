"""Two tokens that work at once never share a name, so the list tells an admin which system
holds which: a name a working token has already (ignoring case, and characters that cannot be
seen) is refused, on the form's name field with the admin's other choices kept and on the
command line, and nothing is made. A revoked or expired token's name may be used again."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.admin.forms import NewTokenForm
from app.services import api_tokens
from models import ApiToken, Role, Scope, User, db, utcnow
from tests.pages import Browser
from tests.staff import PASSWORD, signed_in

NAME = "Stop and search app (live)"
CLASH = (
    f"A working token is already called {NAME}. Give this one a different name, or revoke "
    "that one first"
)


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ApiToken))


@pytest.mark.parametrize(
    "typed",
    [NAME, NAME.upper(), "  stop and SEARCH   app (live) ", "Stop and\u200b search app (live)"],
)
def test_a_name_a_working_token_has_is_refused_keeping_the_other_answers(
    admin, browser: Browser, typed: str
):
    api_tokens.create_token(NAME, [Scope.LINKS_WRITE])
    browser.get("/admin/tokens/new")
    page = browser.post(
        data={
            "name": typed,
            "scopes": ["links:read", "results:read"],
            "expiry": "90",
            "your_password": PASSWORD,
        }
    )
    assert page.status == 400
    assert page.error_summary() == [CLASH]
    assert page.field_errors() == [CLASH]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#name"
    assert page.soup.select_one("input[name='name']")["value"] == typed.strip()
    assert sorted(page.checked("scopes")) == ["links:read", "results:read"]
    assert page.checked("expiry") == ["90"]
    assert _count() == 1


def test_every_problem_is_named_at_once(admin, browser: Browser):
    api_tokens.create_token(NAME, [Scope.LINKS_WRITE])
    browser.get("/admin/tokens/new")
    page = browser.post(
        data={"name": NAME, "scopes": [], "expiry": "never", "your_password": PASSWORD}
    )
    assert page.error_summary() == [CLASH, "Select at least one thing the token may do"]
    assert page.checked("expiry") == ["never"]


def test_a_revoked_or_expired_token_s_name_can_be_given_again(admin, browser: Browser):
    revoked = api_tokens.create_token(NAME, [Scope.LINKS_WRITE])
    api_tokens.revoke(revoked.token)
    expired = api_tokens.create_token(NAME.lower(), [Scope.LINKS_WRITE])
    expired.token.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()

    browser.get("/admin/tokens/new")
    page = browser.post(
        data={"name": NAME, "scopes": ["links:write"], "expiry": "365", "your_password": PASSWORD}
    )
    assert page.h1 == f"Token created for {NAME}"
    assert _count() == 3
    # The list tells the three apart: only the new one works.
    listing = browser.get("/admin/tokens")
    action = [th.get_text(strip=True) for th in listing.soup.select("thead th")].index("Action")
    actions = [
        row.select("td")[action].get_text(" ", strip=True)
        for row in listing.soup.select("tbody tr")
    ]
    assert sorted(cell.split()[0] for cell in actions) == ["Expired", "Revoke", "Revoked"]


def test_the_command_line_refuses_a_name_a_working_token_has(runner):
    api_tokens.create_token(NAME, [Scope.LINKS_WRITE])
    result = runner.invoke(args=["tokens", "create", "--name", NAME.lower()])
    assert result.exit_code == 1
    assert f"Error: {CLASH}" in result.output
    assert "Traceback" not in result.output
    assert _count() == 1


def test_a_name_taken_between_showing_the_form_and_sending_it_is_still_refused(
    admin, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    """Taken by another admin after the form's checks ran (here, the check finds nothing),
    the name is refused when the token would be made: on the name field, with nothing made."""
    api_tokens.create_token(NAME, [Scope.LINKS_WRITE])
    browser.get("/admin/tokens/new")
    monkeypatch.setattr(NewTokenForm, "validate_name", lambda *_args: None)
    page = browser.post(
        data={"name": NAME, "scopes": ["links:read"], "expiry": "30", "your_password": PASSWORD}
    )
    assert page.status == 400
    assert page.field_errors() == [CLASH]
    assert page.checked("expiry") == ["30"]
    assert _count() == 1
