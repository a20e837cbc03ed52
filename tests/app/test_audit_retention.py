"""The audit log is kept for AUDIT_RETENTION_MONTHS, then deleted by `flask retention purge`:
it names staff and what they did, personal data to keep no longer than a force needs to look
into misuse. Old events go, oldest first and in batches; recent ones stay; a dry run deletes
nothing; the purge's own event counts what went; the newest purge event is never lost; a
period that would delete the whole trail is refused; and administrators are told the period."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import create_app
from app.config import ConfigError, TestConfig
from app.services import audit, audit_retention, retention
from models import AuditEvent, Role, User, db, utcnow
from tests.app.test_audit_details import details_by_action
from tests.app.test_command_line_config import KEY, _flask
from tests.pages import Browser
from tests.staff import signed_in

STAFF_EMAIL = "pc.long.gone@example.org"
DAY = dt.timedelta(days=1)


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def event_at(
    when: dt.datetime, action: str = "results.export", detail: dict[str, Any] | None = None
) -> int:
    """An event of ``when``, by a member of staff, as the log holds them."""
    event = AuditEvent(
        action=action,
        target="stop-search",
        detail={"format": "csv"} if detail is None else detail,
        actor=STAFF_EMAIL,
        occurred_at=when,
    )
    db.session.add(event)
    db.session.commit()
    return event.id


def still_there(ids: set[int]) -> set[int]:
    """Those of the events made by :func:`event_at` still kept (SQLite may give a deleted
    event's id to the next one, such as the purge's own)."""
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(AuditEvent.id).where(AuditEvent.id.in_(ids), AuditEvent.actor == STAFF_EMAIL)
        )
    )


def event_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def newest_purge() -> AuditEvent:
    db.session.expire_all()
    return audit_retention.newest_purge()


def purge(**kwargs: Any) -> retention.PurgeResult:
    return retention.purge(
        retention_months=24,
        journey_ttl=dt.timedelta(hours=24),
        **({"audit_retention_months": 72} | kwargs),
    )


def test_the_purge_deletes_audit_events_older_than_the_period_and_keeps_the_rest(runner):
    first_day = retention.retention_cutoff(72)
    ancient = event_at(start_of(first_day) - 900 * DAY)
    a_second_too_old = event_at(start_of(first_day) - dt.timedelta(seconds=1))
    first_moment_kept = event_at(start_of(first_day))
    recent = event_at(utcnow() - DAY)
    every = {ancient, a_second_too_old, first_moment_kept, recent}

    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert (
        f"Deleted 2 audit events from before {first_day.day} {first_day:%B %Y} "
        "(more than 72 months ago)." in result.output
    )
    assert still_there(every) == {first_moment_kept, recent}
    recorded = newest_purge()
    assert recorded.detail["audit_events_deleted"] == 2
    assert recorded.detail["audit_events_kept_from"] == first_day.isoformat()
    assert STAFF_EMAIL not in repr(recorded.detail)  # counts only: nobody it deleted is named

    again = runner.invoke(args=["retention", "purge"])

    assert again.exit_code == 0, again.output
    assert "Deleted 0 audit events" in again.output  # idempotent: safe to run from cron daily
    assert still_there(every) == {first_moment_kept, recent}
    assert newest_purge().detail["audit_events_deleted"] == 0


def test_the_audit_period_comes_from_the_configuration(app: Flask, runner, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_RETENTION_MONTHS", 18)
    nineteen_months = event_at(start_of(retention.months_before(utcnow().date(), 19)))
    seventeen_months = event_at(start_of(retention.months_before(utcnow().date(), 17)))

    result = runner.invoke(args=["retention", "purge"])

    assert "Deleted 1 audit event from before" in result.output
    assert "(more than 18 months ago)" in result.output
    assert still_there({nineteen_months, seventeen_months}) == {seventeen_months}


def test_a_dry_run_counts_the_old_audit_events_and_deletes_nothing(runner):
    first_day = retention.retention_cutoff(72)
    old = {event_at(start_of(first_day) - days * DAY) for days in (1, 10, 1000)}
    recent = event_at(utcnow())
    before = event_count()

    result = runner.invoke(args=["retention", "purge", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert f"Would delete 3 audit events from before {first_day.day} {first_day:%B %Y}" in (
        result.output
    )
    assert "Dry run: nothing was deleted." in result.output
    assert event_count() == before  # nothing deleted, and no purge recorded
    assert still_there(old | {recent}) == old | {recent}
    assert newest_purge() is None


def test_audit_events_go_in_batches_oldest_first(monkeypatch):
    """A purge stopped part-way leaves the log whole from some day on, never with gaps."""
    first_day = retention.retention_cutoff(72)
    # Logged out of order (an event's id says nothing of its age): days before the cutoff.
    made = {days: event_at(start_of(first_day) - days * DAY) for days in (3, 7, 1, 10, 5, 2, 9)}
    made |= {days: event_at(start_of(first_day) - days * DAY) for days in (4, 8, 6)}
    oldest_first = [made[days] for days in range(10, 0, -1)]
    delete_batch, calls = audit_retention.delete_batch, []

    def stops_after_one_batch(*args: Any) -> tuple[int, int]:
        calls.append(args)
        if len(calls) > 1:
            raise RuntimeError("the server was stopped")
        return delete_batch(*args)

    monkeypatch.setattr(audit_retention, "delete_batch", stops_after_one_batch)
    with pytest.raises(RuntimeError):
        purge(batch_size=3)
    monkeypatch.undo()

    assert still_there(set(oldest_first)) == set(oldest_first[3:])
    assert purge(batch_size=3).audit_events == 7
    assert still_there(set(oldest_first)) == set()
    assert newest_purge().detail["audit_events_deleted"] == 7


def test_the_purge_events_the_retention_page_reads_are_never_deleted(monkeypatch):
    """The newest purge (the nightly job is running), and the newest that deleted responses,
    and audit events (when old data last went, and how much), however old."""
    first_day = retention.retention_cutoff(72)

    def purge_event(days_before: int, responses: int = 0, events: int = 0) -> int:
        counts = {"responses": responses, "audit_events_deleted": events}
        return event_at(start_of(first_day) - days_before * DAY, "retention.purge", counts)

    deleted_responses = purge_event(300, responses=820)
    deleted_events = purge_event(200, events=5)
    older_run = purge_event(150)
    last_run = purge_event(100)

    def fails(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    # The run stops after deleting the old events, before recording its own.
    monkeypatch.setattr(audit, "record", fails)
    with pytest.raises(RuntimeError):
        purge()
    monkeypatch.undo()

    kept = {deleted_responses, deleted_events, last_run}
    assert still_there(kept | {older_run}) == kept
    purges = retention.status(24).purges
    assert purges.last_run.id == last_run
    assert purges.responses_deleted.id == deleted_responses
    assert purges.events_deleted.id == deleted_events

    # The next run keeps them while it deletes, then records its own; the run after that lets
    # the last run go, and keeps the two that deleted something.
    assert purge().audit_events == 0
    assert retention.status(24).last_purge.detail["audit_events_deleted"] == 0
    assert purge().audit_events == 1
    assert still_there(kept) == {deleted_responses, deleted_events}
    purges = retention.status(24).purges
    assert purges.last_run.detail["audit_events_deleted"] == 1
    assert purges.responses_deleted.id == deleted_responses
    assert purges.events_deleted.id == purges.last_run.id  # it deleted one


def test_a_dry_run_does_not_count_the_purge_events_the_retention_page_reads():
    first_day = retention.retention_cutoff(72)
    event_at(start_of(first_day) - 300 * DAY, "retention.purge", {"responses": 820})
    event_at(start_of(first_day) - 100 * DAY, "retention.purge", {"responses": 0})
    event_at(start_of(first_day) - 50 * DAY)

    assert purge(dry_run=True).audit_events == 1
    assert purge().audit_events == 1


def test_two_purges_at_once_delete_each_old_event_once(app: Flask):
    first_day = retention.retention_cutoff(72)
    old = {event_at(start_of(first_day) - (day % 40 + 1) * DAY) for day in range(40)}
    recent = event_at(utcnow())
    results, errors = [], []

    def run() -> None:
        with app.app_context():
            try:
                results.append(purge(batch_size=5))
            except Exception as error:  # reported below, with the other run's result
                errors.append(error)
            finally:
                db.session.remove()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for each in runs:
        each.start()
    for each in runs:
        each.join(timeout=120)

    assert errors == []
    assert sum(result.audit_events for result in results) == len(old)  # none counted twice
    assert still_there(old | {recent}) == {recent}


def test_without_an_audit_period_the_service_leaves_the_audit_log_alone():
    old = event_at(start_of(retention.retention_cutoff(72)) - 30 * DAY)

    result = purge(audit_retention_months=None)

    assert result.audit_events == 0
    assert still_there({old}) == {old}
    assert "audit_events_deleted" not in newest_purge().detail


@pytest.mark.parametrize("months", [0, -1])
def test_a_period_that_would_delete_the_whole_log_is_refused_and_nothing_goes(months: int):
    old = event_at(utcnow() - 3 * DAY)
    with pytest.raises(ValueError, match="at least one month"):
        purge(audit_retention_months=months)
    db.session.rollback()
    assert still_there({old}) == {old}


def test_the_audit_period_is_six_years_unless_set():
    assert TestConfig.AUDIT_RETENTION_MONTHS == 72
    assert create_app(TestConfig, AUDIT_RETENTION_MONTHS=12).config["AUDIT_RETENTION_MONTHS"] == 12


@pytest.mark.parametrize("value", [0, 11, "six years"])
def test_a_period_under_a_year_or_not_a_number_stops_the_app(value: object):
    with pytest.raises(ConfigError) as refused:
        create_app(TestConfig, AUDIT_RETENTION_MONTHS=value)
    assert str(refused.value) == (
        f'AUDIT_RETENTION_MONTHS must be a whole number of months, 12 or more (it is "{value}").'
    )


def test_the_purge_from_cron_refuses_a_period_of_0_in_one_line():
    result = _flask("retention", "purge", "--dry-run", SECRET_KEY=KEY, AUDIT_RETENTION_MONTHS="0")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'Error: AUDIT_RETENTION_MONTHS must be a whole number of months, 12 or more (it is "0").'
    ]


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _audit_rows(page) -> dict[str, str]:
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in page.soup.select("#audit-retention-status .govuk-summary-list__row")
    }


def _retention_section(browser: Browser):
    """The Retention page, reached as an admin would from the Users page, their first."""
    page = browser.get("/admin/users")
    return browser.get(page.soup.select_one("#retention a")["href"])


def _text(page, selector: str) -> str:
    return " ".join(page.soup.select_one(selector).get_text().split())


def test_admins_are_told_how_long_the_audit_log_is_kept(admin, browser: Browser, runner):
    first_day = retention.retention_cutoff(72)
    event_at(start_of(first_day) - DAY)

    page = _retention_section(browser)

    assert "kept for 72 months (6 years)" in _text(page, "#audit-retention")
    assert _audit_rows(page) == {
        "Audit log kept for": "72 months (6 years)",
        "Audit log kept today": f"Events from {first_day.day} {first_day:%B %Y} on",
        "Old audit events last deleted": "Never",
    }
    assert "AUDIT_RETENTION_MONTHS" in page.text()

    runner.invoke(args=["retention", "purge"])
    page = _retention_section(browser)

    deleted = _audit_rows(page)["Old audit events last deleted"]
    assert deleted == f"{utcnow().day} {utcnow():%B %Y}: 1 event deleted"
    log = browser.get("/admin/audit")
    assert _text(log, "#audit-kept-for").startswith(
        "Events are kept for 72 months (6 years), then deleted"
    )
    assert log.soup.select_one("#audit-kept-for a")["href"] == "/admin/retention"
    assert details_by_action(browser.client, "retention.purge")[0].endswith(
        f"Audit events kept from: {first_day.day} {first_day:%B %Y}; Audit events deleted: 1"
    )


def test_a_period_of_whole_months_is_said_in_months_alone(
    app: Flask, admin, browser: Browser, monkeypatch
):
    monkeypatch.setitem(app.config, "AUDIT_RETENTION_MONTHS", 18)

    assert _audit_rows(_retention_section(browser))["Audit log kept for"] == "18 months"
    assert _text(browser.get("/admin/audit"), "#audit-kept-for").startswith(
        "Events are kept for 18 months, then deleted"
    )
