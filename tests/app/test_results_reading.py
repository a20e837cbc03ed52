"""What an analyst reads on the results pages, the printable report and the exports agrees
with itself: a difference's words agree with its interval, the findings are counted, listed
and ordered alike everywhere, the report says when it was produced and what it covers, a
"Compare with" that does not fit is not silently ignored, no number reads "-0.00", and a
month or quarter without responses is a zero on an even time axis."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from app.services.results_labels import month_label
from app.services.results_overview import months_shown
from app.services.results_sentences import MINUS, number
from models import Role
from tests.pages import Browser, Page
from tests.results_data import add_responses, group
from tests.staff import signed_in

SATISFIED = {"satisfaction": "satisfied"}

BLACK = "Black, Black British, Caribbean or African"
SATISFACTION = "Overall, how satisfied are you"
UNCLEAR = "Lower on its own; not clear once all 2 comparisons are allowed for"


def _csv(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    text = client.get(f"/results/stop-search/export.csv{query}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _satisfied(satisfied: int, n: int, ethnic_group: str) -> list:
    return group(satisfied, ethnic_group, answers={"satisfaction": "satisfied"}) + group(
        n - satisfied, ethnic_group, answers={"satisfaction": "dissatisfied"}
    )


def _interval_leaves_out_1_but_not_after_holm() -> None:
    """Black respondents 55% vs White 70% satisfied: the ratio's interval (0.63 to 0.98)
    leaves out 1, p = 0.029 on its own, but 0.057 once Holm allows for the two comparisons."""
    add_responses(_satisfied(70, 100, "white") + _satisfied(55, 100, "black"))
    add_responses(_satisfied(70, 100, "asian"))


def test_a_difference_says_what_its_interval_says(client: FlaskClient, browser: Browser):
    _interval_leaves_out_1_but_not_after_holm()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    satisfied = page.table(SATISFACTION)
    ratio, difference = satisfied[BLACK][3], satisfied[BLACK][4]
    assert ratio == "0.79 (0.63 to 0.98)"
    assert difference == UNCLEAR  # not "No clear difference" beside an interval without 1
    assert satisfied["Asian or Asian British"][3] == "1.00 (0.83 to 1.20)"
    assert satisfied["Asian or Asian British"][4] == "No clear difference"
    # Holm's method is explained once, in a details component.
    details = page.soup.select("#answers details.govuk-details")
    assert len(details) == 1
    assert "2 comparisons in all" in " ".join(details[0].get_text().split())
    # Nothing is significant after the correction, and the page says so, as the report does.
    findings = " ".join(page.soup.select_one("#findings").get_text().split())
    assert "No group differs significantly from White respondents on any question." in findings

    report = browser.get("/results/stop-search/report")
    assert report.table(SATISFACTION)[BLACK][4] == UNCLEAR
    assert "Holm's method" in report.text()

    rows = [r for r in _csv(client) if r["Section"].startswith(SATISFACTION)]
    black = next(r for r in rows if r["Group code"] == "black")
    assert black["Significant difference"] == "no"
    assert black["Note"] == f"{UNCLEAR} (ratio's 95% interval on its own: 0.63 to 0.98)"
    asian = next(r for r in rows if r["Group code"] == "asian")
    assert asian["Significant difference"] == "no" and asian["Note"] == ""


QUESTIONS = ["told_grounds", "told_object", "officer_identified", "told_record", "bwv_on"]


def _findings_of_every_size() -> list[str]:
    """Black respondents answer "yes" less often than White ones on five questions, the gap
    growing from the first question to the last, and also on "respect" and "fair": seven
    significant differences, the largest last on the page."""
    white = group(60, "white", answers={**dict.fromkeys(QUESTIONS, "yes"), "respect": "agree"})
    white += group(60, "white", answers={"fair": "agree"})
    black = []
    for i in range(60):
        answers = {
            key: "yes" if i < 45 - 8 * place else "no" for place, key in enumerate(QUESTIONS)
        }
        answers["respect"] = "agree" if i < 20 else "disagree"
        black.append(group(1, "black", answers={**answers, "fair": "disagree"})[0])
    add_responses(white + black)
    return QUESTIONS


def _findings(page: Page, selector: str) -> list[str]:
    return [" ".join(li.get_text().split()) for li in page.soup.select(selector)]


def test_what_stands_out_is_counted_listed_and_ordered_alike(client: FlaskClient, browser: Browser):
    _findings_of_every_size()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    section = page.soup.select_one("#findings")
    text = " ".join(section.get_text().split())
    assert "7 significant differences from White respondents in this view, largest first" in text
    shown = _findings(page, "#findings > ul > li")
    more = _findings(page, "#findings details li")
    assert (len(shown), len(more)) == (6, 1)
    assert "Show the other difference" in text and "other 1 difference" not in text

    report = browser.get("/results/stop-search/report")
    listed = _findings(report, ".app-report > ul.govuk-list--bullet > li")
    assert listed == shown + more
    assert "7 significant differences from White respondents" in report.text()
    # Largest first: "fair" (0% of 60 vs 100% of 60), then the yes/no questions from the widest gap.
    assert listed[0].endswith(
        "say the search was carried out fairly: 0% of 60 vs 100% of 60 for White respondents."
    )
    shares = [int(re.search(r": (\d+)% of \d+ vs", finding).group(1)) for finding in listed]
    assert shares == sorted(shares)


def test_the_report_says_when_it_was_produced_and_what_it_covers(
    client: FlaskClient, browser: Browser
):
    add_responses(group(12, "white", month="2026-02", answers={"satisfaction": "satisfied"}))
    add_responses(group(12, "black", month="2026-05", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search/report?start=4&start=2026&compare=all_others")
    about = {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in page.soup.select(".app-report-about .govuk-summary-list__row")
    }
    today = dt.datetime.now(ZoneInfo("Europe/London")).date()
    assert about["Produced"].endswith(f"on {today.day} {today:%B %Y}")
    assert re.match(r"^(\d{1,2}(:\d\d)?(am|pm)|midday|midnight) on ", about["Produced"])
    # A response keeps only its month, so the report names months; February is filtered out,
    # and the view starts with a quarter, but its first response is in May.
    assert about["Responses"].startswith("In May 2026;")
    assert about["Filters"] == "April 2026 to the latest response"
    assert about["Grouped by"] == "Ethnic group"
    assert about["Compared with"] == "All other groups"


def test_the_report_names_the_months_it_covers_and_no_day(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white", month="2025-03", answers={"satisfaction": "satisfied"}))
    add_responses(group(12, "black", month="2026-11", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search/report")
    row = next(
        row
        for row in page.soup.select(".app-report-about .govuk-summary-list__row")
        if row.select_one("dt").get_text(strip=True) == "Responses"
    )
    said = " ".join(row.select_one("dd").get_text().split())
    covered = said.split(";")[0]  # after it, when the figures were counted
    assert covered == "From March 2025 to November 2026"


def test_the_all_others_view_links_to_its_report(client: FlaskClient, browser: Browser):
    add_responses(group(15, "white", answers={"satisfaction": "satisfied"}))
    add_responses(group(15, "black", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?by=ethnic_group&compare=all_others")
    link = page.soup.find("a", string="Printable report")
    assert link is not None
    assert "compare=all_others" in link["href"]
    report = browser.get(link["href"])
    assert report.status == 200
    findings = _findings(report, ".app-report > ul.govuk-list--bullet > li")
    assert findings and all("respondents in all other groups" in f for f in findings)
    # The group's share is of how many answered; all the others' is as the table gives it.
    assert any("0% of 15 vs 100% for respondents in all other groups." in f for f in findings)


def test_a_compare_with_that_does_not_fit_the_grouping_is_explained(
    client: FlaskClient, browser: Browser
):
    add_responses(group(20, "white", sex="female", answers={"satisfaction": "satisfied"}))
    add_responses(group(12, "black", sex="male", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    expected = (
        f"“{BLACK}” is not one of the groups when grouping by sex, so each group is "
        "compared with female respondents instead."
    )
    for path in ("/results/stop-search", "/results/stop-search/report"):
        page = browser.get(f"{path}?by=sex&compare=black")
        assert page.status == 200
        banner = page.soup.select_one(".govuk-notification-banner")
        assert banner is not None, path
        assert expected in " ".join(banner.get_text().split())
    # A group of the grouping chosen is used, and nothing needs saying.
    page = browser.get("/results/stop-search?by=sex&compare=male")
    assert page.soup.select_one(".govuk-notification-banner") is None
    assert "Each group is compared with male respondents ." in page.text()


def test_numbers_never_read_minus_zero_and_use_a_true_minus(client: FlaskClient, browser: Browser):
    texts = [("improve", "Fine", -0.004, [])]
    add_responses(group(12, "white", texts=texts))
    add_responses(group(12, "black", texts=[("improve", "Bad", -0.5, [])]))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    sentiment = page.table("Sentiment of written answers")
    assert sentiment["White"][1:3] == ["0.00", "0.00 to 0.00"]
    assert sentiment[BLACK][1:3] == [f"{MINUS}0.50", f"{MINUS}0.50 to {MINUS}0.50"]
    section = " ".join(page.soup.select_one("#sentiment").get_text().split())
    assert "-0.00" not in section and f"{MINUS}0.00" not in section
    assert not re.search(r"(?<![\w(])-\d", section)  # no hyphen-minus before a number
    rows = [r for r in _csv(client) if r["Measure"].startswith("Mean sentiment")]
    white = next(r for r in rows if r["Group code"] == "white")
    assert white["Value"] == "-0.004"  # exports keep plain numbers
    assert not any(r["Value"] == "-0.0" for r in _csv(client))


def test_number_formatting():
    assert number(-0.0912) == f"{MINUS}0.09"
    assert number(-0.004) == "0.00" and number(-0.0) == "0.00"
    assert number(0.5) == "0.50" and number(None) == ""


def test_a_grouping_by_month_exports_the_trend_by_quarter(client: FlaskClient):
    """Grouped by month, the trend question's rows are month by month, and the trend is the
    overall line by quarter: the months are the groups, with no lines of their own."""
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"):
        add_responses(group(12, "white", month=month, answers={"satisfaction": "satisfied"}))
    add_responses(group(8, "white", month="2026-05", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)
    by_month = _csv(client, "?by=month")
    satisfied = [r for r in by_month if r["Section"].startswith("Overall, how satisfied")]
    assert [r["Group"] for r in satisfied] == [
        "January 2026",
        "February 2026",
        "March 2026",
        "April 2026",
        "May 2026",
        "All respondents",
    ]
    trend = [r for r in by_month if r["Section"].startswith("Trend")]
    assert [(r["Item"], r["Group"], r["n"], r["Value"]) for r in trend] == [
        ("January to March 2026", "All respondents", "36", "100.0"),
        ("April to June 2026", "All respondents", "32", "75.0"),
    ]
    # No month is listed as a group without a line.
    assert not [r for r in by_month if r["Item"] == "Every quarter"]
    assert not any(
        "trend by month is not repeated" in line for r in by_month for line in r.values()
    )
    by_group = _csv(client, "?by=ethnic_group")
    trend = [r for r in by_group if r["Section"].startswith("Trend")]
    assert {r["Item"] for r in trend} == {"January to March 2026", "April to June 2026"}


def test_the_trend_grouped_by_month_is_by_quarter_with_no_line_a_month(
    client: FlaskClient, browser: Browser
):
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
        add_responses(group(12, "white", month=month, answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?by=month")
    heads = [" ".join(th.get_text().split()) for th in page.soup.select("#trend thead th")]
    assert heads == ["Quarter", "All respondents", "Answered"]
    trend = page.table("Percentage answering")
    assert list(trend) == ["January to March 2026", "April to June 2026"]
    assert trend["January to March 2026"][-1] == "36"


def _zeros_after(month: str) -> dict[str, str]:
    """The overview's 0 for each month after ``month`` up to the last whole month: its
    "Responses by month" runs there for every survey."""
    return {month_label(m): "0" for m in months_shown([month])[1:]}


def test_a_month_without_responses_is_a_zero_on_an_even_axis(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white", month="2026-01", answers={"satisfaction": "satisfied"}))
    add_responses(group(14, "white", month="2026-07", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/")
    summary = page.soup.select_one("#survey-stop-search").find_parent("section")
    table = {
        " ".join(row.select_one("th").get_text().split()): " ".join(
            row.select_one("td").get_text().split()
        )
        for row in summary.select("tbody tr")
    }
    assert table == {
        "January 2026": "12",
        "February 2026": "0",
        "March 2026": "0",
        "April 2026": "0",
        "May 2026": "0",
        "June 2026": "0",
        "July 2026": "14",
        **_zeros_after("2026-07"),
    }
    # One bar a month: the axis is the table's months, February to June among them, labelled
    # every month or every so many as fit.
    labels = [" ".join(t.get_text().split()) for t in summary.select("svg text")]
    ticks = [label for label in labels if label.isalpha()]  # "Jan"; the years are apart
    axis = [month[:3] for month in table]
    step = axis.index(ticks[1]) if len(ticks) > 1 else 1
    assert ticks == axis[::step], (ticks, axis)
    # The results page's trend, by quarter, lists a quarter without responses too, answered by
    # nobody.
    trend = browser.get("/results/stop-search").table("Percentage answering")
    assert list(trend) == ["January to March 2026", "April to June 2026", "July to September 2026"]
    assert trend["April to June 2026"][:2] == ["–", "0"]


def test_what_stands_out_says_so_when_no_group_differs(client):
    # Two groups answering alike: nothing is significant, and the page says so, as the report does.
    add_responses(group(30, "white", answers=SATISFIED) + group(30, "black", answers=SATISFIED))
    signed_in(client, Role.ANALYST)
    soup = BeautifulSoup(client.get("/results/stop-search").get_data(as_text=True), "html.parser")
    section = soup.select_one("#findings")
    assert section is not None
    assert "No group differs significantly from White respondents on any question." in " ".join(
        section.get_text().split()
    )
    assert soup.select_one("a[href='#findings']") is not None


def test_the_respondents_table_scrolls_within_its_region_on_a_phone(client):
    add_responses(group(30, "white", answers=SATISFIED) + group(30, "black", answers=SATISFIED))
    signed_in(client, Role.ANALYST)
    soup = BeautifulSoup(client.get("/results/stop-search").get_data(as_text=True), "html.parser")
    region = soup.select_one("[role=region][aria-label='Respondents by ethnic group']")
    assert region is not None and region.get("tabindex") == "0"
    assert region.select_one("table caption").get_text(strip=True) == "Respondents by ethnic group"
