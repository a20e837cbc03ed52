"""What officers and areas may see about links: their own links, and counts of links offered
and answered by ISO week. Counts come from the links table alone; nothing here touches a
response, so no figure can join an answer to an officer (DESIGN.md privacy rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Date, case, cast, func, literal_column, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FromClause

from app.services import staff_survey_confidential as confidential
from app.services.links import session_opens_at
from models import Area, Link, User, db, utcnow

MAX_SHEET = 50


@dataclass(frozen=True)
class WeekCount:
    """Links made in one ISO week and how many of them were answered."""

    week_start: dt.date
    offered: int
    answered: int  # links answered at least once
    responses: int  # answers through those links (a standing link is answered many times)
    group: str = ""  # the officer's email or the area's name, for grouped tables

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def answered_percent(self) -> int:
        return round(100 * self.answered / self.offered) if self.offered else 0


def _week_start(column: ColumnElement) -> ColumnElement:
    """The Monday of the ISO week a timestamp falls in, computed by the database."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.date_trunc("week", func.timezone("UTC", column)), Date)
    # SQLite: forward to Sunday (or stay), then back six days.
    return func.date(column, literal_column("'weekday 0'"), literal_column("'-6 days'"))


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _weekly(
    group_column: ColumnElement | None, *where: ColumnElement, from_: FromClause | None = None
) -> list[WeekCount]:
    week = _week_start(Link.created_at).label("week")
    answered = func.sum(case((Link.answered > 0, 1), else_=0))
    columns = [week, func.count(Link.id), answered, func.coalesce(func.sum(Link.answered), 0)]
    group_by = [week]
    if group_column is not None:
        columns.append(group_column)
        group_by.append(group_column)
    query = select(*columns).where(*where).group_by(*group_by).order_by(week.desc(), *group_by[1:])
    if from_ is not None:
        query = query.select_from(from_)
    if group_column is not None:
        query = query.order_by(None).order_by(group_column, week.desc())
    return [
        WeekCount(
            week_start=_as_date(row[0]),
            offered=row[1],
            answered=int(row[2] or 0),
            responses=int(row[3] or 0),
            group=(row[4] or "") if group_column is not None else "",
        )
        for row in db.session.execute(query)
    ]


def weekly_for_officer(user: User) -> list[WeekCount]:
    """One officer's links offered and answered, newest week first: those for staff surveys
    left out, as how many of them were answered would tell the officer whether the colleagues
    they gave them to answered (see :mod:`app.services.staff_survey_confidential`)."""
    return _weekly(
        None,
        Link.created_by_id == user.id,
        confidential.not_for_staff(Link.survey_id),
    )


def made_staff_codes(user: User) -> bool:
    """Whether the officer has made any code for a staff survey."""
    query = select(Link.id).where(
        Link.created_by_id == user.id, Link.survey_id.in_(confidential.staff_survey_ids_query())
    )
    return db.session.scalar(query.limit(1)) is not None


def weekly_by_officer(*where: ColumnElement) -> list[WeekCount]:
    """Links offered and answered for every officer who made any, by week; only the links
    ``where`` holds for, if given."""
    return _weekly(User.email, Link.created_by_id == User.id, *where)


#: What codes made for no one area are counted under.
WHOLE_FORCE = "Whole force"


def weekly_by_area(*where: ColumnElement) -> list[WeekCount]:
    """Links offered and answered in each area, by week; codes made for the whole force (no
    area) under WHOLE_FORCE; only the links ``where`` holds for, if given."""
    return _weekly(
        func.coalesce(Area.name, WHOLE_FORCE),
        *where,
        from_=Link.__table__.outerjoin(Area.__table__, Link.area_id == Area.id),
    )


def public_surveys_weekly_by_area() -> list[WeekCount]:
    """Links offered and answered in each area, by week, for surveys of the public only: in an
    area's week a staff survey's codes are few, often one colleague's, and how many of them were
    answered would say whether that colleague did (see
    :mod:`app.services.staff_survey_confidential`)."""
    return weekly_by_area(confidential.not_for_staff(Link.survey_id))


