"""Results read through the API are in the audit log, as results exported from the page are
(OWASP ASVS 4.0, 7.1.3 and 8.3.5: access to sensitive data is logged). The API gives the same
figures by ethnic group, disability or religion as the CSV and Excel exports; an administrator
asked who took them, and when, must be able to answer for the systems holding a token as for
the people who press "Download". Which token, which survey, how grouped and filtered are
recorded; never a figure. The same reading again within the hour (a dashboard asking every
minute) is recorded once."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens
from models import AuditEvent, Role, Scope, db
from tests.pages import Browser
from tests.staff import signed_in

RESULTS = "/api/v1/surveys/stop-search/results"


def reads() -> list[tuple[str | None, str | None, dict]]:
    db.session.expire_all()
    found = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "results.api_read").order_by(AuditEvent.id)
    )
    return [(event.actor, event.target, event.detail) for event in found]


def _token(name: str = "Force dashboard") -> tuple[api_tokens.NewToken, dict[str, str]]:
    made = api_tokens.create_token(name, [Scope.RESULTS_READ])
    return made, {"Authorization": f"Bearer {made.secret}"}


def test_results_read_through_the_api_are_recorded_with_the_token_and_the_query(
    client: FlaskClient,
):
    made, headers = _token()

    response = client.get(f"{RESULTS}?by=ethnicity&from=2026-01&to=2026-03", headers=headers)
    assert response.status_code == 200

    ((actor, target, detail),) = reads()
    assert (actor, target) == (None, "stop-search")
    assert detail == {
        "token": "Force dashboard",
        "prefix": made.token.prefix,
        "by": "ethnicity",
        "from": "2026-01",
        "to": "2026-03",
        "area": None,
        "event": None,
        "reference": response.json["reference"],
        "trend": None,
    }


def test_the_same_reading_again_within_the_hour_is_recorded_once(client: FlaskClient):
    _, headers = _token()
    for _ in range(4):
        assert client.get(f"{RESULTS}?by=sex", headers=headers).status_code == 200
    assert client.get(f"{RESULTS}?by=religion", headers=headers).status_code == 200
    assert [detail["by"] for _, _, detail in reads()] == ["sex", "religion"]

    for event in db.session.scalars(select(AuditEvent)):
        event.occurred_at -= dt.timedelta(hours=1, minutes=1)
    db.session.commit()
    assert client.get(f"{RESULTS}?by=sex", headers=headers).status_code == 200
    assert [detail["by"] for _, _, detail in reads()] == ["sex", "religion", "sex"]


def test_each_token_s_reading_is_recorded_apart(client: FlaskClient):
    _, dashboard = _token("Force dashboard")
    _, panel = _token("Scrutiny panel report")
    assert client.get(f"{RESULTS}?by=age_band", headers=dashboard).status_code == 200
    assert client.get(f"{RESULTS}?by=age_band", headers=panel).status_code == 200
    assert [detail["token"] for _, _, detail in reads()] == [
        "Force dashboard",
        "Scrutiny panel report",
    ]


def test_a_refused_request_gives_no_figures_and_is_not_recorded_as_read(client: FlaskClient):
    _, headers = _token()
    assert client.get(f"{RESULTS}?by=shoe_size", headers=headers).status_code == 422
    assert client.get(f"{RESULTS}?aera=north", headers=headers).status_code == 422
    assert client.get("/api/v1/surveys/no-such-survey/results", headers=headers).status_code == 404
    assert reads() == []


def test_the_administrator_reads_which_system_took_which_figures(client: FlaskClient):
    made, headers = _token()
    assert client.get(f"{RESULTS}?by=disability&from=2026-01", headers=headers).status_code == 200

    signed_in(client, Role.ADMIN)
    page = Browser(client).get("/admin/audit?action=results.api_read")
    (row,) = page.soup.select("#audit-events tbody tr")
    who, what, target, details = (" ".join(td.get_text().split()) for td in row.select("td")[1:])

    assert who == "A system with an API token"
    assert what == "Results read through the API"
    assert target == "Stop and search: tell us how it went"
    assert details == (
        f"Token: Force dashboard; Starts with: {made.token.prefix}…; Grouped by: Disability; "
        "From: January 2026"
    )
