"""The trend of a question other than the headline's: a force that changed something ("officers
now explain the grounds for a search") sees whether that question moved, by group.

The survey, two quarters (February and May 2026), every group answering "satisfaction" and
"told_grounds" except where said:

- White: 40 a quarter; 30 satisfied and 20 told the grounds in February, 20 and 36 in May.
- Black: 20 a quarter, all answering satisfaction; told_grounds answered by all 20 in February
  but only by 4 in May (the others skipped it).
- Asian: 12 a quarter, all answering told_grounds; satisfaction answered by 12 in February
  but only by 3 in May.
- Not stated: 10 a quarter, answering both (the cover Rule 2 hides first).

So Black has a line in the headline's trend and none in told_grounds', and Asian the other
way round: each question's trend is hidden on its own counts, by the headline's rules.
"""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup
from sqlalchemy import select

from models import AuditEvent, db
from tests.results_data import Made, add_responses, group

BLACK = "Black, Black British, Caribbean or African"
ASIAN = "Asian or Asian British"
GROUNDS = "Did the officer tell you why you were searched?"
SATISFACTION = "Overall, how satisfied are you with how you were treated?"


def _answers(satisfied: bool | None, told: bool | None) -> dict[str, str]:
    answers = {}
    if satisfied is not None:
        answers["satisfaction"] = "satisfied" if satisfied else "dissatisfied"
    if told is not None:
        answers["told_grounds"] = "yes" if told else "no"
    return answers


def _mixed(n: int, ethnic_group: str, month: str, satisfied: int, told: int) -> list[Made]:
    """``n`` respondents answering both, the first ``satisfied`` satisfied and the first
    ``told`` told the grounds."""
    return [
        Made(ethnic_group=ethnic_group, month=month, answers=_answers(i < satisfied, i < told))
        for i in range(n)
    ]


def seed_two_questions() -> None:
    made: list[Made] = []
    made += _mixed(40, "white", "2026-02", satisfied=30, told=20)
    made += _mixed(40, "white", "2026-05", satisfied=20, told=36)
    made += _mixed(20, "black", "2026-02", satisfied=10, told=10)
    made += _mixed(4, "black", "2026-05", satisfied=2, told=4)
    made += group(16, "black", month="2026-05", answers=_answers(True, None))
    made += _mixed(12, "asian", "2026-02", satisfied=6, told=6)
    made += _mixed(3, "asian", "2026-05", satisfied=3, told=3)
    made += group(9, "asian", month="2026-05", answers=_answers(None, True))
    for month in ("2026-02", "2026-05"):
        made += _mixed(10, "not_stated", month, satisfied=5, told=5)
    add_responses(made)


def trend_of(page) -> tuple[list[str], dict[str, list[str]], str]:
    """The trend section's column headers, its rows by quarter, and its words."""
    section = page.soup.select_one("#trend")
    assert section is not None, page.text()[:500]
    headers = [" ".join(th.get_text().split()) for th in section.select("thead th")]
    rows = {
        " ".join(tr.select_one("th").get_text().split()): [
            " ".join(td.get_text().split()) for td in tr.select("td")
        ]
        for tr in section.select("tbody tr")
    }
    return headers, rows, " ".join(section.get_text().split())


def test_the_trend_is_the_headlines_unless_another_question_is_chosen(browser, analyst):
    seed_two_questions()
    page = browser.get("/results/stop-search")
    headers, rows, text = trend_of(page)
    assert page.soup.select_one("#trend p strong").get_text() == SATISFACTION
    assert page.soup.select_one("#trend select[name=trend] option[selected]")["value"] == (
        "satisfaction"
    )
    # The headline's: Black has a line (20 answered each quarter); Asian (3 in May) has none.
    assert headers == ["Quarter", "All respondents", "Answered", "White", BLACK], headers
    assert f"No line for {ASIAN}" in text

    page = browser.get("/results/stop-search?trend=told_grounds")
    assert page.status == 200
    headers, rows, text = trend_of(page)
    named = page.soup.select_one("#trend p strong").get_text()
    assert named == GROUNDS and SATISFACTION not in text.split("Show trend")[1]
    caption = page.soup.select_one("#trend caption").get_text()
    assert " ".join(caption.split()) == f"Percentage answering Yes, by quarter: {GROUNDS}"
    # told_grounds': Asian (12 answered each quarter) has a line; Black, 4 answering in May,
    # has none, and the quarter is named.
    assert headers == ["Quarter", "All respondents", "Answered", "White", ASIAN], headers
    assert (
        f"No line for {BLACK} (in April to June 2026, this group had fewer than 10 answers, or "
        "its line is hidden with groups that had" in text
    )
    # White: 20 of 40 told in February, 36 of 40 in May; everyone: 41 of 82, then 57 of 66.
    assert rows == {
        "January to March 2026": ["50%", "82", "50% of 40", "50% of 12"],
        "April to June 2026": ["86%", "66", "90% of 40", "100% of 12"],
    }, rows
    chart = page.soup.select_one("#trend svg[role=img]")
    assert GROUNDS in " ".join(chart.get_text().split())