def links_made_by(user: User, limit: int = 50) -> list[Link]:
    """An officer's most recent links."""
    query = (
        select(Link)
        .where(Link.created_by_id == user.id)
        .order_by(Link.created_at.desc(), Link.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class MadeCodes:
    """What My codes lists as one row: a code made on its own, or the codes of one sheet."""

    links: list[Link]
    #: For a staff survey: how many were used is not shown (see ``status_text``).
    confidential: bool = False

    @property
    def first(self) -> Link:
        return self.links[0]

    @property
    def batch(self) -> str | None:
        return self.first.batch

    @property
    def used(self) -> int | None:
        """How many of the codes were used; None for a staff survey's, which is not shown."""
        if self.confidential:
            return None
        return sum(1 for link in self.links if link.answered > 0 or link.used_on is not None)


def recent_codes(user: User, limit: int = 50) -> list[MadeCodes]:
    """An officer's most recent codes, newest first, with the codes of a sheet together."""
    key = func.coalesce(Link.batch, Link.token).label("key")
    newest = (
        select(key)
        .where(Link.created_by_id == user.id)
        .group_by(key)
        .order_by(func.max(Link.created_at).desc(), func.max(Link.id).desc())
        .limit(limit)
    )
    keys = list(db.session.scalars(newest))
    if not keys:
        return []
    found: dict[str, list[Link]] = {}
    query = (
        select(Link)
        .where(Link.created_by_id == user.id, or_(Link.batch.in_(keys), Link.token.in_(keys)))
        .order_by(Link.id)
    )
    for link in db.session.scalars(query):
        found.setdefault(link.batch or link.token, []).append(link)
    staff_surveys = confidential.staff_survey_ids()
    return [
        MadeCodes(found[key], confidential.is_confidential(found[key][0], staff_surveys))
        for key in keys
        if key in found
    ]


def sheet_made_by(user: User, batch: str) -> list[Link]:
    """The officer's own codes of one sheet, in the order they were made; [] for anyone else."""
    query = (
        select(Link)
        .where(Link.batch == batch, Link.created_by_id == user.id)
        .order_by(Link.id)
        .limit(MAX_SHEET)
    )
    return list(db.session.scalars(query))


def link_made_by(user: User, token: str) -> Link | None:
    """The officer's own link with this token; None for anyone else's."""
    return db.session.scalar(select(Link).where(Link.token == token, Link.created_by_id == user.id))


def links_for_sheet(user: User, tokens: Iterable[str]) -> list[Link]:
    """The officer's own links among ``tokens``, in the order asked; others are left out."""
    wanted = list(dict.fromkeys(tokens))[:MAX_SHEET]
    if not wanted:
        return []
    found = {
        link.token: link
        for link in db.session.scalars(
            select(Link).where(Link.token.in_(wanted), Link.created_by_id == user.id)
        )
    }
    return [found[token] for token in wanted if token in found]


def usage(link: Link) -> str:
    """``used`` once answered, else ``expired`` once it can no longer be answered, else
    ``unused``. Says nothing about what anyone answered. For a staff survey's link,
    ``not_shown``: even ``expired`` would say it was never answered."""
    if confidential.is_confidential(link):
        return confidential.API_NOT_SHOWN
    if link.used_on is not None or link.answered > 0:
        return "used"
    if link.is_expired():
        return "expired"
    return "unused"


def status_text(link: Link, staff_surveys: frozenset[int] | None = None) -> str:
    """A link's status as staff pages show it. A single-use link is ``Unused``, ``Used`` or
    ``Expired``; a reusable one (a listening session's) is never spent by an answer, so it says
    whether it is open and how many answers it has had: ``Open: 3 answers``. A staff survey's
    link is ``Not shown``, whatever its kind. ``staff_surveys``: as ``staff_survey_ids()``, to
    save looking them up for each of many links."""
    if confidential.is_confidential(link, staff_surveys):
        return confidential.NOT_SHOWN
    if link.single_use:
        return usage(link).capitalize()
    if link.event is not None and utcnow() < session_opens_at(link.event.held_on):
        held_on = link.event.held_on
        return f"Opens on {held_on.day} {held_on:%B %Y}"
    state = "Closed" if link.is_expired() else "Open"
    if not link.answered:
        return f"{state}: no answers" + ("" if link.is_expired() else " yet")
    return f"{state}: {link.answered} answer{'' if link.answered == 1 else 's'}"
