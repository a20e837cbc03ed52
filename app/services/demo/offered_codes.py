"""The codes officers offered, so that "answered of offered" has something to show.

Like real codes, they carry no answer: only counts and dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import numpy as np
from sqlalchemy import func, select

from app.services.definitions import BUILT_IN
from app.services.demo.writers import writer_for
from app.services.links import new_token, session_closes_at
from app.services.transaction import transactional
from models import Event, Link, LinkKind, Response, Role, Survey, User, db, today

# Of the single-use codes officers offer, the share that someone answers (a demo figure).
ANSWERED_SHARE = 0.4
LINK_COLUMNS = (
    "token",
    "survey_id",
    "area_id",
    "event_id",
    "kind",
    "single_use",
    "created_by_id",
    "created_at",
    "expires_at",
    "used_on",
    "answered",
)


@transactional
def offer_codes(rng: np.random.Generator) -> int:
    """The codes officers offered, as their own transaction."""
    return add_offered_codes(rng)


def add_offered_codes(rng: np.random.Generator) -> int:
    """The codes officers offered, so that "answered of offered" agrees with the responses.

    Every demo response came through a code, as a real one does: for each response to a
    survey of single-use codes, a code made and used on a day of its month (a response keeps
    only its month), and unused codes beside them so that about ANSWERED_SHARE of the codes
    offered were answered; for each listening session with responses, the one code its
    attendees shared, answered as many times as it has responses. So the codes answered of a
    single-use survey are its responses, and a session's code counts each of its responses as
    an answer. Codes are put down to the demo officers when their accounts exist
    (`flask users demo`), else to nobody.
    """
    officers = list(
        db.session.scalars(select(User.id).where(User.role == Role.OFFICER, User.active))
    ) or [None]
    # (survey, area, event, kind, single use, day made, day used, answers) of each code; a
    # million responses make about two million codes, so the rest is done once for them all.
    codes: list[tuple[Any, ...]] = []
    encounter = [
        survey.id
        for survey in db.session.scalars(select(Survey).where(Survey.slug.in_(BUILT_IN)))
        if survey.current_version
        and survey.current_version.definition.get("link_defaults", {}).get("single_use")
    ]
    # Responses by survey, area and month (a response keeps only its month): one code for
    # each, made and used on a day of that month drawn at random (never after today).
    by_month = db.session.execute(
        select(Response.survey_id, Response.area_id, Response.submitted_on, func.count())
        .where(Response.survey_id.in_(encounter))
        .group_by(Response.survey_id, Response.area_id, Response.submitted_on)
        .order_by(Response.survey_id, Response.area_id, Response.submitted_on)
    ).all()
    single, encounter_kind = True, LinkKind.ENCOUNTER.value
    used_on: dict[tuple[Any, Any, dt.date], int] = {}
    for survey_id, area_id, month, answered in by_month:
        days = min(calendar.monthrange(month.year, month.month)[1], (today() - month).days + 1)
        for offset in rng.integers(0, max(1, days), size=answered).tolist():
            day = month + dt.timedelta(days=offset)
            used_on[survey_id, area_id, day] = used_on.get((survey_id, area_id, day), 0) + 1
    used = [
        (*key, answered)
        for key, answered in sorted(
            used_on.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])
        )
    ]
    for survey_id, area_id, day, answered in used:
        codes.extend([(survey_id, area_id, None, encounter_kind, single, day, day, 1)] * answered)
    if used:
        counts = np.array([row[3] for row in used], dtype=np.float64)
        unused = int(counts.sum() * (1 - ANSWERED_SHARE) / ANSWERED_SHARE)
        # Unused codes are offered where and when codes were answered, a few days either side.
        picks = rng.choice(len(used), size=unused, p=counts / counts.sum())
        shifts = rng.integers(-3, 4, size=unused)
        first, last = min(row[2] for row in used), today()
        for pick, shift in zip(picks.tolist(), shifts.tolist(), strict=True):
            survey_id, area_id, day, _ = used[pick]
            day = min(max(day + dt.timedelta(days=shift), first), last)
            codes.append((survey_id, area_id, None, encounter_kind, single, day, None, 0))

    sessions = db.session.execute(
        select(
            Response.survey_id,
            Event.id,
            Event.area_id,
            Event.held_on,
            func.count(Response.id),
        )
        .join(Event, Event.id == Response.event_id)
        .group_by(Response.survey_id, Event.id, Event.area_id, Event.held_on)
        .order_by(Event.id)
    ).all()
    event_kind = LinkKind.EVENT.value
    for survey_id, event_id, area_id, held_on, answered in sessions:
        codes.append((survey_id, area_id, event_id, event_kind, False, held_on, held_on, answered))

    made_at: dict[dt.date, dt.datetime] = {}
    officer_of = [officers[i] for i in rng.integers(len(officers), size=len(codes)).tolist()]
    rows = [
        (
            new_token(),
            survey_id,
            area_id,
            event_id,
            kind,
            single_use,
            officer,
            made_at.get(day) or made_at.setdefault(day, _midday(day)),
            # A session's code closes as an officer's would (older ones have closed).
            session_closes_at(day) if event_id is not None else None,
            used_on,
            answered,
        )
        for (
            survey_id,
            area_id,
            event_id,
            kind,
            single_use,
            day,
            used_on,
            answered,
        ), officer in zip(codes, officer_of, strict=True)
    ]
    writer_for(db.session.connection()).write(Link.__table__, LINK_COLUMNS, rows)
    return len(rows)


def _midday(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