def test_no_hidden_figure_of_the_chosen_trend_can_be_worked_out_from_what_it_shows(
    browser, analyst
):
    """May's told_grounds: 66 answered. White 40 and Asian 12 are shown, so Black and Not
    stated hold 14 between them: Not stated has no line either (Black's cover), and neither
    Black's 4 nor Not stated's 10 is given back, in the table, the chart or the download."""
    seed_two_questions()
    headers, rows, text = trend_of(browser.get("/results/stop-search?trend=told_grounds"))
    assert "Not stated" not in headers and "No line for Not stated" in text
    may = rows["April to June 2026"]
    assert may[1] == "66" and "4" not in may[2:] and "of 10" not in " ".join(may)
    exported = browser.get("/results/stop-search/export.csv?trend=told_grounds").html
    lines = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    trend = [line for line in lines if line["Section"] == f"Trend: {GROUNDS}"]
    codes = {line["Group code"] for line in trend}
    assert codes == {"all", "white", "asian", "black", "not_stated"}
    for line in trend:
        if line["Group code"] in ("black", "not_stated"):
            assert line["n"] == "[c]" and line["Item"] == "Every quarter", line
    assert not [line for line in lines if line["Section"] == f"Trend: {SATISFACTION}"]


def test_a_group_hidden_in_the_headlines_trend_is_shown_in_anothers_and_back(browser, analyst):
    """Each trend is hidden on its own question's counts, not the headline's for all."""
    seed_two_questions()
    _, _, headline = trend_of(browser.get("/results/stop-search"))
    _, _, grounds = trend_of(browser.get("/results/stop-search?trend=told_grounds"))
    assert f"No line for {ASIAN}" in headline and f"No line for {ASIAN}" not in grounds
    assert f"No line for {BLACK}" in grounds and f"No line for {BLACK}" not in headline


def test_an_unknown_question_is_an_error_on_the_field_that_keeps_the_other_choices(
    browser, analyst
):
    seed_two_questions()
    for asked in ("no_such_question", "went_well", "scrutiny_interest", "ethnic_group"):
        page = browser.get(f"/results/stop-search?by=sex&compare=female&trend={asked}")
        assert page.status == 400, asked
        assert page.error_summary() == ["Select a question from the list to see its trend"]
        field = page.soup.select_one("select#trend-of")
        assert field is not None and "govuk-select--error" in field["class"]
        assert page.soup.select_one("select#by option[selected]")["value"] == "sex"
        assert page.soup.select_one("select#compare option[selected]")["value"] == "female"
        assert not page.soup.select("#trend table")
    # The report and the downloads say the same, and give no figures.
    report = browser.get("/results/stop-search/report?trend=nope")
    assert report.status == 400
    assert report.error_summary() == ["Select a question from the list to see its trend"]
    assert browser.get("/results/stop-search/export.csv?trend=nope").status == 400


def test_the_chosen_question_is_kept_in_every_link_of_the_page(browser, analyst):
    seed_two_questions()
    page = browser.get("/results/stop-search?by=ethnic_group&trend=told_grounds")
    links = {a.get_text(strip=True): a["href"] for a in page.soup.select("a.govuk-link")}
    for name in (
        "Download these figures (CSV)",
        "Download these figures (Excel)",
        "Printable report",
        "Clear filters",
    ):
        assert "trend=told_grounds" in links[name], (name, links[name])
    # The headline's, the default, is not written into the addresses at all.
    plain = browser.get("/results/stop-search")
    clear = next(a for a in plain.soup.select("a.govuk-link") if a.get_text() == "Clear filters")
    assert "trend=" not in clear["href"]


def test_the_report_and_the_downloads_name_the_chosen_question(browser, analyst):
    seed_two_questions()
    report = browser.get("/results/stop-search/report?trend=told_grounds")
    assert report.status == 200
    soup = BeautifulSoup(str(report.soup), "html.parser")
    words = " ".join(soup.get_text().split())
    assert f"Percentage answering Yes, by quarter: {GROUNDS}" in words
    assert f"No line for {BLACK}" in words
    response = browser.client.get("/results/stop-search/export.xlsx?trend=told_grounds")
    assert response.status_code == 200
    assert "trend-of-told-grounds" in response.headers["Content-Disposition"]
    # The audit log says which trend was downloaded; the headline's is not named.
    db.session.expire_all()
    exported = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "results.export").order_by(AuditEvent.id)
    ).all()
    assert exported[-1].detail["trend"] == "told_grounds"
    browser.client.get("/results/stop-search/export.csv")
    db.session.expire_all()
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last.action == "results.export" and last.detail.get("trend") is None


def test_a_question_nobody_answered_says_so_and_can_be_changed(browser, analyst):
    add_responses(group(30, "white", month="2026-02", answers=_answers(True, None)))
    page = browser.get("/results/stop-search?trend=respect")
    assert page.status == 200
    section = page.soup.select_one("#trend")
    assert " ".join(section.get_text().split()).endswith(
        "Nobody in this view has answered “How much do you agree: “I was treated with "
        "respect”” yet, so it has no trend."
    )
    assert section.select_one("select[name=trend] option[selected]")["value"] == "respect"
    assert not section.select("table")


def test_a_question_chosen_is_kept_when_another_choice_is_wrong(browser, analyst):
    seed_two_questions()
    page = browser.get("/results/stop-search?start=2&start=2026&trend=told_grounds")
    assert page.status == 400
    kept = page.soup.select("form input[name=trend]")
    assert [field["value"] for field in kept] == ["told_grounds"]
    # With no trend chosen, nothing is added.
    page = browser.get("/results/stop-search?start=2&start=2026")
    assert not page.soup.select("form input[name=trend], form select[name=trend]")
