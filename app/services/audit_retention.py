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

Each is found through the index on ``action``: purge events are one a night among a great many
others, and the JSON of only those few is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select

from app.services.transaction import transactional
from models import AuditEvent, db

PURGE_ACTION = "retention.purge"


def deleted_before(first_day_kept: dt.date) -> dt.datetime:
    """The moment events are deleted before: the start (UTC) of the first day kept."""
    return dt.datetime.combine(first_day_kept, dt.time.min, tzinfo=dt.UTC)


#: The purge event's detail keys counting the responses, and the audit events, it deleted.
RESPONSES_DELETED = "responses"
EVENTS_DELETED = "audit_events_deleted"


def _newest_purge(*deleted: str) -> AuditEvent | None:
    """The newest ``retention.purge`` event, or the newest that counted more than none of each
    of ``deleted``. Asked for by action, the database reads only the purge events (the index
    on ``action``), newest first once sorted, and stops at the first that fits."""
    query = select(AuditEvent).where(AuditEvent.action == PURGE_ACTION)
    for key in deleted:
        query = query.where(AuditEvent.detail[key].as_integer() > 0)
    return db.session.scalar(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(1)
    )


def newest_purge() -> AuditEvent | None:
    """The newest ``retention.purge`` event: when the purge last ran, whatever it deleted."""
    return _newest_purge()


@dataclass(frozen=True)
class Purges:
    """The purge events the Retention page reads, each None if there has been none."""

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
    """The newest purge event, and the newest that deleted responses, and audit events."""
    return Purges(newest_purge(), _newest_purge(RESPONSES_DELETED), _newest_purge(EVENTS_DELETED))


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
