"""Unsent answers are kept for JOURNEY_TTL_HOURS from the last page the respondent went on from,
not from when they started: someone still answering near the end of a day keeps what they gave,
and answers left alone for that long are gone, whether or not they have been deleted yet."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from app.services import journeys
from models import Journey, Response, db, utcnow
from tests.app.test_language_switch_keeps_answers import change_language
from tests.app.test_public_answers_deleted import assert_deleted_page
from tests.factories import create_link
from tests.pages import Browser

DURING = "/during-the-search"


def _someone_else_starts(app) -> None:
    """Another respondent starts a survey, when this process is due to delete the journeys past
    their time (as after a restart)."""
    journeys._next_purge = 0.0
    other = Browser(app.test_client())
    other.get(f"/r/{create_link().token}/what-you-were-told")
    assert other.post(data={"told_grounds": "no"}).url.endswith(DURING)


def _first_page_answered(browser: Browser, token: str) -> str:
    browser.get(f"/r/{token}/what-you-were-told")
    page = browser.post(data={"told_grounds": "yes", "told_object": "no"})
    assert page.url == f"/r/{token}{DURING}"
    return db.session.scalars(select(Journey.id).order_by(Journey.created_at.desc())).first()


def _timed(journey_id: str, *, started: float, last_saved: float) -> None:
    """Set when the journey was started and last saved, in hours ago."""
    now = utcnow().replace(second=0, microsecond=0)
    db.session.execute(
        update(Journey)
        .where(Journey.id == journey_id)
        .values(
            created_at=now - dt.timedelta(hours=started),
            updated_at=now - dt.timedelta(hours=last_saved),
        )
    )
    db.session.commit()


def _journey(journey_id: str) -> Journey | None:
    db.session.expire_all()
    return db.session.get(Journey, journey_id)


def test_someone_still_answering_a_day_after_starting_keeps_their_answers(browser, app):
    assert app.config["JOURNEY_TTL_HOURS"] == 24
    token = create_link().token
    journey_id = _first_page_answered(browser, token)
    _timed(journey_id, started=30, last_saved=2)
    _someone_else_starts(app)
    assert _journey(journey_id) is not None

    page = browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    assert page.url == f"/r/{token}/how-you-were-treated"
    check = browser.get(f"/r/{token}/check")
    assert check.h1 == "Check your answers before sending them"
    assert "Your answers have been deleted" not in check.text()
    assert _journey(journey_id).answers["told_grounds"] == "yes"


def test_going_on_to_the_next_page_starts_the_time_again(browser):
    token = create_link().token
    journey_id = _first_page_answered(browser, token)
    _timed(journey_id, started=23, last_saved=23)
    browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    journey = _journey(journey_id)
    assert utcnow() - journey.updated_at.replace(tzinfo=dt.UTC) < dt.timedelta(minutes=2)


def test_answers_left_for_a_day_are_gone_before_they_are_deleted(browser):
    """Nobody has started a survey since, so they are still stored; the respondent is told what
    is true of them all the same, and they cannot be sent."""
    token = create_link().token
    journey_id = _first_page_answered(browser, token)
    _timed(journey_id, started=25, last_saved=25)
    assert_deleted_page(browser.get(f"/r/{token}{DURING}"), token)
    browser.get(f"/r/{token}/check")
    db.session.expire_all()
    assert db.session.scalars(select(Response)).all() == []


def test_answers_left_a_day_less_a_minute_are_still_there(browser):
    token = create_link().token
    journey_id = _first_page_answered(browser, token)
    _timed(journey_id, started=30, last_saved=24 - 1 / 60)
    page = browser.get(f"/r/{token}{DURING}")
    assert page.h1 != "Your answers have been deleted"
    assert browser.post(data={"bwv_on": "no"}).url == f"/r/{token}/how-you-were-treated"


def test_the_purge_deletes_by_the_last_page_saved(browser, app):
    left, answering = create_link().token, create_link().token
    left_id = _first_page_answered(browser, left)
    _timed(left_id, started=25, last_saved=25)
    second = Browser(app.test_client())
    answering_id = _first_page_answered(second, answering)
    _timed(answering_id, started=25, last_saved=1)
    _someone_else_starts(app)
    assert _journey(left_id) is None
    assert _journey(answering_id) is not None


def test_the_retention_purge_deletes_by_the_last_page_saved(browser, app):
    left, answering = create_link().token, create_link().token
    left_id = _first_page_answered(browser, left)
    _timed(left_id, started=25, last_saved=25)
    second = Browser(app.test_client())
    answering_id = _first_page_answered(second, answering)
    _timed(answering_id, started=25, last_saved=1)
    assert journeys.purge_stale_journeys(dt.timedelta(hours=24)) == 1
    assert _journey(left_id) is None
    assert _journey(answering_id) is not None


def test_reading_the_page_in_the_other_language_does_not_start_the_time_again(browser):
    """The privacy notice counts the time from the last page gone on from."""
    token = create_link().token
    journey_id = _first_page_answered(browser, token)
    _timed(journey_id, started=3, last_saved=3)
    browser.get(f"/r/{token}{DURING}")
    page = change_language(browser, {"bwv_on": "yes"})
    assert page.status == 200 and page.soup.html["lang"] == "cy"
    journey = _journey(journey_id)
    assert journey.answers[journeys.UNSENT]["answers"]["bwv_on"] == "yes"
    age = utcnow() - journey.updated_at.replace(tzinfo=dt.UTC)
    assert dt.timedelta(hours=2, minutes=59) <= age <= dt.timedelta(hours=3, minutes=1)
