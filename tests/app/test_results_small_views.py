"""What the results page, the report and the exports say about a view where little can be
shown: a group shown beside a hidden total, no other group to compare with, and a view that
nobody has answered."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
TOTAL_REASON = (
    "not shown in views filtered by both date and area or listening session: in April 2026 to "
    "March 2027 in North, there were fewer than 10 responses, and comparing such views could "
    "reveal them"
)


@pytest.fixture
def small_view(analyst) -> str:
    """The North, April 2025 to March 2026 (with an area, views by date are whole reporting
    years): 36 White respondents shown, and the total hidden, as the North had only 3
    responses in the next year, all in April 2026 (April itself, with 10 more in the South,
    has enough to be counted). The Asian respondents, the 3 in that small cell among them,
    are hidden in every view by date and area; in views by area or by date alone they are not
    small anywhere."""
    north, south = create_area("north", "North"), create_area("south", "South")
    for month in ("2026-01", "2026-02", "2026-03"):
        add_responses(group(12, "white", month=month, area=north, answers=SATISFIED))
    add_responses(group(10, "asian", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(3, "asian", month="2026-04", area=north, answers=SATISFIED))
    add_responses(group(10, "asian", month="2026-04", area=south, answers=SATISFIED))
    return "start=4&start=2025&end=3&end=2026&area=north"


def test_a_shown_groups_share_of_a_hidden_total_is_hidden_too(browser, small_view):
    page = browser.get(f"/results/stop-search?{small_view}")
    table = page.table("Respondents by ethnic group")
    total_count, _ = table["All respondents"]
    assert total_count.startswith("[c]") and TOTAL_REASON in total_count
    count, share = table["White"]
    assert count == "36"
    # Not a blank cell: hidden, and why.
    assert share.startswith("[c]") and TOTAL_REASON in share


def test_the_export_hides_that_share_and_says_why(client, small_view):
    text = client.get(f"/results/stop-search/export.csv?{small_view}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    white = next(r for r in rows if r["Section"] == "Respondents" and r["Group code"] == "white")
    assert white["n"] == "36"
    assert white["Value"] == "[c]"
    assert TOTAL_REASON in white["Note"]


def test_with_no_other_group_to_compare_the_page_and_report_say_so(browser, small_view):
    expected = (
        "No other group in this view has figures that can be compared with White respondents."
    )
    page = browser.get(f"/results/stop-search?{small_view}")
    findings = " ".join(page.soup.select_one("#findings").get_text(" ").split())
    assert expected in findings
    assert "differs significantly" not in findings
    report = browser.get(f"/results/stop-search/report?{small_view}")
    assert expected in report.text()
    assert "No group differs significantly" not in report.text()


def test_the_report_headline_of_a_hidden_view_says_it_is_hidden(browser, small_view):
    report = browser.get(f"/results/stop-search/report?{small_view}")
    headline = report.soup.find("h2", string="Headline").find_next("p")
    text = " ".join(headline.get_text(" ").split())
    assert text.startswith("Satisfied with how they were treated: [c]"), text


def test_a_view_nobody_answered_says_so_instead_of_asking_for_a_comparison(browser, analyst):
    page = browser.get("/results/stop-search")
    assert "Nobody has answered in this view, so there is nothing to compare." in page.text()
    assert "Choose one under “Compare with”" not in page.text()


def test_a_staff_survey_never_says_whether_anyone_has_answered_this_month(browser, analyst):
    # Say to Stay leaves its month not yet over out whatever its count: "Nobody has answered"
    # would turn into something else with one colleague's answer.
    page = browser.get("/results/say-to-stay")
    assert "Nobody in this view is counted, so there is nothing to compare." in page.text()
    assert "Nobody has answered" not in page.text()
    assert "Choose one under “Compare with”" not in page.text()
