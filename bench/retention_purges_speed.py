"""How long the Retention page, and the Users page, take to find the purge events they show in a
long audit log: the newest (when the nightly job last ran), the newest that deleted responses
and the newest that deleted audit events (:func:`app.services.audit_retention.purges`).

    .venv/bin/python bench/retention_purges_speed.py [--events 1000000]
    scripts/with-postgres .venv/bin/python bench/retention_purges_speed.py    # on PostgreSQL

The database is --database-url, else DATABASE_URL (set by scripts/with-postgres), else a SQLite
file kept in /tmp (lp-bench-retention-N.db) so that a second run does not seed again. It is
migrated and filled with --events audit events spread over six years (the longest the log is
kept by default), among them one purge a night, as cron runs it. The worst case is seeded: the
last purge that deleted responses was five years ago (a survey no longer used has none left to
delete), and no purge has ever deleted audit events, so that finding each reads every purge
event there is.

It prints p50 and p95 of --repeats runs of :func:`purges` and, for comparison, of the newest
purge alone as the page read it before (by time, ORDER BY ... LIMIT 1), and of the three read
that way, and the plan of each query :func:`purges` makes.

Measured on the development machine (2 cores, shared), 1,000,000 events, 2,190 purges:

    database     newest alone, by time   the three, each by time   the three, purges()
    SQLite       20 ms                   53 ms                     24 ms
    PostgreSQL   0.7 ms                  775 ms                    23 ms

By time, PostgreSQL walks the index on occurred_at backwards through every event for a purge
that deleted audit events (none has) or responses (five years ago); :func:`purges` reads the
purge events alone through the index on action (a bitmap scan), then three by id. The Users
page reads none of them now (before, the newest alone).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text

from app import create_app
from app.config import TestConfig
from app.services import audit_retention
from bench.query_timing import database_url, plans, report, timed
from models import AuditEvent, db

ROOT = Path(__file__).resolve().parent.parent
YEARS = 6
OTHER_ACTIONS = ("sign_in.password", "sign_in.two_factor", "sign_out", "answers.read")


def seed(events: int, rng: random.Random) -> None:
    """``events`` events over the last YEARS years, oldest first, with a purge each night."""
    have = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    if have >= events:
        return
    print(f"Seeding {events - have:,} audit events (have {have:,})", file=sys.stderr)
    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    first = now - dt.timedelta(days=365 * YEARS)
    nights = 365 * YEARS
    others = events - have - nights
    span = (now - first).total_seconds()
    rows = [
        {
            "occurred_at": first + dt.timedelta(seconds=span * index / others),
            "actor": "staff@bench.example.org",
            "action": rng.choice(OTHER_ACTIONS),
            "target": "staff@bench.example.org",
            "detail": {},
        }
        for index in range(others)
    ]
    last_deleting = first + dt.timedelta(days=365)
    for night in range(nights):
        at = first + dt.timedelta(days=night, hours=2, minutes=30)
        deleted = 40 if at <= last_deleting and at.day == 1 else 0
        rows.append(
            {
                "occurred_at": at,
                "actor": None,
                "action": audit_retention.PURGE_ACTION,
                "target": "Every survey and the audit log",
                "detail": {"responses": deleted, "journeys": 3, audit_retention.EVENTS_DELETED: 0},
            }
        )
    rows.sort(key=lambda row: row["occurred_at"])
    for start in range(0, len(rows), 20_000):
        db.session.execute(insert(AuditEvent), rows[start : start + 20_000])
        db.session.commit()
    print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def newest_by_time(*deleted: str) -> AuditEvent | None:
    """The newest purge event, or the newest that deleted ``deleted``, by ORDER BY ... LIMIT 1."""
    query = select(AuditEvent).where(AuditEvent.action == audit_retention.PURGE_ACTION)
    for key in deleted:
        query = query.where(AuditEvent.detail[key].as_integer() > 0)
    return db.session.scalar(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(1)
    )


def three_by_time() -> None:
    newest_by_time()
    newest_by_time(audit_retention.RESPONSES_DELETED)
    newest_by_time(audit_retention.EVENTS_DELETED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    url = database_url(args.database_url, f"lp-bench-retention-{args.events}")
    sqlite = url.startswith("sqlite")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed(args.events, random.Random(args.seed))
        if not sqlite:
            db.session.execute(text("ANALYZE audit_events"))
            db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(AuditEvent))
        purges = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == audit_retention.PURGE_ACTION)
        )
        found = audit_retention.purges()
        print(f"{db.engine.dialect.name}: {total:,} audit events, {purges:,} of them purges")
        print(f"  last run {found.last_run.occurred_at:%Y-%m-%d}", end="")
        deleted = found.responses_deleted
        print(f", last deleted responses {deleted.occurred_at:%Y-%m-%d}" if deleted else "", end="")
        print(f", last deleted events {'never' if found.events_deleted is None else 'yes'}")
        report("newest alone, by time (before)", timed(newest_by_time, args.repeats))
        report("the three, each by time", timed(three_by_time, max(3, args.repeats // 4)))
        report("the three, purges()", timed(audit_retention.purges, args.repeats))
        for plan in plans(audit_retention.purges):
            print(f"  plan: {plan}")


if __name__ == "__main__":
    main()
