"""A respondent's answers in progress: a Journey row between pages, until they are sent.

The journey's id is kept in the respondent's session cookie; the answers are kept here, never
in the cookie. Every page of every journey reads one (and most write one), so the statements
are built once and the survey's definition comes from the per-process cache of published
versions (:func:`app.services.definitions.published`).

A journey left unfinished holds answers against its link, so it must not outlive its time
for want of a cron job. Its time runs from the last page saved, not from its start: someone
still answering keeps their answers however long the survey takes them, and a journey is past
its time once no page has been saved for JOURNEY_TTL_HOURS. A page reads a journey past its
time as gone (:func:`open_journey`), so the respondent is told what is true whether or not it
has been deleted yet; starting a journey also deletes those past their time, at most once
every :data:`PURGE_EVERY` in each process (one indexed DELETE, in the transaction that writes
the new journey; sending answers never does it). A journey's times are to the minute
(:func:`models.response.journey_time`).
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import and_, bindparam, delete, insert, select, update

from app.services import definitions, scoring
from app.services.definitions import Definition
from app.services.links import (
    LinkLookup,
    LinkStatus,
    RespondentLink,
    found_link,
    normalise_token,
    respondent_link_statement,
)
from app.services.transaction import transactional
from models import Journey, Link, SurveyVersion, db
from models.response import journey_time


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
# Answers kept unsent (the page read in the other language) leave the journey's time where the
# last page saved put it: the privacy notice says unsent answers are deleted JOURNEY_TTL_HOURS
# after the respondent last went on to the next page. (Left out, updated_at takes its onupdate.)
_KEEP_UNSENT = (
    update(_JOURNEYS)
    .where(_JOURNEYS.c.id == bindparam("journey_id"))
    .values(answers=bindparam("answers"), updated_at=_JOURNEYS.c.updated_at)
)


def _link_and_journey_statement(*more_columns):
    """The link by its token and, in the same query, the journey in progress named by
    ``journey_id`` if it is on that link (else NULLs): a page needs both."""
    journey_version = _VERSIONS.alias("journey_versions")
    return (
        respondent_link_statement()
        .add_columns(
            _JOURNEYS.c.id.label("journey_id"),
            _JOURNEYS.c.survey_version_id.label("journey_version_id"),
            journey_version.c.checksum.label("journey_checksum"),
            _JOURNEYS.c.answers.label("journey_answers"),
            *more_columns,
        )
        .outerjoin(
            _JOURNEYS,
            and_(
                _JOURNEYS.c.id == bindparam("journey_id"),
                _JOURNEYS.c.link_id == Link.__table__.c.id,
                # Past its time (no page saved since the cutoff): gone, deleted or not yet.
                _JOURNEYS.c.updated_at >= bindparam("stale_before"),
            ),
        )
        .outerjoin(journey_version, journey_version.c.id == _JOURNEYS.c.survey_version_id)
    )


_LINK_AND_JOURNEY = _link_and_journey_statement()
# Sending the answers also needs what the survey's scorer depends on (see app.services.scoring).
_LINK_JOURNEY_AND_SCORER = _link_and_journey_statement(
    *scoring.scorer_key_columns(Link.__table__.c.survey_id)
)


@dataclass(frozen=True)
class OpenedJourney:
    """A respondent's link and their journey in progress on it, read in one query."""

    found: LinkLookup
    journey: JourneyInProgress | None = None
    #: What the survey's scorer depends on (``scoring.ScorerKey``), read when ``sending``.
    scorer_key: Any = None


def open_journey(token: str, journey_id: str | None, *, sending: bool = False) -> OpenedJourney:
    """The link for a token, as ``links.lookup`` finds it, with the journey in progress the
    respondent's cookie names (if it is on this link and not past its time) and, when
    ``sending``, the scorer's key."""
    normal = normalise_token(token)
    if normal is None:
        return OpenedJourney(LinkLookup(LinkStatus.UNKNOWN))
    statement = _LINK_JOURNEY_AND_SCORER if sending else _LINK_AND_JOURNEY
    row = (
        db.session.connection()
        .execute(
            statement,
            {"token": normal, "journey_id": journey_id or None, "stale_before": _stale_cutoff()},
        )
        .first()
    )
    found = found_link(row)
    if found.status != LinkStatus.OPEN:
        return OpenedJourney(found)
    mapping = row._mapping
    journey = None
    if mapping["journey_id"] is not None:
        journey = JourneyInProgress(
            id=mapping["journey_id"],
            survey_version_id=mapping["journey_version_id"],
            version_checksum=mapping["journey_checksum"],
            answers=mapping["journey_answers"],
        )
    if not sending:
        return OpenedJourney(found, journey)
    link = found.link
    return OpenedJourney(
        found, journey, scoring.scorer_key_of(mapping, link.survey_id, link.version_id)
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
    journey: JourneyInProgress | None,
    link: RespondentLink,
    page_key: str,
    page_answers: dict[str, Any],
) -> str:
    """Store one page's answers on the journey the page was shown from (None: the first
    page); returns the journey's id (a new one on the first page)."""
    definition = definition_for(link, journey)
    answers = with_page_answers(
        definition, journey.answers if journey else None, page_key, page_answers
    )
    return _write(journey, link, answers)


