"""Sending answers, and withdrawing them.

Answers in progress live in a Journey row between pages (:mod:`app.services.journeys`).
Submitting turns the journey into a Response in one transaction that also deletes the journey
and burns a single-use link, so a double click, a refresh or a back-and-resubmit stores exactly
one response.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.services import audit, equality, results_cache, scoring
from app.services.coding import forgetting
from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition
from app.services.journeys import (
    DELETE_JOURNEY,
    JourneyInProgress,
    definition_for,
    get_journey,
)
from app.services.links import LinkStatus, RespondentLink, clean_code, lookup, random_code
from app.services.transaction import transactional
from models import (
    Answer,
    Link,
    QuestionNotShown,
    Response,
    TextAnswer,
    TextAnswerTheme,
    db,
    today,
    utcnow,
)

WITHDRAWAL_CODE_LENGTH = 16  # 80 random bits
log = logging.getLogger(__name__)


class SubmissionError(Exception):
    """The journey could not be submitted."""


class AlreadySubmitted(SubmissionError):
    """The journey was submitted before (a double click or a refresh)."""


class LinkNoLongerOpen(SubmissionError):
    def __init__(self, status: LinkStatus) -> None:
        super().__init__(status.value)
        self.status = status


class AnswersMissing(SubmissionError):
    def __init__(self, page_key: str) -> None:
        super().__init__(page_key)
        self.page_key = page_key


@dataclass
class Submitted:
    withdrawal_code: str
    #: The follow-up notes the answers asked for, as the definition has them (text, or text by
    #: language, with placeholders): shown in whatever language the page is read in.
    follow_ups: list[Any] = field(default_factory=list)


def _new_withdrawal_code() -> str:
    return random_code(WITHDRAWAL_CODE_LENGTH)


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def submit(
    journey: JourneyInProgress,
    link: RespondentLink,
    language: str,
    scorer_key: scoring.ScorerKey | None = scoring.UNREAD,
) -> Submitted:
    """Store the journey on ``link`` (both just read by the caller, the link found open) as a
    response, exactly once. ``scorer_key`` is the survey's scorer's key, if read with the link
    (``journeys.open_journey``).

    SQLite refuses a second writer rather than queueing it when a transaction upgrades from
    reading to writing, so a busy database is retried here, reading the journey afresh;
    PostgreSQL queues on the row locks.
    """
    for attempt in range(5):
        try:
            return _submit_once(journey, link, language, scorer_key)
        except OperationalError as error:
            if "locked" not in str(error).lower() or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
            journey = _journey_again(journey.id, link)
    raise AssertionError("unreachable")


@transactional
def _journey_again(journey_id: str, link: RespondentLink) -> JourneyInProgress:
    journey = get_journey(journey_id, link)
    if journey is None:
        raise AlreadySubmitted()
    return journey


@transactional
def _submit_once(
    journey: JourneyInProgress,
    link: RespondentLink,
    language: str,
    scorer_key: scoring.ScorerKey | None,
) -> Submitted:
    definition = definition_for(link, journey)
    answers = definition.kept_answers(journey.answers or {})
    missing, not_shown = definition.missing_and_not_shown(answers)
    if missing:
        raise AnswersMissing(missing[0].key)

    # Everything is built and scored before the first write, so that the write lock (all of
    # SQLite, or the link's and journey's rows) is held only for the writes themselves.
    scorer = _arrival_scorer(link, scorer_key)
    code = _new_withdrawal_code()
    rows, follow_ups = _build_rows(link, journey, definition, answers, language, not_shown)
    rows.response["withdrawal_hash"] = _hash_code(code)
    _score_on_arrival(scorer, rows.texts)

    # The journey id is the submission nonce: only one transaction can delete it.
    connection = db.session.connection()
    if connection.execute(DELETE_JOURNEY, {"journey_id": journey.id}).rowcount != 1:
        raise AlreadySubmitted()
    _burn(link)
    with results_cache.version_raised_last(connection, link.survey_id):
        _insert(rows)
    return Submitted(withdrawal_code=code, follow_ups=follow_ups)


_LINKS = Link.__table__
_BURN = (
    update(_LINKS)
    .where(_LINKS.c.id == bindparam("link_id"))
    .where(or_(_LINKS.c.expires_at.is_(None), _LINKS.c.expires_at > bindparam("now")))
    .values(answered=_LINKS.c.answered + 1)
)
_BURN_SINGLE_USE = _BURN.where(_LINKS.c.used_on.is_(None)).values(used_on=bindparam("today"))


def _burn(link: RespondentLink) -> None:
    """Count the answer on the link; a single-use link is used up, an expired one refused. The
    conditions are in the UPDATE itself, so two submissions racing on one link cannot both pass."""
    burn = _BURN_SINGLE_USE if link.single_use else _BURN
    values = {"link_id": link.id, "now": utcnow(), "today": today()}
    if not link.single_use:
        del values["today"]
    if db.session.connection().execute(burn, values).rowcount == 1:
        return
    as_it_is = lookup(link.token).link
    used = as_it_is is not None and as_it_is.is_used
    raise LinkNoLongerOpen(LinkStatus.USED if used else LinkStatus.EXPIRED)


@dataclass
class NewText:
    """A free-text answer about to be stored, with the scores it is stored with (if any)."""

    question_key: str
    text: str
    sentiment: float | None = None
    sentiment_model: str | None = None
    themes_model: str | None = None
    scored_on: dt.date | None = None
    themes: list[str] = field(default_factory=list)


@dataclass
class NewRows:
    """A response's rows, built before the transaction writes anything."""

    response: dict[str, Any]
    answers: list[dict[str, Any]] = field(default_factory=list)
    texts: list[NewText] = field(default_factory=list)
    not_shown: list[dict[str, Any]] = field(default_factory=list)


