"""Answers in progress do not outlive their time for want of a cron job: starting a journey
deletes the journeys left unfinished for longer than JOURNEY_TTL_HOURS, now and then, and a
journey's times are kept to the minute."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.services import journeys
from models import Journey, db, utcnow
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link

STOP_SEARCH_FIRST_PAGE = {"told_grounds": "yes", "told_object": "no", "officer_identified": "no"}


@pytest.fixture
def purge_due(monkeypatch: pytest.MonkeyPatch):
    """This process has not deleted stale journeys lately (as after a restart)."""
    monkeypatch.setattr(journeys, "_next_purge", 0.0, raising=False)


def _left(hours_ago: float) -> str:
    """A journey started ``hours_ago`` and left unfinished, with an equality answer in it."""
    link = create_link()
    started = utcnow() - dt.timedelta(hours=hours_ago)
    journey = Journey(
        id=f"left-{hours_ago}".replace(".", "-"),
        link_id=link.id,
        survey_version_id=link.survey.current_version.id,
        answers={"told_grounds": "no", "ethnic_group": "black"},
        created_at=started,
        updated_at=started,
    )
    db.session.add(journey)
    db.session.commit()
    return journey.id


def _journey_ids() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(Journey.id)))


def _start(browser) -> None:
    """Someone opens a new link and answers its first page."""
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    page = browser.post(data=STOP_SEARCH_FIRST_PAGE)
    assert page.status == 200 and page.url.endswith("/during-the-search")


def test_starting_a_journey_deletes_those_left_longer_than_their_time(browser, app, purge_due):
    assert app.config["JOURNEY_TTL_HOURS"] == 24
    stale, fresh = _left(25), _left(23)
    _start(browser)
    left = _journey_ids()
    assert stale not in left
    assert fresh in left
    assert len(left) == 2  # the fresh one and the one just started


def test_it_happens_at_most_every_so_often(browser, monkeypatch, purge_due):
    _start(browser)  # deletes the stale journeys, and none again for a while
    stale = _left(30)
    _start(browser)
    assert stale in _journey_ids()
    # Once the interval has passed, the next journey to start deletes it.
    monkeypatch.setattr(journeys, "_next_purge", 0.0)
    _start(browser)
    assert stale not in _journey_ids()


def test_sending_answers_deletes_no_other_journey(browser, monkeypatch, purge_due):
    link = create_link()
    answer_stop_search(browser, link.token)  # its first page deletes journeys already stale
    stale = _left(30)
    # Due again: sending still leaves it to the next journey to start.
    monkeypatch.setattr(journeys, "_next_purge", 0.0)
    assert browser.post().h1 == "Thank you, your answers have been sent"
    assert _journey_ids() == {stale}


def test_a_journeys_times_are_to_the_minute(browser):
    _start(browser)
    journey = db.session.scalars(select(Journey)).one()
    assert journey.created_at.second == journey.created_at.microsecond == 0
    browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    db.session.expire_all()
    journey = db.session.scalars(select(Journey)).one()
    assert journey.updated_at.second == journey.updated_at.microsecond == 0
    assert journey.answers["bwv_on"] == "yes"
