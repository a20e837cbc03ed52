"""The SQL behind the results pages: every count is a GROUP BY, never rows counted in Python.

Each query returns *cell rows*: counts for one survey grouped by the cell a response falls in
(its month, area and event, the finest units any filter can select) and by the group of the
chosen dimension. :mod:`app.services.results_assembly` adds the rows of the cells a view
selects, which is how one set of rows gives the page, its filters and the disclosure checks
(:mod:`app.services.results_disclosure`) the same numbers. A daily aggregate table keyed the same
way could replace these queries without changing anything above them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, distinct, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from models import (
    NOT_STATED,
    Answer,
    Response,
    TextAnswer,
    TextAnswerTheme,
    db,
)

#: A cell: (month "YYYY-MM", area id or None, event id or None).
Cell = tuple[str, int | None, int | None]
#: Sentiment at or below this is negative (VADER's usual threshold).
NEGATIVE_AT = -0.05
ROLE_QUESTION = "role"
RESPONSE_COLUMNS = {
    "ethnic_group": Response.ethnic_group,
    "ethnicity": Response.ethnicity,
    "age_band": Response.age_band,
    "sex": Response.sex,
    "disability": Response.disability,
    "religion": Response.religion,
    "area": Response.area_id,
    "month": Response.submitted_month,
}
DIMENSIONS = (*RESPONSE_COLUMNS, ROLE_QUESTION)


@dataclass(frozen=True)
class TextRow:
    """Free-text answers of one group in one cell: who wrote, and sums for the sentiment."""

    cell: Cell
    group: Any
    writers: int
    scored: int
    total: float
    total_squares: float
    negative: int
    themed: int


@dataclass(frozen=True)
class QuoteFilter:
    """Which responses quotes may come from: a month range, an area, an event, a group."""

    dimension: str
    group: str | int | None  # as stored: an area's id, None for no area
    theme: str
    start: str | None = None
    end: str | None = None
    area_id: int | None = None
    event_id: int | None = None
    #: Months left out of the results: their answers are not quoted either.
    left_out: tuple[str, ...] = ()


def _cell_columns(by_cell: bool) -> list[ColumnElement]:
    return [Response.submitted_month, Response.area_id, Response.event_id] if by_cell else []


def _with_group(query: Select, dimension: str) -> tuple[Select, ColumnElement]:
    """Add what the group of ``dimension`` needs: a column of the response, or the role answer."""
    if dimension == ROLE_QUESTION:
        role = aliased(Answer)
        # No survey_id condition here: with one, SQLite would look the role up through the
        # (survey_id, question_key, value) index, reading every role answer for each response.
        query = query.outerjoin(
            role, and_(role.response_id == Response.id, role.question_key == ROLE_QUESTION)
        )
        return query, func.coalesce(role.value, NOT_STATED)
    return query, RESPONSE_COLUMNS[dimension]


WHOLE_SURVEY: Cell = ("", None, None)


def counted_responses(survey_id: int, left_out: Sequence[str] = ()) -> list[ColumnElement]:
    """The conditions on a response to be counted: of the survey, and not of a month left
    out of the results (a month of fewer than k responses; see
    :func:`app.services.results_counts.left_out_months`)."""
    where = [Response.survey_id == survey_id]
    if left_out:
        where.append(Response.submitted_month.not_in(list(left_out)))
    return where


def _cell(row: Sequence[Any], by_cell: bool) -> Cell:
    """The cell columns come last in every query; without them the row is the whole survey."""
    return (str(row[-3]), row[-2], row[-1]) if by_cell else WHOLE_SURVEY


def respondents(
    survey_id: int, dimension: str, *, by_cell: bool = True, left_out: Sequence[str] = ()
) -> list[tuple[Cell, Any, int]]:
    """(cell, group, responses) for every cell and group of a survey (or for the whole survey
    without ``by_cell``)."""
    query, group = _with_group(select().select_from(Response), dimension)
    cells = _cell_columns(by_cell)
    query = query.add_columns(group, func.count(), *cells).where(
        *counted_responses(survey_id, left_out)
    )
    rows = db.session.execute(query.group_by(group, *cells))
    return [(_cell(row, by_cell), row[0], int(row[1])) for row in rows]


def respondents_by_month(
    survey_id: int, dimension: str, left_out: Sequence[str] = ()
) -> list[tuple[Cell, Any, int]]:
    """(cell, group, responses) by month only: the cells are (month, None, None)."""
    query, group = _with_group(select().select_from(Response), dimension)
    month = Response.submitted_month
    query = query.add_columns(group, func.count(), month).where(
        *counted_responses(survey_id, left_out)
    )
    rows = db.session.execute(query.group_by(group, month))
    return [((str(row[2]), None, None), row[0], int(row[1])) for row in rows]


def answers(
    survey_id: int,
    dimension: str,
    *,
    by_cell: bool = True,
    key: str | None = None,
    left_out: Sequence[str] = (),
) -> list[tuple[Cell, Any, str, str, int]]:
    """(cell, group, question key, option code, count) for every closed answer of a survey.

    With ``key``, one question only, by month: the cells are (month, None, None).
    """
    base = select().select_from(Answer).join(Response, Response.id == Answer.response_id)
    query, group = _with_group(base, dimension)
    columns = [group, Answer.question_key, Answer.value]
    where = [Answer.survey_id == survey_id, *counted_responses(survey_id, left_out)]
    if key is not None:
        where.append(Answer.question_key == key)
        query = query.add_columns(*columns, func.count(), Response.submitted_month)
        rows = db.session.execute(query.where(*where).group_by(*columns, Response.submitted_month))
        return [((str(row[4]), None, None), row[0], row[1], row[2], int(row[3])) for row in rows]
    cells = _cell_columns(by_cell)
    query = query.add_columns(*columns, func.count(), *cells).where(*where)
    rows = db.session.execute(query.group_by(*columns, *cells))
    return [(_cell(row, by_cell), row[0], row[1], row[2], int(row[3])) for row in rows]


def respondents_answering(
    survey_id: int,
    dimension: str,
    keys: Sequence[str],
    *,
    by_cell: bool = True,
    left_out: Sequence[str] = (),
) -> list[tuple[Cell, Any, str, int]]:
    """(cell, group, question key, respondents) for multiple-choice questions, where one
    respondent has a row for every option ticked."""
    if not keys:
        return []
    base = select().select_from(Answer).join(Response, Response.id == Answer.response_id)
    query, group = _with_group(base, dimension)
    cells = _cell_columns(by_cell)
    query = query.add_columns(
        group, Answer.question_key, func.count(distinct(Answer.response_id)), *cells
    ).where(
        Answer.survey_id == survey_id,
        *counted_responses(survey_id, left_out),
        Answer.question_key.in_(list(keys)),
    )
    rows = db.session.execute(query.group_by(group, Answer.question_key, *cells))
    return [(_cell(row, by_cell), row[0], row[1], int(row[2])) for row in rows]


def text_answers(
    survey_id: int, dimension: str, *, by_cell: bool = True, left_out: Sequence[str] = ()
) -> list[TextRow]:
    """Per cell and group: respondents who wrote, and the sentiment sums of their answers."""
    base = select().select_from(TextAnswer).join(Response, Response.id == TextAnswer.response_id)
    query, group = _with_group(base, dimension)
    cells = _cell_columns(by_cell)
    sentiment = TextAnswer.sentiment
    query = query.add_columns(
        group,
        func.count(distinct(TextAnswer.response_id)),
        func.count(sentiment),
        func.coalesce(func.sum(sentiment), 0.0),
        func.coalesce(func.sum(sentiment * sentiment), 0.0),
        func.coalesce(func.sum(case((sentiment <= NEGATIVE_AT, 1), else_=0)), 0),
        func.count(TextAnswer.themes_model),
        *cells,
    ).where(TextAnswer.survey_id == survey_id, *counted_responses(survey_id, left_out))
    rows = db.session.execute(query.group_by(group, *cells))
    return [
        TextRow(
            _cell(row, by_cell),
            row[0],
            int(row[1]),
            int(row[2]),
            float(row[3]),
            float(row[4]),
            int(row[5]),
            int(row[6]),
        )
        for row in rows
    ]


def themes(
    survey_id: int, dimension: str, *, by_cell: bool = True, left_out: Sequence[str] = ()
) -> list[tuple[Cell, Any, str, int]]:
    """(cell, group, theme, answers raising it) for a survey's scored free text."""
    base = (
        select()
        .select_from(TextAnswerTheme)
        .join(TextAnswer, TextAnswer.id == TextAnswerTheme.text_answer_id)
        .join(Response, Response.id == TextAnswer.response_id)
    )
    query, group = _with_group(base, dimension)
    cells = _cell_columns(by_cell)
    query = query.add_columns(group, TextAnswerTheme.theme, func.count(), *cells).where(
        TextAnswerTheme.survey_id == survey_id, *counted_responses(survey_id, left_out)
    )
    rows = db.session.execute(query.group_by(group, TextAnswerTheme.theme, *cells))
    return [(_cell(row, by_cell), row[0], row[1], int(row[2])) for row in rows]


