"""Demo links: a working link to each built-in survey, for trying the service."""

from __future__ import annotations

from sqlalchemy import select

from app.services.definitions import BUILT_IN
from app.services.links import create_links, default_kind
from models import Area, Event, Link, LinkKind, Survey, db, today, utcnow

#: The listening session the demo links are for: one a day, however often they are printed.
DEMO_SESSION = "Demo listening session"
DEMO_SESSION_CY = "Sesiwn wrando enghreifftiol"


def demo_links() -> list[tuple[str, Link]]:
    """A link to each built-in survey, made with the survey's own defaults.

    A fresh one for a survey of single-use links (the last may have been answered); for the
    listening session, today's demo session's code, made once a day and printed again after:
    a new session of the same name and date each time would list the session twice on the
    results page's session filter.
    """
    central = db.session.scalar(select(Area.code).where(Area.code == "central"))
    made = []
    for slug in BUILT_IN:
        link = _todays_session_code(slug)
        if link is None:
            (link,) = create_links(
                slug,
                area_code=central,
                event_name=DEMO_SESSION,
                event_name_cy=DEMO_SESSION_CY,
                event_date=today(),
            )
        made.append((slug, link))
    return made


def _todays_session_code(slug: str) -> Link | None:
    """The demo session's code already made today for a survey of session codes, if any."""
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None or survey.current_version is None:
        return None  # create_links says what is wrong
    if default_kind(survey)[0] != LinkKind.EVENT:
        return None
    link = db.session.scalar(
        select(Link)
        .join(Event, Event.id == Link.event_id)
        .where(
            Link.survey_id == survey.id,
            Link.created_by_id.is_(None),
            Event.given_name == DEMO_SESSION,
            Event.held_on == today(),
        )
        .order_by(Link.id)
        .limit(1)
    )
    if link is None or link.is_expired(utcnow()):
        return None
    return link
