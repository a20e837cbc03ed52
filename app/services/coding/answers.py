"""The answers analysts code: picking one at random, showing it safely, recording its code."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ColumnElement, and_, exists, func, select

from analysis.masking import mask_personal_details
from app.services import staff_survey_confidential as confidential
from app.services import taxonomy
from app.services.definitions import Definition, localised
from app.services.transaction import transactional
from models import CodedAnswer, Survey, SurveyVersion, TextAnswer, User, db, utcnow

#: The five-point scale coders use, as stored in coded_answers.sentiment.
SENTIMENT_SCALE: dict[int, str] = {
    -2: "Very negative",
    -1: "Fairly negative",
    0: "Neither, or mixed",
    1: "Fairly positive",
    2: "Very positive",
}


class CodingError(ValueError):
    """A coding request could not be carried out; the message says why, for the analyst."""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="coding-answer")


def answer_token(answer: TextAnswer) -> str:
    """An opaque reference to an answer for the coding form (no integer ids in URLs)."""
    return _serializer().dumps([answer.survey_id, answer.id])


def answer_from_token(survey: Survey, token: str) -> TextAnswer | None:
    try:
        survey_id, answer_id = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if survey_id != survey.id:
        return None
    return db.session.get(TextAnswer, answer_id)


def not_coded() -> ColumnElement[bool]:
    """The condition on ``text_answers`` that nobody has coded an answer."""
    return ~exists().where(CodedAnswer.text_answer_id == TextAnswer.id)


def offered(survey: Survey) -> ColumnElement[bool]:
    """The condition on ``text_answers`` that an answer is the survey's and may be coded: for a
    survey of staff, only answers given in a month that is over
    (:func:`app.services.staff_survey_confidential.text_of_month_over`)."""
    return and_(TextAnswer.survey_id == survey.id, confidential.text_of_month_over(survey.id))


def month_over_only(survey: Survey) -> bool:
    """Whether the survey is of staff, whose answers are coded only once their month is over."""
    return confidential.month_not_over(survey.id) is not None


def random_uncoded(survey: Survey, avoid: int | None = None) -> TextAnswer | None:
    """A randomly chosen answer of the survey that nobody has coded yet (None when all are),
    among those :func:`offered`.

    Picks a random point in the survey's id range and takes the first uncoded answer from
    there, wrapping round: an index range scan, not ORDER BY random() over every answer.
    """
    low, high = db.session.execute(
        select(func.min(TextAnswer.id), func.max(TextAnswer.id)).where(offered(survey))
    ).one()
    if low is None:
        return None
    start = low + secrets.randbelow(high - low + 1)
    base = select(TextAnswer).where(offered(survey), not_coded())
    if avoid is not None:
        base = base.where(TextAnswer.id != avoid)
    return db.session.scalar(
        base.where(TextAnswer.id >= start).order_by(TextAnswer.id).limit(1)
    ) or db.session.scalar(base.where(TextAnswer.id < start).order_by(TextAnswer.id).limit(1))


def questions_of(survey: Survey) -> dict[str, str]:
    """Question key -> English question text, over every version (latest wording wins)."""
    texts: dict[str, str] = {}
    versions = db.session.scalars(
        select(SurveyVersion)
        .where(SurveyVersion.survey_id == survey.id)
        .order_by(SurveyVersion.number)
    )
    for version in versions:
        for _, question in Definition(version.definition).questions():
            texts[question["key"]] = localised(question["text"], "en")
    return texts


@dataclass(frozen=True)
class AnswerView:
    """An answer as a coder sees it: the question, the answer with personal details masked,
    and any existing code. Never the respondent's group, area or date."""

    token: str
    question: str
    text: str
    coded: CodedAnswer | None


def view_answer(survey: Survey, answer: TextAnswer) -> AnswerView:
    return AnswerView(
        token=answer_token(answer),
        question=questions_of(survey).get(answer.question_key, answer.question_key),
        text=mask_personal_details(answer.text),
        coded=db.session.get(CodedAnswer, answer.id),
    )


@transactional
def save_code(
    survey: Survey,
    answer: TextAnswer,
    sentiment: int,
    themes: Collection[str],
    coder: User | None,
) -> CodedAnswer:
    """Record (or change) an analyst's coding of one answer."""
    if answer.survey_id != survey.id:
        raise CodingError("That answer belongs to another survey")
    if sentiment not in SENTIMENT_SCALE:
        raise CodingError("Select how positive or negative the answer is")
    names = taxonomy.theme_names(survey)
    unknown = set(themes) - set(names)
    if unknown:
        raise CodingError("Select only the themes listed")
    coded = db.session.get(CodedAnswer, answer.id)
    if coded is None:
        coded = CodedAnswer(text_answer_id=answer.id, survey_id=survey.id)
        db.session.add(coded)
    coded.sentiment = sentiment
    coded.themes = [name for name in names if name in set(themes)]
    coded.coded_by_id = coder.id if coder else None
    coded.coded_at = utcnow()
    return coded


@dataclass(frozen=True)
class RecentCode:
    token: str
    question: str
    text: str
    sentiment: int | None
    themes: list[str]
    coded_at: Any


def recent_codes(survey: Survey, coder: User, limit: int = 10) -> list[RecentCode]:
    """The coder's own latest coded answers, so a slip can be put right."""
    rows = db.session.execute(
        select(CodedAnswer, TextAnswer)
        .join(TextAnswer, TextAnswer.id == CodedAnswer.text_answer_id)
        .where(CodedAnswer.survey_id == survey.id, CodedAnswer.coded_by_id == coder.id)
        .order_by(CodedAnswer.coded_at.desc(), CodedAnswer.text_answer_id.desc())
        .limit(limit)
    )
    questions = questions_of(survey)
    return [
        RecentCode(
            token=answer_token(answer),
            question=questions.get(answer.question_key, answer.question_key),
            text=mask_personal_details(answer.text),
            sentiment=coded.sentiment,
            themes=list(coded.themes or []),
            coded_at=coded.coded_at,
        )
        for coded, answer in rows
    ]