def quotes(survey_id: int, chosen: QuoteFilter, limit: int) -> list[str]:
    """The most recent free-text answers raising a theme, from one group of a view."""
    base = (
        select(TextAnswer.text)
        .select_from(TextAnswerTheme)
        .join(TextAnswer, TextAnswer.id == TextAnswerTheme.text_answer_id)
        .join(Response, Response.id == TextAnswer.response_id)
    )
    query, group = _with_group(base, chosen.dimension)
    where = [
        TextAnswerTheme.survey_id == survey_id,
        TextAnswerTheme.theme == chosen.theme,
        *counted_responses(survey_id, chosen.left_out),
    ]
    where.append(group.is_(None) if chosen.group is None else group == chosen.group)
    if chosen.start:
        where.append(Response.submitted_month >= chosen.start)
    if chosen.end:
        where.append(Response.submitted_month <= chosen.end)
    if chosen.area_id is not None:
        where.append(Response.area_id == chosen.area_id)
    if chosen.event_id is not None:
        where.append(Response.event_id == chosen.event_id)
    query = query.where(*where).order_by(Response.submitted_on.desc(), TextAnswer.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def responses_by_month_of(survey_id: int) -> list[tuple[str, int]]:
    """(month, responses) for one survey, oldest first (index-only)."""
    query = (
        select(Response.submitted_month, func.count())
        .where(Response.survey_id == survey_id)
        .group_by(Response.submitted_month)
        .order_by(Response.submitted_month)
    )
    return [(str(row[0]), int(row[1])) for row in db.session.execute(query)]
