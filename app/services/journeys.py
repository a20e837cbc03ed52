"""A respondent's answers in progress: a Journey row between pages, until they are sent.

The journey's id is kept in the respondent's session cookie; the answers are kept here, never
in the cookie. Every page of every journey reads one (and most write one), so the statements
are built once and the survey's definition comes from the per-process cache of published
versions (:func:`app.services.definitions.published`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from app.services import definitions
from app.services.definitions import Definition
from app.services.links import RespondentLink
from app.services.transaction import transactional
from models import Journey, SurveyVersion, db, utcnow


@dataclass(frozen=True)
class JourneyInProgress:
    """A respondent's answers so far, on the survey version their journey started on."""

    id: str
    survey_version_id: int
    version_checksum: str
    answers: dict[str, Any]


# The statements of a respondent's journey are built once: each page runs them, and building a
# statement costs more than running one of these.
_JOURNEYS, _VERSIONS = Journey.__table__, SurveyVersion.__table__
_READ_JOURNEY = (
    select(
        _JOURNEYS.c.id,
        _JOURNEYS.c.survey_version_id,
        _VERSIONS.c.checksum.label("version_checksum"),
        _JOURNEYS.c.answers,
    )
    .join_from(_JOURNEYS, _VERSIONS, _VERSIONS.c.id == _JOURNEYS.c.survey_version_id)
    .where(_JOURNEYS.c.id == bindparam("journey_id"), _JOURNEYS.c.link_id == bindparam("link_id"))
)
_UPDATE_JOURNEY = (
    update(_JOURNEYS)
    .where(_JOURNEYS.c.id == bindparam("journey_id"))
    .values(answers=bindparam("answers"), updated_at=bindparam("now"))
)
#: Sending the answers deletes the journey (app.services.responses): only one transaction can.
DELETE_JOURNEY = delete(_JOURNEYS).where(_JOURNEYS.c.id == bindparam("journey_id"))


def get_journey(journey_id: str | None, link: RespondentLink) -> JourneyInProgress | None:
    """The journey a respondent's cookie names, if it is on this link."""
    if not journey_id:
        return None
    row = (
        db.session.connection()
        .execute(_READ_JOURNEY, {"journey_id": journey_id, "link_id": link.id})
        .first()
    )
    return JourneyInProgress(**row._mapping) if row is not None else None


def definition_for(link: RespondentLink, journey: JourneyInProgress | None) -> Definition:
    """The definition a respondent answers: the one their journey started on, else the latest."""
    if journey is not None:
        return definitions.published(journey.survey_version_id, journey.version_checksum)
    return definitions.published(link.version_id, link.version_checksum)


@transactional
def save_page(
    journey_id: str | None, link: RespondentLink, page_key: str, page_answers: dict[str, Any]
) -> str:
    """Store one page's answers; returns the journey id (a new one on the first page)."""
    journey = get_journey(journey_id, link)
    definition = definition_for(link, journey)
    answers = with_page_answers(
        definition, journey.answers if journey else None, page_key, page_answers
    )
    connection = db.session.connection()
    if journey is not None:
        connection.execute(
            _UPDATE_JOURNEY, {"journey_id": journey.id, "answers": answers, "now": utcnow()}
        )
        return journey.id
    journey_id = secrets.token_urlsafe(32)
    connection.execute(
        insert(_JOURNEYS),
        {
            "id": journey_id,
            "link_id": link.id,
            "survey_version_id": link.version_id,
            "answers": answers,
        },
    )
    return journey_id


def with_page_answers(
    definition: Definition,
    answers: dict[str, Any] | None,
    page_key: str,
    page_answers: dict[str, Any],
) -> dict[str, Any]:
    """The answers so far with one page's answers in place of that page's earlier ones.

    A question left blank loses its earlier answer, and answers to questions that the new
    answers hide are dropped. Used by every journey: a respondent's and a draft's tester's.
    """
    merged = dict(answers or {})
    for question in definition.page(page_key).questions:
        value = page_answers.get(question["key"])
        if value in (None, "", []):
            merged.pop(question["key"], None)
        else:
            merged[question["key"]] = value
    return definition.kept_answers(merged)


@transactional
def purge_stale_journeys(older_than: dt.timedelta) -> int:
    cutoff = utcnow() - older_than
    return db.session.execute(delete(Journey).where(Journey.created_at < cutoff)).rowcount
