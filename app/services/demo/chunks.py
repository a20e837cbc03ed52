"""One chunk of a seed: its respondents drawn, turned into rows, and written table by table.

Response ids are reserved up front so that answers can point at their response without a
round trip. Equality answers become the response's columns through
:func:`app.services.equality.equality_columns`, exactly as a real submission does.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from app.services import equality
from app.services.demo.answers import Texts
from app.services.demo.plan import Plan
from app.services.demo.respondent_model import WELSH
from app.services.demo.respondents import Respondents
from app.services.demo.writers import writer_for
from app.services.transaction import transactional
from models import EQUALITY_COLUMNS, Answer, QuestionNotShown, Response, TextAnswer, db

RESPONSE_COLUMNS = (
    "id",
    "survey_id",
    "survey_version_id",
    "area_id",
    "event_id",
    "submitted_on",
    "submitted_month",
    "language",
    "withdrawal_hash",
    *EQUALITY_COLUMNS,
)
ANSWER_COLUMNS = ("response_id", "survey_id", "question_key", "value")
TEXT_COLUMNS = ("response_id", "survey_id", "question_key", "text")
NOT_SHOWN_COLUMNS = ("response_id", "question_key", "survey_id")


@dataclass
class Rows:
    responses: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[int, int, str, str]] = field(default_factory=list)
    text_answers: list[tuple[int, int, str, str]] = field(default_factory=list)
    not_shown: list[tuple[int, str, int]] = field(default_factory=list)
    by_survey: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ChunkResult:
    by_survey: Mapping[str, int]
    answers: int
    text_answers: int


@transactional
def write_chunk(plan: Plan, rng: np.random.Generator, size: int) -> ChunkResult:
    """One chunk as its own transaction."""
    return load_chunk(plan, rng, size)


def load_chunk(plan: Plan, rng: np.random.Generator, size: int) -> ChunkResult:
    """Write one chunk in the caller's transaction."""
    writer = writer_for(db.session.connection())
    ids = writer.reserve_response_ids(size)
    counts = rng.multinomial(size, [s.model.share for s in plan.surveys])
    rows = Rows()
    start = 0
    for survey, n in zip(plan.surveys, counts.tolist(), strict=True):
        if n:
            add_rows(rows, Respondents(plan, survey, rng, ids[start : start + n]))
        rows.by_survey[survey.slug] = n
        start += n
    writer.write(Response.__table__, RESPONSE_COLUMNS, rows.responses)
    writer.write(Answer.__table__, ANSWER_COLUMNS, rows.answers)
    writer.write(TextAnswer.__table__, TEXT_COLUMNS, rows.text_answers)
    writer.write(QuestionNotShown.__table__, NOT_SHOWN_COLUMNS, rows.not_shown)
    return ChunkResult(rows.by_survey, len(rows.answers), len(rows.text_answers))


def add_rows(rows: Rows, respondents: Respondents) -> None:
    """The rows of ``respondents``' responses, answers and questions not shown."""
    survey, n, answers = respondents.survey, respondents.n, respondents.answers
    ids = respondents.ids.tolist()
    equality_keys = [
        question["key"]
        for page, question in survey.definition.questions()
        if page.is_equality and question["key"] in answers
    ]
    columns = _equality_columns(
        equality_keys,
        [answers[key].values().tolist() for key in equality_keys],  # type: ignore[union-attr]
        n,
    )
    language = np.where(respondents.rng.random(n) < WELSH, "cy", "en").tolist()
    days = respondents.day.tolist()
    hashes = _withdrawal_hashes(n)
    on, month = respondents.plan.month_starts, respondents.plan.months
    rows.responses.extend(
        (
            ids[i],
            survey.survey_id,
            survey.version_id,
            respondents.area_id[i],
            respondents.event_id[i],
            on[days[i]],
            month[days[i]],
            language[i],
            hashes[i],
            *columns[i],
        )
        for i in range(n)
    )
    for key, hidden in respondents.not_shown.items():
        rows.not_shown.extend(
            (response_id, key, survey.survey_id) for response_id in respondents.ids[hidden].tolist()
        )
    for page, question in survey.definition.questions():
        answer = answers.get(question["key"])
        if page.is_equality or answer is None:
            continue
        table = rows.text_answers if isinstance(answer, Texts) else rows.answers
        key, survey_id = question["key"], survey.survey_id
        for response_ids, values in answer.given(respondents.ids):
            table.extend(zip(response_ids, repeat(survey_id), repeat(key), values, strict=False))


def _equality_columns(keys: list[str], values: list[list[str | None]], n: int) -> list[tuple]:
    """Each respondent's equality columns, computed by the same function a submission uses."""
    cache: dict[tuple, tuple] = {}
    result = []
    for combination in zip(*values, strict=True) if keys else repeat((), n):
        columns = cache.get(combination)
        if columns is None:
            given = {key: value for key, value in zip(keys, combination, strict=True) if value}
            derived = equality.equality_columns(given)
            columns = cache[combination] = tuple(derived[name] for name in EQUALITY_COLUMNS)
        result.append(columns)
    return result


def _withdrawal_hashes(n: int) -> list[str]:
    """Random, unique and never derived from the seed: there is no code that withdraws them."""
    noise = os.urandom(16 * n)
    return [hashlib.sha256(noise[i : i + 16]).hexdigest() for i in range(0, 16 * n, 16)]


@dataclass
class Totals:
    by_survey: dict[str, int]
    answers: int = 0
    text_answers: int = 0
    codes_offered: int = 0


def write_chunks(
    plan: Plan,
    chunks: Sequence[tuple[int, np.random.SeedSequence]],
    progress: Callable[[int], None] | None,
    write: Callable[[Plan, np.random.Generator, int], ChunkResult],
) -> Totals:
    """Write each (size, seed sequence) chunk with ``write``, telling ``progress`` after each."""
    totals = Totals(by_survey=dict.fromkeys((s.slug for s in plan.surveys), 0))
    for size, sequence in chunks:
        chunk = write(plan, np.random.default_rng(sequence), size)
        for slug, n in chunk.by_survey.items():
            totals.by_survey[slug] += n
        totals.answers += chunk.answers
        totals.text_answers += chunk.text_answers
        if progress:
            progress(size)
    return totals
