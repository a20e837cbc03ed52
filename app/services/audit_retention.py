"""The audit log's own retention: events older than AUDIT_RETENTION_MONTHS are deleted by
`flask retention purge` (:func:`app.services.retention.purge` runs these batches).

The log holds staff email addresses and what each person did: personal data about staff, to be
kept no longer than it is needed (UK GDPR Article 5(1)(e), storage limitation), yet long enough
to investigate misuse of the data the service holds. An event is deleted once the whole day it
happened on (UTC) is older than the period.

Events go oldest first, in batches, each its own transaction, as responses do: a purge stopped
part-way leaves the log whole from some day on, never with gaps in it. Three
``retention.purge`` events are never deleted, since the Retention page reads them (they hold
counts only, no one's email address): the newest, which says the nightly job is running and must
still be there if the run that would record a newer one stops before it does; and the newest
that deleted responses, and the newest that deleted audit events, which say when old data last
went and how much. Responses go by the month, so most runs delete none, and a survey no longer
used may have none to delete for years.

They are found through the index on ``action``: purge events are one a night among a great
many others, and the JSON of only those few is read (:func:`purges`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, delete, func, select

from app.services.transaction import transactional
from models import AuditEvent, db

PURGE_ACTION = "retention.purge"


def deleted_before(first_day_kept: dt.date) -> dt.datetime:
    """The moment events are deleted before: the start (UTC) of the first day kept."""
    return dt.datetime.combine(first_day_kept, dt.time.min, tzinfo=dt.UTC)


#: The purge event's detail keys counting the responses, and the audit events, it deleted.
RESPONSES_DELETED = "responses"
EVENTS_DELETED = "audit_events_deleted"


def newest_purge() -> AuditEvent | None:
    """The newest ``retention.purge`` event: when the purge last ran, whatever it deleted."""
    return purges().last_run


@dataclass(frozen=True)
class Purges:
    """The purge events the Retention page reads, each None if there has been none; newest
    by id, the order they were recorded in."""

    #: The newest: when the purge last ran (nightly, from cron), whatever it deleted.
    last_run: AuditEvent | None
    #: The newest that deleted responses, and the newest that deleted audit events.
    responses_deleted: AuditEvent | None
    events_deleted: AuditEvent | None

    def ids(self) -> frozenset[int]:
        """Those never to be deleted."""
        found = (self.last_run, self.responses_deleted, self.events_deleted)
        return frozenset(event.id for event in found if event is not None)


def purges() -> Purges:
    """The newest purge event, and the newest that deleted responses, and audit events.

    One pass over the purge events alone, through the index on ``action``, then the three
    read by id: what it costs grows with the purges (one a night, 2,190 in six years), not
    with the log. Asked for as the newest of each (ORDER BY ... LIMIT 1), PostgreSQL walks
    the index on time, or the ids, backwards through every other event, and finds a purge
    that deleted responses long ago (a survey no longer used), or none, only at the far end
    of a log of millions (bench/retention_purges_speed.py)."""
    deleted = (
        func.max(case((AuditEvent.detail[key].as_integer() > 0, AuditEvent.id)))
        for key in (RESPONSES_DELETED, EVENTS_DELETED)
    )
    newest = db.session.execute(
        select(func.max(AuditEvent.id), *deleted).where(AuditEvent.action == PURGE_ACTION)
    ).one()
    wanted = {event_id for event_id in newest if event_id is not None}
    found = {}
    if wanted:
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.id.in_(wanted)))
        found = {event.id: event for event in events}
    last_run, responses_deleted, events_deleted = (found.get(event_id) for event_id in newest)
    return Purges(last_run, responses_deleted, events_deleted)


def _old(before: dt.datetime, keep: Collection[int]) -> ColumnElement[bool]:
    old = AuditEvent.occurred_at < before
    return old & AuditEvent.id.not_in(keep) if keep else old


@transactional
def delete_batch(before: dt.datetime, keep: Collection[int], batch_size: int) -> tuple[int, int]:
    """Delete up to ``batch_size`` of the oldest events from before ``before``, except the events
    ``keep``: (how many were found, how many this run deleted). Two purges at once each lock
    their own batch on PostgreSQL and skip the other's, and an event deleted by the other is
    not counted here, so nothing is counted twice."""
    ids = list(
        db.session.scalars(
            select(AuditEvent.id)
            .where(_old(before, keep))
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return 0, 0
    deleted = db.session.execute(
        delete(AuditEvent)
        .where(AuditEvent.id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    return len(ids), deleted.rowcount


def count_old(before: dt.datetime, keep: Collection[int]) -> int:
    """How many events from before ``before``, apart from ``keep``, a purge would delete."""
    return (
        db.session.scalar(select(func.count()).select_from(AuditEvent).where(_old(before, keep)))
        or 0
    )


__all__ = [
    "EVENTS_DELETED",
    "PURGE_ACTION",
    "RESPONSES_DELETED",
    "Purges",
    "count_old",
    "delete_batch",
    "deleted_before",
    "newest_purge",
    "purges",
]
