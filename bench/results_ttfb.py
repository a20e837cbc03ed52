"""Time to first byte of /results/<slug> for each grouping, and where the time goes.

    .venv/bin/python bench/results_ttfb.py [--responses 1000000] [--repeats 7] [--surveys SLUGS]
    scripts/with-postgres .venv/bin/python bench/results_ttfb.py      # the same on PostgreSQL

The database is --database-url, else DATABASE_URL (set by scripts/with-postgres), else a SQLite
file kept in instance/ so that a second run does not seed again. It is migrated, the surveys
are loaded, and demo responses are added until there are --responses of them; then
`analysis run` scores the free text. The app is served by werkzeug on 127.0.0.1 in this
process, an analyst signs in, and each page is fetched once to warm up and then --repeats
times; time to first byte is until the response headers arrive. The page's Server-Timing
header splits each request into SQL, statistics and rendering (charts and template).
Target: 95th percentile under 500 ms.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.services import demo, scoring, surveys, users  # noqa: E402
from app.services.results_labels import dimensions_for  # noqa: E402
from models import Response, Role, User, db  # noqa: E402

TARGET_MS = 500
EMAIL = "bench-analyst@example.org"
PASSWORD = "bench analyst password 1"  # noqa: S105 - a throwaway account in a bench database


def prepare(url: str, responses: int, seed: int) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        surveys.sync_built_in()
        have = db.session.scalar(select(func.count()).select_from(Response)) or 0
        if have < responses:
            print(f"Seeding {responses - have:,} responses (have {have:,})", file=sys.stderr)
            started = time.perf_counter()
            demo.seed_responses(responses - have, seed=seed)
            print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        started = time.perf_counter()
        scored = sum(result.scored for result in scoring.run(batch_size=20_000))
        if scored:
            print(
                f"  scored {scored:,} answers in {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
        if db.session.scalar(select(User).where(User.email == EMAIL)) is None:
            users.create_user(EMAIL, Role.ANALYST, PASSWORD)
        db.session.remove()
        db.engine.dispose()


def serve(url: str) -> tuple[str, object]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    signed = session.post(
        f"{base}/sign-in",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert signed.status_code == 302, signed.status_code
    return session


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    place = (len(ordered) - 1) * share
    low, high = int(place), min(int(place) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (place - low)


def timing(header: str) -> dict[str, float]:
    return {
        name: float(duration) for name, duration in re.findall(r"(\w+);dur=([\d.]+)", header or "")
    }


def measure(session: requests.Session, url: str, repeats: int) -> dict[str, float]:
    session.get(url).raise_for_status()  # warm-up: caches, connection pool
    ttfb, parts = [], []
    for _ in range(repeats):
        response = session.get(url, stream=True)
        ttfb.append(response.elapsed.total_seconds() * 1000)
        response.raise_for_status()
        parts.append(timing(response.headers.get("Server-Timing", "")))
        response.content  # noqa: B018 - read the body before the next request
    split = {name: statistics.median(p[name] for p in parts) for name in ("sql", "stats", "render")}
    return {"p50": statistics.median(ttfb), "p95": percentile(ttfb, 0.95), **split}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--surveys", default="stop-search", help="comma-separated slugs")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--filter", default="", help='extra query, e.g. "area=north"')
    parser.add_argument("--groupings", default="", help="comma-separated (default: all)")
    args = parser.parse_args()
    url = (
        args.database_url
        or os.environ.get("DATABASE_URL")
        or (f"sqlite:///{ROOT / 'instance' / f'bench-results-{args.responses}.db'}")
    )
    label = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    prepare(url, args.responses, args.seed)
    base, server = serve(url)
    session = sign_in(base)
    print(
        f"\n{label}, {args.responses:,} responses, {args.repeats} requests each after a "
        f"warm-up{', filter ' + args.filter if args.filter else ''}\n"
    )
    print("| survey | grouping | p50 ms | p95 ms | SQL ms | statistics ms | rendering ms | |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    worst = 0.0
    for slug in args.surveys.split(","):
        wanted = args.groupings.split(",") if args.groupings else dimensions_for(slug)
        for dimension in [d for d in dimensions_for(slug) if d in wanted]:
            query = f"by={dimension}" + (f"&{args.filter}" if args.filter else "")
            found = measure(session, f"{base}/results/{slug}?{query}", args.repeats)
            worst = max(worst, found["p95"])
            verdict = "ok" if found["p95"] < TARGET_MS else f"{found['p95'] / TARGET_MS:.1f}x over"
            print(
                f"| {slug} | {dimension} | {found['p50']:,.0f} | {found['p95']:,.0f} | "
                f"{found['sql']:,.0f} | {found['stats']:,.0f} | {found['render']:,.0f} | "
                f"{verdict} |",
                flush=True,
            )
    server.shutdown()
    print(f"\nWorst p95: {worst:,.0f} ms (target {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
