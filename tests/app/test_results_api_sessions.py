"""The results API's listening-session filter and its reasons for hidden groups: the same
figures, the same hidden groups and the same words as the results page, and a 422 naming
``session`` for a session that is not one of the survey's."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from app.services import api_tokens
from models import Event, Role, Scope, db
from tests.results_data import add_responses, group
from tests.staff import signed_in

PROBLEM = "application/problem+json"
SLUG = "listening-session"
URL = f"/api/v1/surveys/{SLUG}/results"
SATISFIED = {"satisfaction": "satisfied"}
IN_TABLE = (
    "fewer than 10 respondents, or hidden with a group that has, so that neither can be "
    "worked out from the total"
)
CARRIED = (
    "hidden in every filtered view, as it is with no filter, where it has fewer than 10 "
    "respondents or is hidden with a group that has"
)


@pytest.fixture
def auth() -> dict[str, str]:
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    return {"Authorization": f"Bearer {secret}"}


def _session(name: str, day: int) -> Event:
    event = Event(given_name=name, held_on=dt.date(2026, 3, day))
    db.session.add(event)
    db.session.commit()
    return event


def _at(event: Event | None, made, slug: str = SLUG) -> None:
    for response in add_responses(made, slug=slug):
        response.event_id = event.id if event else None
    db.session.commit()


@pytest.fixture
def sessions() -> tuple[Event, Event]:
    """Two sessions: Black respondents are 12 at Riverside but 3 at the Market Hall, so in any
    view filtered by session they are hidden (comparing sessions would give the 3 away)."""
    riverside, market = _session("Riverside", 12), _session("Market Hall", 19)
    _at(riverside, group(20, "white") + group(12, "black"))
    _at(market, group(15, "white") + group(3, "black") + group(14, "asian"))
    return riverside, market


def _as_the_page_shows(body: dict) -> dict[str, str]:
    """Each group's count as the results page's table has it: the number, or "[c]" with its
    reason."""

    def hidden(why: str) -> str:
        # A reason saying "hidden in every view…" is not read after "hidden:" again.
        return f"[c] ({why})" if why.startswith("hidden ") else f"[c] (hidden: {why})"

    return {
        g["label"]: hidden(g["suppressed_reason"]) if g["suppressed"] else str(g["n"])
        for g in body["groups"]
    }


def test_a_session_s_results_are_the_page_s_for_that_session(client, browser, auth, sessions):
    signed_in(client, Role.ANALYST)
    for event in sessions:
        response = client.get(f"{URL}?session={event.id}", headers=auth)
        assert response.status_code == 200, response.get_data(as_text=True)
        page = browser.get(f"/results/{SLUG}?event={event.id}")
        assert page.status == 200
        table = page.table("Respondents by ethnic group")
        shown = {label: cells[0] for label, cells in table.items() if label != "All respondents"}
        assert _as_the_page_shows(response.get_json()) == shown
    riverside, _ = sessions
    body = client.get(f"{URL}?session={riverside.id}", headers=auth).get_json()
    at_riverside = {g["group"]: g for g in body["groups"]}
    # Only Riverside's 20 White respondents, not the 35 of both sessions.
    assert at_riverside["white"]["n"] == 20
    # 12 Black respondents there, but 3 at the Market Hall: hidden, naming where.
    assert at_riverside["black"]["suppressed"] is True
    assert at_riverside["black"]["n"] is None
    assert "Market Hall" in at_riverside["black"]["suppressed_reason"]
    assert "listening session" in at_riverside["black"]["suppressed_reason"]


def test_a_session_combines_with_the_other_filters(client, auth, sessions):
    riverside, _ = sessions
    # With a session chosen, dates are whole reporting years, April to March.
    body = client.get(
        f"{URL}?session={riverside.id}&from=2025-04&to=2026-03&by=ethnic_group", headers=auth
    ).get_json()
    assert {g["group"]: g["n"] for g in body["groups"]}["white"] == 20
    # No one at Riverside answered before April 2025: no group has a figure, and each says why.
    before = client.get(f"{URL}?session={riverside.id}&to=2025-03", headers=auth).get_json()
    assert before["groups"]
    for figures in before["groups"]:
        assert (figures["n"], figures["suppressed"]) == (None, True)
        assert figures["suppressed_reason"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "riverside",
        "0",
        "012",
        "-1",
        "1.0",
        "1e3",
        " 1",
        "1\n",
        "١",  # a digit, but not one the page's numbers use
        "9" * 19,
        "99999",
    ],
)
def test_a_session_that_is_not_one_is_a_422_naming_it(client, auth, sessions, value):
    response = client.get(URL, query_string={"session": value}, headers=auth)
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    errors = response.get_json()["errors"]
    assert [e["field"] for e in errors] == ["session"]
    assert "listening session" in errors[0]["message"]


def test_another_survey_s_session_is_not_one_of_this_survey_s(client, auth, sessions):
    elsewhere = _session("Stop and search drop-in", 26)
    _at(elsewhere, group(12, "white"), slug="stop-search")
    response = client.get(f"{URL}?session={elsewhere.id}", headers=auth)
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {
            "field": "session",
            "message": f"There is no listening session {elsewhere.id} of this survey",
        }
    ]


@pytest.mark.parametrize(
    ("mixed", "black"),
    [
        (9, 9),  # both below 10: told apart, 18 between them would be 9 and 9
        (1, 10),  # one below 10 and its cover: told apart, 11 would be 1 and 10
    ],
)
def test_hidden_groups_give_one_reason_whether_small_or_cover(
    client: FlaskClient, auth, mixed, black
):
    for month in ("2026-01", "2026-02"):
        add_responses(group(20, "white", month=month, answers=SATISFIED))
        add_responses(group(15, "asian", month=month, answers=SATISFIED))
    add_responses(group(mixed, "mixed", month="2026-01", answers=SATISFIED))
    add_responses(group(black, "black", month="2026-02", answers=SATISFIED))
    url = "/api/v1/surveys/stop-search/results"
    for query, reason in (("", IN_TABLE), ("?to=2026-03", CARRIED)):
        groups = {g["group"]: g for g in client.get(url + query, headers=auth).get_json()["groups"]}
        small_or_cover = [groups["mixed"], groups["black"]]
        assert all(g["suppressed"] for g in small_or_cover), query
        # Nothing but the group's own name tells the two apart.
        alike = [
            {k: v for k, v in g.items() if k not in ("group", "label")} for g in small_or_cover
        ]
        assert alike[0] == alike[1], query
        assert alike[0]["suppressed_reason"] == reason
    shown = client.get(url, headers=auth).get_json()["groups"]
    assert [g["suppressed_reason"] for g in shown if not g["suppressed"]] == [None, None]


def test_the_sessions_are_listed_with_the_number_the_filter_takes(
    client: FlaskClient, auth, sessions
):
    riverside, market = sessions
    riverside.name_cy = "Glan yr Afon"
    db.session.commit()
    response = client.get(f"/api/v1/surveys/{SLUG}/sessions", headers=auth)
    assert response.status_code == 200
    body = response.get_json()
    assert body["survey"] == SLUG
    assert body["sessions"] == [
        {
            "session": market.id,
            "name": "Market Hall",
            "name_cy": None,
            "held_on": "2026-03-19",
            "area": None,
        },
        {
            "session": riverside.id,
            "name": "Riverside",
            "name_cy": "Glan yr Afon",
            "held_on": "2026-03-12",
            "area": None,
        },
    ]
    # Each number is one the results take.
    for listed in body["sessions"]:
        found = client.get(f"{URL}?session={listed['session']}", headers=auth)
        assert found.status_code == 200


def test_the_sessions_list_needs_a_known_survey_the_scope_and_no_parameters(
    client: FlaskClient, auth
):
    missing = client.get("/api/v1/surveys/cake/sessions", headers=auth)
    assert (missing.status_code, missing.mimetype) == (404, PROBLEM)
    asked = client.get(f"/api/v1/surveys/{SLUG}/sessions?area=north", headers=auth)
    assert (asked.status_code, asked.mimetype) == (422, PROBLEM)
    assert asked.get_json()["errors"][0]["field"] == "area"
    links_only = api_tokens.create_token("Stop-search app", [Scope.LINKS_WRITE]).secret
    refused = client.get(
        f"/api/v1/surveys/{SLUG}/sessions", headers={"Authorization": f"Bearer {links_only}"}
    )
    assert refused.status_code == 403
    # A survey without sessions lists none.
    none = client.get("/api/v1/surveys/stop-search/sessions", headers=auth)
    assert none.status_code == 200 and none.get_json()["sessions"] == []


def test_dates_with_a_session_are_whole_years_from_april_to_march(client, auth, sessions):
    riverside, _ = sessions
    response = client.get(f"{URL}?session={riverside.id}&from=2026-01&to=2026-03", headers=auth)
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    (error,) = response.get_json()["errors"]
    assert error["field"] == "from"
    assert error["message"] == (
        "With an area or listening session chosen, results by date are in whole years from "
        "April to March: from must be an April, like 2025-04"
    )
