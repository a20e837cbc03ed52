"""How fast `flask demo seed` writes responses: the target is 1,000,000 in under three minutes.

    .venv/bin/python bench/seed_speed.py [--responses N] [--seed S]
    scripts/with-postgres .venv/bin/python bench/seed_speed.py     # SQLite, then PostgreSQL
    (--no-postgres: SQLite only; --no-sqlite: PostgreSQL only)

Seeds into a new SQLite file in a temporary directory, built by running the migrations. When
TEST_DATABASE_URL or DATABASE_URL names a PostgreSQL server, it then does the same in a new,
temporary database on that server (created and dropped here; the named database is not touched).
Prints responses a second and the total time for each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.services import demo, surveys  # noqa: E402
from bench.databases import temporary_postgres_database  # noqa: E402
from models import Answer, Response, TextAnswer, db  # noqa: E402

TARGET_SECONDS = 180


def run(url: str, label: str, responses: int, seed: int) -> float:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        surveys.sync_built_in()
        done = 0
        step = max(responses // 10, 1)

        def progress(n: int) -> None:
            nonlocal done
            before, done = done, done + n
            if done // step != before // step or done == responses:
                elapsed = time.perf_counter() - started
                print(f"  {label}: {done:>10,} responses  {elapsed:6.1f} s", file=sys.stderr)

        started = time.perf_counter()
        result = demo.seed_responses(responses, seed=seed, progress=progress)
        seconds = time.perf_counter() - started
        counts = {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Response, Answer, TextAnswer)
        }
        db.session.remove()
        db.engine.dispose()
    verdict = "ok" if responses < 1_000_000 or seconds < TARGET_SECONDS else "TOO SLOW"
    print(
        f"{label:<10} {result.responses:>10,} responses in {seconds:7.1f} s = "
        f"{result.responses / seconds:>9,.0f} responses/s  "
        f"({counts['answers']:,} answers, {counts['text_answers']:,} text answers)  {verdict}"
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()

    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="lp-seed-bench-") as directory:
            run(f"sqlite:///{directory}/bench.db", "SQLite", args.responses, args.seed)

    server = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if args.no_postgres:
        pass
    elif server.startswith("postgresql"):
        with temporary_postgres_database(server, "lp_seed_bench") as url:
            run(url, "PostgreSQL", args.responses, args.seed)
    else:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL, or run under scripts/with-postgres)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
