"""Submitted responses and their answers.

A response carries the survey version, area, event, date and language, and one column for each
equality answer. It carries no IP address, user agent, cookie id, link or time of day.

Closed answers are rows of (question key, option code), so counting any closed question by any
group over a million responses is one indexed GROUP BY. Each free-text answer is its own row so
that it can carry its own sentiment and themes, with the model version that produced them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, utcnow
from models.survey import SurveyVersion

NOT_STATED = "not_stated"
NOT_ASKED = "not_asked"

# Equality columns on a response; each is also a grouping dimension of the results.
EQUALITY_COLUMNS = (
    "ethnic_group",
    "ethnicity",
    "age_band",
    "sex",
    "gender_identity",
    "sexual_orientation",
    "religion",
    "disability",
)


def _equality_column() -> Mapped[str]:
    return mapped_column(String(40), default=NOT_STATED, server_default=NOT_STATED)


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_survey_submitted", "survey_id", "submitted_on"),
        Index("ix_responses_survey_ethnic_group", "survey_id", "ethnic_group"),
        Index("ix_responses_survey_ethnicity", "survey_id", "ethnicity"),
        Index("ix_responses_survey_age_band", "survey_id", "age_band"),
        Index("ix_responses_survey_sex", "survey_id", "sex"),
        Index("ix_responses_survey_religion", "survey_id", "religion"),
        Index("ix_responses_survey_disability", "survey_id", "disability"),
        Index("ix_responses_survey_area", "survey_id", "area_id"),
        Index("ix_responses_survey_month", "survey_id", "submitted_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    # The first day of the month the response was sent, never the day itself: a single-use
    # code keeps the day it was used, so a response that kept its day could be matched to its
    # code (and so its officer) by hand in a quiet area on a quiet day.
    submitted_on: Mapped[dt.date]
    submitted_month: Mapped[str] = mapped_column(String(7))  # "2026-11": portable GROUP BY
    language: Mapped[str] = mapped_column(String(8), default="en")
    # SHA-256 of the withdrawal code shown once on the confirmation page.
    withdrawal_hash: Mapped[str] = mapped_column(String(64), unique=True)

    ethnic_group: Mapped[str] = _equality_column()
    ethnicity: Mapped[str] = _equality_column()
    age_band: Mapped[str] = _equality_column()
    sex: Mapped[str] = _equality_column()
    gender_identity: Mapped[str] = _equality_column()
    sexual_orientation: Mapped[str] = _equality_column()
    religion: Mapped[str] = _equality_column()
    disability: Mapped[str] = _equality_column()

    survey_version: Mapped[SurveyVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    text_answers: Mapped[list[TextAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    not_shown: Mapped[list[QuestionNotShown]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Response {self.id}>"


class Answer(db.Model):
    """One chosen option of a closed question (a multiple-choice answer has one row per option)."""

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_survey_question_value", "survey_id", "question_key", "value"),
        # Covering, in response order: counting answers by a column of their response.
        Index("ix_answers_survey_response", "survey_id", "response_id", "question_key", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    question_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(64))

    response: Mapped[Response] = relationship(back_populates="answers")


class QuestionNotShown(db.Model):
    """A question the respondent's earlier answers hid (its condition was not met).

    Recorded so that analysis knows who was shown each question: a hidden question is neither
    an answer nor a skipped one, and is never counted as "no".
    """

    __tablename__ = "questions_not_shown"
    __table_args__ = (Index("ix_questions_not_shown_survey_question", "survey_id", "question_key"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))


class TextAnswer(db.Model):
    """A free-text answer, with the sentiment and themes computed for it."""

    __tablename__ = "text_answers"
    __table_args__ = (
        Index("ix_text_answers_survey_question", "survey_id", "question_key"),
        Index("ix_text_answers_sentiment_model", "sentiment_model"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    question_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    sentiment: Mapped[float | None] = mapped_column(Float)
    sentiment_model: Mapped[str | None] = mapped_column(String(64))
    themes_model: Mapped[str | None] = mapped_column(String(64))
    # The date only: scoring on arrival must not give a response a time of day.
    scored_on: Mapped[dt.date | None]

    response: Mapped[Response] = relationship(back_populates="text_answers")
    themes: Mapped[list[TextAnswerTheme]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class TextAnswerTheme(db.Model):
    __tablename__ = "text_answer_themes"
    __table_args__ = (Index("ix_text_answer_themes_survey_theme", "survey_id", "theme"),)

    text_answer_id: Mapped[int] = mapped_column(
        ForeignKey("text_answers.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(100), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))


def journey_time() -> dt.datetime:
    """Now, to the minute: a journey's times say only when it goes stale, nothing finer."""
    return utcnow().replace(second=0, microsecond=0)


class Journey(db.Model):
    """A respondent's answers in progress, held server-side between pages.

    Its random id doubles as the submission nonce: submitting deletes the row in the same
    transaction that stores the response, so a second submit finds nothing to store. Journeys
    left unfinished are deleted once no page has been saved for JOURNEY_TTL_HOURS, when a later
    journey starts (:mod:`app.services.journeys`) or by ``flask retention purge``. Its times are
    to the minute.
    """

    __tablename__ = "journeys"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"), index=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=journey_time, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=journey_time, onupdate=journey_time)

    survey_version: Mapped[SurveyVersion] = relationship()
