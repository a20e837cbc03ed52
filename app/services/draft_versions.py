"""Two admins changing one draft: what each saw, and refusing a change made to a draft that
has changed since.

Every builder form that changes a draft carries the draft's *stamp* as the page showed it: a
hash of its ``source``. A hash rather than ``updated_at``: it needs no new column, two saves in
one clock tick cannot share it, and it is the same for the same content, so a draft changed
and changed back is still the draft its editor reviewed.

The check and the write are one transaction. The draft is read afresh and, on PostgreSQL,
its row locked (``SELECT ... FOR UPDATE``), so a second save waits for the first and then sees
its change. SQLite ignores the lock and reads outside the write transaction, so the write is
also conditional: it changes the row only if ``updated_at`` is still what was read, and each
write moves ``updated_at`` on by at least a microsecond, so no two writes leave the same one.

A form that comes without a stamp (``seen`` empty: a hand-made request, or a page from before
forms carried one) is refused in the same way: nothing says its sender saw the draft as it is.
Only code that is not answering a page (``seen`` None) changes a draft unchecked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm.attributes import set_committed_value

from models import SurveyDraft, db
from models.base import utcnow


class DraftChanged(Exception):
    """The draft changed since the page the change was made on was shown; nothing was written.

    ``stamp`` is the draft's stamp as it is now (None when it has gone, published or
    discarded), for the form shown again. ``unstamped`` when the form carried no stamp at all,
    so nothing is known of what its page showed: the page is out of date rather than changed
    by someone else."""

    def __init__(self, slug: str, stamp: str | None, unstamped: bool = False) -> None:
        super().__init__(f"the draft of {slug} changed since the page was shown")
        self.slug = slug
        self.stamp = stamp
        self.unstamped = unstamped


def stamp(source: dict[str, Any]) -> str:
    """The stamp of a draft's definition: the same for the same content, whatever its order."""
    text = json.dumps(source, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def locked_draft(slug: str, seen: str | None = None) -> SurveyDraft | None:
    """The draft of ``slug`` as it is now, locked until the transaction ends (None if there is
    none). With ``seen``, the stamp the editor's page carried, raises :class:`DraftChanged`
    unless the draft is still the one they saw; an empty ``seen`` (the form had none) is
    always refused. Call inside a transaction that writes."""
    draft = db.session.scalar(
        select(SurveyDraft)
        .where(SurveyDraft.slug == slug)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if seen is not None:
        if draft is None:
            raise DraftChanged(slug, None, unstamped=not seen)
        if not seen or stamp(draft.source) != seen:
            raise DraftChanged(slug, stamp(draft.source), unstamped=not seen)
    return draft


def _unchanged_since_read(draft: SurveyDraft) -> Any:
    """The condition that the draft's row still has the ``updated_at`` it was read with."""
    read = draft.updated_at
    if read is None:
        return (SurveyDraft.id == draft.id) & SurveyDraft.updated_at.is_(None)
    return (SurveyDraft.id == draft.id) & (SurveyDraft.updated_at == read)


def _after(read: dt.datetime | None) -> dt.datetime:
    """Now, or a microsecond after ``read`` if the clock has not moved past it."""
    now = utcnow()
    if read is None:
        return now
    read_utc = read.replace(tzinfo=dt.UTC) if read.tzinfo is None else read.astimezone(dt.UTC)
    return max(now, read_utc + dt.timedelta(microseconds=1))


def write_source(draft: SurveyDraft, source: dict[str, Any]) -> None:
    """Save ``source`` as the draft's definition if its row is unchanged since it was read
    (:func:`locked_draft`); else raise :class:`DraftChanged` having written nothing."""
    when = _after(draft.updated_at)
    result = db.session.execute(
        update(SurveyDraft)
        .where(_unchanged_since_read(draft))
        .values(source=source, updated_at=when)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DraftChanged(draft.slug, _current_stamp(draft.slug))
    set_committed_value(draft, "source", source)
    set_committed_value(draft, "updated_at", when)


def delete_row(draft: SurveyDraft) -> None:
    """Delete the draft's row if it is unchanged since it was read; else raise
    :class:`DraftChanged` (the caller's transaction then rolls back what it did)."""
    result = db.session.execute(
        delete(SurveyDraft)
        .where(_unchanged_since_read(draft))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DraftChanged(draft.slug, _current_stamp(draft.slug))
    db.session.expunge(draft)


def _current_stamp(slug: str) -> str | None:
    source = db.session.scalar(select(SurveyDraft.source).where(SurveyDraft.slug == slug))
    return stamp(source) if source is not None else None
