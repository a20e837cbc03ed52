"""What an analyst reads where months are not counted, where every month's, quarter's (or
area's) figures are hidden, and where a filtered view lists a hidden group that has nobody in it.

Which figures are hidden is tested in ``test_results_disclosure_totals.py``; these tests are
about the words and the charts around them.
"""

from __future__ import annotations

import pytest

from app.services.results_reasons import Hidden, explain
from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
NOT_COUNTED = (
    "Here, not counted: fewer than 10 responses so far, and a month's responses are counted "
    "once it has 10."
)
ABSENT_GROUPS = "listed as [c] even when nobody in it is in this view"


@pytest.fixture
def small_march(analyst) -> None:
    """30 White respondents a month in January and February, and 4 in March."""
    for month in ("2026-01", "2026-02"):
        add_responses(group(30, "white", month=month, answers=SATISFIED))
    add_responses(group(4, "white", month="2026-03", answers=SATISFIED))


@pytest.mark.parametrize(("code", "rows"), [("month_total", "months"), ("place_total", "areas")])
def test_a_reason_hiding_every_row_does_not_speak_of_rows_shown(code, rows):
    one = explain(Hidden(code, ["March 2026"]), 10)
    assert f"if the other {rows} were shown" in one
    assert f"{rows} shown would" not in one
    assert one.endswith("give that number away")
    two = explain(Hidden(code, ["March 2026", "May 2026"]), 10)
    assert two.endswith("give those numbers away")


def test_a_reason_hiding_every_month_in_an_area_says_which_views_it_is_about():
    reason = explain(Hidden("cell_total", ["May 2025 in West District", "June 2025"]), 10)
    assert reason.startswith(
        "no row's figures are shown in a view grouped by month and filtered by area or listening "
        "session, or grouped by area and filtered by date: in May 2025 in West District and "
        "June 2025,"
    )
    assert reason.endswith("would give those numbers away")


@pytest.fixture
def only_march(analyst) -> None:
    """4 White respondents, all in March: a month not counted until it has 10."""
    add_responses(group(4, "white", month="2026-03", answers=SATISFIED))


def test_the_overview_says_in_words_why_no_month_is_shown(browser, only_march):
    page = browser.get("/results/")
    section = page.soup.select_one("[aria-labelledby='survey-stop-search']")
    key = section.select_one(".app-key")
    assert key is not None
    assert NOT_COUNTED in " ".join(key.get_text().split())
    # Not an empty chart of hidden bars, but a sentence.
    assert section.select_one("figure.app-chart") is None
    assert "No chart of responses by month" in section.get_text()


def test_with_every_month_shown_the_overview_draws_the_months_and_has_no_key(browser, small_march):
    add_responses(group(6, "white", month="2026-03", answers=SATISFIED))
    section = browser.get("/results/").soup.select_one("[aria-labelledby='survey-stop-search']")
    assert section.select_one("figure.app-chart svg") is not None
    assert section.select_one(".app-key") is None


def test_a_trend_with_nothing_to_draw_says_so_instead_of_empty_axes(browser, analyst):
    # In the North, the reporting year from April 2026 has 4 (all in July): comparing views by
    # area and date would give them away, so no year's figure is shown for the North (a view
    # by area has its trend by year; July has 14 in all, so it is counted).
    north, south = create_area("north", "North"), create_area("south", "South")
    for month in ("2024-05", "2025-05"):
        add_responses(group(30, "white", month=month, area=north, answers=SATISFIED))
    add_responses(group(4, "white", month="2026-07", area=north, answers=SATISFIED))
    add_responses(group(10, "white", month="2026-07", area=south, answers=SATISFIED))
    page = browser.get("/results/stop-search?area=north")
    trend = page.soup.select_one("#trend")
    assert trend.select_one("figure.app-chart") is None
    text = " ".join(trend.get_text().split())
    assert "No chart: no year's figure can be shown for all respondents" in text
    assert (
        "not shown in views filtered by both date and area or listening session: in April "
        "2026 to March 2027 in North, there were fewer than 10 responses"
    ) in text
    # Every year's figures are hidden, the North's 4 among them.
    rows = page.table("Percentage")
    assert set(rows) == {
        "April 2024 to March 2025",
        "April 2025 to March 2026",
        "April 2026 to March 2027",
    }
    assert all(cell.startswith("[c]") for row in rows.values() for cell in row), rows
    # The question stands on its own line, not run into the sentence after it.
    assert trend.select_one("p strong").get_text() == (
        "Overall, how satisfied are you with how you were treated?"
    )


def test_a_trend_with_months_shown_draws_them(browser, small_march):
    add_responses(group(6, "white", month="2026-03", answers=SATISFIED))
    trend = browser.get("/results/stop-search").soup.select_one("#trend")
    assert trend.select_one("figure.app-chart svg") is not None
    assert "No chart" not in trend.get_text()


def test_a_filtered_view_says_why_a_group_with_nobody_in_it_is_listed(browser, analyst):
    for month in ("2026-01", "2026-04", "2026-07"):
        add_responses(group(30, "white", month=month, answers=SATISFIED))
    add_responses(group(3, "asian", month="2026-07", answers=SATISFIED))
    first_half = "start=1&start=2026&end=6&end=2026"  # January to June: nobody Asian

    page = browser.get(f"/results/stop-search?{first_half}")
    assert page.table("Respondents by ethnic group")["Asian or Asian British"][0].startswith("[c]")
    assert ABSENT_GROUPS in page.text()
    assert (
        "even when nobody in it is in this view"
        in browser.get(f"/results/stop-search/report?{first_half}").text()
    )
    # Unfiltered, every group listed has someone in it: nothing to explain.
    assert ABSENT_GROUPS not in browser.get("/results/stop-search").text()


def test_a_view_whose_responses_all_wait_does_not_say_nobody_answered(browser, only_march):
    text = " ".join(browser.get("/results/stop-search").text().split())
    assert "Nobody in this view is counted, so there is nothing to compare." in text
    assert "Responses from the months named above are not counted yet." in text
    assert "Nobody has answered in this view" not in text
