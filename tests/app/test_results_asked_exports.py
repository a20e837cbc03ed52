"""The exports and the results API say how many were asked a conditional question (stop and
search asks "Were you told why you were handcuffed?" only after "Yes" to "Were you
handcuffed?") with the page's figures, and never give a number the page withholds."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook

from models import Role, Scope
from tests.api_token_names import fresh_secret
from tests.app.test_results_asked import (
    ANALYSTS,
    HANDCUFFED,
    asked_sentences,
    people,
    respond,
    results_page,
)
from tests.factories import create_area
from tests.staff import forget_request_state, signed_in

QUESTION = "Were you told why you were handcuffed?"
ASKED_OF = "people who answered “Were you handcuffed?” with Yes"
MEASURE = "People asked the question"


def _csv_row(app: Flask, query: str = "") -> dict[str, str]:
    forget_request_state()
    client = app.test_client()
    signed_in(client, Role.ANALYST, email=f"exporter{next(ANALYSTS)}@example.org")
    response = client.get(f"/results/stop-search/export.csv{query}")
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    (row,) = [row for row in rows if row["Measure"] == MEASURE]
    return row


def _xlsx_row(app: Flask, query: str = "") -> dict[str, Any]:
    forget_request_state()
    client = app.test_client()
    signed_in(client, Role.ANALYST, email=f"workbook{next(ANALYSTS)}@example.org")
    response = client.get(f"/results/stop-search/export.xlsx{query}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data()))["Results"]
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    (row,) = [dict(zip(header, row, strict=True)) for row in rows if row[4] == MEASURE]
    return row


def _api(app: Flask, query: str = "") -> dict[str, Any]:
    secret = fresh_secret("Board pack", [Scope.RESULTS_READ])
    response = app.test_client().get(
        f"/api/v1/surveys/stop-search/results{query}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    return response.get_json()["asked"]


@pytest.mark.parametrize(
    ("yes", "no", "sentence", "asked", "bounds"),
    [
        (13, 40, "26 of 106 were asked", 26, (None, None)),
        (2, 20, "fewer than 10 of 44 were asked", None, (10, None)),  # 4 asked
        (20, 2, "more than 34 of 44 were asked", None, (None, 34)),  # 4 not asked
    ],
)
def test_exports_and_api_give_the_pages_figures(
    app: Flask,
    yes: int,
    no: int,
    sentence: str,
    asked: int | None,
    bounds: tuple[int | None, int | None],
):
    respond(people(yes, "yes") + people(no, "no"))
    total = 2 * (yes + no)
    expected = f"{HANDCUFFED}: {sentence}."
    assert asked_sentences(results_page(app)) == [expected]

    api = _api(app)
    assert list(api) == ["told_why_handcuffed"]
    assert api["told_why_handcuffed"] == {
        "question": QUESTION,
        "asked_of": ASKED_OF,
        "respondents": total,
        "asked": asked,
        "asked_fewer_than": bounds[0],
        "asked_more_than": bounds[1],
        "suppressed": asked is None,
        "summary": expected,
    }

    row = _csv_row(app)
    assert (row["Section"], row["Item"]) == (QUESTION, f"Asked only of {ASKED_OF}")
    assert (row["Group code"], row["n"], row["Unit"]) == ("all", str(total), "people")
    assert row["Value"] == (str(asked) if asked is not None else "[c]")
    assert row["Note"] == expected

    cells = _xlsx_row(app)
    assert (cells["n"], cells["Value"], cells["Note"]) == (
        total,
        asked if asked is not None else "[c]",
        expected,
    )


def test_the_asked_row_follows_the_questions_own_figures(app: Flask):
    respond(people(13, "yes") + people(40, "no"))
    forget_request_state()
    client = app.test_client()
    signed_in(client, Role.ANALYST)
    text = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    at = next(i for i, row in enumerate(rows) if row["Measure"] == MEASURE)
    assert rows[at - 1]["Section"] == QUESTION and rows[at - 1]["Group code"] == "all"
    assert rows[at + 1]["Section"] != QUESTION


def test_a_view_of_fewer_than_k_gives_no_asked_figures(app: Flask):
    respond(people(2, "yes") + people(2, "no"))
    assert asked_sentences(results_page(app)) == []
    figure = _api(app)["told_why_handcuffed"]
    assert (figure["respondents"], figure["asked"], figure["suppressed"]) == (None, None, True)
    assert figure["summary"] is None
    row = _csv_row(app)
    assert (row["n"], row["Value"], row["Note"]) == ("[c]", "[c]", "fewer than 10 respondents")


def test_a_filtered_view_gives_no_count_that_another_view_would_reveal(app: Flask):
    """Four people were asked in April to June. The whole survey says 18 of 98; if January to
    March alone said 14 of 54, the difference would give April to June's 4 away."""
    april = people(2, "yes", month="2026-04") + people(20, "no", month="2026-04")
    respond(people(7, "yes") + people(20, "no") + april)

    whole = f"{HANDCUFFED}: 18 of 98 were asked."
    assert asked_sentences(results_page(app)) == [whole]
    assert _api(app)["told_why_handcuffed"]["asked"] == 18
    assert _csv_row(app)["Value"] == "18"

    first_quarter = (
        f"{HANDCUFFED}: how many of 54 were asked is not shown in filtered views like this one, "
        "because in some quarter fewer than 10 people were asked, or were not asked."
    )
    page_query = "?start=1&start=2026&end=3&end=2026"
    assert asked_sentences(results_page(app, page_query)) == [first_quarter]
    figure = _api(app, "?from=2026-01&to=2026-03")["told_why_handcuffed"]
    assert (figure["respondents"], figure["asked"], figure["suppressed"]) == (54, None, True)
    assert (figure["asked_fewer_than"], figure["asked_more_than"]) == (None, None)
    assert figure["summary"] == first_quarter
    row = _csv_row(app, page_query)
    assert (row["n"], row["Value"], row["Note"]) == ("54", "[c]", first_quarter)


