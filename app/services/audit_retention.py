"""The audit log's own retention: events older than AUDIT_RETENTION_MONTHS are deleted by
`flask retention purge` (:func:`app.services.retention.purge` runs these batches).

The log holds staff email addresses and what each person did: personal data about staff, to be
kept no longer than it is needed (UK GDPR Article 5(1)(e), storage limitation), yet long enough
to investigate misuse of the data the service holds. An event is deleted once the whole day it
happened on (UTC) is older than the period.

Events go oldest first, in batches, each its own transaction, as responses do: a purge stopped
part-way leaves the log whole from some day on, never with gaps in it. The newest
``retention.purge`` event is never deleted: the Retention section reads the last purge from it,
and it must still be there if the run that would record a newer one stops before it does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, delete, func, select

from app.services.transaction import transactional
from models import AuditEvent, db

PURGE_ACTION = "retention.purge"


def deleted_before(first_day_kept: dt.date) -> dt.datetime:
    """The moment events are deleted before: the start (UTC) of the first day kept."""
    return dt.datetime.combine(first_day_kept, dt.time.min, tzinfo=dt.UTC)


def newest_purge() -> AuditEvent | None:
    """The newest ``retention.purge`` event: when old data was last deleted, and how much."""
    return db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.action == PURGE_ACTION)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(1)
    )


def _old(before: dt.datetime, keep: int | None) -> ColumnElement[bool]:
    old = AuditEvent.occurred_at < before
    return old if keep is None else old & (AuditEvent.id != keep)


@transactional
def delete_batch(before: dt.datetime, keep: int | None, batch_size: int) -> tuple[int, int]:
    """Delete up to ``batch_size`` of the oldest events from before ``before``, except the event
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


def count_old(before: dt.datetime, keep: int | None) -> int:
    """How many events from before ``before``, apart from ``keep``, a purge would delete."""
    return (
        db.session.scalar(select(func.count()).select_from(AuditEvent).where(_old(before, keep)))
        or 0
    )


__all__ = ["PURGE_ACTION", "count_old", "delete_batch", "deleted_before", "newest_purge"]
