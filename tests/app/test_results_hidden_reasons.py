"""Why a figure is hidden, as the results page, its key, the report and the exports say it:
the quarter, area or listening session where a group or a total is small, even outside the
view shown, and never the small count itself; and a group hidden only because the whole
survey's total would give another away is not said to be worked out from this view's total."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from app.services.results_reasons import Hidden, cell_namer, explain
from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
BLACK = "Black, Black British, Caribbean or African"
OLD_SECONDARY = "a smaller hidden group could otherwise be worked out from the total"


def _key(page, section: str) -> str:
    """The visible key under a section's tables."""
    found = page.soup.select_one(f"#{section} .app-key")
    assert found is not None, f"no key under #{section}"
    return " ".join(found.get_text().split())


def _csv(client, query: str) -> list[dict[str, str]]:
    text = client.get(f"/results/stop-search/export.csv?{query}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


@pytest.fixture
def small_in_the_second_quarter(analyst) -> str:
    """Black: 12 in January, 12 in February, 4 in April; Asian: 3 in April; White 30 a month,
    January to June. All responses: Asian is hidden (3) and Black with it, as the
    next-smallest. Black is also small in April to June, and that is why views by date hide
    it, even January to March."""
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"):
        add_responses(group(30, "white", month=month, answers=SATISFIED))
    add_responses(group(12, "black", month="2026-01", answers=SATISFIED))
    add_responses(group(12, "black", month="2026-02", answers=SATISFIED))
    add_responses(group(4, "black", month="2026-04", answers=SATISFIED))
    add_responses(group(3, "asian", month="2026-04", answers=SATISFIED))
    return "start=1&start=2026&end=3&end=2026"


#: What a group hidden with no filter says in every filtered view, whether it is below k there
#: or hidden with one that is: said apart, the total less the groups shown would tell.
CARRIED = (
    "hidden in every filtered view, as it is with no filter, where it has fewer than 10 "
    "respondents or is hidden with a group that has"
)


def test_groups_hidden_with_no_filter_say_so_alike_in_filtered_views(
    browser, small_in_the_second_quarter
):
    page = browser.get(f"/results/stop-search?{small_in_the_second_quarter}")
    table = page.table("Respondents by ethnic group")
    count, _ = table[BLACK]
    assert count.startswith("[c]")
    assert CARRIED in count
    # Asian, the group of 3 that Black is hidden with, is listed though nobody of it is in the
    # view, and says the same: neither is said to be the small one.
    asian, _ = table["Asian or Asian British"]
    assert asian.startswith("[c]") and CARRIED in asian
    for named in ("April", "June"):
        assert named not in count and named not in asian
    assert OLD_SECONDARY not in page.text()
    # Seen, not only heard: the key under the table says it once, naming both groups.
    key = _key(page, "respondents")
    assert f"Asian or Asian British, {BLACK}: {CARRIED}." in key
    # Years and k, never a small count.
    assert _numbers(key) <= {"10", "2026"}, key


def test_the_exports_say_the_same(client, small_in_the_second_quarter):
    rows = _csv(client, small_in_the_second_quarter)
    for code in ("black", "asian"):
        respondents = next(
            r for r in rows if r["Group code"] == code and r["Section"] == "Respondents"
        )
        assert respondents["n"] == "[c]" and respondents["Note"] == CARRIED

    response = client.get(f"/results/stop-search/export.xlsx?{small_in_the_second_quarter}")
    sheet = load_workbook(io.BytesIO(response.data))["Results"]
    header = [cell.value for cell in sheet[1]]
    code, note = header.index("Group code"), header.index("Note")
    notes = [
        row[note] for row in sheet.iter_rows(min_row=2, values_only=True) if row[code] == "black"
    ]
    assert notes and all(n == CARRIED for n in notes)


def test_a_group_hidden_only_for_the_whole_surveys_total_says_so(browser, analyst):
    """The North, January to March 2026: White and Black 12 a month; Asian 3 in April, and 12
    White in the South then (so that April is counted). Among all responses Black (36) is
    hidden with Asian's 3; in the North from April 2025 to March 2026 (with an area, views by
    date are whole reporting years) it is never small, and the view's total is hidden (the
    North's next year has 3), so "worked out from the total" of this view would be wrong."""
    north, south = create_area("north", "North"), create_area("south", "South")
    for month in ("2026-01", "2026-02", "2026-03"):
        add_responses(group(12, "white", month=month, area=north, answers=SATISFIED))
        add_responses(group(12, "black", month=month, area=north, answers=SATISFIED))
    add_responses(group(3, "asian", month="2026-04", area=north, answers=SATISFIED))
    add_responses(group(12, "white", month="2026-04", area=south, answers=SATISFIED))
    view = "start=4&start=2025&end=3&end=2026&area=north"
    page = browser.get(f"/results/stop-search?{view}")
    count, _ = page.table("Respondents by ethnic group")[BLACK]
    expected = CARRIED
    assert expected in count
    key = _key(page, "respondents")
    assert f"{BLACK}: {expected}." in key
    assert (
        "All respondents and each group's share of them: not shown in views filtered by both "
        "date and area or listening session: in April 2026 to March 2027 in North, there were "
        "fewer than 10 responses" in key
    )
    assert OLD_SECONDARY not in page.text()
    # The report says the same, visibly.
    report = browser.get(f"/results/stop-search/report?{view}")
    keys = " ".join(" ".join(k.get_text().split()) for k in report.soup.select(".app-key"))
    assert f"{BLACK}: {expected}." in keys


def test_views_by_area_name_the_area(browser, analyst):
    north, south = create_area("north", "North District"), create_area("south", "South District")
    add_responses(group(40, "white", area=north) + group(40, "white", area=south))
    add_responses(group(20, "asian", area=north) + group(4, "asian", area=south))
    add_responses(group(30, "black", area=north) + group(30, "black", area=south))
    page = browser.get("/results/stop-search?area=north")
    count, _ = page.table("Respondents by ethnic group")["Asian or Asian British"]
    assert (
        "hidden in every view filtered by area or listening session: in South District, this "
        "group had fewer than 10 people, or was hidden with groups that had, so that the total "
        "there cannot give them away when views by area or listening session are compared" in count
    )
    key = _key(page, "respondents")
    # Black, hidden with Asian's 4 in the South, is said alike.
    assert f"Asian or Asian British, {BLACK}: hidden in every view filtered by area or" in key


def test_views_by_date_name_the_quarter_not_a_small_month(browser, analyst):
    """Black: 4 in January, 8 in February and 12 in April, never fewer than 10 in a quarter,
    so views by date show it, though it is small in January. Asian: 12 in January and February
    and 4 in May; Mixed: 12 in January and 6 in May: in April to June Asian has 4, and Mixed is
    hidden with it, so views by date hide both, naming that quarter."""
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"):
        add_responses(group(40, "white", month=month, answers=SATISFIED))
    add_responses(group(4, "black", month="2026-01") + group(8, "black", month="2026-02"))
    add_responses(group(12, "black", month="2026-04"))
    add_responses(group(12, "asian", month="2026-01") + group(12, "asian", month="2026-02"))
    add_responses(group(4, "asian", month="2026-05"))
    add_responses(group(12, "mixed", month="2026-01") + group(6, "mixed", month="2026-05"))
    for view in ("start=1&start=2026&end=3&end=2026", "start=4&start=2026&end=6&end=2026"):
        page = browser.get(f"/results/stop-search?{view}")
        table = page.table("Respondents by ethnic group")
        assert table[BLACK][0] == "12", view
        reason = (
            "hidden in every view filtered by date: in April to June 2026, this group had "
            "fewer than 10 people, or was hidden with groups that had"
        )
        asian, _ = table["Asian or Asian British"]
        mixed, _ = table["Mixed or Multiple ethnic groups"]
        assert asian.startswith("[c]") and reason in asian, view
        assert mixed.startswith("[c]") and reason in mixed, view
        assert "January" not in asian and "May" not in asian
        # Said alike in the key, which names the quarter and k, never a small count.
        key = _key(page, "respondents")
        assert f"Mixed or Multiple ethnic groups, Asian or Asian British: {reason}" in key
        assert _numbers(key) <= {"10", "2026"}, key
    # With no filter, nothing is hidden.
    table = browser.get("/results/stop-search").table("Respondents by ethnic group")
    assert table["Asian or Asian British"][0] == "28" and table[BLACK][0] == "24"


def test_views_by_date_and_area_name_the_year_in_the_area(browser, analyst):
    """Asian: 5 in the North from April 2025 to March 2026 and 5 in the South the next year,
    10 in the other two: 15 in each quarter and in each area, so only views by both (whole
    reporting years in an area) hide it."""
    north, south = create_area("north", "North District"), create_area("south", "South District")
    # Each month counted has 10 or more responses (a smaller month is left out of the results).
    for month in ("2025-05", "2026-05"):
        for area in (north, south):
            add_responses(group(30, "white", month=month, area=area))
    add_responses(group(5, "asian", month="2025-05", area=north))
    add_responses(group(10, "asian", month="2025-05", area=south))
    add_responses(group(10, "asian", month="2026-05", area=north))
    add_responses(group(5, "asian", month="2026-05", area=south))
    page = browser.get("/results/stop-search?area=north&start=4&start=2026&end=3&end=2027")
    count, _ = page.table("Respondents by ethnic group")["Asian or Asian British"]
    assert (
        "hidden in every view filtered by both date and area or listening session: in April "
        "2025 to March 2026 in North District and April 2026 to March 2027 in South District, "
        "this group had fewer than 10 people" in count
    )
    # Views by date alone, and by area alone, show it.
    for query in ("start=4&start=2026&end=6&end=2026", "area=north"):
        count, _ = browser.get(f"/results/stop-search?{query}").table(
            "Respondents by ethnic group"
        )["Asian or Asian British"]
        assert not count.startswith("[c]"), query


def test_a_table_with_nothing_hidden_has_no_key(browser, analyst):
    add_responses(group(30, "white") + group(30, "black"))
    page = browser.get("/results/stop-search")
    assert page.soup.select_one("#respondents .app-key") is None
    assert "[c]" not in page.table("Respondents by ethnic group")["White"][0]


def test_many_quarters_are_counted_after_the_first_three():
    quarters = ["April to June 2025", "July to September 2025", "October to December 2025"]
    four = Hidden("month", [*quarters, "January to March 2026"])
    assert explain(four, 10).startswith(
        "in April to June 2025, July to September 2025, October to December 2025 and 1 more "
        "quarter, this group had fewer than 10"
    )
    five = Hidden("differencing_month", ["A", "B", "C", "D", "E"])
    assert "in A, B, C and 2 more quarters, this group had fewer than 10" in explain(five, 10)
    assert "those numbers" in explain(Hidden("month", ["A", "B"]), 10)
    # A reason with no cells known still reads.
    assert explain("differencing_month", 10).startswith(
        "hidden in every view filtered by date: in some quarter, this group had fewer than 10"
    )
    assert explain("differencing_place", 10).startswith(
        "hidden in every view filtered by area or listening session: in some area or listening "
        "session, this group had fewer than 10"
    )
    # Rows by month are still months.
    months = Hidden("month_total", ["May 2025", "June 2025", "July 2025", "August 2025"])
    assert "in May 2025, June 2025, July 2025 and 1 more month," in explain(months, 10)


def test_cells_are_named_by_quarter_month_area_and_event():
    name = cell_namer({1: "North District"}, {7: "Riverside session (1 June 2025)"})
    assert name("2025-Q2") == "April to June 2025"
    assert name("2025-Q4") == "October to December 2025"
    assert name("2025-05") == "May 2025"
    assert name((1, None)) == "North District"
    assert name((1, 7)) == "Riverside session (1 June 2025)"  # the event says where
    assert name((None, None)) == "no area recorded"
    assert name(("2025-Q2", 1, 7)) == "April to June 2025 at Riverside session (1 June 2025)"
    assert name(("2025-Q2", 1, None)) == "April to June 2025 in North District"
    assert name(("2025-06", 1, None)) == "June 2025 in North District"
