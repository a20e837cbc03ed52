"""Coded answers for the coding tests: free-text answers added as respondents' would be,
synthetic answers with the sentiment and themes a coder would give them, and those codes saved
as an analyst's."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Sequence

from app.services import coding, surveys
from models import Response, TextAnswer, db, today

GROUNDS = "Explanation of grounds"
RESPECT = "Respect and manner"
IMPROVE = "What could the officer have done better?"


def add_answers(
    texts: Sequence[str],
    survey: str = "stop-search",
    question: str = "improve",
    ethnic_group: str = "not_stated",
    on: dt.date | None = None,
) -> list[TextAnswer]:
    """One response per text, each with that free-text answer."""
    found = surveys.get_survey(survey)
    version = found.current_version
    day = on or today()
    answers = []
    for text in texts:
        response = Response(
            survey_id=found.id,
            survey_version_id=version.id,
            submitted_on=day,
            submitted_month=day.strftime("%Y-%m"),
            withdrawal_hash=secrets.token_hex(32),
            ethnic_group=ethnic_group,
            ethnicity="black_african" if ethnic_group == "black" else "not_stated",
        )
        answer = TextAnswer(survey_id=found.id, question_key=question, text=text)
        response.text_answers.append(answer)
        db.session.add(response)
        answers.append(answer)
    db.session.commit()
    return answers


# Fragments whose sentiment and themes a coder would agree on.
FRAGMENTS = [
    ("He explained the grounds clearly", 1, {GROUNDS}),
    ("she told me why I was stopped", 1, {GROUNDS}),
    ("they never said why", -1, {GROUNDS}),
    ("no reason was given at all", -1, {GROUNDS}),
    ("the officer was polite and calm", 1, {RESPECT}),
    ("they were friendly", 1, {RESPECT}),
    ("he was rude and shouted at me", -2, {RESPECT}),
    ("really aggressive and sarcastic", -2, {RESPECT}),
    ("it happened on the high street", 0, set()),
    ("it was a Tuesday afternoon", 0, set()),
]


def synthetic_coded(n: int, seed: int = 1) -> list[tuple[str, int, set[str]]]:
    """``n`` answers of one or two fragments, with the code and themes a coder would give."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        parts = rng.sample(FRAGMENTS, rng.choice([1, 1, 2]))
        text = ". ".join(p[0] for p in parts).capitalize() + f". ({i})"
        score = sum(p[1] for p in parts)
        code = max(-2, min(2, score))
        rows.append((text, code, set().union(*(p[2] for p in parts))))
    return rows


def code_directly(rows, coder=None) -> list[TextAnswer]:
    answers = add_answers([text for text, _, _ in rows])
    survey = surveys.get_survey("stop-search")
    for answer, (_, code, themes) in zip(answers, rows, strict=True):
        coding.save_code(survey, answer, code, themes, coder)
    return answers
