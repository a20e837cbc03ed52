"""API tokens expire: a new token works for 30 days, 90 days or a year (chosen unless the
admin chooses otherwise) or, chosen as the riskier option, until revoked; the API refuses an
expired token saying so; the list says when each expires and points out those that soon will."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens
from models import ApiToken, Role, Scope, User, db, utcnow
from tests.pages import Browser
from tests.staff import PASSWORD, signed_in

PROBLEM = "application/problem+json"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _day(when: dt.datetime | dt.date) -> str:
    """A day as the service writes it: 3 March 2027."""
    return f"{when.day} {when:%B %Y}"


def _noon_in(days: int) -> dt.datetime:
    """Midday UTC some days from today: the same day in UK time, summer or winter."""
    return dt.datetime.combine(utcnow().date() + dt.timedelta(days=days), dt.time(12), dt.UTC)


def _stored(name: str) -> ApiToken:
    db.session.expire_all()
    return db.session.scalar(select(ApiToken).where(ApiToken.name == name))


def _expires_at(token: ApiToken) -> dt.datetime:
    at = token.expires_at
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _make(
    name: str, expires_at: dt.datetime | None, created_at: dt.datetime | None = None, **revoked
) -> api_tokens.NewToken:
    made = api_tokens.create_token(name, [Scope.LINKS_WRITE])
    made.token.expires_at = expires_at
    if created_at is not None:
        made.token.created_at = created_at
    made.token.revoked_at = revoked.get("revoked_at")
    db.session.commit()
    return made


def _post_link(client: FlaskClient, secret: str):
    return client.post(
        "/api/v1/links",
        json={"survey": "stop-search"},
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_the_form_offers_lifetimes_with_a_year_chosen_and_says_when_each_ends(
    admin, browser: Browser
):
    page = browser.get("/admin/tokens/new")
    assert "How long will it work?" in page.legends()
    radios = page.soup.select("input[name='expiry']")
    labels = [page.soup.select_one(f"label[for='{r['id']}']").get_text(strip=True) for r in radios]
    assert labels == ["30 days", "90 days", "1 year", "Does not expire"]
    assert page.checked("expiry") == ["365"]
    hints = [" ".join(hint.get_text().split()) for hint in page.soup.select(".govuk-radios__hint")]
    today = utcnow().date()
    # Made just before midnight, a token could end the day after the one shown; either is right.
    for hint, days in zip(hints, (30, 90, 365), strict=False):
        assert hint in {
            f"Until {_day(today + dt.timedelta(days=days + extra))}" for extra in (0, 1)
        }, hint
    assert hints[3].startswith("Not recommended.")
    assert "works for anyone who has it until an administrator revokes it" in hints[3]


@pytest.mark.parametrize(("chosen", "days"), [("30", 30), ("90", 90), ("365", 365)])
def test_a_token_works_for_the_time_chosen_and_the_page_says_until_when(
    admin, browser: Browser, chosen: str, days: int
):
    browser.get("/admin/tokens/new")
    before = utcnow()
    page = browser.post(
        data={
            "name": "Board pack",
            "scopes": ["results:read"],
            "expiry": chosen,
            "your_password": PASSWORD,
        }
    )
    assert page.h1 == "Token created for Board pack"
    expires = _expires_at(_stored("Board pack"))
    assert before + dt.timedelta(days=days) <= expires <= utcnow() + dt.timedelta(days=days)
    said = page.soup.select_one("#token-expires").get_text(" ", strip=True)
    assert said.startswith("It works until ") and _day(expires) in said


def test_a_token_that_does_not_expire_is_made_only_when_chosen(admin, browser: Browser):
    browser.get("/admin/tokens/new")
    page = browser.post(
        data={
            "name": "Force website",
            "scopes": ["links:read"],
            "expiry": "never",
            "your_password": PASSWORD,
        }
    )
    assert _stored("Force website").expires_at is None
    assert page.soup.select_one("#token-expires").get_text(" ", strip=True) == (
        "It does not expire: it works until an administrator revokes it."
    )


def test_a_lifetime_not_offered_is_refused_keeping_what_was_entered(admin, browser: Browser):
    browser.get("/admin/tokens/new")
    page = browser.post(
        data={
            "name": "Board pack",
            "scopes": ["results:read", "links:read"],
            "expiry": "3650",
            "your_password": PASSWORD,
        }
    )
    assert page.status == 400
    assert page.error_summary() == ["Select how long the token will work"]
    assert page.soup.select_one("input[name='name']")["value"] == "Board pack"
    assert sorted(page.checked("scopes")) == ["links:read", "results:read"]
    assert db.session.scalar(select(ApiToken)) is None


def test_the_command_line_makes_a_token_for_a_year_unless_told_otherwise(runner):
    before = utcnow()
    made = runner.invoke(args=["tokens", "create", "--name", "Stop and search app"])
    assert made.exit_code == 0, made.output
    expires = _expires_at(_stored("Stop and search app"))
    assert before + dt.timedelta(days=365) <= expires <= utcnow() + dt.timedelta(days=365)
    assert "It works until " in made.stderr

    short = runner.invoke(args=["tokens", "create", "--name", "Trial", "--expires-in-days", "30"])
    assert short.exit_code == 0, short.output
    expires = _expires_at(_stored("Trial"))
    assert before + dt.timedelta(days=30) <= expires <= utcnow() + dt.timedelta(days=30)

    never = runner.invoke(args=["tokens", "create", "--name", "Archive", "--no-expiry"])
    assert never.exit_code == 0, never.output
    assert _stored("Archive").expires_at is None
    assert "It does not expire" in never.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--expires-in-days", "0"], "for a token that does not expire, use --no-expiry"),
        (["--expires-in-days", "-5"], "must be from 1 to 1,825 days"),
        (["--expires-in-days", "100000"], "must be from 1 to 1,825 days"),
        (["--expires-in-days", "a year"], "'a year' is not a valid integer"),
        (["--expires-in-days", "30", "--no-expiry"], "not both"),
    ],
)
def test_the_command_line_refuses_a_lifetime_it_cannot_give_and_makes_nothing(
    runner, args: list[str], said: str
):
    result = runner.invoke(args=["tokens", "create", "--name", "Trial", *args])
    assert result.exit_code != 0
    assert said in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_an_expired_token_is_refused_saying_when_it_expired_and_is_not_counted_as_used(
    client: FlaskClient,
):
    made = _make("Stop and search app", utcnow() + dt.timedelta(minutes=5))
    assert _post_link(client, made.secret).status_code == 201  # it works until it expires
    assert _stored("Stop and search app").last_used_on == utcnow().date()
    ended = utcnow() - dt.timedelta(minutes=1)
    token = _stored("Stop and search app")
    token.expires_at = ended
    token.last_used_on = dt.date(2026, 1, 5)
    db.session.commit()

    refused = _post_link(client, made.secret)
    assert refused.status_code == 401
    assert refused.mimetype == PROBLEM
    body = refused.get_json()
    assert body["title"] == "Unauthorized"
    assert body["detail"] == (
        f"The API token expired at {ended.isoformat(timespec='seconds')}. "
        "Ask a Listening Post administrator for a new token"
    )
    assert refused.headers["WWW-Authenticate"] == (
        'Bearer realm="Listening Post", error="invalid_token", '
        'error_description="The token has expired"'
    )
    assert _stored("Stop and search app").last_used_on == dt.date(2026, 1, 5)

    # Revoked as well, or not a token at all, it is refused as before, saying no more.
    api_tokens.revoke(_stored("Stop and search app"))
    for secret in (made.secret, api_tokens.TOKEN_PREFIX + "x" * 43):
        refused = _post_link(client, secret)
        assert refused.status_code == 401
        assert refused.get_json()["detail"] == "The API token is not valid, or has been revoked"
        assert "error_description" not in refused.headers["WWW-Authenticate"]


def test_the_api_description_says_an_expired_token_is_refused(client: FlaskClient):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "until it expires" in spec["info"]["description"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "401" in operation["responses"]:
                described = operation["responses"]["401"]["description"]
                assert "has expired" in described, (method, path)


def test_the_list_says_when_each_token_expires_and_marks_expired_ones(admin, browser: Browser):
    later = _noon_in(200)
    soon = _noon_in(10)
    ended = _noon_in(-20)
    _make("Board pack", later)
    _make("Force website", None)
    _make("Old app", ended)
    _make("Retired app", soon, revoked_at=utcnow())
    # None that works expires within 30 days: nothing is pointed out.
    page = browser.get("/admin/tokens")
    assert page.soup.select_one("#tokens-expiring-soon") is None
    assert "Expires soon" not in page.text()
    _make("Events app", soon, created_at=_noon_in(-355))

    page = browser.get("/admin/tokens")
    headers = [th.get_text(strip=True) for th in page.soup.select("thead th")]
    expiry_column = headers.index("Expiry")
    rows = {
        row.select("td")[0].get_text(strip=True): [
            " ".join(cell.get_text(" ").split()) for cell in row.select("td")
        ]
        for row in page.soup.select("tbody tr")
    }
    assert rows["Board pack"][expiry_column] == f"Expires {_day(later)}"
    assert rows["Force website"][expiry_column] == "Does not expire"
    assert rows["Old app"][expiry_column] == f"Expired {_day(ended)}"
    assert rows["Events app"][expiry_column] == f"Expires {_day(soon)} Expires soon"
    assert rows["Retired app"][expiry_column] == f"Expires {_day(soon)}"
    # An expired token is marked as a revoked one is, with nothing to revoke.
    action_column = headers.index("Action")
    assert rows["Old app"][action_column] == "Expired"
    assert rows["Retired app"][action_column] == "Revoked"
    assert rows["Board pack"][action_column].startswith("Revoke Board pack")

    warning = " ".join(page.soup.select_one("#tokens-expiring-soon").get_text(" ").split())
    assert (
        f"1 token stops working soon: Events app on {_day(soon)}. To replace it, create a new "
    ) in warning
    assert "create a new token with a different name" in warning

    trial = _noon_in(29)
    _make("Trial app", trial, created_at=_noon_in(-61))
    page = browser.get("/admin/tokens")
    warning = " ".join(page.soup.select_one("#tokens-expiring-soon").get_text(" ").split())
    assert "2 tokens stop working soon: " in warning
    assert "To replace each, create" in warning
    assert {f"Events app on {_day(soon)}", f"Trial app on {_day(trial)}"} <= set(
        warning.split(": ", 1)[1].split(". ", 1)[0].split(", ")
    )


def _expiring_soon(browser: Browser) -> set[str]:
    """The names of the tokens the list marks "Expires soon"."""
    page = browser.get("/admin/tokens")
    return {
        row.select("td")[0].get_text(strip=True)
        for row in page.soup.select("tbody tr")
        if "Expires soon" in row.get_text()
    }


def test_a_token_just_made_is_never_expiring_soon_whatever_lifetime_it_was_given(
    admin, browser: Browser
):
    # The shortest lifetime offered is as long as the old warning period: a token made for 30
    # days was "expiring soon" the moment it was made, with a warning above the list.
    for days, words in api_tokens.LIFETIMES.items():
        browser.get("/admin/tokens/new")
        page = browser.post(
            data={
                "name": f"App for {words}",
                "scopes": ["links:write"],
                "expiry": str(days),
                "your_password": PASSWORD,
            }
        )
        assert page.h1 == f"Token created for App for {words}"
    page = browser.get("/admin/tokens")
    assert page.soup.select_one("#tokens-expiring-soon") is None
    assert "Expires soon" not in page.text()


def _lived(name: str, lifetime_days: int, days_left: float) -> None:
    """A working token made for ``lifetime_days`` days, with ``days_left`` days still to run."""
    expires_at = utcnow() + dt.timedelta(days=days_left)
    _make(name, expires_at, created_at=expires_at - dt.timedelta(days=lifetime_days))


def test_a_token_is_expiring_soon_in_the_last_third_of_its_life_and_last_30_days(
    admin, browser: Browser
):
    _lived("30 days, 9.9 left", 30, 9.9)  # pointed out in its last 10 days
    _lived("30 days, 10.1 left", 30, 10.1)
    _lived("1 year, 29.9 left", 365, 29.9)  # pointed out in its last 30 days
    _lived("1 year, 30.1 left", 365, 30.1)
    _lived("2 days, 0.6 left", 2, 0.6)  # made on the command line: its last two-thirds of a day
    _lived("2 days, 0.7 left", 2, 0.7)
    page = browser.get("/admin/tokens")
    marked = {
        row.select("td")[0].get_text(strip=True)
        for row in page.soup.select("tbody tr")
        if "Expires soon" in row.get_text()
    }
    assert marked == {"30 days, 9.9 left", "1 year, 29.9 left", "2 days, 0.6 left"}
    warning = " ".join(page.soup.select_one("#tokens-expiring-soon").get_text(" ").split())
    assert warning.startswith("! Warning 3 tokens stop working soon: ")


def test_revoking_asks_with_the_token_s_expiry_shown(admin, browser: Browser):
    later = _noon_in(60)
    made = _make("Board pack", later)
    page = browser.get(f"/admin/tokens/{made.token.public_id}/revoke")
    summary = {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in page.soup.select(".govuk-summary-list__row")
    }
    assert summary["Expiry"] == f"Expires {_day(later)}"


def test_the_audit_log_says_when_a_new_token_expires(admin, browser: Browser):
    browser.get("/admin/tokens/new")
    browser.post(
        data={
            "name": "Board pack",
            "scopes": ["results:read"],
            "expiry": "90",
            "your_password": PASSWORD,
        }
    )
    expires = _expires_at(_stored("Board pack"))
    log = browser.get("/admin/audit").text()
    # In UTC, as the log's times are.
    assert f"Expires: {_day(expires)} at {expires:%H:%M} UTC" in log
