"""Names staff give (an area, a listening session, an API token) keep only what can be seen: a
right-to-left override, which would show the rest of a session's name backwards on the survey's
start page, and zero-width spaces are left out, and a name of nothing else is asked for again,
as an empty one is."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens
from app.services.plain_names import plain_name
from models import ApiToken, Area, Event, Role, Scope, db
from tests.pages import Browser
from tests.staff import PASSWORD, signed_in

INVISIBLE = "\u200b\u202e\u2066 \ufeff"
OVERRIDE = "\u202e"


def test_what_a_name_keeps():
    assert plain_name("  North \u200b District\u202c ") == "North District"
    assert plain_name(f"{OVERRIDE}bulc htuoy") == "bulc htuoy"
    assert plain_name(INVISIBLE) == ""
    assert plain_name("\u200d") == ""  # a joiner alone
    assert plain_name("Clwb \U0001f46e\u200d\u2640\ufe0f Ynys Môn") == (
        "Clwb \U0001f46e\u200d\u2640\ufe0f Ynys Môn"  # joiners inside an emoji are kept
    )
    assert plain_name(None) == ""


def _session(browser: Browser, name: str, name_cy: str = ""):
    held = dt.date.today() + dt.timedelta(days=7)
    browser.get("/officer/codes/new")
    return browser.post(
        data={
            "survey": "listening-session",
            "area": "none",
            "count": "1",
            "event_name": name,
            "event_name_cy": name_cy,
            "event_date": [str(held.day), str(held.month), str(held.year)],
        }
    )


def test_a_session_named_with_nothing_visible_is_asked_for_its_name(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    page = _session(browser, INVISIBLE, name_cy=INVISIBLE)
    assert page.status == 400
    assert page.error_summary() == ["Enter the name of the listening session"]

    page = _session(browser, f"{OVERRIDE}Northtown youth club", name_cy=f"Clwb{OVERRIDE}")
    assert page.status == 200, page.error_summary()
    event = db.session.scalar(select(Event))
    assert (event.name, event.name_cy) == ("Northtown youth club", "Clwb")
    assert OVERRIDE not in page.html


def test_the_links_api_leaves_out_what_cannot_be_seen(client: FlaskClient):
    secret = api_tokens.create_token("Events app", [Scope.LINKS_WRITE]).secret
    response = client.post(
        "/api/v1/links",
        json={"survey": "listening-session", "event_name": INVISIBLE, "event_name_cy": None},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201, response.get_json()
    event = db.session.scalar(select(Event))
    assert event.given_name == ""  # unnamed: shown as "Listening session"


def test_an_area_named_with_nothing_visible_is_asked_for_its_name(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/areas/new")
    page = browser.post(data={"code": "harbour", "name": INVISIBLE, "name_cy": INVISIBLE})
    assert page.status == 400
    assert page.error_summary() == ["Enter the area's name"]
    assert db.session.scalar(select(Area)) is None

    page = browser.post(
        data={"code": "harbour", "name": f"Harbour{OVERRIDE} Ward", "name_cy": INVISIBLE}
    )
    area = db.session.scalar(select(Area))
    assert (area.name, area.name_cy) == ("Harbour Ward", None)


def test_an_api_token_named_with_nothing_visible_is_asked_for_its_name(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/tokens/new")
    page = browser.post(
        data={"name": INVISIBLE, "scopes": ["links:write"], "your_password": PASSWORD}
    )
    assert page.status == 400
    assert page.error_summary() == [
        "Enter a name for the token, such as the system that will use it"
    ]
    assert db.session.scalar(select(ApiToken)) is None
