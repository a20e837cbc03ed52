"""Listening sessions named in Welsh: an officer may give a session a Welsh name on Make a code
(the CLI and the links API may too), Welsh readers of the survey's start page see it, or the
English name marked as English when there is none. The demo's sessions have Welsh names."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services import api_tokens
from app.services.demo import demo_links, name_demo_sessions_in_welsh
from app.services.demo.links import DEMO_SESSION, DEMO_SESSION_CY
from app.services.demo.plan import EVENT_KINDS, EVENT_KINDS_CY, prepare
from models import Area, Event, Link, Role, Scope, db
from tests.app.demo_helpers import seed
from tests.factories import create_area, create_link
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

NAME = "Northtown youth club, March"
NAME_CY = "Clwb ieuenctid Northtown, Mawrth"
TODAY = dt.date.today()


@pytest.fixture
def reader(app) -> Browser:
    """A member of the public's browser, signed out, on a client of its own."""
    forget_request_state()
    return Browser(app.test_client())


def _session_line(page: Page):
    """The line under the start page's heading that names the session and its date."""
    return page.soup.select_one("main p.govuk-body-l")


def _words(element) -> str:
    return " ".join(element.get_text().split())


def _events() -> list[Event]:
    db.session.expire_all()
    return list(db.session.scalars(select(Event).order_by(Event.id)))


def _make(browser: Browser, **fields) -> Page:
    browser.get("/officer/codes/new?survey=listening-session")
    data = {
        "survey": "listening-session",
        "area": "none",
        "event_name": NAME,
        "event_name_cy": "",
        "event_date": [str(TODAY.day), str(TODAY.month), str(TODAY.year)],
        **fields,
    }
    return browser.post(data=data)


# -- Make a code ------------------------------------------------------------------------------


def test_an_officer_names_a_session_in_welsh_and_welsh_readers_see_it(
    client: FlaskClient, browser: Browser, reader: Browser
):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    form = browser.get("/officer/codes/new?survey=listening-session")
    labels = [" ".join(label.get_text().split()) for label in form.soup.select("label")]
    assert "Name in Welsh (optional)" in labels
    assert form.soup.select_one("input[name='event_name_cy']")["lang"] == "cy"

    code = _make(browser, event_name_cy=f"  {NAME_CY} ")
    assert code.h1 == "Show this QR code to everyone at the session"
    assert code.soup.select_one("dd span[lang='cy']").get_text() == NAME_CY
    (event,) = _events()
    assert (event.name, event.name_cy) == (NAME, NAME_CY)

    token = db.session.scalar(select(Link.token))
    english = reader.get(f"/r/{token}?lang=en")
    assert _words(_session_line(english)).startswith(f"{NAME}, ")
    assert NAME_CY not in english.text()
    welsh = reader.get(f"/r/{token}?lang=cy")
    line = _session_line(welsh)
    assert _words(line).startswith(f"{NAME_CY}, ")
    assert line.select("[lang]") == []  # all Welsh: nothing marked as another language
    assert NAME not in welsh.text()


def test_without_a_welsh_name_welsh_readers_see_the_english_name_marked_as_english(
    client: FlaskClient, browser: Browser, reader: Browser
):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    code = _make(browser)
    assert "Name in Welsh" not in code.text()
    assert _events()[0].name_cy is None

    token = db.session.scalar(select(Link.token))
    line = _session_line(reader.get(f"/r/{token}?lang=cy"))
    assert _words(line).startswith(f"{NAME}, ")
    (english,) = line.select("span[lang='en']")
    assert english.get_text() == NAME
    assert line.get_text().endswith(f"{TODAY.year}")  # the date is read as Welsh
    english_page = _session_line(reader.get(f"/r/{token}?lang=en"))
    assert english_page.select("[lang]") == []


def test_a_session_made_without_a_name_is_still_called_listening_session_in_each_language(
    reader: Browser,
):
    token = create_link("listening-session", event_date=TODAY).token
    assert _words(_session_line(reader.get(f"/r/{token}?lang=en"))).startswith(
        "Listening session, "
    )
    welsh = _session_line(reader.get(f"/r/{token}?lang=cy"))
    assert _words(welsh).startswith("Sesiwn wrando, ")
    assert welsh.select("[lang]") == []


def test_a_welsh_name_too_long_is_a_clear_error_that_keeps_what_was_typed(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    page = _make(browser, event_name_cy="y" * 201)
    assert page.status == 400
    message = "Name in Welsh must be 200 characters or fewer"
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]
    assert page.soup.select_one("input[name='event_name_cy']")["value"] == "y" * 201
    assert page.soup.select_one("input[name='event_name']")["value"] == NAME
    assert _events() == []