def test_a_filtered_view_gives_no_total_when_some_cell_has_fewer_than_k(app: Flask):
    """The North had 4 people in April to June (April has 14 in all, so it is counted)."""
    north, south = create_area("north", "North"), create_area("south", "South")
    april = people(1, "yes", month="2026-04", area=north) + people(
        1, "no", month="2026-04", area=north
    )
    others = people(5, "no", month="2026-04", area=south)
    respond(people(13, "yes", area=north) + people(40, "no", area=north) + april + others)

    assert asked_sentences(results_page(app)) == [f"{HANDCUFFED}: 28 of 120 were asked."]
    first_quarter = (
        f"{HANDCUFFED}: how many were asked is not shown in filtered views like this one, "
        "because some quarter, area or listening session, or some reporting year (April to "
        "March) in an area or session, has fewer than 10 respondents."
    )
    # With an area, dates are whole reporting years: April 2025 to March 2026.
    page_query = "?start=4&start=2025&end=3&end=2026&area=north"
    assert asked_sentences(results_page(app, page_query)) == [first_quarter]
    figure = _api(app, "?to=2026-03&area=north")["told_why_handcuffed"]
    assert (figure["respondents"], figure["asked"], figure["summary"]) == (
        None,
        None,
        first_quarter,
    )
    row = _xlsx_row(app, "?end=3&end=2026&area=north")
    assert (row["n"], row["Value"], row["Note"]) == ("[c]", "[c]", first_quarter)


def test_a_view_by_area_and_year_gives_the_count_when_its_years_and_quarters_are_safe(app: Flask):
    """The North had 4 people asked in April to June 2025, but views by date and area are whole
    reporting years, and its year April 2025 to March 2026 had 30 asked and 100 not; every
    quarter over all areas, and each area over all time, has at least 10 of each too."""
    north, south = create_area("north", "North"), create_area("south", "South")
    respond(
        people(13, "yes", area=north)
        + people(40, "no", area=north)
        + people(2, "yes", month="2025-04", area=north)
        + people(10, "no", month="2025-04", area=north)
        + people(5, "yes", month="2025-04", area=south)
        + people(10, "no", month="2025-04", area=south)
    )
    year = f"{HANDCUFFED}: 30 of 130 were asked."
    assert asked_sentences(results_page(app, "?start=4&start=2025&end=3&end=2026&area=north")) == [
        year
    ]
    figure = _api(app, "?from=2025-04&to=2026-03&area=north")["told_why_handcuffed"]
    assert (figure["respondents"], figure["asked"], figure["summary"]) == (130, 30, year)
