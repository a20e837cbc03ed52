"""The results API's document says where a filtered view may hide a group or how many were
asked a question as the results page does: in a calendar quarter, an area or listening
session, or a reporting year (April to March) in an area or session; never "any month", which
views by date do not count in."""

from __future__ import annotations

from flask.testing import FlaskClient


def _spec(client: FlaskClient) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def test_the_operation_says_which_cells_a_filtered_view_hides_a_group_for(client: FlaskClient):
    operation = _spec(client)["paths"]["/surveys/{slug}/results"]["get"]
    words = " ".join(operation["description"].split())
    assert "any month, area or listening session" not in words
    assert "in any calendar quarter, area or listening session of the survey" in words
    assert "any reporting year (April to March) in an area or session" in words


def test_the_number_asked_says_a_reporting_year_in_a_place_may_withhold_it(client: FlaskClient):
    suppressed = _spec(client)["components"]["schemas"]["Asked"]["properties"]["suppressed"]
    assert "a reporting year (April to March) in an area or session" in suppressed["description"]