def _build_rows(
    link: RespondentLink,
    journey: JourneyInProgress,
    definition: Definition,
    answers: dict[str, Any],
    language: str,
    not_shown: list[str],
) -> tuple[NewRows, list[Any]]:
    """The response's rows, not yet written; and the follow-up notes the answers ask for.
    ``not_shown``: the keys of the questions the answers hide (``Definition.not_shown_keys``)."""
    # Only the month is kept: a single-use code keeps the day it was used, and a response
    # that kept its day could be matched to the code by hand in a quiet area.
    submitted_on = today().replace(day=1)
    survey_id = link.survey_id
    rows = NewRows(
        response={
            "survey_id": survey_id,
            "survey_version_id": journey.survey_version_id,
            "area_id": link.area_id,
            "event_id": link.event_id,
            "submitted_on": submitted_on,
            "submitted_month": submitted_on.strftime("%Y-%m"),
            "language": language,
            **equality.equality_columns(answers),
        }
    )
    follow_ups: list[Any] = []
    for page, question in definition.questions():
        key, value = question["key"], answers.get(question["key"])
        if page.is_equality or value in (None, "", []):
            continue
        if question["type"] == TEXT_TYPE:
            rows.texts.append(NewText(question_key=key, text=value))
            continue
        for chosen in value if question["type"] == MULTI_TYPE else [value]:
            rows.answers.append({"survey_id": survey_id, "question_key": key, "value": chosen})
            follow_up = question.get("follow_up", {}).get(chosen)
            if follow_up:
                follow_ups.append(follow_up)
    rows.not_shown = [{"survey_id": survey_id, "question_key": key} for key in not_shown]
    return rows, follow_ups


def _insert(rows: NewRows) -> None:
    """Write a response and its answers with a few plain INSERTs: the submission is the
    busiest write there is, and the ORM's unit of work would cost more than the writes."""
    connection = db.session.connection()
    response_id = connection.execute(_INSERT_RESPONSE, rows.response).scalar_one()
    survey_id = rows.response["survey_id"]
    if rows.answers:
        connection.execute(
            _INSERT_ANSWERS, [{**row, "response_id": response_id} for row in rows.answers]
        )
    themes = []
    if rows.texts:
        # One INSERT for all the free text, its new ids given back in the rows' order.
        text_ids = connection.execute(
            _INSERT_TEXT,
            [
                {
                    "response_id": response_id,
                    "survey_id": survey_id,
                    "question_key": text.question_key,
                    "text": text.text,
                    "sentiment": text.sentiment,
                    "sentiment_model": text.sentiment_model,
                    "themes_model": text.themes_model,
                    "scored_on": text.scored_on,
                }
                for text in rows.texts
            ],
        ).scalars()
        themes = [
            {"text_answer_id": text_id, "theme": theme, "survey_id": survey_id}
            for text, text_id in zip(rows.texts, text_ids, strict=True)
            for theme in text.themes
        ]
    if themes:
        connection.execute(_INSERT_THEMES, themes)
    if rows.not_shown:
        connection.execute(
            _INSERT_NOT_SHOWN, [{**row, "response_id": response_id} for row in rows.not_shown]
        )


_INSERT_RESPONSE = insert(Response.__table__).returning(Response.__table__.c.id)
_INSERT_ANSWERS = insert(Answer.__table__)
_INSERT_TEXT = insert(TextAnswer.__table__).returning(
    TextAnswer.__table__.c.id, sort_by_parameter_order=True
)
_INSERT_THEMES = insert(TextAnswerTheme.__table__)
_INSERT_NOT_SHOWN = insert(QuestionNotShown.__table__)


def _arrival_scorer(link: RespondentLink, key: scoring.ScorerKey | None) -> scoring.Scorer | None:
    """The survey's scorer, or None when it cannot be had (the answers are scored later)."""
    try:
        with db.session.no_autoflush:
            return scoring.cached_scorer_for(link.survey_id, link.version_id, key)
    except SQLAlchemyError:
        raise  # the database is in trouble: the submission fails as a whole
    except Exception:
        log.warning("no scorer on arrival; left for `flask analysis run`", exc_info=False)
        return None


def _score_on_arrival(scorer: scoring.Scorer | None, text_answers: list[NewText]) -> None:
    """Score new free text now (cheap, in memory, stored with the answers' own INSERT); if
    that fails, the answers are stored unscored and `flask analysis run` catches up later."""
    if scorer is None or not text_answers:
        return
    try:
        scoring.score_new_answers(scorer, text_answers)
    except Exception:
        log.warning("scoring on arrival failed; left for `flask analysis run`", exc_info=False)


@transactional
def withdraw(typed_code: str) -> bool:
    """Delete the response a withdrawal code belongs to. True if there was one."""
    code = clean_code(typed_code, WITHDRAWAL_CODE_LENGTH)
    if code is None:
        return False
    response = db.session.scalar(
        select(Response).where(Response.withdrawal_hash == _hash_code(code))
    )
    if response is None:
        return False
    survey = response.survey_version.survey
    # Which survey only: never the answers, the code or anything about the respondent.
    audit.add("response.withdrawn", survey.slug)
    forgetting.lock_models(survey.id)
    db.session.delete(response)
    db.session.flush()
    # No trained model may keep what it learned from the answers: one that did is set aside
    # (emptied) now, and trained again by the next `flask analysis run`, outside this request.
    forgetting.forget_gone_answers(survey, "withdrawal")
    return True


__all__ = [
    "AlreadySubmitted",
    "AnswersMissing",
    "LinkNoLongerOpen",
    "Submitted",
    "submit",
    "withdraw",
]
