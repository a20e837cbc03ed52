"""Results counts kept in the shared database, served while current or for a bounded time after.

The GROUP BY queries behind a results page read every answer of a survey: seconds at a million
responses. Their rows are stored in ``results_cache`` (zlib-compressed JSON), tagged with the
survey's data version, which database triggers raise in the same transaction as any change to
its responses, answers, free text or themes (see :mod:`models.results_cache`). Every web host
and worker reads the same stored rows; nothing lives in a worker's memory.

**Bounded lag.** Responses arrive all day, and each raises the version. Stored rows whose
version is no longer current are still served if they were counted less than
``RESULTS_MAX_AGE_SECONDS`` ago (0: only current rows), and the page says when they were counted
(:func:`counted_note`). ``flask results refresh`` (:mod:`app.services.results_refresh`), run from
cron, counts the default views ahead of analysts, so that their pages seldom count themselves.

**Never a deleted answer.** A delete (withdrawal, purge) removes the survey's stored rows and
records its version in ``results_versions.forgotten``; rows tagged with an older version are
neither served nor stored, so a count made before a withdrawal and written after it is dropped
(on PostgreSQL the version row is share-locked for the write: a delete in flight either waits
for the write and then removes the rows, or makes the write store nothing).

**One snapshot a page.** Every number on a page must come from one counted version, or two
queries counted at different times (say the groups' counts and the number asked a question)
could differ by a few new respondents and reveal them by difference. A page's reads run in a
:class:`Snapshot` (:func:`consistent`): the first stored read for a survey chooses its version
(the current one, or the newest servable older one), and every later read for that survey in
the page must find its query stored at that same version. If it is not there, the page is built
again counting from the rows at the current version (:class:`NotInSnapshot`). Rows are kept by
(survey, query, version), so a newer count of one query does not take away what an older
snapshot still needs; rows that can no longer be served are deleted when newer ones are stored.

**A staff survey's figures say nothing of arrivals.** A survey of police officers and staff
(Say to Stay) counts only the months that are over
(:func:`app.services.staff_survey_confidential.month_not_over`), so a response arriving now
changes none of its figures. It raises the version all the same, and what is said about the
counting would move with it (the note that newer answers are waiting; the time of counting, as
the next count is made after the answer) and tell that someone has just answered. So when such
a survey's figures were counted is not said, and its note never varies (:func:`when_counted`):
its stored rows are served as any survey's are, and what can wait is a coder's change. Counting
at once after every arrival instead would make the first page after a colleague's answer the
slow one, which says the same thing by its time.

**Charts beside their counts.** A chart drawn from a page's figures is stored as a row of its
own (key ``chart:`` and a digest of everything it shows), tagged with the oldest version the
request read them at (:mod:`app.services.results_read`), so the same rules keep and drop it
(:mod:`app.services.results_chart_store`).

Counting from the rows during a request tags each query's rows with the version read just
before it is counted, so stored rows are never tagged newer than their data. Within one such
request, a response committed between two queries could be in one and not the other: the
difference is only what arrived during that request's own counting, which no choice of filters
can select or repeat. ``flask results refresh`` has no such gap: it counts every query in one
read transaction (REPEATABLE READ on PostgreSQL) at one version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import Connection, delete, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import func

from app.services import results_read
from app.services import staff_survey_confidential as confidential
from app.services.transaction import transactional
from models import ResultsCache, ResultsVersion, db, utcnow

#: Raise when the shape of what is stored changes, so that older rows are counted again.
FORMAT = 1
#: The longest key the store holds.
KEY_LENGTH: int = ResultsCache.__table__.c.key.type.length


def stored_key(key: str) -> str:
    """``key`` as the store holds it: as it is when it fits, else its start and a digest of the
    whole, so that a key naming many months (or a long question key) is still one of its own."""
    if len(key) <= KEY_LENGTH:
        return key
    return f"{key[: KEY_LENGTH - 25]}~{hashlib.sha256(key.encode()).hexdigest()[:24]}"


#: Times on the page are in the force's local time.
LOCAL = ZoneInfo("Europe/London")
log = logging.getLogger(__name__)
T = TypeVar("T")


def _now() -> dt.datetime:
    """The time source (tests move it)."""
    return utcnow()


class NotInSnapshot(Exception):
    """A page chose an older stored version, and one of its queries is not stored at it."""


@dataclass
class Served:
    """What a page's counts for one survey were read from."""

    version: int
    countable: bool  # whether a query missing at ``version`` may be counted from the rows
    counted_at: dt.datetime | None = None  # the oldest counting time of the rows served
    stale: bool = False  # whether the version served is older than the survey's current one
    monthly: bool = False  # a staff survey's: when it was counted is not said


