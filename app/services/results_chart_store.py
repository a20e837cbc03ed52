"""Results charts kept in the shared database, beside the stored counts they were drawn from,
so that a chart is drawn once for every web worker and host rather than once by each.

Drawing a page's charts takes most of a new worker's first page (about 0.7 s by detailed ethnic
group on a quiet machine); each worker kept them in its own memory only, so an analyst could
wait for them once per worker, and again after every recount. Now a chart a worker draws for a
results page is also stored as a row of ``results_cache``, and a worker without it in memory
reads it from there before drawing it (:func:`app.services.chart_drawing.remembered`).

**Never shown for other figures.** A chart's key is ``chart:`` and a digest of everything it is
drawn from (:func:`app.services.chart_drawing.chart_key`): the chart's kind, every figure,
label, title and option, and the drawing code's own version. Two charts with one key are the
same chart; a chart for other filters, another grouping, other counts or another release has
another key. It is found whatever version it was stored at, which is safe because of that:
a staff survey's figures, which arrivals do not change, keep their charts as they keep their
counts.

**Dropped with its counts.** Stored in ``results_cache`` itself, with the survey and a version,
a chart is kept and dropped by the rules and statements that keep and drop the counts
(:mod:`app.services.results_cache`): the delete triggers remove every stored row of a survey
when any of its responses, answers, free text or themes is deleted (a withdrawal, a purge);
a row tagged with a version older than the survey's latest delete is neither stored nor read;
rows of older versions go when they can no longer be served. A chart is tagged with the oldest
version its request read the survey's figures at (:mod:`app.services.results_read`), or, in
``flask results refresh``, the version it counted at: never newer than what it shows, so a
chart drawn from counts made before a withdrawal and stored after it is refused.

**Memory per worker** stays as it was: the last ``CACHED_CHARTS`` charts
(:mod:`app.services.chart_drawing`). Charts drawn with no version to tag them with (outside a
request that read the survey's figures) are kept in memory only, as before.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.services import chart_drawing, results_cache, results_read
from app.services.results_cache import Served
from models import ResultsCache, ResultsVersion, db

#: How the keys of stored charts begin, beside the counts' keys ("ethnic_group:cells:...").
PREFIX = "chart:"
log = logging.getLogger(__name__)


def stored_key(key: str) -> str:
    """The chart's key as stored: ``chart:`` and as much of its digest as the column holds
    (232 bits)."""
    return (PREFIX + key)[: results_cache.KEY_LENGTH]


@dataclass
class StoredCharts:
    """The shelf of one survey's charts (:class:`app.services.chart_drawing.Shelf`)."""

    survey_id: int
    version: int  # the oldest version the charts' figures were read at
    counted_at: dt.datetime
    drawn: list[tuple[str, Markup]] = field(default_factory=list)

    def find(self, key: str) -> Markup | None:
        """The chart stored under ``key``, at any version since the survey's latest delete;
        None if there is none (or the database is too busy to say: it is drawn instead)."""
        forgotten = (
            select(ResultsVersion.forgotten)
            .where(ResultsVersion.survey_id == self.survey_id)
            .scalar_subquery()
        )
        try:
            row = db.session.execute(
                select(ResultsCache.rows)
                .where(
                    ResultsCache.survey_id == self.survey_id,
                    ResultsCache.key == stored_key(key),
                    ResultsCache.version >= func.coalesce(forgotten, 0),
                )
                .order_by(ResultsCache.version.desc())
                .limit(1)
            ).first()
        except OperationalError:
            db.session.rollback()  # PostgreSQL reads nothing more in a failed transaction
            log.warning("stored chart not read: the database was busy")
            return None
        if row is None:
            return None
        payload = json.loads(zlib.decompress(row.rows))
        if payload.get("format") != results_cache.FORMAT:
            return None
        return Markup(payload["rows"]["chart"])  # noqa: S704 - as drawn by inline_svg  # nosec B704

    def keep(self, key: str, chart: Markup) -> None:
        self.drawn.append((key, chart))

    def store(self) -> None:
        """Store the charts drawn, each only if no delete has happened since ``version``."""
        rows = [
            (
                self.survey_id,
                stored_key(key),
                self.version,
                zlib.compress(
                    json.dumps(
                        {"format": results_cache.FORMAT, "rows": {"chart": str(chart)}}
                    ).encode(),
                    1,
                ),
                self.counted_at,
            )
            for key, chart in self.drawn
        ]
        self.drawn = []
        results_cache.store_rows(rows)


@contextmanager
def kept(survey_id: int, read: Served | None = None) -> Iterator[None]:
    """Charts of the survey drawn inside are looked for in the store first, and stored once
    drawn, tagged with ``read`` (by default what this request read the survey at, from
    :mod:`app.services.results_read`). Inside another ``kept`` for the same survey, that one's;
    with nothing read, they are kept in memory only."""
    shelf = chart_drawing.current_shelf()
    if isinstance(shelf, StoredCharts) and shelf.survey_id == survey_id:
        yield
        return
    read = read or results_read.read_at(survey_id)
    if read is None:
        yield
        return
    charts = StoredCharts(survey_id, read.version, read.counted_at or results_cache._now())
    with chart_drawing.shelved(charts):
        yield
    charts.store()
