"""Counting the default views of every survey ahead of analysts (``flask results refresh``).

Run from cron every few minutes, so that an analyst's page finds counts stored less than
``RESULTS_MAX_AGE_SECONDS`` ago and never waits for a count of a million responses itself.
For each survey it counts what the overview, the results page, the report, the exports and the
API read for each grouping with no filters: the same service calls, so the same stored queries.

Every count is read in one read transaction (REPEATABLE READ on PostgreSQL; on SQLite, one
read transaction sees one snapshot of the database), and each survey's counts are tagged with
its version as read inside that transaction: one consistent snapshot per survey, whatever
arrives while the refresh runs. The counts are stored after the read transaction ends, each only
if no delete (withdrawal, purge) has happened to the survey since that version (see
:mod:`app.services.results_cache`). Two refreshes at once are safe: both count, and the second
to store finds the rows there and adds nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select

from app.services import results, results_asked, results_cache, results_overview
from app.services.results_model import Filters
from models import Survey, db


@dataclass(frozen=True)
class Refreshed:
    slug: str
    version: int | None  # None for a staff survey: it rises with every answer, this month's too
    groupings: int
    seconds: float


def refresh(*, k: int, k_text: int) -> list[Refreshed]:
    """Count and store the default views of every survey; what was done, survey by survey."""
    done: list[Refreshed] = []
    db.session.rollback()  # the snapshot must be the first thing the transaction reads
    with results_cache.snapshot(refresh=True) as scope:
        _begin_read_snapshot()
        try:
            results_overview.overview(k)
            slugs = list(db.session.scalars(select(Survey.slug).order_by(Survey.id)))
            for slug in slugs:
                started = time.perf_counter()
                context = results.survey_context(slug)
                if context is None:
                    continue
                dimensions = context.dimensions()
                for dimension in dimensions:
                    found = results.survey_results(
                        slug, Filters(dimension=dimension), k=k, k_text=k_text
                    )
                    results_asked.for_results(found, context.definition)
                served = scope.surveys.get(context.survey.id)
                done.append(
                    Refreshed(
                        slug,
                        None if served is None or served.monthly else served.version,
                        len(dimensions),
                        time.perf_counter() - started,
                    )
                )
        finally:
            db.session.rollback()  # end the read transaction before writing
    results_cache.store(scope)
    return done


def _begin_read_snapshot() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # The sqlite3 driver opens a transaction only before a write; open it for the reads.
        db.session.connection().exec_driver_sql("BEGIN")
