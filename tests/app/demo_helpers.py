"""Seeding the demo data from a test, and reading back what it stored: each response's answers
as a submission holds them, and each survey version's definition."""

from __future__ import annotations

from sqlalchemy import select

from app.services.definitions import MULTI_TYPE, Definition
from models import Answer, Response, SurveyVersion, TextAnswer, db

SLUGS = ("stop-search", "listening-session", "say-to-stay")


def seed(runner, responses: int, seed: int = 7, *extra: str):
    result = runner.invoke(
        args=["demo", "seed", "--responses", str(responses), "--seed", str(seed), *extra]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def definitions() -> dict[int, Definition]:
    return {v.id: Definition(v.definition) for v in db.session.scalars(select(SurveyVersion))}


def answers_by_response() -> dict[int, dict[str, object]]:
    """Each response's answers as a submission holds them: code, list of codes, or text."""
    kinds = {
        version_id: {q["key"]: q["type"] for _, q in definition.questions()}
        for version_id, definition in definitions().items()
    }
    version_of = dict(db.session.execute(select(Response.id, Response.survey_version_id)).all())
    answers: dict[int, dict[str, object]] = {response_id: {} for response_id in version_of}
    for response_id, key, value in db.session.execute(
        select(Answer.response_id, Answer.question_key, Answer.value)
    ):
        kind = kinds[version_of[response_id]].get(key)
        if kind == MULTI_TYPE:
            answers[response_id].setdefault(key, []).append(value)
        else:
            assert key not in answers[response_id], f"two answers to {key} in {response_id}"
            answers[response_id][key] = value
    for response_id, key, text in db.session.execute(
        select(TextAnswer.response_id, TextAnswer.question_key, TextAnswer.text)
    ):
        answers[response_id][key] = text
    return answers
