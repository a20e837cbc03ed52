"""The analysts' "Offered and answered" report: for one survey and a period of whole ISO weeks,
how many codes were offered and answered, in total, by area and by officer, and then week by
week. Counts come from the links table alone (see :mod:`app.services.link_stats`): nothing here
touches a response, so no figure joins an answer to an officer.

For a survey of police officers and staff (Say to Stay), whether one colleague's code was
answered is itself confidential (:mod:`app.services.staff_survey_confidential`): codes answered
are counted only for every code the survey has had, never by area, officer or week, nor over
the last so many weeks, and only where at least k codes were answered and at least k were not
(else all, or none, of a few colleagues given a code would be known to have answered). A total
over the last so many weeks moves on a week every Monday: set against the week before's, it
would give the codes answered of the one week it no longer has, often one colleague's code;
and two periods' totals would give those of the weeks between them. For the same reason the
total counts only codes answered before the month not yet over began, as the results do
(:func:`staff_survey_confidential.month_not_over`): counted live, it would rise by one as a
colleague answered, before the eyes of whoever gave them the code. A code that may be answered
more than once records no date of use, so its answers are not counted here at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from app.services import link_stats
from app.services import staff_survey_confidential as confidential
from app.services.definitions import Definition
from app.services.disclosure_settings import thresholds
from models import Area, Link, Survey, User, db, today

DEFAULT_SURVEY = "stop-search"


@dataclass(frozen=True)
class Period:
    """The weeks a report covers: the last ``weeks`` ISO weeks, this one included, or every
    week (``weeks`` None)."""

    key: str
    label: str
    weeks: int | None

    def first_day(self, on: dt.date) -> dt.date | None:
        """The Monday the period starts on, seen on ``on``; None for every week."""
        if self.weeks is None:
            return None
        this_monday = on - dt.timedelta(days=on.weekday())
        return this_monday - dt.timedelta(weeks=self.weeks - 1)


PERIODS = [
    Period("4-weeks", "Last 4 weeks", 4),
    Period("13-weeks", "Last 13 weeks (a quarter)", 13),
    Period("26-weeks", "Last 26 weeks", 26),
    Period("52-weeks", "Last 52 weeks", 52),
    Period("all", "Every week", None),
]
# A quarter: what a force usually reports to its scrutiny panel, and short enough that the
# weekly tables stay readable (13 weeks for each area).
DEFAULT_PERIOD = PERIODS[1]


@dataclass(frozen=True)
class Totals:
    """Codes offered and answered, added up over the period, for the whole survey or one
    area or officer (``group``)."""

    group: str
    offered: int
    answered: int  # codes answered at least once
    responses: int  # answers through those codes

    @property
    def answered_percent(self) -> int:
        return round(100 * self.answered / self.offered) if self.offered else 0


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    period: Period
    first_day: dt.date | None
    total: Totals
    by_area: list[Totals]
    by_officer: list[Totals]
    area_weeks: list[link_stats.WeekCount]
    officer_weeks: list[link_stats.WeekCount]
    #: A survey of police officers and staff: codes answered are counted for the whole survey
    #: alone, and then only if ``answered_shown``.
    confidential: bool = False
    answered_shown: bool = True
    k: int = 0
    #: For a staff survey: the first day of the month whose answers are not counted yet.
    counted_before: dt.date | None = None
    #: For a staff survey: codes that may be answered more than once (not counted as answered).
    undated: int = 0

    @property
    def counted_to(self) -> dt.date | None:
        """The last day whose codes answered a staff survey's total counts."""
        return self.counted_before - dt.timedelta(days=1) if self.counted_before else None


def survey_choices() -> list[tuple[str, str]]:
    """(slug, title) of every published survey, stop and search first."""
    surveys = db.session.scalars(select(Survey).order_by(Survey.id))
    choices = [
        (survey.slug, Definition(survey.current_version.definition).title("en"))
        for survey in surveys
        if survey.current_version is not None
    ]
    return sorted(choices, key=lambda choice: choice[0] != DEFAULT_SURVEY)