@dataclass
class Snapshot:
    """The version of each survey that one page's (or one refresh's) counts come from."""

    live: bool = False  # count from the rows at the current version; no older rows
    refresh: bool = False  # in one read transaction: stores wait until it has ended
    started: dt.datetime = field(default_factory=lambda: _now())
    surveys: dict[int, Served] = field(default_factory=dict)
    pending: list[tuple[int, str, int, bytes, dt.datetime]] = field(default_factory=list)


_scope: ContextVar[Snapshot | None] = ContextVar("results_snapshot", default=None)


@contextmanager
def snapshot(*, live: bool = False, refresh: bool = False) -> Iterator[Snapshot]:
    """Counts read inside share a version per survey; what was counted is stored at the end."""
    current = Snapshot(live=live, refresh=refresh)
    token = _scope.set(current)
    try:
        yield current
    finally:
        _scope.reset(token)
    results_read.note(current.surveys)
    if not refresh:
        store(current)


def consistent(build: Callable[[], T]) -> T:
    """``build()`` with all its counts from one snapshot: stored rows if they have them all,
    else counted again at the current version. Inside another snapshot, just ``build()``."""
    if _scope.get() is not None:
        return build()
    try:
        with snapshot():
            return build()
    except NotInSnapshot:
        with snapshot(live=True):
            return build()


def served(survey_id: int) -> Served | None:
    """What the current snapshot's counts for the survey were read from (None: none read)."""
    scope = _scope.get()
    return scope.surveys.get(survey_id) if scope is not None else None


def when_counted(survey_id: int) -> tuple[dt.datetime | None, str | None]:
    """When the current snapshot's figures for the survey were counted, and the note saying so
    (:func:`counted_note`) if they are older than its data; (None, None) if nothing was read.

    Neither is said of a staff survey's figures: the time they were counted moves with every
    response, this month's too, and the note appears only when newer responses are waiting, so
    either would tell that a colleague had just answered. Its figures count only the months
    that are over, which no arrival changes; what may wait is a coder's change, and a note that
    never varies (:func:`staff_note`) says so."""
    chosen = served(survey_id)
    if chosen is None or chosen.counted_at is None:
        return None, None
    if chosen.monthly:
        return None, staff_note(max_age())
    note = counted_note(chosen.counted_at, max_age()) if chosen.stale else None
    return chosen.counted_at, note


def staff_note(age: int) -> str | None:
    """What a staff survey's figures say of their counting, the same whatever has arrived."""
    if age <= 0:
        return None
    minutes = max(1, math.ceil(age / 60))
    within = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"A change to how written answers are coded can take up to {within} to show here."


def max_age() -> int:
    return int(current_app.config.get("RESULTS_MAX_AGE_SECONDS", 0)) if has_app_context() else 0


def data_version(survey_id: int) -> int:
    """The survey's data version (0 before its first response)."""
    return _state(survey_id)[0]


# The triggers' mark that a transaction has raised a survey's version already (migration 0007).
_MARK = text(
    "SELECT set_config('listening_post.results_bumped_' || CAST(:survey AS integer), 'yes', true)"
)
# The WHERE is evaluated first, so the mark is cleared before results_bump reads it.
_RAISE = text(
    "SELECT results_bump(CAST(:survey AS integer)) FROM (SELECT set_config("
    "'listening_post.results_bumped_' || CAST(:survey AS integer), '', true) AS unmarked) "
    "AS cleared WHERE cleared.unmarked = ''"
)


