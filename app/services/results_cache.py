"""Results counts kept in the shared database while the survey's data is unchanged.

The GROUP BY queries behind a results page read every answer of a survey: seconds at a million
responses. Their rows are stored in ``results_cache`` (zlib-compressed JSON), tagged with the
survey's data version, which database triggers raise in the same transaction as any change to
its responses, answers, free text or themes (see :mod:`models.results_cache`). A request uses
stored rows only when their version is the survey's current one, so every web host and worker
sees the same, current numbers, and nothing lives in a worker's memory.

Why the order of reads keeps it correct: the version is read *before* the counting queries run,
so stored rows are never tagged with a version newer than the data they were counted from; and
the rows are stored only if that version is still current when they are written (on PostgreSQL
the version row is share-locked for the write, so a withdrawal in flight either waits for the
write, then deletes the stored rows, or makes the write store nothing).
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import func

from app.services.transaction import transactional
from models import ResultsCache, ResultsVersion, db, utcnow

#: Raise when the shape of what is stored changes, so that older rows are counted again.
FORMAT = 1
log = logging.getLogger(__name__)


def data_version(survey_id: int) -> int:
    """The survey's data version (0 before its first response)."""
    version = db.session.scalar(
        select(ResultsVersion.version).where(ResultsVersion.survey_id == survey_id)
    )
    return int(version or 0)


def cached(survey_id: int, key: str, count: Callable[[], Any]) -> Any:
    """What ``count()`` returns for the survey's current data, from the store when it can be.

    ``count`` must return plain JSON data (lists, strings, numbers, None); ``key`` names
    everything it depends on apart from the survey's data.
    """
    version = data_version(survey_id)
    stored = db.session.execute(
        select(ResultsCache.version, ResultsCache.rows).where(
            ResultsCache.survey_id == survey_id, ResultsCache.key == key
        )
    ).first()
    if stored is not None and stored.version == version:
        payload = json.loads(zlib.decompress(stored.rows))
        if payload.get("format") == FORMAT:
            return payload["rows"]
    rows = count()
    blob = zlib.compress(json.dumps({"format": FORMAT, "rows": rows}).encode(), 1)
    try:
        _store(survey_id, key, version, blob)
    except OperationalError:
        # The counts are right either way; the next request counts again.
        log.warning("results for survey %s not stored: the database was busy", survey_id)
    return rows


@transactional
def _store(survey_id: int, key: str, version: int, blob: bytes) -> None:
    current = (
        select(func.coalesce(ResultsVersion.version, 0))
        .where(ResultsVersion.survey_id == survey_id)
        .with_for_update(read=True)
        .scalar_subquery()
    )
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    row = select(
        literal(survey_id), literal(key), literal(version), literal(blob), literal(utcnow())
    ).where(func.coalesce(current, 0) == version)
    statement = insert(ResultsCache).from_select(
        ["survey_id", "key", "version", "rows", "counted_at"], row
    )
    statement = statement.on_conflict_do_update(
        index_elements=["survey_id", "key"],
        set_={
            "version": statement.excluded.version,
            "rows": statement.excluded.rows,
            "counted_at": statement.excluded.counted_at,
        },
        where=ResultsCache.version <= statement.excluded.version,
    )
    db.session.execute(statement)
