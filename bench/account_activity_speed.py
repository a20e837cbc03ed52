"""How long Your account's recent activity takes to read from a long audit log.

    .venv/bin/python bench/account_activity_speed.py [--events 3000000] [--staff 500]
    scripts/with-postgres .venv/bin/python bench/account_activity_speed.py    # on PostgreSQL

The database is --database-url, else DATABASE_URL (set by scripts/with-postgres), else a SQLite
file kept in /tmp (lp-bench-audit-N.db) so that a second run does not seed again. It is
migrated and filled with --events audit events spread over six years (the longest the log is
kept by default) and --staff accounts: each working day a member of staff signs in (password,
then code), signs out and reads answers, with now and then a wrong password or code, and the
rest of the log is what staff and systems do to surveys and results (answers read, results
read through the API, exports), whose targets are surveys, not people.

Then :func:`app.services.account_activity.activity` is timed for a member of staff who signed
in an hour ago, as their account page and the first page after signing in ask for it: p50 and
p95 of --repeats runs, with the index on audit_events (target, occurred_at) and without it
(dropped for the run, then made again), and each query's plan on SQLite.

Measured on 1 December 2026 (two shared cores, other work running): SQLite, 3,000,000 events,
17 ms (p95 22 ms) with the index and 3,422 ms (p95 3,840 ms) without it, when every query
found its rows through the index on action; PostgreSQL, 1,000,000 events, 7 ms (p95 11 ms)
with it and 294 ms (p95 453 ms) without.
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
from app.services import account_activity
from bench.query_timing import database_url, plans, report, timed
from models import AuditEvent, Role, User, db

ROOT = Path(__file__).resolve().parent.parent
INDEX = "ix_audit_events_target_occurred_at"
YEARS = 6
SURVEYS = ("stop-search", "listening-session", "say-to-stay")


def staff_email(number: int) -> str:
    return f"staff{number:04d}@bench.example.org"


def seed(events: int, staff: int, rng: random.Random) -> None:
    """Fill the log with ``events`` events over the last YEARS years, oldest first."""
    have = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    if have >= events:
        return
    print(f"Seeding {events - have:,} audit events (have {have:,})", file=sys.stderr)
    started = time.perf_counter()
    existing = set(db.session.scalars(select(User.email).where(User.email.like("%@bench.%"))))
    for number in range(staff):
        if staff_email(number) not in existing:
            # No password signs in as them: a hash no password gives.
            account = User(email=staff_email(number), password_hash="!", role=Role.ANALYST)  # noqa: S106
            db.session.add(account)
    db.session.commit()
    rows = db.session.execute(select(User.email, User.id).where(User.email.like("%@bench.%")))
    ids = {email: user_id for email, user_id in rows}
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    span = dt.timedelta(days=365 * YEARS).total_seconds()
    to_add = events - have
    batch: list[dict] = []
    for index in range(to_add):
        at = now - dt.timedelta(seconds=span * (1 - index / to_add))
        email = staff_email(rng.randrange(staff))
        roll = rng.random()
        if roll < 0.18:
            row = ("sign_in.password", email, email, {"second_factor": "required"})
        elif roll < 0.36:
            row = ("sign_in.two_factor", email, email, {"method": "app"})
        elif roll < 0.50:
            row = ("sign_out", email, email, {})
        elif roll < 0.505:
            row = ("sign_in.failed", None, email, {"reason": "wrong email address or password"})
        elif roll < 0.507:
            row = ("sign_in.two_factor_failed", email, email, {})
        elif roll < 0.70:
            row = ("answers.read", email, rng.choice(SURVEYS), {"read_on": "coding"})
        elif roll < 0.95:
            row = ("results.api_read", None, rng.choice(SURVEYS), {"grouping": "ethnicity"})
        else:
            row = ("results.export", email, rng.choice(SURVEYS), {"format": "csv"})
        action, actor, target, detail = row
        batch.append(
            {
                "occurred_at": at,
                "actor_id": ids[actor] if actor else None,
                "actor": actor,
                "action": action,
                "target": target,
                "detail": detail,
            }
        )
        if len(batch) == 20_000:
            db.session.execute(insert(AuditEvent), batch)
            db.session.commit()
            batch.clear()
    if batch:
        db.session.execute(insert(AuditEvent), batch)
        db.session.commit()
    print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def signed_in_an_hour_ago(email: str) -> dt.datetime:
    """This run's sign-in for ``email``, an hour ago, after two wrong passwords."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    for seconds, action, actor, detail in (
        (-60, "sign_in.failed", None, {"reason": "wrong email address or password"}),
        (-30, "sign_in.failed", None, {"reason": "wrong email address or password"}),
        (0, "sign_in.password", email, {"second_factor": "required"}),
        (20, "sign_in.two_factor", email, {"method": "app"}),
    ):
        db.session.add(
            AuditEvent(
                occurred_at=start + dt.timedelta(seconds=seconds),
                action=action,
                actor=actor,
                target=email,
                detail=detail,
            )
        )
    db.session.commit()
    return start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3_000_000)
    parser.add_argument("--staff", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    url = database_url(args.database_url, f"lp-bench-audit-{args.events}")
    sqlite = url.startswith("sqlite")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed(args.events, args.staff, random.Random(args.seed))
        if not sqlite:
            db.session.execute(text("ANALYZE audit_events"))
            db.session.commit()
        user = db.session.scalar(select(User).where(User.email == staff_email(7)))
        started = signed_in_an_hour_ago(user.email)
        total = db.session.scalar(select(func.count()).select_from(AuditEvent))
        mine = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.target == user.email)
        )
        print(
            f"{'SQLite' if sqlite else 'PostgreSQL'}: {total:,} audit events, "
            f"{mine:,} of them about the account read"
        )
        found = account_activity.activity(user, started)
        print(
            f"  (previous sign-in {found.previous_sign_in:%Y-%m-%d %H:%M}, "
            f"{found.failures.attempts} failed attempts since, {len(found.changes)} changes)"
        )

        def read() -> object:
            return account_activity.activity(user, started)

        report("with the index", timed(read, args.repeats))
        if sqlite:
            for plan in plans(read):
                print(f"    {plan}")
        db.session.execute(text(f"DROP INDEX {INDEX}"))
        db.session.commit()
        try:
            report(
                "without it",
                timed(read, max(3, args.repeats // 4)),
            )
            if sqlite:
                for plan in plans(read):
                    print(f"    {plan}")
        finally:
            db.session.execute(text(f"CREATE INDEX {INDEX} ON audit_events (target, occurred_at)"))
            db.session.commit()


if __name__ == "__main__":
    main()
