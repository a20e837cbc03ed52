"""What an analyst reads on a filtered view where every group is hidden: the number of
responses said to be hidden and why, nothing to compare and only the wider views that truly
show groups to compare, and each hidden row's reason given once (the exports and the report
still saying why on every hidden row)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.services.results_reasons import Hidden, explain
from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied", "handcuffed": "no"}
WROTE = [("improve", "Explain why", 0.2, ["Explanation of grounds"])]
#: With an area chosen, views by date are whole reporting years, April to March.
NORTH_SPRING = "start=4&start=2026&end=3&end=2027&area=north"
TOTAL_REASON = (
    "not shown in views filtered by both date and area or listening session: in April 2026 to "
    "March 2027 in North, there were fewer than 10 responses, and comparing such views could "
    "reveal them"
)
NORTH_2025_26 = "start=4&start=2025&end=3&end=2026&area=north"
NOTHING_TO_COMPARE = "Every group is hidden in this view, so there is nothing to compare."


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


def _wider_links(page) -> dict[str, str]:
    return {_words(a): a["href"] for a in page.soup.select(".app-wider-views a")}


def _shown_groups(page) -> list[str]:
    table = page.table("Respondents by")
    return [
        label
        for label, (count, _) in table.items()
        if label != "All respondents" and not count.startswith("[c]")
    ]


@pytest.fixture
def all_hidden(analyst) -> None:
    """The North in April 2026 to March 2027 (all of them in April) has 5 responses (3 White,
    2 Asian): White and Asian respondents are hidden in every view by date and area, and White
    in every view by date; the Black respondents, all in the South, are hidden in views by
    date as White's cover in April to June. So the North in that year hides every group and
    its total. Grouped by date alone, April to June shows only the Asian respondents; the
    North at any date shows White and Asian respondents."""
    north, south = create_area("north", "North"), create_area("south", "South")
    add_responses(group(12, "white", month="2026-01", area=north, answers=SATISFIED, texts=WROTE))
    add_responses(group(3, "white", month="2026-04", area=north, answers=SATISFIED, texts=WROTE))
    add_responses(group(20, "white", month="2026-01", area=south, answers=SATISFIED, texts=WROTE))
    add_responses(group(12, "asian", month="2026-01", area=north, answers=SATISFIED, texts=WROTE))
    add_responses(group(2, "asian", month="2026-04", area=north, answers=SATISFIED, texts=WROTE))
    add_responses(group(20, "asian", month="2026-04", area=south, answers=SATISFIED, texts=WROTE))
    add_responses(group(15, "black", month="2026-01", area=south, answers=SATISFIED, texts=WROTE))
    add_responses(group(15, "black", month="2026-04", area=south, answers=SATISFIED, texts=WROTE))


def test_the_summary_says_the_number_of_responses_is_hidden_and_why(browser, all_hidden):
    page = browser.get(f"/results/stop-search?{NORTH_SPRING}")
    summary = page.soup.select_one(".app-results-summary")
    lead = _words(summary.select_one(".govuk-body-l"))
    assert lead == "Responses grouped by ethnic group. April 2026 to March 2027; North."
    said = _words(summary.select_one(".app-total-hidden"))
    assert said == f"The number of responses in this view is hidden: {TOTAL_REASON}."
    # The reason is the one the total's cell gives.
    total_count, _ = page.table("Respondents by ethnic group")["All respondents"]
    assert TOTAL_REASON in total_count


def test_a_shown_total_is_still_given_as_a_number(browser, all_hidden):
    page = browser.get("/results/stop-search")
    summary = page.soup.select_one(".app-results-summary")
    assert _words(summary.select_one(".govuk-body-l")).startswith(
        "99 responses, grouped by ethnic group."
    )
    assert summary.select_one(".app-total-hidden") is None


def test_with_every_group_hidden_only_true_wider_views_are_offered(browser, all_hidden):
    page = browser.get(f"/results/stop-search?{NORTH_SPRING}")
    summary = _words(page.soup.select_one(".app-results-summary"))
    assert NOTHING_TO_COMPARE in summary
    assert "Compare with" not in summary
    assert f"{NOTHING_TO_COMPARE} This wider view shows groups to compare:" in summary
    links = _wider_links(page)
    assert list(links) == ["Drop the dates: North, all dates"]
    # It is true: that view shows groups to compare, and compares them.
    wider = browser.get(links["Drop the dates: North, all dates"])
    assert _shown_groups(wider) == ["White", "Asian or Asian British"]
    assert "Each group is compared with White respondents" in wider.text()
    # And what is not offered would not have helped: April to June in every area shows one
    # group.
    by_date = browser.get("/results/stop-search?start=4&start=2026&end=6&end=2026")
    assert _shown_groups(by_date) == ["Asian or Asian British"]


def test_the_wider_view_keeps_the_grouping_and_the_group_compared_with(browser, all_hidden):
    page = browser.get(f"/results/stop-search?{NORTH_SPRING}&compare=asian")
    (href,) = _wider_links(page).values()
    wider = browser.get(href)
    assert "Each group is compared with Asian or Asian British respondents" in wider.text()
    assert "area=north" in href and "start=" not in href


def test_a_group_small_in_one_month_is_shown_by_date_when_its_quarter_is_not(browser, analyst):
    """The North's 3 White and 2 Asian respondents of February fall in January to March,
    where the North has 15 and 14 of them: views by date are whole quarters (with an area,
    whole years from April to March), so February alone can never be isolated, and both
    groups are shown."""
    north, south = create_area("north", "North"), create_area("south", "South")
    add_responses(group(12, "white", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(3, "white", month="2026-02", area=north, answers=SATISFIED))
    add_responses(group(20, "white", month="2026-01", area=south, answers=SATISFIED))
    add_responses(group(12, "asian", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(2, "asian", month="2026-02", area=north, answers=SATISFIED))
    add_responses(group(20, "asian", month="2026-02", area=south, answers=SATISFIED))
    add_responses(group(15, "black", month="2026-01", area=south, answers=SATISFIED))
    add_responses(group(15, "black", month="2026-02", area=south, answers=SATISFIED))
    for month in ("2026-04", "2026-05"):
        add_responses(group(12, "white", month=month, area=north, answers=SATISFIED))
        add_responses(group(12, "asian", month=month, area=north, answers=SATISFIED))
        add_responses(group(12, "black", month=month, area=south, answers=SATISFIED))
    first_quarter = "start=1&start=2026&end=3&end=2026"
    north_view = browser.get("/results/stop-search?start=4&start=2025&end=3&end=2026&area=north")
    table = north_view.table("Respondents by ethnic group")
    assert [table[label][0] for label in ("White", "Asian or Asian British")] == ["15", "14"]
    assert table["All respondents"][0] == "29"
    assert "[c]" not in " ".join(" ".join(cells) for cells in table.values())
    everywhere = browser.get(f"/results/stop-search?{first_quarter}")
    assert _shown_groups(everywhere) == [
        "White",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
    ]


@pytest.fixture
def hidden_in_the_first_quarter(analyst) -> None:
    """In April 2025 to March 2026 (in January) the North has only White (3) and Other (8)
    respondents, each hidden in every view by date and area, by date and by area; in April
    2026 it has 12 Asian and 12 Black respondents. Widening the dates to March 2027, or
    dropping them, shows them; January to March across all areas (the North is the only one)
    does not."""
    north = create_area("north", "North")
    add_responses(group(3, "white", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(8, "other", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(12, "asian", month="2026-04", area=north, answers=SATISFIED))
    add_responses(group(12, "black", month="2026-04", area=north, answers=SATISFIED))


def test_wider_dates_are_offered_when_they_show_groups(browser, hidden_in_the_first_quarter):
    page = browser.get(f"/results/stop-search?{NORTH_2025_26}")
    assert f"{NOTHING_TO_COMPARE} These wider views show groups to compare:" in page.text()
    links = _wider_links(page)
    assert list(links) == [
        "Widen the dates: April 2025 to March 2027; North",
        "Drop the dates: North, all dates",
    ]
    for href in links.values():
        wider = browser.get(href)
        assert _shown_groups(wider) == [
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
        ]
    first_quarter = browser.get("/results/stop-search?start=1&start=2026&end=3&end=2026")
    assert _shown_groups(first_quarter) == []


def test_when_no_wider_view_helps_the_page_says_so_and_offers_nothing(browser, analyst):
    north = create_area("north", "North")
    add_responses(group(3, "white", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(8, "other", month="2026-01", area=north, answers=SATISFIED))
    page = browser.get(f"/results/stop-search?{NORTH_2025_26}")
    text = page.text()
    assert NOTHING_TO_COMPARE in text
    assert (
        "Even with no filters, fewer than two groups are shown when grouping by ethnic group."
        in text
    )
    assert _wider_links(page) == {}
    assert _shown_groups(browser.get("/results/stop-search")) == []


def test_a_hidden_rows_reason_is_given_once_in_the_row(browser, all_hidden):
    page = browser.get(f"/results/stop-search?{NORTH_SPRING}")
    white_reason = explain(Hidden("differencing_month", ["April to June 2026"]), 10)
    count, share = page.table("Respondents by ethnic group")["White"]
    assert count == f"[c] ({white_reason})"
    assert share == "[c] (hidden, see the count for why)"
    # On screen, both are "[c]".
    row = page.soup.find("th", string="White").parent
    for spoken in row.select(".govuk-visually-hidden"):
        spoken.decompose()
    assert [_words(cell) for cell in row.select("td")] == ["[c]", "[c]"]
    # Each question's row: the reason in its first cell, a pointer to it in the others.
    favourable, interval, answered = page.table("Overall, how satisfied")["White"][:3]
    assert favourable == f"[c] ({white_reason})"
    assert interval == answered == "[c] (hidden, see Favourable for why)"
    # Sentiment: the reason under "Respondents who wrote", a pointer in the other four.
    wrote, *rest = page.table("Sentiment of written answers")["White"]
    assert wrote == f"[c] ({white_reason})"
    assert rest == ["[c] (hidden, see Respondents who wrote for why)"] * 4
    # Other questions: the reason under "Answered", a pointer under each answer.
    answered, *chosen = page.table("Were you handcuffed?")["White"]
    assert answered == f"[c] ({white_reason})"
    assert chosen and set(chosen) == {"[c] (hidden, see Answered for why)"}
    # Themes, a column a group: the reason under "Answers analysed", a pointer under each theme.
    themes = page.table("Share of written answers raising each theme")
    assert themes["Answers analysed"][0] == f"[c] ({white_reason})"
    assert themes["Explanation of grounds"][0] == "[c] (hidden, see Answers analysed for why)"
    # Every row of a group, in every table of groups, gives its reason once.
    rows = page.soup.select(
        "#respondents table tbody tr, #answers table tbody tr, #sentiment table tbody tr, "
        "#other-answers table tbody tr"
    )
    assert len(rows) >= 16
    for tr in rows:
        assert _words(tr).count("(hidden:") <= 1, _words(tr)


def test_the_key_still_lists_every_reason(browser, all_hidden):
    page = browser.get(f"/results/stop-search?{NORTH_SPRING}")
    key = _words(page.soup.select_one("#respondents .app-key"))
    for label in ("White", "Asian or Asian British", "Black, Black British, Caribbean or African"):
        # Named before its reason, alone or with the others hidden for the same words.
        assert f"{label} :" in key or f"{label} ," in key
    assert f"All respondents and each group's share of them : {TOTAL_REASON}." in key


def test_the_exports_say_why_on_every_hidden_row(client, all_hidden):
    text = client.get(f"/results/stop-search/export.csv?{NORTH_SPRING}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    hidden = [r for r in rows if r["Value"] == "[c]"]
    assert hidden
    for row in hidden:
        assert row["Note"].strip(), row
    respondents = {r["Group code"]: r for r in rows if r["Section"] == "Respondents"}
    reason = explain(Hidden("differencing_month", ["April to June 2026"]), 10)
    assert reason in respondents["white"]["Note"]
    book = load_workbook(
        io.BytesIO(client.get(f"/results/stop-search/export.xlsx?{NORTH_SPRING}").data)
    )
    sheet = book["Results"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    value, note = header.index("Value"), header.index("Note")
    hidden_rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[value] == "[c]"]
    assert len(hidden_rows) == len(hidden)
    assert all(r[note] for r in hidden_rows)


def test_the_report_says_every_group_is_hidden_and_keeps_each_reason(browser, all_hidden):
    report = browser.get(f"/results/stop-search/report?{NORTH_SPRING}")
    compared = report.soup.find("dt", string="Compared with").find_next("dd")
    assert _words(compared) == "No group: every group is hidden in this view"
    key = " ".join(_words(k) for k in report.soup.select(".app-key"))
    assert TOTAL_REASON in key
    assert explain(Hidden("differencing_month", ["April to June 2026"]), 10) in key


@pytest.mark.parametrize("path", ["/results/stop-search", "/results/stop-search/report"])
def test_no_chart_of_groups_is_drawn_when_every_group_is_hidden(browser, all_hidden, path):
    # A chart of groups with each one [c] shows nothing the table does not say better: the
    # satisfaction chart and the sentiment chart are left out, with the heading and caption
    # of the one under Who answered. The table still lists every group and why it is hidden.
    page = browser.get(f"{path}?{NORTH_SPRING}")
    titles = [_words(title) for title in page.soup.select("svg title")]
    assert not [title for title in titles if "by group with 95% intervals" in title], titles
    assert not [title for title in titles if "mean sentiment" in title], titles
    assert "in each group, with 95% intervals" not in page.text()
    assert page.table("Overall, how satisfied")["White"][0].startswith("[c]")
    # A view with groups shown still has its charts (the report has no sentiment chart).
    shown = browser.get(f"{path}?area=north")
    titles = [_words(title) for title in shown.soup.select("svg title")]
    assert [title for title in titles if "by group with 95% intervals" in title], titles
    if path == "/results/stop-search":
        assert [title for title in titles if "mean sentiment" in title], titles
