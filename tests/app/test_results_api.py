"""GET /api/v1/surveys/<slug>/results: the shape in DESIGN.md, the same numbers as the page,
the results:read scope, and problem details for anything wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from models import Role, Scope
from tests.api_token_names import fresh_secret
from tests.factories import create_area
from tests.results_data import add_responses, group
from tests.staff import signed_in

PROBLEM = "application/problem+json"
URL = "/api/v1/surveys/stop-search/results"


def _auth(*scopes: Scope) -> dict[str, str]:
    secret = fresh_secret("Board pack", scopes or [Scope.RESULTS_READ])
    return {"Authorization": f"Bearer {secret}"}


def _data() -> None:
    texts = [("improve", "Explain why", -0.5, ["Explanation of grounds"])]
    add_responses(
        group(30, "white", answers={"satisfaction": "satisfied", "respect": "agree"})
        + group(10, "white", answers={"satisfaction": "neither"}, texts=texts)
        + group(10, "black", answers={"satisfaction": "satisfied"}, texts=texts)
        + group(15, "black", answers={"satisfaction": "dissatisfied"}, texts=texts)
        + group(14, "not_stated", answers={"satisfaction": "satisfied"})
    )


def test_the_results_have_exactly_the_documented_shape(client: FlaskClient):
    _data()
    response = client.get(URL, headers=_auth())
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert set(body) == {
        *("survey", "by", "k", "groups", "asked", "counted_at", "months_not_counted"),
        *("filters", "reference", "comparisons", "findings", "question_details"),
        *("theme_names", "total", "trend", "notes"),
    }
    # Counted by this request: a time in UTC, a moment ago.
    counted = dt.datetime.fromisoformat(body["counted_at"])
    assert abs((dt.datetime.now(dt.UTC) - counted).total_seconds()) < 600
    assert (body["survey"], body["by"], body["k"]) == ("stop-search", "ethnic_group", 10)
    groups = {g["group"]: g for g in body["groups"]}
    assert list(groups) == ["white", "black", "not_stated"]
    white = groups["white"]
    assert set(white) == {
        *("group", "label", "n", "suppressed", "suppressed_reason"),
        *("questions", "sentiment", "themes"),
        *("share_of_respondents", "theme_figures", "distributions"),
    }
    assert (white["label"], white["n"], white["suppressed"]) == ("White", 40, False)
    assert white["suppressed_reason"] is None
    assert white["questions"]["satisfaction"]["positive_share"] == 0.75
    low, high = white["questions"]["satisfaction"]["ci"]
    assert 0.59 < low < 0.75 < high < 0.87
    # 30 of the 40 answered "respect"; all agreed.
    assert white["questions"]["respect"]["positive_share"] == 1.0
    assert {"positive_share", "ci", "hidden_reason"} <= set(white["questions"]["respect"])
    assert white["questions"]["respect"]["hidden_reason"] is None
    black = groups["black"]
    assert black["questions"]["satisfaction"]["positive_share"] == 0.4
    # Fewer than 10 Black respondents answered "respect" (none did): no figure.
    # (hidden_reason is None too: nobody answered, so nothing is hidden.)
    respect = black["questions"].get("respect", {})
    assert set(respect.values()) <= {None}
    assert black["sentiment"]["mean"] == -0.5
    assert black["themes"]["Explanation of grounds"] == 1.0
    # White's 10 writers are exactly k: shown.
    assert white["sentiment"]["mean"] == -0.5


def test_the_api_gives_the_numbers_the_page_shows(client: FlaskClient, browser):
    _data()
    body = client.get(URL + "?by=ethnic_group", headers=_auth()).get_json()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?by=ethnic_group")
    table = page.soup.select_one("#table-satisfaction")
    shown = {
        " ".join(tr.select_one("th").get_text().split()): tr.select("td")[0].get_text(strip=True)
        for tr in table.select("tbody tr")
    }
    for g in body["groups"]:
        share = g["questions"]["satisfaction"]["positive_share"]
        assert shown[g["label"]] == f"{round(share * 100)}%"


def test_filters_by_month_and_area(client: FlaskClient):
    north = create_area("north", "North District")
    add_responses(group(20, "white", area=north, month="2026-02", answers={"fair": "agree"}))
    add_responses(group(20, "white", month="2026-04", answers={"fair": "disagree"}))
    auth = _auth()
    everything = client.get(URL, headers=auth).get_json()["groups"][0]
    assert everything["n"] == 40
    assert everything["questions"]["fair"]["positive_share"] == 0.5
    # A day is taken as its month; views by date cover whole quarters: January to March.
    first_quarter = client.get(URL + "?from=2026-01-14&to=2026-03", headers=auth).get_json()
    assert first_quarter["groups"][0]["n"] == 20
    assert first_quarter["groups"][0]["questions"]["fair"]["positive_share"] == 1.0
    assert client.get(URL + "?area=north", headers=auth).get_json()["groups"][0]["n"] == 20


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2026-13", "from"),
        ("?to=yesterday", "to"),
        ("?from=2026-04&to=2026-03", "to"),
        ("?from=2026-02", "from"),  # views by date are whole quarters
        ("?to=2026-04-30", "to"),
        ("?from=2026-04-31", "from"),  # April has 30 days: no day, so no month, is meant
        ("?to=2026-06-31", "to"),
        ("?by=shoe_size", "by"),
        ("?by=role", "by"),
        ("?area=atlantis", "area"),
        ("?area=", "area"),
        ("?by=", "by"),
        ("?from=", "from"),
        ("?from=2026-03%0A", "from"),  # a month and a line break is not a month
        ("?aera=north", "aera"),  # a typo must not quietly give every area's results
        ("?=true", ""),
        ("?area=north&area=south", "area"),  # which was meant? not quietly the first
        ("?by=sex&by=sex", "by"),
        ("?trend=", "trend"),
        ("?trend=no_such_question", "trend"),
        ("?trend=went_well", "trend"),  # free text: no favourable share
        ("?trend=scrutiny_interest", "trend"),  # no favourable answer
        ("?trend=told_grounds&trend=respect", "trend"),
    ],
)
def test_bad_queries_are_422_problem_details(client: FlaskClient, query: str, field: str):
    response = client.get(URL + query, headers=_auth())
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert response.get_json()["errors"][0]["field"] == field


def test_a_month_inside_a_quarter_is_refused_saying_which_months_are_taken(client: FlaskClient):
    response = client.get(URL + "?from=2026-02&to=2026-05", headers=_auth())
    assert response.status_code == 422
    message = response.get_json()["errors"][0]["message"]
    assert "first month of a quarter (January, April, July or October)" in message
    assert "like 2026-04" in message
    response = client.get(URL + "?from=2026-04&to=2026-05", headers=_auth())
    assert response.get_json()["errors"][0]["message"].startswith(
        "to must be the last month of a quarter (March, June, September or December)"
    )


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("?from=2026-02&to=2026-05", ("first month of a quarter", "last month of a quarter")),
        ("?from=2025-07&to=2026-06&area=north", ("an April", "a March")),
    ],
)
def test_from_and_to_both_wrong_are_both_named(client: FlaskClient, query: str, said: tuple):
    create_area("north", "North District")
    response = client.get(URL + query, headers=_auth())
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert [e["field"] for e in errors] == ["from", "to"]
    assert all(words in e["message"] for e, words in zip(errors, said, strict=True))


@pytest.mark.parametrize(
    ("query", "field", "example"),
    [("?from=2026-4", "from", "2026-04"), ("?to=June", "to", "2026-06")],
)
def test_a_value_that_is_no_month_is_refused_with_an_example_that_would_be_taken(
    client: FlaskClient, query: str, field: str, example: str
):
    response = client.get(URL + query, headers=_auth())
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error == {"field": field, "message": f"{field} must be a month like {example}"}
    # The example itself is taken.
    assert client.get(f"{URL}?{field}={example}", headers=_auth()).status_code == 200


def test_role_is_a_grouping_of_say_to_stay(client: FlaskClient):
    add_responses(
        group(12, "white", answers={"role": "police_staff", "valued": "agree"}), slug="say-to-stay"
    )
    body = client.get("/api/v1/surveys/say-to-stay/results?by=role", headers=_auth()).get_json()
    assert body["groups"][0]["group"] == "police_staff"
    assert body["groups"][0]["questions"]["valued"]["positive_share"] == 1.0


def test_unknown_survey_is_404_and_scope_is_needed(client: FlaskClient):
    response = client.get("/api/v1/surveys/nothing/results", headers=_auth())
    assert (response.status_code, response.mimetype) == (404, PROBLEM)
    denied = client.get(URL, headers=_auth(Scope.LINKS_READ, Scope.LINKS_WRITE))
    assert denied.status_code == 403
    assert denied.get_json()["detail"] == "This API token does not have the results:read scope"
    assert client.get(URL).status_code == 401


def test_the_openapi_document_describes_the_results(client: FlaskClient):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/surveys/{slug}/results"]["get"]
    assert [p["name"] for p in operation["parameters"]] == [
        *("slug", "by", "from", "to", "area", "session", "reference", "trend"),
    ]
    assert "Results" in spec["components"]["schemas"]
    group = spec["components"]["schemas"]["Group"]
    assert "suppressed_reason" in group["required"]
    assert group["properties"]["suppressed_reason"]["type"] == ["string", "null"]
    # A null figure within a shown group is not said to have fewer than k answers: it may be
    # hidden with one that has, and the page and exports never say which.
    description = operation["description"]
    assert "(fewer than `k` answered that question)" not in description
    assert "or it is hidden with a group where fewer did" in description


def test_a_figure_hidden_within_a_shown_group_says_why_as_the_page_does(client: FlaskClient):
    """White is shown (25), but only 5 of them were asked about respect: that figure is hidden,
    with the reason the page gives in that cell; the others have none."""
    add_responses(group(20, "white", answers={"satisfaction": "satisfied"}))
    add_responses(group(5, "white", answers={"satisfaction": "satisfied", "respect": "agree"}))
    add_responses(group(20, "black", answers={"satisfaction": "satisfied", "respect": "agree"}))
    body = client.get(URL, headers=_auth()).get_json()
    white = next(g for g in body["groups"] if g["group"] == "white")
    assert white["suppressed"] is False and white["n"] == 25
    respect = white["questions"]["respect"]
    assert respect["positive_share"] is None and respect["ci"] is None
    assert respect["hidden_reason"] == (
        "fewer than 10 respondents, or hidden with a group that has, so that neither can be "
        "worked out from the total"
    )
    assert white["questions"]["satisfaction"]["hidden_reason"] is None
    signed_in(client, Role.ANALYST)
    page = client.get("/results/stop-search").get_data(as_text=True)
    assert f"(hidden: {respect['hidden_reason']})" in page
