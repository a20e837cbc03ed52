"""The trend of a chosen question in the API's results document and in the results cache: the
API gives the page's trend of the question ``trend`` names, refuses one that cannot be
chosen, and a stored trend of one question is never served for another.

The survey is test_results_trend_choice's: Black has a line in the headline's trend and none
in told_grounds' (4 answered it in May), Asian the other way round (3 answered satisfaction
in May)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import results_queries
from models import ResultsCache, Scope, db
from tests.api_token_names import fresh_secret
from tests.app.test_results_trend_choice import ASIAN, BLACK, GROUNDS, seed_two_questions, trend_of
from tests.pages import Browser

URL = "/api/v1/surveys/stop-search/results"


def _get(client: FlaskClient, query: str = ""):
    secret = fresh_secret("Board pack", [Scope.RESULTS_READ])
    return client.get(URL + query, headers={"Authorization": f"Bearer {secret}"})


def test_the_api_gives_the_trend_of_the_question_named_as_the_page_does(
    client: FlaskClient, browser: Browser, analyst
):
    seed_two_questions()
    headline = _get(client).get_json()["trend"]
    assert headline["question"] == "satisfaction"
    assert [g["group"] for g in headline["groups"]] == ["white", "black"]

    response = _get(client, "?trend=told_grounds")
    assert response.status_code == 200, response.get_data(as_text=True)
    trend = response.get_json()["trend"]
    assert (trend["question"], trend["text"]) == ("told_grounds", GROUNDS)
    assert [g["group"] for g in trend["groups"]] == ["white", "asian"]
    assert [(g["group"], g["label"]) for g in trend["without_line"]] == [
        ("black", BLACK),
        ("not_stated", "Not stated"),
    ]
    # The figures the page's table gives, and nothing of the groups without a line.
    _, rows, _ = trend_of(browser.get("/results/stop-search?trend=told_grounds"))
    for place, period in enumerate(trend["periods"]):
        given = rows[period["label"]]
        assert given[1] == str(trend["total"]["points"][place]["answered"])
        for column, series in enumerate(trend["groups"], start=2):
            assert given[column].split(" of ")[1] == str(series["points"][place]["answered"])
    # Black's 4 of May is nowhere in the document.
    assert not re.search(r'"answered": ?4[,}]', response.get_data(as_text=True))
    # The rest of the document is the same whichever trend is asked for.
    rest = {k: v for k, v in response.get_json().items() if k not in ("trend", "counted_at")}
    again = {k: v for k, v in _get(client).get_json().items() if k not in ("trend", "counted_at")}
    assert rest == again


@pytest.mark.parametrize("asked", ["no_such_question", "went_well", "handcuffed", "reasons"])
def test_a_question_that_cannot_be_chosen_is_a_422_naming_those_that_can(
    client: FlaskClient, asked: str
):
    seed_two_questions()
    response = _get(client, f"?by=sex&trend={asked}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["errors"] == [
        {
            "field": "trend",
            "message": "trend must be a question with a favourable answer, one of: "
            "told_grounds, told_object, officer_identified, told_record, bwv_on, "
            "told_why_handcuffed, respect, fair, satisfaction, confidence_change; "
            f"{asked!r} is not",
        }
    ]


def test_a_stored_trend_is_never_served_for_another_question(
    client: FlaskClient, browser: Browser, analyst, monkeypatch: pytest.MonkeyPatch
):
    seed_two_questions()
    headers, _, headline = trend_of(browser.get("/results/stop-search"))
    assert BLACK in headers and f"No line for {ASIAN}" in headline
    # Straight after the headline's trend is stored: told_grounds' is its own.
    headers, _, grounds = trend_of(browser.get("/results/stop-search?trend=told_grounds"))
    assert ASIAN in headers and BLACK not in headers and f"No line for {BLACK}" in grounds
    # And back again.
    headers, _, again = trend_of(browser.get("/results/stop-search"))
    assert BLACK in headers and again == headline

    # Each question's answers by month are stored under a key of their own; the rest of the
    # page's counts once, for both.
    keys = set(db.session.scalars(select(ResultsCache.key)))
    assert len([k for k in keys if k.startswith("ethnic_group:trend:")]) == 2, keys
    assert len([k for k in keys if k.startswith("ethnic_group:all:")]) == 1, keys

    # Both are now read from the store, each as its own question.
    def refuse(*args, **kwargs):
        raise AssertionError("counted from the rows")

    for name in ("respondents", "answers", "text_answers", "themes", "respondents_answering"):
        monkeypatch.setattr(results_queries, name, refuse)
    assert trend_of(browser.get("/results/stop-search?trend=told_grounds"))[2] == grounds
    assert trend_of(browser.get("/results/stop-search"))[2] == headline
