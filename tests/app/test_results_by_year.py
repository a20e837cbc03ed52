"""Views by date and area count in whole reporting years, April to March, as forces report stop
and search. A quarter in one area holds too few people: on a force's survey (5 areas, about
120 responses a month) one quarter with 9 White respondents in the South hid White, and with
it every group, in every view by date and area. A year in an area holds four times as many.

The survey here is like the demo's, smaller: three areas from April 2025 to June 2026, each
month 10 White, 4 Black, 4 Asian and 5 who did not say in each area, but the South had only 3
White respondents a month from April to June 2025 (9 in that quarter there). Mixed: 15 in
each of those two quarters and in each of the North and the South, but 5 in the South from
April 2025 to March 2026 and 5 in the North the year after: hidden in views by date and area,
with those who did not say as their cover."""

from __future__ import annotations

import csv
import io

import pytest

from app.services import api_tokens
from app.services.periods import every_month
from models import Scope
from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
BLACK = "Black, Black British, Caribbean or African"
ASIAN = "Asian or Asian British"
MIXED = "Mixed or Multiple ethnic groups"
URL = "/api/v1/surveys/stop-search/results"
CENTRAL_2025_26 = "area=central&start=4&start=2025&end=3&end=2026"
YEAR_RULE = (
    "With an area or listening session chosen, results by date are in whole years from April "
    "to March: "
)


@pytest.fixture
def by_area() -> None:
    areas = [
        create_area(code, name)
        for code, name in (("central", "Central"), ("north", "North"), ("south", "South"))
    ]
    for month in every_month(["2025-04", "2026-06"]):
        for area in areas:
            few_white = area.code == "south" and month <= "2025-06"
            add_responses(
                group(3 if few_white else 10, "white", month=month, area=area, answers=SATISFIED)
            )
            add_responses(group(4, "black", month=month, area=area, answers=SATISFIED))
            add_responses(group(4, "asian", month=month, area=area, answers=SATISFIED))
            add_responses(group(5, "not_stated", month=month, area=area, answers=SATISFIED))
    _, north, south = areas
    for month, area, n in (
        ("2025-05", south, 5),
        ("2025-05", north, 10),
        ("2026-05", south, 10),
        ("2026-05", north, 5),
    ):
        add_responses(group(n, "mixed", month=month, area=area, answers=SATISFIED))


@pytest.fixture
def auth() -> dict[str, str]:
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    return {"Authorization": f"Bearer {secret}"}


def test_white_and_black_are_shown_in_an_area_over_a_year(browser, analyst, by_area):
    # By quarter in each area, the South's 9 White respondents of April to June 2025 would
    # have hidden White in every view by date and area, and every group with it.
    page = browser.get(f"/results/stop-search?{CENTRAL_2025_26}")
    assert page.status == 200
    table = page.table("Respondents by ethnic group")
    assert table["White"][0] == "120"
    assert table[BLACK][0] == "48"
    assert table[ASIAN][0] == "48"
    assert table["All respondents"][0] == "276"
    # Mixed is small in a year in the South and in the North: hidden, naming them; those who
    # did not say are its cover. Nobody in Central is Mixed, but it is listed as hidden.
    assert table[MIXED][0].startswith("[c]")
    assert (
        "hidden in every view filtered by both date and area or listening session: in April "
        "2025 to March 2026 in South and April 2026 to March 2027 in North, this group had "
        "fewer than 10 people"
    ) in table[MIXED][0]
    assert table["Not stated"][0].startswith("[c]")
    lead = " ".join(page.soup.select_one(".app-results-summary .govuk-body-l").text.split())
    assert lead.endswith("April 2025 to March 2026; Central.")
    # Black is compared with White, as in any view that shows both.
    assert "Each group is compared with White respondents" in page.text()
    # The note above the figures says what views by area and date cover.
    assert (
        "in any year from April to March in any area or session (in views by both, which "
        "cover whole years from April to March)"
    ) in " ".join(page.text().split())


