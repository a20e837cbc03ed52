"""What an analyst reading the results meets: the printable report's headline for a survey
whose headline is a list of reasons, errors that lead to the field to correct, and exports
that say what the page says."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.services import api_tokens
from models import Role, Scope
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in


def _leaving(n: int, ethnic_group: str, reason: str):
    return group(n, ethnic_group, answers={"stage": "thinking", "main_reason": reason})


def test_the_report_gives_say_to_stays_main_reasons(client: FlaskClient, browser: Browser):
    add_responses(
        _leaving(25, "white", "workload")
        + _leaving(15, "white", "pay")
        + _leaving(10, "white", "culture"),
        slug="say-to-stay",
    )
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/say-to-stay/report")
    assert page.status == 200
    text = page.text()
    assert "nobody in this view answered" not in text
    assert (
        "Main reasons for thinking of leaving: Workload and demand (50%), Pay and reward (30%), "
        "Culture, inclusion or discrimination (20%) of 50 who answered."
    ) in text
    # The table of every reason, a row each and a column for each group, to fit a page.
    table = page.table("Which one matters most?")
    assert table["Answered"] == ["50", "50"]  # White, and all respondents
    assert table["Workload and demand"] == ["50%", "50%"]
    assert table["Pay and reward"] == ["30%", "30%"] and table["Pension"] == ["0%", "0%"]


def _links(page) -> list[str]:
    return [a["href"] for a in page.soup.select(".govuk-error-summary li a")]


def test_every_error_leads_to_a_field_on_the_page(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    # Stop and search has no listening sessions, so the page shows no session list until
    # one is asked for that is not there.
    page = browser.get("/results/stop-search?event=99999")
    assert page.status == 400
    assert page.error_summary() == ["Select a listening session from the list"]
    for href in _links(page):
        assert page.soup.select_one(href), f"the error links to {href}, which is not on the page"


def test_a_theme_not_in_the_list_keeps_the_results(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?theme=Nonsense&group=white")
    assert page.status == 400
    assert page.error_summary() == ["Select a theme from the list"]
    assert page.soup.select_one(_links(page)[0]), "the theme list is on the page"
    assert page.table("Respondents by ethnic group")["White"][0] == "12"
    # The report and the exports have no quotes: a theme carried over from the page is no
    # reason to refuse them.
    assert client.get("/results/stop-search/report?theme=Nonsense").status_code == 200
    assert client.get("/results/stop-search/export.csv?theme=Nonsense").status_code == 200


def test_the_reports_errors_lead_to_the_results_page(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search/report?by=shoe_size")
    assert page.status == 400
    assert page.error_summary() == ["Select how to group the results"]
    assert _links(page) == ["/results/stop-search?by=shoe_size#by"]
    assert browser.get(_links(page)[0].split("#")[0]).soup.select_one("#by")


def test_the_export_names_each_group_without_a_trend_line(client: FlaskClient):
    # Black and Asian respondents are 12 each in all, but 6 in each quarter: no line, on the
    # page and in the export alike, each saying why.
    made = []
    for month in ("2026-01", "2026-04"):
        made += group(15, "white", month=month, answers={"satisfaction": "satisfied"})
        made += group(6, "black", month=month, answers={"satisfaction": "dissatisfied"})
        made += group(6, "asian", month=month, answers={"satisfaction": "satisfied"})
    add_responses(made)
    signed_in(client, Role.ANALYST)
    page = Browser(client).get("/results/stop-search").text()
    assert (
        "No line for Asian or Asian British (in January to March 2026 and April to June 2026"
        in page
    )
    text = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    trend = [
        row
        for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        if row["Section"].startswith("Trend:")
    ]
    for code in ("asian", "black"):
        rows = [row for row in trend if row["Group code"] == code]
        assert len(rows) == 1
        assert rows[0]["Item"] == "Every quarter" and rows[0]["Value"] == "[c]"
        assert "this group had fewer than 10 answers, or its line is hidden" in rows[0]["Note"]
    assert len([row for row in trend if row["Group code"] == "white"]) == 2  # a quarter each


def test_the_export_says_when_no_difference_was_tested(client: FlaskClient):
    # Grouped by sex, with nobody having given it, there is no reference group.
    add_responses(group(12, "white", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    book = load_workbook(io.BytesIO(client.get("/results/stop-search/export.xlsx?by=sex").data))
    about = [row[0] for row in book["About"].iter_rows(values_only=True)]
    assert not any("all 0 comparisons" in line for line in about)
    assert "no difference is tested" in " ".join(about)


def test_a_reference_group_that_cannot_be_compared_with_is_named(
    client: FlaskClient, browser: Browser
):
    add_responses(
        group(30, "white", answers={"satisfaction": "satisfied"})
        + group(20, "asian", answers={"satisfaction": "satisfied"})
        + group(5, "black", answers={"satisfaction": "dissatisfied"})
    )
    signed_in(client, Role.ANALYST)
    said = browser.get("/results/stop-search?compare=black").text()
    assert (
        "Black, Black British, Caribbean or African, the group chosen under “Compare with”, is "
        "hidden in this view (fewer than 10 respondents, or hidden with a group that has, so "
        "that neither can be worked out from the total), so nothing is compared with it."
    ) in said
    said = browser.get("/results/stop-search?compare=other").text()
    assert (
        "Other ethnic group, the group chosen under “Compare with”, has no respondents in this "
        "view, so nothing is compared with it."
    ) in said
    report = browser.get("/results/stop-search/report?compare=black").text()
    assert "No group. Black, Black British, Caribbean or African, the group chosen" in report


def test_why_quotes_are_not_shown_is_a_sentence(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white", texts=[("improve", "Rude", -0.5, ["Respect and manner"])]))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?theme=Respect+and+manner&group=white")
    reason = " ".join(page.soup.select_one("#quotes .govuk-inset-text").get_text().split())
    assert reason.endswith("so that nobody can be recognised from what they wrote.")


@pytest.mark.parametrize("month", ["²", "①", "1²"])
def test_a_month_in_digits_python_cannot_read_is_a_plain_error(
    client: FlaskClient, browser: Browser, month: str
):
    signed_in(client, Role.ANALYST)
    page = browser.get(f"/results/stop-search?start={month}&start=2026")
    assert page.status == 400
    assert page.error_summary() == ["From must be a real month, for example 4 2026"]


def test_the_api_takes_a_month_in_ascii_digits_only(client: FlaskClient):
    add_responses(group(12, "white", month="2026-03", answers={"satisfaction": "satisfied"}))
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    headers = {"Authorization": f"Bearer {secret}"}
    url = "/api/v1/surveys/stop-search/results?from="
    assert client.get(url + "2026-01", headers=headers).json["groups"][0]["n"] == 12
    # Full-width digits would be compared as text with the stored months, after them all.
    response = client.get(url + "２０２６-01", headers=headers)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "from"


def test_not_stated_by_ethnicity_says_whom_it_counts(client: FlaskClient, browser: Browser):
    # Twelve White respondents gave no ethnicity within White: Not stated, by ethnicity.
    add_responses(group(12, "white") + group(15, "white", ethnicity="white_british"))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?by=ethnicity")
    assert page.table("Respondents by ethnic group (detailed)")["Not stated"][0] == "12"
    assert "Not stated here also counts people who gave their ethnic group" in page.text()
    page = browser.get("/results/stop-search?by=ethnic_group")
    assert "Not stated" not in page.table("Respondents by ethnic group")
    assert "Not stated here also counts" not in page.text()
