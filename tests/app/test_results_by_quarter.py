"""Views by date cover whole quarters, so a group small in one month but not in its quarter is
still shown by date, and has a line in the trend by quarter. Before, a group small in any one
month of the survey's history was hidden in every view by date: on a survey's first months,
most minority groups.

The survey here: White 20 and Black 12 a month from January to April 2026; Asian 4, 8 and 6
from January to March (18 in the quarter, 4 in January alone) and 12 in April; Mixed 10 in
January and 3 in April; 15 who did not state their ethnic group, all in April."""

from __future__ import annotations

import pytest

from app.services import api_tokens
from models import Scope
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
ASIAN = "Asian or Asian British"
MIXED = "Mixed or Multiple ethnic groups"
URL = "/api/v1/surveys/stop-search/results"


@pytest.fixture
def survey_by_month() -> None:
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
        add_responses(group(20, "white", month=month, answers=SATISFIED))
        add_responses(group(12, "black", month=month, answers=SATISFIED))
    for month, n in (("2026-01", 4), ("2026-02", 8), ("2026-03", 6), ("2026-04", 12)):
        add_responses(group(n, "asian", month=month, answers=SATISFIED))
    add_responses(group(10, "mixed", month="2026-01", answers=SATISFIED))
    add_responses(group(3, "mixed", month="2026-04", answers=SATISFIED))
    add_responses(group(15, "not_stated", month="2026-04", answers=SATISFIED))


@pytest.fixture
def auth() -> dict[str, str]:
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    return {"Authorization": f"Bearer {secret}"}


def test_a_group_small_in_one_month_is_shown_by_quarter(browser, analyst, survey_by_month):
    page = browser.get("/results/stop-search?start=1&start=2026&end=3&end=2026")
    assert page.status == 200
    table = page.table("Respondents by ethnic group")
    # Asian: 4 in January, 18 in the quarter.
    assert table[ASIAN][0].startswith("18")
    assert table["White"][0].startswith("60")
    # Mixed has 3 from April to June: hidden in every view by date, saying where.
    assert table[MIXED][0].startswith("[c]")
    assert "in April to June 2026, this group had fewer than 10 people" in table[MIXED][0]
    # The note above a filtered view's figures says so too.
    assert "in any calendar quarter (in views by date, which cover whole quarters)" in page.text()


def test_the_cover_in_views_by_date_is_not_stated_rather_than_a_stated_group(
    browser, analyst, survey_by_month
):
    # From April to June, Mixed's 3 need a cover. The next-smallest there is Asian (12), but
    # a cover is hidden in every view by date: those who did not say (15) go instead.
    for query in ("start=4&start=2026&end=6&end=2026", "start=1&start=2026&end=6&end=2026"):
        table = browser.get(f"/results/stop-search?{query}").table("Respondents by ethnic group")
        assert not table[ASIAN][0].startswith("[c]"), query
        assert table["Not stated"][0].startswith("[c]"), query
        assert "April to June 2026" in table["Not stated"][0]


def test_the_trend_is_by_quarter_with_a_line_for_a_group_small_in_one_month(
    browser, analyst, survey_by_month
):
    page = browser.get("/results/stop-search")
    assert page.soup.select_one("#trend-heading").get_text() == "Trend by quarter"
    table = page.table("Percentage")
    assert list(table) == ["January to March 2026", "April to June 2026"]
    headers = [th.get_text(strip=True) for th in page.soup.select("#trend thead th")]
    assert headers[:3] == ["Quarter", "All respondents", "Answered"]
    assert ASIAN in headers and MIXED not in headers
    no_line = " ".join(page.soup.select_one("#trend").get_text().split())
    assert f"No line for {MIXED} (in April to June 2026" in no_line


def test_a_month_inside_a_quarter_is_an_error_that_keeps_the_choices(
    browser, analyst, survey_by_month
):
    page = browser.get("/results/stop-search?by=sex&start=2&start=2026&end=5&end=2026")
    assert page.status == 400
    assert page.error_summary() == [
        "From must be the first month of a quarter: January, April, July or October "
        "(1, 4, 7 or 10)",
        "To must be the last month of a quarter: March, June, September or December "
        "(3, 6, 9 or 12)",
    ]
    # What was typed stays in the boxes, and the grouping chosen stays chosen.
    assert page.soup.select_one("#start-month")["value"] == "2"
    assert page.soup.select_one("#end-month")["value"] == "5"
    assert page.soup.select_one("#by option[selected]")["value"] == "sex"


def test_the_api_gives_the_same_by_quarter(client, auth, survey_by_month):
    body = client.get(f"{URL}?from=2026-01&to=2026-03", headers=auth).get_json()
    groups = {g["group"]: g for g in body["groups"]}
    assert groups["asian"]["n"] == 18 and groups["asian"]["suppressed"] is False
    assert groups["mixed"]["suppressed"] is True
    assert "April to June 2026" in groups["mixed"]["suppressed_reason"]
    refused = client.get(f"{URL}?from=2026-02&to=2026-03", headers=auth)
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "from"
