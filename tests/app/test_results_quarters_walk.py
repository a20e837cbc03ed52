"""What an analyst reads about quarters on the results pages: a trend's groups without a line
are listed one to a line, and the quarter that has not ended yet is said to be so, under the
trend and beside a group hidden in views by date for its numbers in it.

The survey here: White 20 and Black 12 in the last quarter that has ended and in the current
month; Asian 12 then and 4 now. Asian is small in the current quarter, so it is hidden in
every view by date and has no line; Black covers it there, as the next-smallest group."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from app.services import results_cache
from app.services.periods import month_label, quarter_label, quarter_months, quarter_of
from tests.pages import Browser
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
ASIAN = "Asian or Asian British"
BLACK = "Black, Black British, Caribbean or African"


def _this_month() -> str:
    return f"{dt.datetime.now(results_cache.LOCAL):%Y-%m}"


def _quarter_before(quarter: str) -> str:
    first = dt.date.fromisoformat(f"{quarter_months(quarter)[0]}-01")
    return quarter_of(f"{first - dt.timedelta(days=1):%Y-%m}")


@pytest.fixture
def quarters() -> tuple[str, str]:
    """The survey above; the quarter going on and the one before it."""
    now = _this_month()
    current = quarter_of(now)
    before = _quarter_before(current)
    then = quarter_months(before)[0]
    for month, asian in ((then, 12), (now, 4)):
        add_responses(group(20, "white", month=month, answers=SATISFIED))
        add_responses(group(12, "black", month=month, answers=SATISFIED))
        add_responses(group(asian, "asian", month=month, answers=SATISFIED))
    return current, before


def _dates(quarter: str) -> str:
    first, last = quarter_months(quarter)
    return f"start={int(first[5:])}&start={first[:4]}&end={int(last[5:])}&end={last[:4]}"


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_each_group_without_a_trend_line_is_listed_on_its_own_line(
    browser: Browser, analyst, quarters
):
    current, _ = quarters
    page = browser.get("/results/stop-search")
    assert page.status == 200
    items = [_words(li) for li in page.soup.select("#trend .app-no-line li")]
    # Asian is small in the quarter going on; Black is hidden with it there.
    assert [item.split(" (")[0] for item in items] == [
        f"No line for {ASIAN}",
        f"No line for {BLACK}",
    ]
    for item in items:
        assert f"(in {quarter_label(current)}, this group had fewer than 10 answers" in item
    # White has its line, and is not in the list.
    headers = [_words(th) for th in page.soup.select("#trend thead th")]
    assert "White" in headers and not any("White" in item for item in items)


def test_the_quarter_not_over_is_said_under_the_trend_on_the_page_and_in_the_report(
    browser: Browser, analyst, quarters
):
    current, before = quarters
    said = (
        f"{quarter_label(current)} has not ended: its figures are for the responses so far, "
        "so it may have fewer answers than a whole quarter."
    )
    for path in ("/results/stop-search", "/results/stop-search/report"):
        page = browser.get(path)
        assert page.status == 200
        # Said once: no group of this view is hidden for that quarter.
        notes = [_words(p) for p in page.soup.select(".app-quarter-not-over")]
        assert notes == [said], path
        assert quarter_label(current) in page.table("Percentage")
    # A view of a quarter that has ended says nothing of the kind under its trend.
    page = browser.get(f"/results/stop-search?{_dates(before)}")
    assert page.status == 200
    assert list(page.table("Percentage")) == [quarter_label(before)]
    assert not page.soup.select("#trend .app-quarter-not-over")


def test_a_group_hidden_by_date_for_the_quarter_not_over_may_be_shown_later(
    browser: Browser, analyst, quarters
):
    current, before = quarters
    page = browser.get(f"/results/stop-search?{_dates(before)}")
    table = page.table("Respondents by ethnic group")
    # Asian had 12 in the quarter that ended, but 4 so far in this one: hidden by date.
    assert table[ASIAN][0].startswith("[c]")
    assert f"in {quarter_label(current)}, this group had fewer than 10 people" in table[ASIAN][0]
    notes = [_words(p) for p in page.soup.select("#respondents .app-quarter-not-over")]
    assert notes == [
        f"{quarter_label(current)} has not ended: a group hidden for its numbers in that "
        "quarter may be shown as more responses come in."
    ]
    report = browser.get(f"/results/stop-search/report?{_dates(before)}")
    assert f"{quarter_label(current)} has not ended: a group hidden" in report.text()


def test_no_note_where_no_group_is_hidden_for_the_quarter_not_over(
    client: FlaskClient, browser: Browser, analyst
):
    # Every group has at least 10 in each quarter: nothing is hidden for the one going on.
    now = _this_month()
    then = quarter_months(_quarter_before(quarter_of(now)))[0]
    for month in (then, now):
        add_responses(group(20, "white", month=month, answers=SATISFIED))
        add_responses(group(12, "black", month=month, answers=SATISFIED))
    page = browser.get(f"/results/stop-search?{_dates(quarter_of(then))}")
    assert page.table("Respondents by ethnic group")["White"][0] == "20"
    assert not page.soup.select("#respondents .app-quarter-not-over")
    assert not page.soup.select("#trend .app-no-line")


def test_a_view_up_to_a_quarter_says_from_the_first_response_at_the_start_of_a_sentence(
    browser: Browser, analyst, quarters
):
    _, before = quarters
    last = quarter_months(before)[1]
    up_to = f"end={int(last[5:])}&end={last[:4]}"
    named = f"from the first response to {month_label(last)}"
    page = browser.get(f"/results/stop-search?{up_to}")
    lead = _words(page.soup.select_one(".app-results-summary .govuk-body-l"))
    assert lead == f"44 responses, grouped by ethnic group. {named[0].upper()}{named[1:]}."
    report = browser.get(f"/results/stop-search/report?{up_to}")
    about = {
        _words(row.select_one("dt")): _words(row.select_one("dd"))
        for row in report.soup.select(".govuk-summary-list__row")
    }
    assert about["Filters"] == f"From the first response to {month_label(last)}"
    # A view from a quarter on reads as it did.
    first = quarter_months(before)[0]
    page = browser.get(f"/results/stop-search?start={int(first[5:])}&start={first[:4]}")
    lead = _words(page.soup.select_one(".app-results-summary .govuk-body-l"))
    assert lead.endswith(f"ethnic group. {month_label(first)} to the latest response.")


def test_a_view_by_date_hiding_every_group_by_date_says_other_dates_would_not_help(
    browser: Browser, analyst
):
    # White is small from April to June, Black from January to March: each is hidden in every
    # view by date, though both are shown with no filter.
    add_responses(group(15, "white", month="2026-01", answers=SATISFIED))
    add_responses(group(5, "black", month="2026-01", answers=SATISFIED))
    add_responses(group(5, "white", month="2026-04", answers=SATISFIED))
    add_responses(group(15, "black", month="2026-04", answers=SATISFIED))
    page = browser.get("/results/stop-search?start=1&start=2026&end=3&end=2026")
    said = _words(page.soup.select_one(".app-nothing-to-compare p"))
    assert said == (
        "Every group is hidden in this view, so there is nothing to compare. Other dates would "
        "not help: every view filtered by date hides each of these groups, for the reasons "
        "under Who answered . This wider view shows groups to compare:"
    )
    link = page.soup.select_one(".app-nothing-to-compare p a")
    assert link["href"] == "#respondents" and page.soup.select_one("#respondents")
    wider = [_words(a) for a in page.soup.select(".app-wider-views a")]
    assert wider == ["Drop the dates: all responses"]
    # Another quarter says the same; with no filter both groups are shown.
    other = browser.get("/results/stop-search?start=4&start=2026&end=6&end=2026")
    assert "Other dates would not help" in other.text()
    table = browser.get("/results/stop-search").table("Respondents by ethnic group")
    assert table["White"][0] == "20" and table[BLACK][0] == "20"


def test_a_view_with_a_group_shown_by_date_says_nothing_of_other_dates(
    browser: Browser, analyst, quarters
):
    _, before = quarters
    page = browser.get(f"/results/stop-search?{_dates(before)}")
    assert page.table("Respondents by ethnic group")["White"][0] == "20"
    assert "Other dates would not help" not in page.text()


def test_a_first_quarter_the_survey_began_in_late_is_said_to_be_part_of_a_quarter(
    browser: Browser, analyst
):
    # The first responses came in February 2026: January to March has two months of them.
    for month in ("2026-02", "2026-04"):
        add_responses(group(20, "white", month=month, answers=SATISFIED))
        add_responses(group(12, "black", month=month, answers=SATISFIED))
    said = (
        "The survey's first counted responses came in February 2026, so January to March 2026 "
        "covers only part of a quarter."
    )
    for path in ("/results/stop-search", "/results/stop-search/report"):
        page = browser.get(path)
        assert [_words(p) for p in page.soup.select(".app-quarter-begun-late")] == [said]
    # A view whose trend begins later says nothing of it.
    later = browser.get("/results/stop-search?start=4&start=2026&end=6&end=2026")
    assert list(later.table("Percentage")) == ["April to June 2026"]
    assert not later.soup.select(".app-quarter-begun-late")


def test_a_survey_begun_in_a_quarters_first_month_has_no_such_note(
    browser: Browser, analyst, quarters
):
    page = browser.get("/results/stop-search")
    assert page.status == 200 and not page.soup.select(".app-quarter-begun-late")
