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

Given the page's charts (``charts``, the results page's own function), it then draws each
default view's charts from the same figures and stores them beside the counts, tagged with the
same version (:mod:`app.services.results_chart_store`), so that the first analyst of the
morning waits neither for the counts nor for the charts. Charts already stored are not drawn
again. They are drawn after the read transaction has ended, so that it is not held open while
matplotlib draws.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select

from app.services import (
    results,
    results_asked,
    results_cache,
    results_chart_store,
    results_overview,
)
from app.services.results_model import Filters, SurveyResults
from models import Survey, db


@dataclass(frozen=True)
class Refreshed:
    slug: str
    version: int | None  # None for a staff survey: it rises with every answer, this month's too
    groupings: int
    seconds: float
    drawing: float | None = None  # seconds drawing (or finding) its charts; None: not drawn


def refresh(
    *, k: int, k_text: int, charts: Callable[[SurveyResults], object] | None = None
) -> list[Refreshed]:
    """Count and store the default views of every survey, and with ``charts`` draw and store
    their charts; what was done, survey by survey."""
    done: list[Refreshed] = []
    views: list[list[SurveyResults]] = []
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
                views.append([])
                for dimension in dimensions:
                    found = results.survey_results(
                        slug, Filters(dimension=dimension), k=k, k_text=k_text
                    )
                    results_asked.for_results(found, context.definition)
                    views[-1].append(found)
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
    if charts is not None:
        for index, survey_views in enumerate(views):
            done[index] = replace(done[index], drawing=_draw(survey_views, scope, charts))
    return done


def _draw(
    views: list[SurveyResults],
    scope: results_cache.Snapshot,
    charts: Callable[[SurveyResults], object],
) -> float:
    """Draw (or find stored) the charts of one survey's views, tagged with the version its
    counts were read at; the seconds it took."""
    started = time.perf_counter()
    for found in views:
        read = scope.surveys.get(found.survey_id)
        with results_chart_store.kept(found.survey_id, read):
            charts(found)
    db.session.rollback()  # end the read transaction the stored charts were looked up in
    return time.perf_counter() - started


def _begin_read_snapshot() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # The sqlite3 driver opens a transaction only before a write; open it for the reads.
        db.session.connection().exec_driver_sql("BEGIN")