@transactional
def keep_unsent(
    journey: JourneyInProgress | None, link: RespondentLink, answers: dict[str, Any]
) -> str:
    """Store the journey's answers as they are given, made by :func:`with_unsent` (a new
    journey when there is none yet), leaving its time as it was; returns the journey's id."""
    if journey is None:
        return _write(journey, link, answers)
    db.session.connection().execute(_KEEP_UNSENT, {"journey_id": journey.id, "answers": answers})
    return journey.id


#: How often, at most, each process deletes stale journeys when a journey starts.
PURGE_EVERY = dt.timedelta(minutes=10)


def stale_since(cutoff: Any) -> Any:
    """The condition on journeys with no page saved since ``cutoff``: past their time.

    A journey is saved no earlier than it was started, so each of them was also started
    before ``cutoff``. Saying so lets the index on created_at find them among the few started
    that long ago (those past their time, and any still being answered after so long), where
    updated_at alone, not indexed, would read every journey; and an index on updated_at would
    cost every page's save its upkeep. (``flask retention purge`` deletes them with this.)"""
    return and_(_JOURNEYS.c.created_at < cutoff, _JOURNEYS.c.updated_at < cutoff)


_DELETE_STALE = delete(_JOURNEYS).where(stale_since(bindparam("cutoff")))
_purge_lock = threading.Lock()
_next_purge = 0.0  # time.monotonic() at which this process may next delete stale journeys


def _purge_due() -> bool:
    """Whether this process should delete stale journeys now (and, if so, not again for
    :data:`PURGE_EVERY`)."""
    global _next_purge
    with _purge_lock:
        now = time.monotonic()
        if now < _next_purge:
            return False
        _next_purge = now + PURGE_EVERY.total_seconds()
        return True


def _stale_cutoff() -> dt.datetime:
    """When the last page of a journey still in its time may have been saved, at the earliest."""
    return journey_time() - dt.timedelta(hours=current_app.config["JOURNEY_TTL_HOURS"])


def _write(journey: JourneyInProgress | None, link: RespondentLink, answers: dict) -> str:
    connection = db.session.connection()
    if journey is not None:
        connection.execute(
            _UPDATE_JOURNEY, {"journey_id": journey.id, "answers": answers, "now": journey_time()}
        )
        return journey.id
    if _purge_due():
        connection.execute(_DELETE_STALE, {"cutoff": _stale_cutoff()})
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


#: Where a journey keeps one page's answers not yet sent, while the respondent reads the page
#: in the other language: under a key no question can have (question keys have no hyphen), so
#: ``Definition.kept_answers`` leaves it out of every answer that is checked, shown or sent, and
#: saving any page drops it.
UNSENT = "unsent-page"


def unsent_answers(answers: dict[str, Any] | None, page_key: str) -> dict[str, Any] | None:
    """The page's answers not yet sent that a journey's answers keep (None: none kept)."""
    kept = (answers or {}).get(UNSENT)
    if isinstance(kept, dict) and kept.get("page") == page_key:
        values = kept.get("answers")
        if isinstance(values, dict):
            return values
    return None


def with_unsent(
    answers: dict[str, Any] | None, page_key: str, page_answers: dict[str, Any] | None
) -> dict[str, Any]:
    """A journey's answers keeping ``page_answers`` as the page's answers not yet sent, in place
    of any page's kept before; None: nothing kept for the page (another page's stays)."""
    merged = dict(answers or {})
    if page_answers is not None:
        merged[UNSENT] = {"page": page_key, "answers": page_answers}
    elif unsent_answers(merged, page_key) is not None:
        del merged[UNSENT]
    return merged


@transactional
def purge_stale_journeys(older_than: dt.timedelta) -> int:
    """Delete the journeys with no page saved for more than ``older_than``; returns how many."""
    cutoff = journey_time() - older_than
    return db.session.execute(delete(_JOURNEYS).where(stale_since(cutoff))).rowcount
