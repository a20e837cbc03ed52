"""Retention: deleting responses older than the retention period, unfinished surveys (a
respondent's answers never sent: their journey), expired test links, and audit events older
than the audit log's own period (:mod:`app.services.audit_retention`).

A response keeps only the month it was sent (its ``submitted_on`` is the month's first day), so
it is deleted once its whole month is older than the retention period: with 24 months, a
response of May 2024 is kept while any day of May 2024 is within 24 months, and deleted on
1 June 2026.

Run from cron (`flask retention purge`). It is idempotent, and it deletes in batches, each its
own transaction, so a large first purge never holds one long transaction or lock. A response's
answers, free-text answers and their themes go with it through the foreign keys' ON DELETE
CASCADE (SQLite enforces them because app.database turns foreign_keys on). In the same
transaction as each batch, a trained model that learned from one of the deleted answers is set
aside (emptied, no longer used) and marked to be trained again; once every batch is done, the
purge trains the marked models of the surveys it touched again without those answers, each
fitted outside any transaction (:mod:`app.services.coding.forgetting`). Training inside the
batches would hold each batch's transaction, and on SQLite the write lock every submission
needs, for seconds, and train once per batch rather than once.

Audit events go last, also in batches, so that the run's own ``retention.purge`` event, which
counts what went, is recorded after them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import ParamSpec, TypeVar

from flask import current_app
from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import OperationalError

from app.services import audit, audit_retention, draft_tests
from app.services.coding import forgetting
from app.services.journeys import purge_stale_journeys, stale_since
from app.services.transaction import transactional
from models import (
    Answer,
    AuditEvent,
    Journey,
    Response,
    Survey,
    TextAnswer,
    TextAnswerTheme,
    db,
    today,
    utcnow,
)

DEFAULT_BATCH_SIZE = 10_000

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class PurgeResult:
    """What a purge deleted, or with ``dry_run``, what it would delete."""

    #: The first day of the oldest month kept: responses sent in the months before go.
    cutoff: dt.date
    journeys_before: dt.datetime
    responses: int = 0
    answers: int = 0
    text_answers: int = 0
    themes: int = 0
    #: Unfinished surveys: answers a respondent never sent (their journey).
    journeys: int = 0
    #: Expired test links, with any answers given through them.
    test_links: int = 0
    #: Active models that had learned from a deleted answer: trained again without it by the
    #: end of the run, or still set aside (too few coded answers left, or it failed: the next
    #: `analysis run` tries again); inactive ones deleted.
    models_retrained: int = 0
    models_set_aside: int = 0
    models_deleted: int = 0
    #: With an audit retention period: audit events from before this moment went, and how many.
    audit_before: dt.datetime | None = None
    audit_events: int = 0
    dry_run: bool = False

    def __add__(self, other: PurgeResult) -> PurgeResult:
        return replace(
            self,
            responses=self.responses + other.responses,
            answers=self.answers + other.answers,
            text_answers=self.text_answers + other.text_answers,
            themes=self.themes + other.themes,
            models_retrained=self.models_retrained + other.models_retrained,
            models_set_aside=self.models_set_aside + other.models_set_aside,
            models_deleted=self.models_deleted + other.models_deleted,
        )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(retention_months: int, on: dt.date | None = None) -> dt.date:
    """The day ``retention_months`` before ``on`` (today): what is older is past the period."""
    if retention_months < 1:
        raise ValueError("The retention period must be at least one month.")
    return months_before(on or today(), retention_months)


def first_month_kept(retention_months: int, on: dt.date | None = None) -> dt.date:
    """The first day of the month of :func:`retention_cutoff`. A response keeps only its month,
    so it is deleted once its whole month is past the period: when it was sent before this."""
    return retention_cutoff(retention_months, on).replace(day=1)


def purge(
    *,
    retention_months: int,
    journey_ttl: dt.timedelta,
    audit_retention_months: int | None = None,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on: dt.date | None = None,
) -> PurgeResult:
    """Delete responses whose month ended more than ``retention_months`` ago, journeys
    older than ``journey_ttl``, and, given ``audit_retention_months``, audit events whose day
    ended more than that many months ago (without it the audit log is left as it is).

    Each batch of at most ``batch_size`` responses, or audit events, is deleted in its own
    transaction. With ``dry_run`` nothing is deleted and the result counts what would be.
    """
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    audit_before = None
    if audit_retention_months is not None:
        audit_before = audit_retention.deleted_before(retention_cutoff(audit_retention_months, on))
    empty = PurgeResult(
        cutoff=first_month_kept(retention_months, on),
        journeys_before=utcnow() - journey_ttl,
        audit_before=audit_before,
        dry_run=dry_run,
    )
    if dry_run:
        return _count_old(empty)
    total = empty
    models_set_aside = set()
    for survey_id in db.session.scalars(select(Survey.id).order_by(Survey.id)).all():
        while True:
            batch = _retrying(_purge_batch, empty, survey_id, batch_size)
            total = total + batch
            if batch.models_set_aside:
                models_set_aside.add(survey_id)
            if batch.responses < batch_size:
                break
    if models_set_aside:
        # A cron job, not a request: it trains them now rather than leave them to the next
        # `analysis run` (which would, for any it leaves marked).
        again = forgetting.train_again(only=models_set_aside)
        retrained = sum(len(survey.retrained) for survey in again)
        total = replace(
            total,
            models_retrained=retrained,
            models_set_aside=total.models_set_aside - retrained,
        )
    total = replace(
        total,
        journeys=purge_stale_journeys(journey_ttl),
        test_links=draft_tests.purge_expired(),
    )
    if audit_before is not None:
        total = replace(total, audit_events=_purge_audit_log(audit_before, batch_size))
    detail = {
        "cutoff": total.cutoff.isoformat(),
        audit_retention.RESPONSES_DELETED: total.responses,
        "journeys": total.journeys,
    }
    # Like the models, only when there were any: test links are few, and rarely expired.
    if total.test_links:
        detail["test_links"] = total.test_links
    # Each survey's own event names the models (analysis.models_after_retention).
    if total.models_retrained or total.models_set_aside:
        detail |= {
            "models_retrained": total.models_retrained,
            "models_set_aside": total.models_set_aside,
        }
    # Counts only: the events themselves, with the staff they name, are gone.
    if audit_before is not None:
        detail |= {
            "audit_events_kept_from": audit_before.date().isoformat(),
            audit_retention.EVENTS_DELETED: total.audit_events,
        }
    audit.record(audit_retention.PURGE_ACTION, purged(audit_before is not None), detail)
    return total


def purged(audit_log: bool = True) -> str:
    """What a purge deletes from, its audit event's "To what": no one survey, and no person."""
    return "Every survey and the audit log" if audit_log else "Every survey"