@contextmanager
def version_raised_last(connection: Connection, survey_id: int) -> Iterator[None]:
    """Writes to one survey's data, inside, whose version is raised after them, not at their
    first row: the busiest writer, the submission, uses it.

    On PostgreSQL raising the version locks the survey's row in ``results_versions`` until
    COMMIT, so each writer waits for the one before it to commit. Raised by the triggers at a
    response's INSERT, the lock was held through every later INSERT of the submission, and
    concurrent submissions queued on it. Here the triggers find the version already marked as
    raised and skip it; it is then raised, by the same function, as the last statement before
    COMMIT, in the same transaction, so readers still see the new data and the new version
    together. SQLite allows one writer at a time in any case: nothing changes there.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(_MARK, {"survey": survey_id})
    yield
    connection.execute(_RAISE, {"survey": survey_id})


def _state(survey_id: int) -> tuple[int, int]:
    """(version, version as of the latest delete)."""
    row = db.session.execute(
        select(ResultsVersion.version, ResultsVersion.forgotten).where(
            ResultsVersion.survey_id == survey_id
        )
    ).first()
    return (int(row.version), int(row.forgotten)) if row is not None else (0, 0)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _choose(survey_id: int, key: str, version: int, forgotten: int, scope: Snapshot) -> Served:
    chosen = _choose_version(survey_id, key, version, forgotten, scope)
    chosen.monthly = confidential.is_staff_survey(survey_id)
    return chosen


def _choose_version(
    survey_id: int, key: str, version: int, forgotten: int, scope: Snapshot
) -> Served:
    if scope.live or scope.refresh:
        return Served(version, countable=True)
    newest = db.session.execute(
        select(ResultsCache.version, ResultsCache.counted_at)
        .where(
            ResultsCache.survey_id == survey_id,
            ResultsCache.key == key,
            ResultsCache.version >= forgotten,
            ResultsCache.version <= version,
        )
        .order_by(ResultsCache.version.desc())
        .limit(1)
    ).first()
    age = max_age()
    if (
        newest is None
        or newest.version == version
        or age <= 0
        or _aware(newest.counted_at) <= _now() - dt.timedelta(seconds=age)
    ):
        return Served(version, countable=True)
    return Served(int(newest.version), countable=False, stale=True)


def cached(survey_id: int, key: str, count: Callable[[], Any]) -> Any:
    """What ``count()`` returns for the survey's data, from the store when it can be.

    ``count`` must return plain JSON data (lists, strings, numbers, None); ``key`` names
    everything it depends on apart from the survey's data. Outside a snapshot, the call is a
    snapshot of its own.
    """
    key = stored_key(key)
    scope = _scope.get()
    if scope is None:
        with snapshot():
            return cached(survey_id, key, count)
    version, forgotten = _state(survey_id)
    chosen = scope.surveys.get(survey_id)
    if chosen is None:
        chosen = scope.surveys[survey_id] = _choose(survey_id, key, version, forgotten, scope)
    stored = db.session.execute(
        select(ResultsCache.rows, ResultsCache.counted_at).where(
            ResultsCache.survey_id == survey_id,
            ResultsCache.key == key,
            ResultsCache.version == chosen.version,
            ResultsCache.version >= forgotten,
        )
    ).first()
    if stored is not None:
        payload = json.loads(zlib.decompress(stored.rows))
        if payload.get("format") == FORMAT:
            _note_counted(chosen, _aware(stored.counted_at))
            return payload["rows"]
    if not chosen.countable:
        raise NotInSnapshot(key)
    # Tagged with the version read before counting: never newer than the data counted.
    tag = chosen.version if scope.refresh else version
    # A refresh reads the data as it was when its read transaction began.
    counted_at = scope.started if scope.refresh else _now()
    rows = count()
    blob = zlib.compress(json.dumps({"format": FORMAT, "rows": rows}).encode(), 1)
    scope.pending.append((survey_id, key, tag, blob, counted_at))
    _note_counted(chosen, counted_at)
    return rows


def _note_counted(chosen: Served, counted_at: dt.datetime) -> None:
    if chosen.counted_at is None or counted_at < chosen.counted_at:
        chosen.counted_at = counted_at


def store(scope: Snapshot) -> None:
    """Store what the snapshot counted. A busy database only means counting again later."""
    store_rows(scope.pending)
    scope.pending = []


def store_rows(pending: list[tuple[int, str, int, bytes, dt.datetime]]) -> None:
    """Store rows (survey, key, version, payload, counted at), each only if no delete has
    happened to its survey since its version. A busy database only means making them again."""
    if not pending:
        return
    try:
        _store(pending, max_age())
    except OperationalError:
        log.warning("results not stored: the database was busy")


@transactional
def _store(pending: list[tuple[int, str, int, bytes, dt.datetime]], age: int) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for survey_id, key, version, blob, counted_at in pending:
        forgotten = (
            select(ResultsVersion.forgotten)
            .where(ResultsVersion.survey_id == survey_id)
            .with_for_update(read=True)
            .scalar_subquery()
        )
        row = select(
            literal(survey_id), literal(key), literal(version), literal(blob), literal(counted_at)
        ).where(func.coalesce(forgotten, 0) <= version)
        statement = insert(ResultsCache).from_select(
            ["survey_id", "key", "version", "rows", "counted_at"], row
        )
        db.session.execute(
            statement.on_conflict_do_nothing(index_elements=["survey_id", "key", "version"])
        )
        # Rows of older versions that can no longer be served.
        db.session.execute(
            delete(ResultsCache).where(
                ResultsCache.survey_id == survey_id,
                ResultsCache.version < version,
                ResultsCache.counted_at < _now() - dt.timedelta(seconds=age),
            )
        )


def counted_note(counted_at: dt.datetime, age: int, now: dt.datetime | None = None) -> str:
    """ "Figures counted at 10:42 today; answers since then will be included within 8 minutes."""
    now = now or _now()
    local, today = _aware(counted_at).astimezone(LOCAL), now.astimezone(LOCAL).date()
    if local.date() == today:
        when = f"{local:%H:%M} today"
    elif local.date() == today - dt.timedelta(days=1):
        when = f"{local:%H:%M} yesterday"
    else:
        when = f"{local:%H:%M} on {local:%-d %B %Y}"
    left = (_aware(counted_at) + dt.timedelta(seconds=age) - now).total_seconds()
    minutes = max(1, math.ceil(left / 60))
    within = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"Figures counted at {when}; answers since then will be included within {within}."