def test_a_welsh_name_left_over_from_a_listening_session_is_not_kept_for_another_survey(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    browser.get("/officer/codes/new?survey=stop-search")
    page = browser.post(
        data={"survey": "stop-search", "area": "none", "count": "1", "event_name_cy": NAME_CY}
    )
    assert page.h1 == "Show this QR code to the person"
    assert _events() == []


# -- the CLI and the API ----------------------------------------------------------------------


def test_the_cli_names_a_session_in_welsh(runner):
    result = runner.invoke(
        args=[
            *("links", "create", "--survey", "listening-session"),
            *("--event", NAME, "--event-cy", NAME_CY),
        ]
    )
    assert result.exit_code == 0, result.output
    (event,) = _events()
    assert (event.name, event.name_cy) == (NAME, NAME_CY)


def test_the_cli_refuses_a_welsh_name_without_an_english_one(runner):
    result = runner.invoke(
        args=["links", "create", "--survey", "listening-session", "--event-cy", NAME_CY]
    )
    assert result.exit_code == 1
    assert "Give the listening session's name in English as well as in Welsh." in result.output
    assert db.session.scalar(select(func.count()).select_from(Link)) == 0


@pytest.fixture
def api_auth() -> dict[str, str]:
    secret = api_tokens.create_token("Events app", [Scope.LINKS_WRITE]).secret
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_names_a_session_in_welsh(client: FlaskClient, api_auth, reader: Browser):
    response = client.post(
        "/api/v1/links",
        json={"survey": "listening-session", "event_name": NAME, "event_name_cy": NAME_CY},
        headers=api_auth,
    )
    assert response.status_code == 201, response.get_json()
    (event,) = _events()
    assert (event.name, event.name_cy) == (NAME, NAME_CY)
    welsh = reader.get(f"/r/{response.get_json()['token']}?lang=cy")
    assert _words(_session_line(welsh)).startswith(f"{NAME_CY}, ")

    document = client.get("/api/v1/openapi.json").get_json()
    fields = document["components"]["schemas"]["LinkRequest"]["properties"]
    assert fields["event_name_cy"]["maxLength"] == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"event_name_cy": NAME_CY}, "event_name_cy needs event_name, the name in English"),
        (
            {"event_name": NAME, "event_name_cy": "y" * 201},
            "event_name_cy must be 200 characters or fewer",
        ),
        ({"event_name": NAME, "event_name_cy": 7}, "event_name_cy must be a string or null"),
    ],
)
def test_the_api_says_what_is_wrong_with_a_welsh_name(
    client: FlaskClient, api_auth, body: dict, message: str
):
    response = client.post(
        "/api/v1/links", json={"survey": "listening-session", **body}, headers=api_auth
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "event_name_cy", "message": message}]
    assert _events() == []


# -- the demo ---------------------------------------------------------------------------------


def test_the_demo_sessions_have_welsh_names(app):
    prepare(np.random.default_rng(1))
    events = _events()
    assert events and all(event.name_cy for event in events)
    areas = {area.id: area for area in db.session.scalars(select(Area))}
    for event in events:
        kind, area_name = event.name.split(": ")
        kind_cy = EVENT_KINDS_CY[EVENT_KINDS.index(kind)]
        assert area_name == areas[event.area_id].name
        assert event.name_cy == f"{kind_cy}: {areas[event.area_id].name_cy}"
    assert len(set(EVENT_KINDS_CY)) == len(EVENT_KINDS)


def test_the_demo_links_session_has_a_welsh_name(app, reader: Browser):
    made = dict(demo_links())
    event = made["listening-session"].event
    assert (event.name, event.name_cy) == (DEMO_SESSION, DEMO_SESSION_CY)
    welsh = reader.get(f"/r/{made['listening-session'].token}?lang=cy")
    assert _words(_session_line(welsh)).startswith(f"{DEMO_SESSION_CY}, ")


def test_demo_sessions_made_before_get_their_welsh_names_unless_renamed(app):
    north = create_area("north", "North District")
    north.name_cy = "Ardal y Gogledd"
    harbour = create_area("harbour", "Harbour")  # not a demo area
    kind, kind_cy = EVENT_KINDS[1], EVENT_KINDS_CY[1]
    db.session.add_all(
        [
            Event(name=f"{kind}: North District", held_on=TODAY, area=north),
            Event(name="Northtown youth club", held_on=TODAY, area=north),  # an officer's
            Event(name=f"{kind}: Harbour", held_on=TODAY, area=harbour),
        ]
    )
    db.session.commit()
    assert name_demo_sessions_in_welsh() == 1
    assert [event.name_cy for event in _events()] == [f"{kind_cy}: Ardal y Gogledd", None, None]


def test_seeding_when_there_are_responses_already_still_names_the_demo_sessions_in_welsh(
    runner,
):
    seed(runner, 100)
    # As a database seeded before sessions had Welsh names.
    for event in db.session.scalars(select(Event)):
        event.name_cy = None
    db.session.commit()
    sessions = len(_events())
    result = seed(runner, 100, 8, "--if-empty")
    assert "no demo data was added" in result.output
    assert f"Gave {sessions} demo listening sessions a Welsh name." in result.output
    assert all(event.name_cy for event in _events())
