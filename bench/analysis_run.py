"""Time `flask analysis run` over the free-text answers of N seeded responses.

    .venv/bin/python bench/analysis_run.py [--responses 1000000] [--database-url URL]

Seeds a fresh database (a temporary SQLite file unless --database-url or DATABASE_URL names
one), then times the command as an operator would run it. Target: under 5 minutes for the
answers of 1,000,000 responses.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]


def flask(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "LISTENING_POST_ENV": "development",
            "SECRET_KEY": "bench-only",
        }
        flask(env, "db", "upgrade")
        flask(env, "surveys", "sync")
        started = time.perf_counter()
        seeded = flask(env, "demo", "seed", "--responses", str(options.responses), "--seed", "1")
        seed_seconds = time.perf_counter() - started
        texts = re.search(r"([\d,]+) free-text answers", seeded)
        started = time.perf_counter()
        flask(env, "analysis", "run")
        run_seconds = time.perf_counter() - started

    count = int(texts.group(1).replace(",", "")) if texts else 0
    dialect = url.split(":", 1)[0]
    print(
        f"analysis run on {dialect}: {options.responses:,} responses, {count:,} free-text answers"
    )
    print(f"  seeding:      {seed_seconds:8.1f} s")
    print(
        f"  analysis run: {run_seconds:8.1f} s  ({count / run_seconds:,.0f} answers/s; "
        f"target under 300 s for 1,000,000 responses)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
