"""What the benches that time a page's queries share: the database they seed once and keep,
timing a piece of work, the database's plan for each query it makes, and a line of p50/p95.
Used by account_activity_speed.py and retention_purges_speed.py."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

from models import db


def database_url(given: str | None, name: str) -> str:
    """``given``, else DATABASE_URL, else a SQLite file in /tmp named ``name`` (kept, so that a
    second run need not seed again)."""
    return (
        given
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(tempfile.gettempdir()) / f'{name}.db'}"
    )


def timed(work: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of each of ``repeats`` runs of ``work``, nothing read kept between them."""
    times = []
    for _ in range(repeats):
        db.session.expire_all()
        begun = time.perf_counter()
        work()
        times.append((time.perf_counter() - begun) * 1000)
    return times


def plans(work: Callable[[], object]) -> list[str]:
    """The database's plan for each SELECT ``work`` makes, a line each."""
    statements: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, *_context) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    sqlite = engine.dialect.name == "sqlite"
    found = []
    with engine.connect() as connection:
        for statement, parameters in statements:
            if sqlite:
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                found.append(" | ".join(row[-1] for row in rows))
            else:
                rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
                found.append(" | ".join(row[0].strip() for row in rows))
    return found


def report(label: str, times: list[float], width: int = 31) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"  {label:<{width}} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms")
