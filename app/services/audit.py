"""The audit log: who did what to what. Record actions, never answers, tokens or equality data:
that someone read respondents' written answers, never what they read.

    audit.record("results.export", target="stop-search", detail={"format": "csv"})

:func:`record` commits on its own (use it from a view, after the work it records);
:func:`add` joins the caller's transaction (use it inside a ``@transactional`` function).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import func, or_, select

from app.services.transaction import transactional
from models import AuditEvent, User, db, utcnow

PAGE_SIZE = 50

#: What :func:`record_once` records once in this long: the same event again within it is not.
RECORDED_ONCE_IN = dt.timedelta(hours=1)
#: How many of the latest events :func:`record_once` looks through for the same one.
RECENT_MOST = 1000

#: The pages on which staff read respondents' written answers, as ``answers.read`` records them:
#: the coding pages (an answer to code, their own latest codings), the examples of themes the
#: list misses, and the answers quoted on the results page.
ANSWERS_READ_ON = ("coding", "theme_discovery", "results_quotes")


def _signed_in_user() -> User | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def add(
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    *,
    actor: User | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction.

    The actor is ``actor`` if given (someone signing in is not signed in yet), else the
    signed-in user, else no one (the command line, a respondent).
    """
    actor = actor or _signed_in_user()
    event = AuditEvent(
        action=action,
        target=target,
        detail=dict(detail or {}),
        actor_id=actor.id if actor else None,
        actor=actor.email if actor else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


@transactional
def record(
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    *,
    actor: User | None = None,
) -> AuditEvent:
    """Record an audit event in its own transaction (see :func:`add` for the actor)."""
    return add(action, target, detail, actor=actor)


@transactional
def record_once(
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    *,
    actor: User | None = None,
) -> AuditEvent | None:
    """Record an event that may come again and again, once in :data:`RECORDED_ONCE_IN`: the
    same event (action, target, details and actor) within it is not recorded again, so that
    reloading a page, a dashboard asking every minute, or a script, cannot flood the log.
    For events worth knowing of but not worth counting: a page refused to someone (OWASP ASVS
    7.2.2: every access control failure is logged), figures read through the API. Returns the
    event recorded, or None."""
    actor = actor or _signed_in_user()
    detail = dict(detail or {})
    same = (action, target, actor.id if actor else None, detail)
    # The window's events, newest first, found by time alone and compared here: asked for by
    # action too, SQLite (which keeps no statistics) reads every event of the action ever
    # recorded, as a year of API readings, to find the last hour's. Past RECENT_MOST events in
    # the hour (a flood) an event may be recorded twice, never left out.
    recent = db.session.execute(
        select(AuditEvent.action, AuditEvent.target, AuditEvent.actor_id, AuditEvent.detail)
        .where(AuditEvent.occurred_at >= utcnow() - RECORDED_ONCE_IN)
        .order_by(AuditEvent.occurred_at.desc())
        .limit(RECENT_MOST)
    )
    if any(tuple(earlier) == same for earlier in recent):
        return None
    return add(action, target, detail, actor=actor)


def record_answers_read(survey: str, read_on: str) -> AuditEvent | None:
    """Record that the signed-in user read written answers to ``survey`` (its short name) on
    a page of the kind ``read_on`` (one of :data:`ANSWERS_READ_ON`), once an hour for each
    person, survey and kind of page: who read a survey's answers, and when, without a row for
    every answer. Never the answers, their ids, nor the group or theme quotes were chosen by:
    nothing the log could tell what anyone said from. Call it once the page is made, before
    it is sent, so that a page that could not be recorded is not sent."""
    if read_on not in ANSWERS_READ_ON:
        raise ValueError(f"Unknown page for reading answers: {read_on!r}")
    return record_once("answers.read", survey, {"read_on": read_on})


@dataclass(frozen=True)
class EventPage:
    """One page of the audit log, newest first."""

    events: list[AuditEvent]
    page: int
    pages: int
    total: int
    action: str | None
    person: str | None = None


def actions() -> list[str]:
    """Every action that appears in the log, for the filter."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def events(
    page: int = 1,
    action: str | None = None,
    per_page: int = PAGE_SIZE,
    *,
    person: str | None = None,
) -> EventPage:
    """A page of the log, newest first, optionally only one action, and only the events
    about one ``person`` (an email address): what they did, and what was done to their
    account (its sign-ins, refused ones included, and admins' changes to it)."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if person:
        query = query.where(or_(AuditEvent.actor == person, AuditEvent.target == person))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = db.session.scalars(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return EventPage(list(rows), page, pages, total, action, person)
