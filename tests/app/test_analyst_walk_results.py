"""An analyst asking whether Black respondents are treated worse than White ones: what the
results page says about the comparison, and that the exports carry the same figures."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from openpyxl import load_workbook

from models import Role
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in


def _satisfied(n: int, of: int, ethnic_group: str):
    return group(n, ethnic_group, answers={"satisfaction": "satisfied"}) + group(
        of - n, ethnic_group, answers={"satisfaction": "dissatisfied"}
    )


def _seed() -> None:
    add_responses(_satisfied(60, 100, "white") + _satisfied(32, 80, "black"))


def test_the_ratio_is_explained_in_words_that_read_for_every_comparison(
    client: FlaskClient, browser: Browser
):
    _seed()
    signed_in(client, Role.ANALYST)
    white = browser.get("/results/stop-search").soup.select_one("#answers > p").get_text()
    assert "percentage with that of White respondents: below 1" in " ".join(white.split())
    others = browser.get("/results/stop-search?compare=all_others")
    text = " ".join(others.soup.select_one("#answers > p").get_text().split())
    assert "groups's" not in text
    assert "percentage with that of all other groups: below 1" in text


def _page_ratio(browser: Browser, query: str) -> str:
    table = browser.get(f"/results/stop-search?{query}").table(
        "Overall, how satisfied are you with how you were treated?"
    )
    return " ".join(table["Black, Black British, Caribbean or African"][3].split())


def test_the_exports_give_each_ratios_interval_as_the_page_does(
    client: FlaskClient, browser: Browser
):
    _seed()
    signed_in(client, Role.ANALYST)
    # The page: 32 of 80 (40%) against 60 of 100 (60%), a ratio of 0.67 and its interval.
    shown = _page_ratio(browser, "")
    assert shown.startswith("0.67 (") and shown.endswith(")")
    low, high = shown[len("0.67 (") : -1].split(" to ")

    text = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    black = next(
        row
        for row in rows
        if row["Section"] == "Overall, how satisfied are you with how you were treated?"
        and row["Group code"] == "black"
    )
    assert black["Ratio to reference"] == "0.667"
    assert f"{float(black['Ratio 95% interval low']):.2f}" == low
    assert f"{float(black['Ratio 95% interval high']):.2f}" == high
    white = next(
        row for row in rows if row["Section"] == black["Section"] and row["Group code"] == "white"
    )
    assert white["Ratio 95% interval low"] == white["Ratio 95% interval high"] == ""

    book = load_workbook(io.BytesIO(client.get("/results/stop-search/export.xlsx").data))
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    assert list(header) == list(rows[0].keys())
    found = [
        dict(zip(header, values, strict=True))
        for values in sheet.iter_rows(min_row=2, values_only=True)
    ]
    cell = next(r for r in found if r["Section"] == black["Section"] and r["Group code"] == "black")
    assert (f"{cell['Ratio 95% interval low']:.2f}", f"{cell['Ratio 95% interval high']:.2f}") == (
        low,
        high,
    )
    about = " ".join(str(row[0]) for row in book["About"].iter_rows(values_only=True))
    assert "Ratio 95% interval low and high" in about


def test_a_month_may_be_typed_as_its_name(client: FlaskClient, browser: Browser):
    # The GOV.UK date input pattern: accept "April" or "apr" as well as 4.
    add_responses(
        group(12, "white", month="2026-05", answers={"satisfaction": "satisfied"})
        + group(12, "white", month="2026-08", answers={"satisfaction": "satisfied"})
    )
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?start=April&start=2026&end=jun&end=2026")
    assert page.status == 200
    assert "12 responses, grouped by ethnic group. April to June 2026." in page.text()
    page = browser.get("/results/stop-search?start=Jul.&start=2026&end=Sept&end=2026")
    assert page.status == 200
    assert "July to September 2026." in page.text()
    # What is typed stays in the box.
    assert page.soup.select_one("#start-month")["value"] == "Jul."

    page = browser.get("/results/stop-search?start=Aprill&start=2026")
    assert page.status == 400
    assert page.error_summary() == ["From must be a real month, for example 4 2026"]


def _said(page, selector: str) -> str:
    return " ".join(page.soup.select_one(selector).get_text().split())


def test_groups_named_mid_sentence_are_in_lower_case_except_ethnic_groups_and_initials(
    client: FlaskClient, browser: Browser
):
    add_responses(
        group(30, "white", sex="female", answers={"satisfaction": "satisfied"})
        + group(30, "black", sex="male", answers={"satisfaction": "dissatisfied"})
    )
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?by=sex&compare=female")
    assert "Each group is compared with female respondents ." in page.text()
    assert "with that of female respondents: below 1" in _said(page, "#answers > p")
    # A finding starts with its group, and names the reference group mid-sentence.
    assert (
        "Male respondents were less likely to be satisfied with how they were treated: "
        "0% of 30 vs 100% of 30 for female respondents."
    ) in _said(page, "#findings")
    # White keeps its capital: it is an ethnic group's name.
    page = browser.get("/results/stop-search")
    assert "Each group is compared with White respondents ." in page.text()

    add_responses(
        group(20, "white", answers={"role": "police_officer", "stage": "thinking"})
        + group(12, "white", answers={"role": "pcso", "stage": "thinking"}),
        slug="say-to-stay",
    )
    page = browser.get("/results/say-to-stay?by=role")
    assert "Each group is compared with police officer respondents ." in page.text()
    page = browser.get("/results/say-to-stay?by=role&compare=pcso")
    assert "Each group is compared with PCSO respondents ." in page.text()


def test_the_reports_compared_with_starts_with_a_capital(client: FlaskClient, browser: Browser):
    add_responses(
        group(30, "white", sex="female", answers={"satisfaction": "satisfied"})
        + group(30, "black", sex="male", answers={"satisfaction": "dissatisfied"})
    )
    signed_in(client, Role.ANALYST)
    for query, compared in (
        ("by=sex&compare=female", "Female respondents"),
        ("by=age_band&compare=not_stated", "Respondents whose age was not stated"),
        ("", "White respondents"),
    ):
        report = browser.get(f"/results/stop-search/report?{query}")
        rows = {
            " ".join(row.select_one("dt").get_text().split()): " ".join(
                row.select_one("dd").get_text().split()
            )
            for row in report.soup.select(".govuk-summary-list__row")
        }
        assert rows["Compared with"] == compared


def test_a_grouping_with_no_group_to_compare_with_says_so_plainly(
    client: FlaskClient, browser: Browser
):
    # Nobody gave their age: grouped by age, only "Not stated" has respondents, and no group
    # is the usual one to compare with.
    add_responses(group(30, "white", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    for path in ("/results/stop-search", "/results/stop-search/report"):
        text = browser.get(f"{path}?by=age_band").text()
        assert "The usual reference group, the usual reference group" not in text
        assert "There is no reference group to compare with in this view" in text
