"""The SQL behind the results overview: when free text was last scored, each survey's links
by sort (and the answers they had in months the results leave out), and one question's answers
by option, and by respondent where it allows several answers. Like
:mod:`app.services.results_queries`, every count is a GROUP BY or a count over one question."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, distinct, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from models import Answer, Event, Link, Response, TextAnswer, db


def last_scored(survey_id: int, left_out: Sequence[str] = ()) -> dt.date | None:
    """When a free-text answer to the survey was last scored; with ``left_out``, of the answers
    given in other months only. A staff survey's answers are scored as they arrive: the date
    the month not yet over gave would be the day a colleague last answered."""
    query = select(func.max(TextAnswer.scored_on)).where(TextAnswer.survey_id == survey_id)
    if left_out:
        query = query.join(Response, Response.id == TextAnswer.response_id).where(
            Response.submitted_month.not_in(list(left_out))
        )
    return db.session.scalar(query)


@dataclass(frozen=True)
class LinkCounts:
    """One survey's links of one sort: a listening session's (``event``), single-use codes,
    or links anyone may answer many times."""

    event: bool
    single_use: bool
    links: int
    answered: int  # links answered at least once
    responses: int | None  # answers through them (None: not known without some months')
    sessions: int = 0  # listening sessions they were made for
    sessions_answered: int = 0  # of those, sessions with an answer

    def less(self, other: LinkCounts | None) -> LinkCounts:
        """These counts without the answers counted in ``other`` (the same sort's, in some
        months); the links and sessions made stay."""
        if other is None:
            return self
        return LinkCounts(
            self.event,
            self.single_use,
            self.links,
            self.answered - other.answered,
            None
            if self.responses is None or other.responses is None
            else self.responses - other.responses,
            self.sessions,
            self.sessions_answered - other.sessions_answered,
        )


def links_by_survey() -> dict[int, list[LinkCounts]]:
    """Survey id -> its links, counted by sort (listening sessions, single-use, reusable).

    Two queries: the links made for a listening session, few, with their sessions counted; and
    the rest, which run to millions (a code for every stop), without the distinct counts that
    would make PostgreSQL sort them all (800 ms at two million links, against 200 ms)."""
    answered = Link.answered > 0
    common = (
        Link.survey_id,
        Link.single_use,
        func.count(),
        func.coalesce(func.sum(case((answered, 1), else_=0)), 0),
        func.coalesce(func.sum(Link.answered), 0),
    )
    sessions = db.session.execute(
        select(
            *common,
            func.count(distinct(Link.event_id)),
            func.count(distinct(case((answered, Link.event_id)))),
        )
        .where(Link.event_id.is_not(None))
        .group_by(Link.survey_id, Link.single_use)
    )
    others = db.session.execute(
        select(*common).where(Link.event_id.is_(None)).group_by(Link.survey_id, Link.single_use)
    )
    found: dict[int, list[LinkCounts]] = {}
    for is_event, rows in ((True, sessions), (False, others)):
        for survey_id, single_use, *counts in rows:
            found.setdefault(survey_id, []).append(
                LinkCounts(is_event, bool(single_use), *(int(n or 0) for n in counts))
            )
    return found


def _within(column: Any, months: Sequence[str]) -> ColumnElement:
    """``column`` (a date) falls in one of ``months`` ("YYYY-MM")."""
    ranges = []
    for month in months:
        first = dt.date(int(month[:4]), int(month[5:7]), 1)
        after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        ranges.append(and_(column >= first, column < after))
    return or_(*ranges)


def links_answered_in(survey_id: int, months: Sequence[str]) -> list[LinkCounts]:
    """The answers among :func:`links_by_survey`'s counts that came in ``months`` (months
    whose responses the results leave out), by sort, so that the overview can take them away:
    a single-use code's by the day it was used, a listening session's by the day the session
    was held. A link anyone may answer records no dates, so its answers are given as unknown
    (``responses`` None) while any month is left out."""
    if not months:
        return []
    answered = Link.answered > 0
    single = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Link.answered), 0)).where(
            Link.survey_id == survey_id,
            Link.event_id.is_(None),
            Link.single_use.is_(True),
            _within(Link.used_on, months),
        )
    ).one()
    sessions = db.session.execute(
        select(
            Link.single_use,
            func.coalesce(func.sum(case((answered, 1), else_=0)), 0),
            func.coalesce(func.sum(Link.answered), 0),
            func.count(distinct(case((answered, Link.event_id)))),
        )
        .join(Event, Event.id == Link.event_id)
        .where(Link.survey_id == survey_id, _within(Event.held_on, months))
        .group_by(Link.single_use)
    )
    found = [LinkCounts(False, True, 0, int(single[0]), int(single[1]))]
    found += [
        LinkCounts(True, bool(single_use), 0, int(n), int(responses), 0, int(heard))
        for single_use, n, responses, heard in sessions
    ]
    found.append(LinkCounts(False, False, 0, 0, None))
    return found


def _in_months(query: Select, survey_id: int, question_key: str, months: Sequence[str]) -> Select:
    """``query`` over one question's answers given in ``months`` (a few small months, so joined
    to their responses)."""
    return query.join(Response, Response.id == Answer.response_id).where(
        Response.survey_id == survey_id,
        Response.submitted_month.in_(list(months)),
        Answer.survey_id == survey_id,
        Answer.question_key == question_key,
    )


def option_counts(
    survey_id: int, question_key: str, left_out: Sequence[str] = ()
) -> dict[str, int]:
    """Option code -> how many chose it, for one question (index-only), less the answers of
    the months left out: those months are small, so they are counted apart and taken away
    rather than joining every answer to its response."""
    rows = db.session.execute(
        select(Answer.value, func.count())
        .where(Answer.survey_id == survey_id, Answer.question_key == question_key)
        .group_by(Answer.value)
    )
    counts = {row[0]: int(row[1]) for row in rows}
    if left_out:
        small = db.session.execute(
            _in_months(
                select(Answer.value, func.count()), survey_id, question_key, left_out
            ).group_by(Answer.value)
        )
        for value, n in small:
            counts[value] -= int(n)
    return {value: n for value, n in counts.items() if n}


def respondents_choosing(
    survey_id: int, question_key: str, favourable: Sequence[str], left_out: Sequence[str] = ()
) -> tuple[int, int]:
    """(respondents who answered, those of them who chose any ``favourable`` option), for a
    question that allows several answers, less the months left out. One respondent has a row
    for every option ticked, so its options' counts add up to more than the people who
    answered: they are counted by response. A response is in one month, so the left-out
    months' respondents are counted apart and taken away, as :func:`option_counts` does."""
    favoured = list(favourable)
    columns = (
        func.count(distinct(Answer.response_id)),
        func.count(distinct(case((Answer.value.in_(favoured), Answer.response_id))))
        if favoured
        else literal(0),
    )
    answered, chose = db.session.execute(
        select(*columns).where(Answer.survey_id == survey_id, Answer.question_key == question_key)
    ).one()
    if left_out:
        small, small_chose = db.session.execute(
            _in_months(select(*columns), survey_id, question_key, left_out)
        ).one()
        answered, chose = answered - small, chose - small_chose
    return int(answered), int(chose)