def period_for(key: str | None) -> Period:
    """The period called ``key``; the default for anything else."""
    return next((period for period in PERIODS if period.key == key), DEFAULT_PERIOD)


def _totals(group: ColumnElement | None, *where: ColumnElement, from_=None) -> list[Totals]:
    answered = func.sum(case((Link.answered > 0, 1), else_=0))
    columns = [func.count(Link.id), answered, func.coalesce(func.sum(Link.answered), 0)]
    query = select(*columns, *([group] if group is not None else [])).where(*where)
    if from_ is not None:
        query = query.select_from(from_)
    if group is not None:
        query = query.group_by(group).order_by(group)
    return [
        Totals(
            group=(row[3] or "") if group is not None else "",
            offered=row[0] or 0,
            answered=int(row[1] or 0),
            responses=int(row[2] or 0),
        )
        for row in db.session.execute(query)
    ]


def report(slug: str | None, period_key: str | None, on: dt.date | None = None) -> Report:
    """The report for the survey called ``slug`` over the period called ``period_key``; an
    unknown survey or period gives the default (stop and search, the last 13 weeks)."""
    titles = dict(survey_choices())
    slug = slug if slug in titles else DEFAULT_SURVEY
    period = period_for(period_key)
    first_day = period.first_day(on or today())
    survey_id = db.session.scalar(select(Survey.id).where(Survey.slug == slug))
    where = [Link.survey_id == survey_id]
    if first_day is not None:
        where.append(Link.created_at >= dt.datetime.combine(first_day, dt.time(), dt.UTC))
    with_area = Link.__table__.outerjoin(Area.__table__, Link.area_id == Area.id)
    area_name = func.coalesce(Area.name, link_stats.WHOLE_FORCE)
    by_officer = [Link.created_by_id == User.id, *where]
    if confidential.is_staff_survey(survey_id):
        k, _ = thresholds()
        month_start = (on or today()).replace(day=1)
        total = _staff_total(month_start, *where)
        shown = period.weeks is None and confidential.answered_count_shown(
            total.offered, total.answered, k
        )
        return Report(
            slug=slug,
            title=titles.get(slug, slug),
            period=period,
            first_day=first_day,
            total=total if shown else Totals("", total.offered, 0, 0),
            # Codes offered alone: codes answered are never counted by area, officer or week.
            by_area=[_offered_only(row) for row in _totals(area_name, *where, from_=with_area)],
            by_officer=[_offered_only(row) for row in _totals(User.email, *by_officer)],
            area_weeks=[_offered_only(row) for row in link_stats.weekly_by_area(*where)],
            officer_weeks=[_offered_only(row) for row in link_stats.weekly_by_officer(*where)],
            confidential=True,
            answered_shown=shown,
            k=k,
            counted_before=month_start,
            undated=db.session.scalar(
                select(func.count(Link.id)).where(Link.single_use.is_(False), *where)
            ),
        )
    return Report(
        slug=slug,
        title=titles.get(slug, slug),
        period=period,
        first_day=first_day,
        total=_totals(None, *where)[0],
        by_area=_totals(area_name, *where, from_=with_area),
        by_officer=_totals(User.email, *by_officer),
        area_weeks=link_stats.weekly_by_area(*where),
        officer_weeks=link_stats.weekly_by_officer(*where),
    )


def _staff_total(month_start: dt.date, *where: ColumnElement) -> Totals:
    """A staff survey's codes offered (every one made in the period) and, of those, the codes
    answered before ``month_start``: single-use codes used before it, each answered once."""
    counted = and_(Link.single_use.is_(True), Link.used_on < month_start, Link.answered > 0)
    offered, answered = db.session.execute(
        select(func.count(Link.id), func.coalesce(func.sum(case((counted, 1), else_=0)), 0)).where(
            *where
        )
    ).one()
    return Totals("", int(offered), int(answered), int(answered))


def _offered_only(row):
    """``row`` (a Totals or a WeekCount) with nothing of codes answered in it."""
    return dataclasses.replace(row, answered=0, responses=0)
