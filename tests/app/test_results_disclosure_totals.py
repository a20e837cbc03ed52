"""Counts by month and by area are totals of filtered views, and absences are figures too.

- Responses by month (the overview's bars, the view grouped by month) and by quarter (the
  trend's line of all respondents) are totals of views by date. A month with 1 to k-1
  responses is counted in no figure until it has k: showing the other months beside the
  survey's total would give it back. The pages name it; every other month is shown.
- Grouped by area, the rows are the totals of views by area, with the same rule.
- A filtered view lists every group hidden in views of its kind, even one with nobody in the
  view: leaving it out would show a zero that other views could be compared with.

``test_results_disclosure_differencing.py`` checks the first and last by brute force.
"""

from __future__ import annotations

import csv
import io

import pytest

from app.services import api_tokens
from app.services.results_labels import month_label
from app.services.results_overview import months_shown
from models import Scope
from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
ASIAN = "Asian or Asian British"
NOT_COUNTED = "not counted: fewer than 10 responses so far"
LEFT_OUT = (
    "Responses from March 2026 are not counted here: a month's responses are counted once it "
    "has at least 10, and March 2026 has fewer so far."
)


def _auth() -> dict[str, str]:
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    return {"Authorization": f"Bearer {secret}"}


def _hidden(cell: str) -> bool:
    return cell.startswith("[c]")


def _zeros_after(month: str) -> dict[str, str]:
    """The overview's 0 for each month after ``month`` up to the last whole month: its
    "Responses by month" runs there for every survey."""
    return {month_label(m): "0" for m in months_shown([month])[1:]}


@pytest.fixture
def small_march(analyst) -> None:
    """30 a month in January and February, and 4 in March."""
    for month in ("2026-01", "2026-02"):
        add_responses(group(30, "white", month=month, answers=SATISFIED))
    add_responses(group(4, "white", month="2026-03", answers=SATISFIED))


def test_the_overview_leaves_a_small_month_out_and_shows_the_others(browser, small_march):
    months = browser.get("/results/").table("Responses by month")
    assert {m: c[0] for m, c in months.items() if not _hidden(c[0])} == {
        "January 2026": "30",
        "February 2026": "30",
        **_zeros_after("2026-03"),
    }
    assert _hidden(months["March 2026"][0]) and NOT_COUNTED in months["March 2026"][0]
    text = " ".join(browser.page.text().split())
    # The total is of the months counted: with all 64 it would give March's 4 away.
    assert "Responses 60" in text and "64" not in text
    assert LEFT_OUT in text


def test_with_no_small_month_the_overview_shows_every_month(browser, small_march):
    add_responses(group(6, "white", month="2026-03", answers=SATISFIED))
    months = browser.get("/results/").table("Responses by month")
    assert {m: c[0] for m, c in months.items()} == {
        "January 2026": "30",
        "February 2026": "30",
        "March 2026": "10",
        **_zeros_after("2026-03"),
    }


def test_grouped_by_month_a_small_month_is_left_out(browser, small_march):
    page = browser.get("/results/stop-search?by=month")
    by_month = page.table("Respondents by month")
    counts = {m: c[0] for m, c in by_month.items()}
    assert counts == {"January 2026": "30", "February 2026": "30", "All respondents": "60"}
    assert LEFT_OUT in " ".join(page.text().split())


def test_the_trend_of_all_respondents_is_drawn_without_the_small_month(browser, small_march):
    # The trend is by quarter: January to March counts January's and February's 60, not
    # March's 4 (64 beside the overview's months would give them away).
    trend = browser.get("/results/stop-search").table("Percentage")
    assert set(trend) == {"January to March 2026"}
    assert trend["January to March 2026"][:2] == ["100%", "60"], trend


def test_once_the_small_month_has_k_it_is_counted_everywhere(client, browser, small_march):
    add_responses(group(6, "white", month="2026-03", answers=SATISFIED))
    trend = browser.get("/results/stop-search").table("Percentage")
    assert trend["January to March 2026"][:2] == ["100%", "70"], trend
    assert LEFT_OUT not in browser.page.text()
    body = client.get("/api/v1/surveys/stop-search/results?by=month", headers=_auth()).get_json()
    assert body["months_not_counted"] == []
    assert {g["group"]: g["n"] for g in body["groups"]} == {
        "2026-01": 30,
        "2026-02": 30,
        "2026-03": 10,
    }


def test_the_api_and_the_export_leave_it_out_and_say_so(client, small_march):
    body = client.get("/api/v1/surveys/stop-search/results?by=month", headers=_auth()).get_json()
    assert body["months_not_counted"] == ["2026-03"]
    assert {g["group"]: g["n"] for g in body["groups"]} == {"2026-01": 30, "2026-02": 30}
    text = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    about = next(r for r in rows if r["Measure"] == "Months not counted")
    assert LEFT_OUT in about["Note"]
    white = next(r for r in rows if r["Section"] == "Respondents" and r["Group code"] == "white")
    assert white["n"] == "60"


def test_grouped_by_area_no_area_is_shown_while_one_is_small(browser, analyst):
    north = create_area("north", "North District")
    south = create_area("south", "South District")
    add_responses(group(30, "white", area=north, answers=SATISFIED))
    add_responses(group(3, "white", area=south, answers=SATISFIED))
    by_area = browser.get("/results/stop-search?by=area").table("Respondents by area")
    assert _hidden(by_area["North District"][0]) and _hidden(by_area["South District"][0])
    assert "in South District, there were fewer than 10 responses" in by_area["North District"][0]

    add_responses(group(7, "white", area=south, answers=SATISFIED))
    by_area = browser.get("/results/stop-search?by=area").table("Respondents by area")
    assert by_area["North District"][0] == "30" and by_area["South District"][0] == "10"


@pytest.fixture
def asian_only_in_july(analyst) -> str:
    """30 White in each of January, April and July; 3 Asian, all in July. Asian is hidden
    everywhere, and a view of January to June has nobody Asian in it."""
    for month in ("2026-01", "2026-04", "2026-07"):
        add_responses(group(30, "white", month=month, answers=SATISFIED))
    add_responses(group(3, "asian", month="2026-07", answers=SATISFIED))
    return "start=1&start=2026&end=6&end=2026"


def test_a_hidden_group_with_nobody_in_the_view_is_still_listed(browser, asian_only_in_july):
    page = browser.get(f"/results/stop-search?{asian_only_in_july}")
    respondents = page.table("Respondents by ethnic group")
    assert _hidden(respondents[ASIAN][0])


def test_the_export_lists_it_too(client, asian_only_in_july):
    text = client.get(f"/results/stop-search/export.csv?{asian_only_in_july}")
    rows = list(csv.DictReader(io.StringIO(text.get_data(as_text=True).lstrip("\ufeff"))))
    asian = [r for r in rows if r["Group code"] == "asian" and r["Section"] == "Respondents"]
    assert asian and asian[0]["n"] == "[c]"
