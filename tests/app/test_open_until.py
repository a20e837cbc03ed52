"""The day an officer is told a listening session's code is open until is the last day, in the
UK, that people at the session can answer, in winter (GMT) and in summer (BST)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from models import Link, Role, db
from tests.factories import create_link
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

UK = ZoneInfo("Europe/London")
OPEN_SURVEY = "Community listening session feedback"  # the heading of its first page


def _summary(page: Page) -> dict[str, str]:
    return {
        " ".join(row.select_one(".govuk-summary-list__key").get_text().split()): " ".join(
            row.select_one(".govuk-summary-list__value").get_text().split()
        )
        for row in page.soup.select(".govuk-summary-list__row")
    }


def _make_session_code(client: FlaskClient, browser: Browser, held_on: dt.date) -> Page:
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    browser.get("/officer/codes/new")
    return browser.post(
        data={
            "survey": "listening-session",
            "area": "none",
            "count": "1",
            "event_name": "Northtown youth club",
            "event_date": [str(held_on.day), str(held_on.month), str(held_on.year)],
        }
    )


def _respondent_sees(app: Flask, link: Link, at: dt.datetime, monkeypatch) -> str:
    """The heading a respondent opening the link at ``at`` (UK time) sees."""
    monkeypatch.setattr("models.link.utcnow", lambda: at.astimezone(dt.UTC))
    forget_request_state()
    return Browser(app.test_client()).get(f"/r/{link.token}").h1


@pytest.mark.parametrize(
    ("held_on", "last_day"),
    [
        (dt.date(2026, 11, 28), "5 December 2026"),  # GMT: UK time is UTC
        (dt.date(2026, 6, 28), "5 July 2026"),  # BST: UK time is an hour ahead
    ],
    ids=["winter", "summer"],
)
def test_a_session_code_is_open_until_a_week_after_the_event_in_uk_time(
    app: Flask,
    client: FlaskClient,
    browser: Browser,
    monkeypatch: pytest.MonkeyPatch,
    held_on: dt.date,
    last_day: str,
):
    # Made on the day of the session.
    made_at = dt.datetime.combine(held_on, dt.time(9), tzinfo=UK).astimezone(dt.UTC)
    monkeypatch.setattr("app.services.links.utcnow", lambda: made_at)
    page = _make_session_code(client, browser, held_on)
    assert _summary(page)["Open until"] == last_day

    link = db.session.scalars(select(Link)).one()
    day = held_on + dt.timedelta(days=7)  # the day shown
    late_on_last_day = dt.datetime.combine(day, dt.time(23, 59), tzinfo=UK)
    next_morning = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=UK)
    assert _respondent_sees(app, link, late_on_last_day, monkeypatch) == OPEN_SURVEY
    assert _respondent_sees(app, link, next_morning, monkeypatch) == "This survey has closed"


@pytest.mark.parametrize(
    ("closes_at", "shown"),
    [
        # Codes made before session codes closed at UK midnight closed at 00:00 UTC: in summer
        # people could still answer in the first hour of the next day.
        (dt.datetime(2026, 7, 6, tzinfo=dt.UTC), "1am on 6 July 2026"),
        (dt.datetime(2026, 12, 6, tzinfo=dt.UTC), "5 December 2026"),
        (dt.datetime(2026, 12, 6, 13, 45, tzinfo=dt.UTC), "1:45pm on 6 December 2026"),
        (dt.datetime(2026, 7, 6, 11, 0, tzinfo=dt.UTC), "midday on 6 July 2026"),
    ],
)
def test_a_code_closing_at_another_time_says_when_on_its_last_day(
    client: FlaskClient, browser: Browser, closes_at: dt.datetime, shown: str
):
    officer = signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    link = create_link("listening-session", created_by_id=officer.id, expires_at=closes_at)
    db.session.commit()
    assert _summary(browser.get(f"/officer/codes/{link.token}"))["Open until"] == shown
