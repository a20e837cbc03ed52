"""A respondent's page reads its link, their journey in progress and, when they send their
answers, the scorer's key in one query (app.services.journeys.open_journey)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from app.services import scoring
from app.services.journeys import open_journey
from app.services.links import LinkStatus, RespondentLink, respondent_link_statement
from models import AnalysisModel, Journey, db
from tests.factories import create_link, expire


def test_the_link_query_starts_with_the_link_record_fields_in_their_order():
    # lookup and open_journey build RespondentLink from the row's first columns by position.
    names = [column.name for column in respondent_link_statement().selected_columns]
    assert names == [field.name for field in dataclasses.fields(RespondentLink)]


def _first_page_answered(browser, token: str) -> Journey:
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes", "told_object": "no", "officer_identified": "no"})
    return db.session.scalars(select(Journey).order_by(Journey.created_at.desc())).first()


def test_a_journey_is_read_with_its_own_link_and_no_other(browser):
    mine, other = create_link(), create_link()
    journey = _first_page_answered(browser, mine.token)

    opened = open_journey(mine.token.upper(), journey.id)
    assert opened.found.status == LinkStatus.OPEN
    assert opened.found.link.token == mine.token
    assert opened.journey.id == journey.id
    assert opened.journey.answers["told_grounds"] == "yes"
    assert opened.journey.survey_version_id == opened.found.link.version_id

    assert open_journey(other.token, journey.id).journey is None
    assert open_journey(mine.token, None).journey is None
    assert open_journey(mine.token, "no-such-journey").journey is None


def test_a_link_that_cannot_be_answered_gives_no_journey(browser):
    link = create_link()
    journey = _first_page_answered(browser, link.token)
    expire(link)
    opened = open_journey(link.token, journey.id, sending=True)
    assert opened.found.status == LinkStatus.EXPIRED
    assert opened.journey is None
    assert open_journey("not a token", journey.id).found.status == LinkStatus.UNKNOWN


def test_the_scorer_key_read_with_the_link_follows_the_active_models():
    link = create_link()

    def both() -> tuple:
        with_link = open_journey(link.token, None, sending=True).scorer_key
        alone = scoring._scorer_key(link.survey_id, link.survey.current_version.id)
        return with_link, alone

    before, alone = both()
    assert before == alone
    assert before[3:] == (None, None)  # no trained models yet: the lexicon and the seeds

    for kind, version, days_ago in (
        ("sentiment", "sentiment-old", 2),
        ("sentiment", "sentiment-new", 1),
        ("themes", "themes-inactive", 0),
    ):
        db.session.add(
            AnalysisModel(
                survey_id=link.survey_id,
                kind=kind,
                version=version,
                payload=b"",
                active=kind == "sentiment",
                created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago),
            )
        )
    db.session.commit()

    after, alone = both()
    assert after == alone
    assert after[3:] == ("sentiment-new", None)
    assert open_journey(link.token, None).scorer_key is None  # only read when sending
