"""The analysts' Offered and answered page for Say to Stay: whether a colleague given a code
answered is not to be worked out from it. Codes answered are counted for every code the
survey has had together, only when at least k were answered and at least k were not; never
over the last so many weeks, nor by area, by officer or by week, which count codes offered; and
only to the end of last month, so that nobody watches the count rise as a colleague answers."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services.disclosure_settings import thresholds
from models import Link, Role, db, today
from tests.factories import create_link
from tests.markup import markup_problems
from tests.pages import Page
from tests.staff import create_user, signed_in

SAY_TO_STAY = "/admin/offered-and-answered?survey=say-to-stay"
EVERY_WEEK = SAY_TO_STAY + "&period=all"


@pytest.fixture
def analyst(client: FlaskClient):
    return signed_in(client, Role.ANALYST, email="analyst@example.org")


@pytest.fixture
def k(app: Flask) -> int:
    return thresholds()[0]


@pytest.fixture
def manager(app: Flask):
    return create_user(Role.OFFICER, "line.manager@example.org")


def _last_month() -> dt.date:
    return today().replace(day=1) - dt.timedelta(days=1)


def _codes(
    manager, count: int, *, answered: int, weeks_ago: int = 0, used_on: dt.date | None = None
) -> list[Link]:
    """``count`` Say to Stay codes made ``weeks_ago`` weeks before this week's Monday, the
    first ``answered`` of them answered on ``used_on`` (a day last month unless given)."""
    monday = today() - dt.timedelta(days=today().weekday(), weeks=weeks_ago)
    links = []
    for number in range(count):
        link = create_link("say-to-stay", created_by_id=manager.id)
        link.created_at = dt.datetime.combine(monday, dt.time(9), dt.UTC)
        link.answered = 1 if number < answered else 0
        link.used_on = (used_on or _last_month()) if number < answered else None
        links.append(link)
    db.session.commit()
    return links


def _headers(page: Page, table_id: str) -> list[str]:
    return [th.get_text(strip=True) for th in page.soup.select(f"#{table_id} thead th")]


def _totals(page: Page) -> list[str]:
    row = page.soup.select_one("#totals-table tbody tr")
    return [cell.get_text(strip=True) for cell in row.select("td")]


def _week_headers(page: Page, heading_id: str) -> list[str]:
    table = page.soup.select_one(f"#{heading_id}").find_next("table")
    return [th.get_text(strip=True) for th in table.select("thead th")]


def test_enough_codes_answered_and_not_are_counted_for_the_survey_alone(
    analyst, manager, k, browser
):
    _codes(manager, 2 * k, answered=k)
    page = browser.get(EVERY_WEEK)
    assert _totals(page) == [str(2 * k), str(k), "50%", str(k)]
    assert page.soup.select_one("#staff-survey-counts") is not None
    # By area, by officer and week by week: codes offered, nothing of codes answered.
    for table in ("totals-by-area-table", "totals-by-officer-table"):
        assert _headers(page, table)[1:] == ["Codes offered"], table
    for heading in ("weeks-by-area-week-by-week", "weeks-by-officer-week-by-week"):
        assert "Codes answered" not in _week_headers(page, heading), heading
    assert "Answers" not in page.soup.select_one("#totals-by-officer-table").get_text()
    assert markup_problems(page.html) == []


@pytest.mark.parametrize(
    ("offered", "answered"),
    [
        (lambda k: k, lambda k: k - 1),
        (lambda k: 2 * k - 1, lambda k: k),
        (lambda k: 2 * k, lambda k: 2 * k),
        (lambda k: 2 * k, lambda _k: 0),
    ],
    ids=["fewer-than-k-answered", "fewer-than-k-not-answered", "all-answered", "none-answered"],
)
def test_too_few_answered_or_not_answered_are_not_counted(
    analyst, manager, k, browser, offered, answered
):
    count, done = offered(k), answered(k)
    _codes(manager, count, answered=done)
    page = browser.get(EVERY_WEEK)
    assert _totals(page) == [str(count)]
    assert _headers(page, "totals-table")[1:] == ["Codes offered"]
    assert page.soup.select_one("#answered-not-shown") is not None
    assert markup_problems(page.html) == []


@pytest.mark.parametrize("period", ["4-weeks", "13-weeks", "26-weeks", "52-weeks"])
def test_the_last_so_many_weeks_never_count_codes_answered(
    analyst, manager, k, browser, period: str
):
    """Each Monday the last 4 weeks lose a week: set against the Sunday's, the total would
    give that week's codes answered, here one colleague's, made 4 weeks ago and answered."""
    _codes(manager, 2 * k, answered=k)
    _codes(manager, 1, answered=1, weeks_ago=3)
    page = browser.get(SAY_TO_STAY + f"&period={period}")
    assert _totals(page) == [str(2 * k + 1)]
    told = page.soup.select_one("#answered-not-shown")
    assert told.select_one("a")["href"].endswith("survey=say-to-stay&period=all")
    assert _totals(browser.get(EVERY_WEEK)) == [str(2 * k + 1), str(k + 1), "52%", str(k + 1)]


def test_stop_and_search_is_still_counted_by_officer_and_week(analyst, manager, browser):
    link = create_link("stop-search", created_by_id=manager.id)
    link.answered = 1
    db.session.commit()
    page = browser.get("/admin/offered-and-answered?survey=stop-search")
    row = page.soup.select_one("#totals-by-officer-table tbody tr")
    assert [cell.get_text(strip=True) for cell in row.select("td")] == ["1", "1", "100%", "1"]
    assert page.soup.select_one("#staff-survey-counts") is None


def test_codes_answered_this_month_are_counted_once_it_is_over(
    analyst, manager, k, browser, monkeypatch
):
    """A manager who gave a colleague a code, watching the total, would see it rise by one as
    the colleague answered: this month's answers wait for the month to end, as the results do."""
    _codes(manager, 2 * k, answered=k)
    before = _totals(browser.get(EVERY_WEEK))
    assert before == [str(2 * k), str(k), "50%", str(k)]
    colleague = _codes(manager, 1, answered=0)[0]
    colleague.answered, colleague.used_on = 1, today()
    db.session.commit()
    page = browser.get(EVERY_WEEK)
    assert _totals(page) == [str(2 * k + 1), str(k), "48%", str(k)]
    said = page.soup.select_one("#staff-counted-to").get_text(" ", strip=True)
    assert f"counted to {_last_month().day} {_last_month():%B %Y}" in said
    # Once the month is over, the colleague's answer is counted with the rest of that month's.
    next_month = (today().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    monkeypatch.setattr("app.services.offered_answered.today", lambda: next_month)
    monkeypatch.setattr("app.services.staff_survey_confidential.today", lambda: next_month)
    assert _totals(browser.get(EVERY_WEEK)) == [str(2 * k + 1), str(k + 1), "52%", str(k + 1)]


def test_codes_answered_more_than_once_are_not_counted_as_answered(analyst, manager, k, browser):
    """A code anyone may answer records no date of use, so its answers cannot wait for the
    month's end: they are left out of the count, and the page says so."""
    _codes(manager, 2 * k, answered=k)
    standing = create_link("say-to-stay", created_by_id=manager.id, single_use=False)
    standing.answered = 3
    db.session.commit()
    page = browser.get(EVERY_WEEK)
    assert _totals(page) == [str(2 * k + 1), str(k), "48%", str(k)]
    said = page.soup.select_one("#staff-counted-to").get_text(" ", strip=True)
    assert "1 code made here can be answered more than once" in said
    assert markup_problems(page.html) == []
