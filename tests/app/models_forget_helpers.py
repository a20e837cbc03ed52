"""Trained models that have learned from one respondent's coded answers, and ways to look
into what the stored models keep: for the tests of withdrawal and purge reaching the models
(test_models_forget*.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.services import coding, responses, surveys
from models import AnalysisModel, AuditEvent, Response, TextAnswer, db, today
from tests.app.coding_helpers import code_directly, synthetic_coded

# A made-up word: it survives stemming as this prefix, so it can be looked for in the payload.
MARKER = "zxqvortle"
MARKER_STEM = b"zxqvort"
NAME_AND_PHONE = "PC Smithers was rude to me, call 07700900123"


def new_response(survey, on: dt.date | None = None) -> tuple[Response, str]:
    """A stop and search response (not yet added), and its withdrawal code."""
    code = responses._new_withdrawal_code()
    day = (on or today()).replace(day=1)  # a response keeps only its month
    response = Response(
        survey_id=survey.id,
        survey_version_id=survey.current_version.id,
        submitted_on=day,
        submitted_month=day.strftime("%Y-%m"),
        withdrawal_hash=responses._hash_code(code),
        ethnic_group="not_stated",
        ethnicity="not_stated",
    )
    return response, code


def respondent_with_coded_answers(coder, on: dt.date | None = None) -> tuple[str, list[int]]:
    """A response with two coded answers that share MARKER (so a model keeps it: it is in
    two answers), one naming an officer and giving a phone number; its withdrawal code."""
    survey = surveys.get_survey("stop-search")
    response, code = new_response(survey, on)
    texts = [
        (f"{NAME_AND_PHONE}. He kept saying {MARKER}", "improve", -2),
        (f"the {MARKER} thing again, they never said why", "grounds", -1),
    ]
    for text, key, _ in texts:
        response.text_answers.append(TextAnswer(survey_id=survey.id, question_key=key, text=text))
    db.session.add(response)
    db.session.commit()
    for answer, (_, _, code_) in zip(response.text_answers, texts, strict=True):
        coding.save_code(survey, answer, code_, set(), coder)
    return code, [answer.id for answer in response.text_answers]


def active(kind: str) -> AnalysisModel:
    db.session.expire_all()
    return db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == kind, AnalysisModel.active)
    ).one()


def payloads() -> bytes:
    db.session.expire_all()
    return b"".join(db.session.scalars(select(AnalysisModel.payload)))


def model_events() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.like("analysis.models_after_%"))
            .order_by(AuditEvent.id)
        )
    )


def model_by_version(version: str) -> AnalysisModel:
    db.session.expire_all()
    return db.session.scalars(select(AnalysisModel).where(AnalysisModel.version == version)).one()


def trained_with_a_respondent(analyst, on: dt.date | None = None):
    code_directly(synthetic_coded(70), analyst)
    code, text_ids = respondent_with_coded_answers(analyst, on)
    survey = surveys.get_survey("stop-search")
    coding.train(survey)
    return survey, code, text_ids
