"""A listening session made without a name is called "Listening session" in the reader's
language ("Sesiwn wrando" in Welsh), never stored in English as if an officer had named it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from app.services.links import create_links
from models import Event, Role, db
from tests.factories import create_link
from tests.staff import signed_in

TODAY = dt.date.today()


def session_line(page) -> str:
    return " ".join(page.soup.select_one("main p.govuk-body-l").get_text().split())


def test_an_unnamed_session_is_shown_in_the_readers_language(browser):
    token = create_link("listening-session", event_date=TODAY).token
    english = browser.get(f"/r/{token}?lang=en")
    assert session_line(english).startswith("Listening session, ")
    welsh = browser.get(f"/r/{token}?lang=cy")
    assert session_line(welsh).startswith("Sesiwn wrando, ")
    assert "Listening session" not in welsh.text()


def test_no_english_name_is_stored_for_it():
    create_link("listening-session", event_date=TODAY)
    assert db.session.execute(text("SELECT name FROM events")).scalar_one() == ""


def test_a_name_the_officer_gave_is_shown_as_given_in_welsh_too(browser):
    token = create_link("listening-session", event_name="Youth club", event_date=TODAY).token
    assert session_line(browser.get(f"/r/{token}?lang=cy")).startswith("Youth club, ")


def test_analysts_see_the_unnamed_session_by_its_default_name(client):
    create_links("listening-session", event_date=TODAY)
    event = db.session.scalars(select(Event)).one()
    assert db.session.scalars(select(Event).where(Event.name == "")).one() is event
    signed_in(client, Role.ANALYST)
    page = client.get("/results/listening-session").get_data(as_text=True)
    assert f"Listening session, {TODAY:%-d %B %Y}" in page