def test_the_same_view_in_the_api_and_the_export(client, auth, analyst, by_area):
    body = client.get(f"{URL}?area=central&from=2025-04&to=2026-03", headers=auth).get_json()
    groups = {g["group"]: g for g in body["groups"]}
    assert (groups["white"]["n"], groups["black"]["n"]) == (120, 48)
    assert groups["asian"]["n"] == 48
    assert groups["mixed"]["suppressed"] is True
    assert "April 2025 to March 2026 in South" in groups["mixed"]["suppressed_reason"]
    text = client.get(f"/results/stop-search/export.csv?{CENTRAL_2025_26}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    respondents = {r["Group code"]: r for r in rows if r["Section"] == "Respondents"}
    assert (respondents["white"]["n"], respondents["black"]["n"]) == ("120", "48")
    assert "April 2025 to March 2026 in South" in respondents["mixed"]["Note"]
    # Its trend is by year, each point named as the page names it.
    points = {r["Item"] for r in rows if r["Section"].startswith("Trend") and r["Group code"]}
    assert "April 2025 to March 2026" in points
    assert not any(" to June" in item for item in points)


def test_a_view_by_date_alone_keeps_its_quarters(browser, analyst, by_area):
    # April to June 2025 over every area: White has 69, shown, and the trend is by quarter.
    page = browser.get("/results/stop-search?start=4&start=2025&end=6&end=2025")
    assert page.status == 200
    assert page.table("Respondents by ethnic group")["White"][0] == "69"
    assert page.soup.select_one("#trend-heading").get_text() == "Trend by quarter"
    assert list(page.table("Percentage")) == ["April to June 2025"]


def test_the_trend_in_an_area_is_by_year(browser, analyst, by_area):
    page = browser.get("/results/stop-search?area=central")
    assert page.soup.select_one("#trend-heading").get_text() == "Trend by year"
    caption = page.soup.select_one("#trend caption").get_text(" ", strip=True)
    # Named by its question, which may be any with a favourable share.
    assert caption.endswith(
        "by year (April to March): Overall, how satisfied are you with how you were treated?"
    )
    table = page.table("Percentage")
    assert list(table) == ["April 2025 to March 2026", "April 2026 to March 2027"]
    headers = [th.get_text(strip=True) for th in page.soup.select("#trend thead th")]
    assert headers[:3] == ["Year", "All respondents", "Answered"]
    # White, Black and Asian have lines: by quarter in the South, White's 9 would have left
    # it none.
    assert headers[3:] == ["White", ASIAN, BLACK]
    assert table["April 2025 to March 2026"][:2] == ["100%", "276"]
    # The chart's axis names the years.
    chart = page.soup.select_one("#trend figure.app-chart")
    assert "by year (April to March)" in chart.get_text(" ")
    assert "2025–26" in chart.get_text(" ")
    # No quarter is named in the trend of a view by area.
    assert "April to June" not in page.soup.select_one("#trend").get_text()
    # The same in the printable report.
    report = browser.get("/results/stop-search/report?area=central")
    assert "Trend by year" in report.text()
    assert list(report.table("Percentage")) == list(table)


def test_a_trend_without_an_area_stays_by_quarter(browser, analyst, by_area):
    page = browser.get("/results/stop-search")
    assert page.soup.select_one("#trend-heading").get_text() == "Trend by quarter"
    assert list(page.table("Percentage"))[:2] == ["April to June 2025", "July to September 2025"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        # A quarter, not a year.
        (
            "start=7&start=2025&end=6&end=2026",
            [
                YEAR_RULE + "From must be an April (4), for example 4 2025",
                YEAR_RULE + "To must be a March (3), for example 3 2027",
            ],
        ),
        # From alone, or To alone.
        ("start=1&start=2026", [YEAR_RULE + "From must be an April (4), for example 4 2025"]),
        ("end=12&end=2025", [YEAR_RULE + "To must be a March (3), for example 3 2026"]),
    ],
)
def test_dates_that_are_not_whole_years_with_an_area_are_an_error_that_keeps_the_choices(
    browser, analyst, by_area, query, errors
):
    page = browser.get(f"/results/stop-search?by=sex&area=central&{query}")
    assert page.status == 400
    assert page.error_summary() == errors
    assert page.field_errors() == errors
    # What was typed stays in the boxes, and every other choice stays chosen.
    for name in ("start", "end"):
        if f"{name}=" in query:
            typed = query.split(f"{name}=")[1].split("&")[0]
            assert page.soup.select_one(f"#{name}-month")["value"] == typed
    assert page.soup.select_one("#area option[selected]")["value"] == "central"
    assert page.soup.select_one("#by option[selected]")["value"] == "sex"
    # The exports and the report refuse the same view the same way, never with a 500.
    for path in ("export.csv", "export.xlsx", "report"):
        other = browser.get(f"/results/stop-search/{path}?area=central&{query}")
        assert other.status == 400, path
        assert other.error_summary() == errors, path


def test_the_same_months_without_an_area_are_whole_quarters_and_shown(browser, analyst, by_area):
    page = browser.get("/results/stop-search?by=sex&start=7&start=2025&end=6&end=2026")
    assert page.status == 200
    assert page.error_summary() == []


def test_the_hints_say_the_year_rule(browser, analyst, by_area):
    page = browser.get("/results/stop-search")
    hints = " ".join(h.get_text(" ", strip=True) for h in page.soup.select(".govuk-hint"))
    assert "With an area or listening session chosen, an April" in hints
    assert "With an area or listening session chosen, a March" in hints


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("area=central&from=2025-07&to=2026-03", "from", "from must be an April, like 2025-04"),
        ("area=central&from=2025-04&to=2025-12", "to", "to must be a March, like 2026-03"),
        ("area=central&to=2025-06", "to", "to must be a March, like 2026-03"),
    ],
)
def test_the_api_refuses_dates_that_are_not_whole_years_with_an_area(
    client, auth, by_area, query, field, words
):
    response = client.get(f"{URL}?{query}", headers=auth)
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == field
    assert error["message"] == YEAR_RULE + words
