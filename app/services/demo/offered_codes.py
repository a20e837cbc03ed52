"""The codes officers offered, so that "answered of offered" has something to show.

Like real codes, they carry no answer: only counts and dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from sqlalchemy import func, select

from app.services.definitions import BUILT_IN
from app.services.demo.writers import writer_for
from app.services.links import new_token, session_closes_at
from app.services.transaction import transactional
from models import Event, Link, LinkKind, Response, Role, Survey, User, db, today

# The offered-and-answered measure is read week by week: the demo offers codes over two months.
OFFERED_WEEKS = 8
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
    """The codes officers offered, so that "answered of offered" has something to show.

    For each demo response of the last OFFERED_WEEKS weeks to a survey of single-use codes,
    a code used that day, and unused codes beside them so that about ANSWERED_SHARE of the
    codes offered were answered; for each listening session, the one code its attendees shared.
    Like real codes, they carry no answer: only counts and dates. Codes are put down to the
    demo officers when their accounts exist (`flask users demo`), else to nobody.
    """
    since = today() - dt.timedelta(weeks=OFFERED_WEEKS)
    officers = list(
        db.session.scalars(select(User.id).where(User.role == Role.OFFICER, User.active))
    ) or [None]
    rows: list[tuple[Any, ...]] = []

    def code(survey_id, area_id, event_id, kind, single_use, day, used_on, answered) -> None:
        made = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        # A session's code closes as one made for it by an officer would (older ones have closed).
        expires = session_closes_at(day) if kind == LinkKind.EVENT.value else None
        officer = officers[int(rng.integers(len(officers)))]
        rows.append(
            (
                new_token(),
                survey_id,
                area_id,
                event_id,
                kind,
                single_use,
                officer,
                made,
                expires,
                used_on,
                answered,
            )
        )

    encounter = [
        survey.id
        for survey in db.session.scalars(select(Survey).where(Survey.slug.in_(BUILT_IN)))
        if survey.current_version
        and survey.current_version.definition.get("link_defaults", {}).get("single_use")
    ]
    used = db.session.execute(
        select(Response.survey_id, Response.area_id, Response.submitted_on).where(
            Response.survey_id.in_(encounter), Response.submitted_on >= since
        )
    ).all()
    for survey_id, area_id, day in used:
        code(survey_id, area_id, None, LinkKind.ENCOUNTER.value, True, day, day, 1)
    unused = int(len(used) * (1 - ANSWERED_SHARE) / ANSWERED_SHARE)
    if used:
        picks = rng.integers(len(used), size=unused)
        shifts = rng.integers(-3, 4, size=unused)
        for pick, shift in zip(picks.tolist(), shifts.tolist(), strict=True):
            survey_id, area_id, day = used[pick]
            day = min(max(day + dt.timedelta(days=shift), since), today())
            code(survey_id, area_id, None, LinkKind.ENCOUNTER.value, True, day, None, 0)

    sessions = db.session.execute(
        select(
            Response.survey_id,
            Event.id,
            Event.area_id,
            Event.held_on,
            func.count(Response.id),
        )
        .join(Event, Event.id == Response.event_id)
        .where(Event.held_on >= since)
        .group_by(Response.survey_id, Event.id, Event.area_id, Event.held_on)
    ).all()
    for survey_id, event_id, area_id, held_on, answered in sessions:
        code(survey_id, area_id, event_id, LinkKind.EVENT.value, False, held_on, held_on, answered)

    writer_for(db.session.connection()).write(Link.__table__, LINK_COLUMNS, rows)
    return len(rows)
