"""What an analyst reads about reporting years (April to March) in a view by area: the year
that has not ended yet is said to be so, under the trend and beside a group hidden for its
numbers in it; a first year the survey began late in is said to cover only part of a year;
and the year helpers name years as the pages do.

The survey here, in Central: White 20 and Black 12 in the second month of last reporting year
and in the current month; Asian 12 then and 4 now; and 10 Asian respondents in the North this
month. Asian is small in Central this year (not in this quarter over both areas), so it is
hidden in every view by date and area; Black covers it there."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.services import api_tokens, results_cache
from app.services.periods import (
    every_period,
    every_year,
    month_label,
    period_label,
    year_label,
    year_months,
    year_of,
)
from models import Scope
from tests.factories import create_area
from tests.pages import Browser
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
ASIAN = "Asian or Asian British"


def _year_before(year: str) -> str:
    return year_of(f"{int(year[:4]) - 1}-04")


def _dates(year: str) -> str:
    first, last = year_months(year)
    return f"start={int(first[5:])}&start={first[:4]}&end={int(last[5:])}&end={last[:4]}"


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def years(analyst) -> tuple[str, str, str]:
    """The survey above; the year going on, the one before, and the survey's first month
    (May of the year before)."""
    now = f"{dt.datetime.now(results_cache.LOCAL):%Y-%m}"
    current = year_of(now)
    before = _year_before(current)
    then = f"{before[:4]}-05"
    central = create_area("central", "Central")
    for month, asian in ((then, 12), (now, 4)):
        add_responses(group(20, "white", month=month, area=central, answers=SATISFIED))
        add_responses(group(12, "black", month=month, area=central, answers=SATISFIED))
        add_responses(group(asian, "asian", month=month, area=central, answers=SATISFIED))
    add_responses(group(10, "asian", month=now, area=create_area("north", "North")))
    return current, before, then


def _api(client: FlaskClient, query: str) -> dict:
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    response = client.get(
        f"/api/v1/surveys/stop-search/results?{query}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_year_not_over_and_a_first_year_begun_late_are_said_under_the_trend(
    browser: Browser, client: FlaskClient, years
):
    current, before, then = years
    not_over = (
        f"{year_label(current)} has not ended: its figures are for the responses so far, so it "
        "may have fewer answers than a whole year."
    )
    begun = (
        f"The survey's first counted responses came in {month_label(then)}, so "
        f"{year_label(before)} covers only part of a year."
    )
    for path in ("/results/stop-search?area=central", "/results/stop-search/report?area=central"):
        page = browser.get(path)
        assert page.status == 200
        assert list(page.table("Percentage")) == [year_label(before), year_label(current)]
        trend = page.soup.select_one("#trend") or page.soup
        assert [_words(p) for p in trend.select(".app-quarter-not-over")] == [not_over], path
        assert [_words(p) for p in trend.select(".app-quarter-begun-late")] == [begun], path
    # The API says the same under its trend, and the workbook on its About sheet.
    trend = _api(client, "area=central")["trend"]
    assert (trend["unit"], trend["notes"]) == ("year", [not_over, begun])
    workbook = browser.client.get("/results/stop-search/export.xlsx?area=central")
    about = [row[0] for row in load_workbook(io.BytesIO(workbook.data))["About"].values]
    assert not_over in about and begun in about


def test_a_group_hidden_for_its_numbers_in_the_year_not_over_may_be_shown_later(
    browser: Browser, client: FlaskClient, years
):
    current, before, _ = years
    page = browser.get(f"/results/stop-search?area=central&{_dates(before)}")
    assert page.status == 200
    table = page.table("Respondents by ethnic group")
    assert table["White"][0] == "20"
    # Asian had 12 in Central last year, but 4 so far this year: hidden by date and area.
    assert table[ASIAN][0].startswith("[c]")
    assert f"in {year_label(current)} in Central, this group had fewer than 10" in table[ASIAN][0]
    notes = [_words(p) for p in page.soup.select("#respondents .app-quarter-not-over")]
    hidden_for_now = (
        f"{year_label(current)} has not ended: a group hidden for its numbers in that year may "
        "be shown as more responses come in."
    )
    assert notes == [hidden_for_now]
    first, last = year_months(before)
    document = _api(client, f"area=central&from={first}&to={last}")
    assert hidden_for_now in document["notes"]
    # Under the trend, as on the page: the year is over (it began late, though).
    under_trend = page.soup.select("#trend .app-quarter-not-over, #trend .app-quarter-begun-late")
    assert document["trend"]["notes"] == [_words(p) for p in under_trend]
    assert not any("has not ended" in note for note in document["trend"]["notes"])
    # Last year's trend in Central has one point, and the year is over.
    assert list(page.table("Percentage")) == [year_label(before)]
    assert not page.soup.select("#trend .app-quarter-not-over")


def test_the_year_helpers_name_years_as_the_pages_do():
    assert year_of("2026-03") == "2025/26" and year_of("2026-04") == "2026/27"
    assert year_months("2025/26") == ("2025-04", "2026-03")
    assert year_label("2025/26") == "April 2025 to March 2026"
    assert period_label("2025/26") == "April 2025 to March 2026"
    # A year's key is never read as a month: 2009-10 is October 2009.
    assert period_label("2009-10") == "October 2009"
    assert period_label("2009/10") == "April 2009 to March 2010"
    assert year_of("1999-12") == "1999/00"
    assert every_year(["2023/24", "2025/26"]) == ["2023/24", "2024/25", "2025/26"]
    assert every_period(["2025/26", "2023/24"]) == ["2023/24", "2024/25", "2025/26"]
    assert every_period(["2025-Q1", "2025-Q3"]) == ["2025-Q1", "2025-Q2", "2025-Q3"]
