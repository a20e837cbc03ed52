"""The listening-session fields of "Make a code": errors named by their labels, and a session
date that would give a code already closed, or one more than a year ahead, refused."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services import api_tokens, links
from models import Link, Role, Scope, db
from tests.factories import create_area
from tests.pages import Browser, Page
from tests.staff import signed_in


@pytest.fixture
def api_auth() -> dict[str, str]:
    secret = api_tokens.create_token("Events app", [Scope.LINKS_WRITE]).secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(autouse=True)
def officer(client: FlaskClient):
    return signed_in(client, Role.OFFICER, email="pc.jones@example.org")


def _make(browser: Browser, **fields) -> Page:
    browser.get("/officer/codes/new")
    data = {
        "survey": "listening-session",
        "area": "none",
        "count": "1",
        "event_name": "Northtown youth club",
        **fields,
    }
    return browser.post(data=data)


def test_a_name_too_long_is_named_by_its_label(client: FlaskClient, browser: Browser):
    today = dt.date.today()
    page = _make(
        browser,
        event_name="x" * 201,
        event_date=[str(today.day), str(today.month), str(today.year)],
    )
    assert page.status == 400
    message = "Name of the listening session must be 200 characters or fewer"
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]


def _now(monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> None:
    monkeypatch.setattr("app.services.links.utcnow", lambda: now)
    monkeypatch.setattr("app.officer.forms.utcnow", lambda: now)


def test_a_date_that_is_not_real_is_named_by_its_label(
    client: FlaskClient, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    _now(monkeypatch, dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    page = _make(browser, event_date=["31", "2", "2026"])
    message = "Date of the listening session must be a real date, for example 14 12 2026"
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]


def _boxes(page: Page) -> list[str]:
    return [box.get("value", "") for box in page.soup.select("input[name=event_date]")]


def _date_hint(page: Page) -> str:
    return page.soup.select_one("#event_date-hint").get_text(strip=True)


def test_the_date_hint_gives_an_example_from_today_not_from_the_past(
    client: FlaskClient, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    # Opened at 23:30 on 24 December in the UK: two weeks on is 7 January next year.
    _now(monkeypatch, dt.datetime(2026, 12, 24, 23, 30, tzinfo=dt.UTC))
    page = browser.get("/officer/codes/new?survey=listening-session")
    assert _date_hint(page).startswith("For example, 7 1 2027. A code for a later date")
    # 00:30 on 11 June in the UK (BST) is already 11 June, though still 10 June in UTC.
    _now(monkeypatch, dt.datetime(2026, 6, 10, 23, 30, tzinfo=dt.UTC))
    page = browser.get("/officer/codes/new?survey=listening-session")
    assert _date_hint(page).startswith("For example, 25 6 2026.")
    # The example is itself a date the form takes.
    page = _make(browser, event_date=["25", "6", "2026"])
    assert page.h1 == "Show this QR code to everyone at the session"


def test_the_date_hint_s_example_is_today_or_later_by_the_real_clock(
    client: FlaskClient, browser: Browser
):
    page = browser.get("/officer/codes/new?survey=listening-session")
    example = _date_hint(page).removeprefix("For example, ").split(".")[0]
    day, month, year = (int(part) for part in example.split())
    assert dt.date(year, month, day) >= dt.datetime.now(dt.UTC).date()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("26", "Date of the listening session must have the year in full, for example 2026"),
        ("27", "Date of the listening session must have the year in full, for example 2027"),
        ("6", "Date of the listening session must have the year in full, for example 2026"),
    ],
)
def test_a_year_of_two_digits_is_asked_for_in_full_and_the_boxes_kept(
    client: FlaskClient,
    browser: Browser,
    monkeypatch: pytest.MonkeyPatch,
    year: str,
    message: str,
):
    _now(monkeypatch, dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    page = _make(browser, event_date=["14", "12", year])
    assert page.status == 400
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]
    assert _boxes(page) == ["14", "12", year]
    assert page.soup.select_one("input[name=event_name]")["value"] == "Northtown youth club"
    assert db.session.scalar(select(func.count(Link.id))) == 0


def test_a_short_year_with_a_day_that_is_not_real_is_told_the_date_is_not_real(
    client: FlaskClient, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    _now(monkeypatch, dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    page = _make(browser, event_date=["31", "2", "27"])
    assert page.error_summary() == [
        "Date of the listening session must be a real date, for example 14 12 2026"
    ]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            ["1", "1", "2020"],
            "Date of the listening session must be within the last 7 days, or later. "
            "The code closes 7 days after the session",
        ),
        (["1", "1", "2099"], "Date of the listening session must be within the next year"),
    ],
    ids=["already-closed", "years-ahead"],
)
def test_a_session_date_too_far_back_or_ahead_is_refused_and_the_form_kept(
    client: FlaskClient, browser: Browser, day: list[str], message: str
):
    create_area("north", "North District")
    page = _make(browser, area="north", event_date=day)
    assert page.status == 400
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]
    # The summary links to the date's first box, and everything entered is still there.
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#event_date"
    assert _boxes(page) == day
    assert page.soup.select_one("input[name=survey]")["value"] == "listening-session"
    assert page.soup.select_one("input[name=event_name]")["value"] == "Northtown youth club"
    assert page.soup.select_one("select[name=area] option[selected]")["value"] == "north"
    assert db.session.scalar(select(func.count(Link.id))) == 0


def test_a_session_up_to_7_days_ago_or_a_year_ahead_is_accepted(
    client: FlaskClient, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    # 23:30 on 10 June 2026 in the UK (BST) is already 10 June's evening, not 11 June.
    now = dt.datetime(2026, 6, 10, 22, 30, tzinfo=dt.UTC)
    monkeypatch.setattr("app.services.links.utcnow", lambda: now)
    for day in (["3", "6", "2026"], ["10", "6", "2027"]):
        page = _make(browser, event_date=day)
        assert page.status == 200, day
        assert page.h1 == "Show this QR code to everyone at the session", day
    for day in (["2", "6", "2026"], ["11", "6", "2027"]):
        assert _make(browser, event_date=day).status == 400, day
    assert db.session.scalar(select(func.count(Link.id))) == 2


def test_the_api_refuses_a_session_code_that_would_already_be_closed(client: FlaskClient, api_auth):
    for held_on, message in (
        (
            "2020-01-01",
            "event_date must be within the last 7 days, or later. "
            "The code closes 7 days after the session",
        ),
        ("2099-01-01", "event_date must be within the next year"),
    ):
        response = client.post(
            "/api/v1/links",
            json={"survey": "listening-session", "event_name": "Youth club", "event_date": held_on},
            headers=api_auth,
        )
        assert response.status_code == 422
        assert response.get_json()["errors"] == [{"field": "event_date", "message": message}]
    assert db.session.scalar(select(func.count(Link.id))) == 0


def test_the_service_checks_a_session_date_only_when_asked():
    """Staff pages and the API ask; tests and demo data make old sessions on purpose."""
    with pytest.raises(links.SessionDateError):
        links.create_links(
            "listening-session", event_date=dt.date(2020, 1, 1), check_event_date=True
        )
    (old,) = links.create_links("listening-session", event_date=dt.date(2020, 1, 1))
    assert old.event.held_on == dt.date(2020, 1, 1)
    # A survey whose codes are not for a session ignores the date.
    links.create_links("stop-search", event_date=dt.date(2020, 1, 1), check_event_date=True)