def _purge_audit_log(before: dt.datetime, batch_size: int) -> int:
    """Delete the audit events from before ``before``, oldest first, a batch at a time, all
    but the purge events the Retention page reads (:mod:`app.services.audit_retention`): how
    many this run deleted."""
    keep = audit_retention.purges().ids()
    deleted = 0
    while True:
        found, gone = _retrying(audit_retention.delete_batch, before, keep, batch_size)
        deleted += gone
        if found < batch_size:
            return deleted


def _retrying(batch: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """SQLite refuses, rather than queues, a reader turning writer while another process
    writes (a second purge, a submission): wait a moment and take the batch again."""
    for attempt in range(10):
        try:
            return batch(*args, **kwargs)
        except OperationalError as error:
            if "locked" not in str(error).lower() or attempt == 9:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@transactional
def _purge_batch(empty: PurgeResult, survey_id: int, batch_size: int) -> PurgeResult:
    # Per survey, so that (survey_id, submitted_on) is the index that finds the old rows.
    # Two purges at once (cron on two hosts) each lock their own batch on PostgreSQL and skip
    # the other's; SQLite lets one writer in at a time. Either way nothing is counted twice.
    # The survey's models are locked first, as a withdrawal locks them before its response.
    forgetting.lock_models(survey_id)
    ids = list(
        db.session.scalars(
            select(Response.id)
            .where(Response.survey_id == survey_id, Response.submitted_on < empty.cutoff)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
    )
    counted, responses = empty, 0
    if ids:
        counted = _count_children(empty, select(Response.id).where(Response.id.in_(ids)))
        deleted = db.session.execute(
            delete(Response)
            .where(Response.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        responses = deleted.rowcount
    # Even with nothing to delete: a model that learned from an answer deleted another way,
    # or that records nothing of what it learned from, is found and dealt with here.
    survey = db.session.get(Survey, survey_id)
    models = forgetting.forget_gone_answers(survey, "retention")
    return replace(
        counted,
        responses=responses,
        models_set_aside=len(models.set_aside),
        models_deleted=len(models.deleted),
    )


@transactional
def _count_old(empty: PurgeResult) -> PurgeResult:
    old = select(Response.id).where(Response.submitted_on < empty.cutoff)
    counted = _count_children(empty, old)
    responses = db.session.scalar(select(func.count()).select_from(old.subquery()))
    journeys = db.session.scalar(
        select(func.count()).select_from(Journey).where(stale_since(empty.journeys_before))
    )
    audit_events = 0
    if empty.audit_before is not None:
        keep = audit_retention.purges().ids()
        audit_events = audit_retention.count_old(empty.audit_before, keep)
    return replace(
        counted,
        responses=responses or 0,
        journeys=journeys or 0,
        test_links=draft_tests.count_expired(),
        audit_events=audit_events,
    )


def _count_children(empty: PurgeResult, response_ids: Select) -> PurgeResult:
    answers = db.session.scalar(
        select(func.count()).select_from(Answer).where(Answer.response_id.in_(response_ids))
    )
    text_answers = db.session.scalar(
        select(func.count()).select_from(TextAnswer).where(TextAnswer.response_id.in_(response_ids))
    )
    themes = db.session.scalar(
        select(func.count())
        .select_from(TextAnswerTheme)
        .join(TextAnswer, TextAnswer.id == TextAnswerTheme.text_answer_id)
        .where(TextAnswer.response_id.in_(response_ids))
    )
    return replace(empty, answers=answers or 0, text_answers=text_answers or 0, themes=themes or 0)


@dataclass(frozen=True)
class RetentionStatus:
    """What an administrator sees of retention: the period, what it keeps today, when the
    purge last ran and when it last deleted responses, and any responses past the period
    still waiting for one; and the audit log's period, the first day of it kept today, and
    when the purge last deleted audit events."""

    months: int
    first_month_kept: dt.date
    overdue: int  # responses sent before first_month_kept: the purge has not run since
    audit_months: int
    audit_first_day_kept: dt.date

    @cached_property
    def purges(self) -> audit_retention.Purges:
        """The purge events the Retention page shows, read when it asks for them: the Users
        page, which shows only the overdue responses, never reads them."""
        return audit_retention.purges()

    @property
    def last_purge(self) -> AuditEvent | None:
        """The newest purge, whatever it deleted: when the nightly job last ran."""
        return self.purges.last_run


def status(
    retention_months: int,
    on: dt.date | None = None,
    *,
    audit_retention_months: int | None = None,
) -> RetentionStatus:
    """Retention as it stands ``on`` (today); the audit log's period is the app's
    AUDIT_RETENTION_MONTHS unless given. Responses are counted survey by survey, so that each
    count uses the (survey_id, submitted_on) index, as the purge's batches do."""
    if audit_retention_months is None:
        audit_retention_months = current_app.config["AUDIT_RETENTION_MONTHS"]
    kept_from = first_month_kept(retention_months, on)
    overdue = 0
    for survey_id in db.session.scalars(select(Survey.id)).all():
        overdue += (
            db.session.scalar(
                select(func.count())
                .select_from(Response)
                .where(Response.survey_id == survey_id, Response.submitted_on < kept_from)
            )
            or 0
        )
    return RetentionStatus(
        retention_months,
        kept_from,
        overdue,
        audit_retention_months,
        retention_cutoff(audit_retention_months, on),
    )


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "PurgeResult",
    "RetentionStatus",
    "first_month_kept",
    "months_before",
    "purge",
    "purged",
    "retention_cutoff",
    "status",
]
