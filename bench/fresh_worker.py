"""The first results page a freshly started gunicorn worker serves, against the same page again.

    .venv/bin/python bench/fresh_worker.py [--responses 1000000] [--rounds 5] [--groupings ...]
    scripts/with-postgres .venv/bin/python bench/fresh_worker.py     # the same on PostgreSQL

Uses the database of bench/results_ttfb.py (seeded and scored the same way, kept between runs;
--database-url for another). Starts gunicorn as `make run` and docs/deploy.md do (``--preload``,
four threads), with one worker so that every request goes to the worker being measured, and
signs in as an analyst. Each grouping's page is requested once first, so that its counts are
stored and every page below is served from them: what is left is the worker's own work.

Then, each round, for each grouping: the charts stored for the survey are deleted (as a recount
would leave none for its new figures), the worker is stopped (SIGTERM) and gunicorn starts a new
one, forked from the master; once it answers /healthz (as a load balancer's check would reach
it), the page is requested ("first", what the first analyst to reach a new worker waits when no
worker has drawn its charts), then again ("again": a worker keeps the charts it drew in its own
memory). Then that worker is replaced too, and the page requested from its successor ("second
worker": what an analyst waits on reaching another worker after the first drew the charts; the
same as "first" while each worker kept its charts only in its own memory). Printed: the median
over the rounds of the time to first byte and of the page's own Server-Timing split (SQL,
statistics, rendering: the charts and the template).

A worker is started afresh whenever gunicorn restarts one: at every deploy, each time one is
killed for running out of time or memory, and with --max-requests, after that many requests.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench.results_setup import database_url, label, prepare, sign_in  # noqa: E402
from bench.worker_memory import free_port, wait_for, workers  # noqa: E402

SURVEY = "stop-search"
GROUPINGS = "ethnicity,ethnic_group,month"


def timing(header: str) -> dict[str, float]:
    return {name: float(dur) for name, dur in re.findall(r"(\w+);dur=([\d.]+)", header or "")}


def fetch(session: requests.Session, url: str) -> dict[str, float]:
    response = session.get(url, stream=True)
    response.raise_for_status()
    found = {"ttfb": response.elapsed.total_seconds() * 1000}
    found.update(timing(response.headers.get("Server-Timing", "")))
    response.content  # noqa: B018 - read the body before the next request
    return found


def new_worker(master: int, base: str, server: subprocess.Popen) -> int:
    """Stop the worker; return the one gunicorn starts in its place, once it answers."""
    (old,) = workers(master)
    os.kill(old, signal.SIGTERM)
    for _ in range(600):
        now = workers(master)
        if now and now != [old]:
            break
        time.sleep(0.05)
    else:
        raise SystemExit("gunicorn started no new worker")
    wait_for(base, server)
    return now[0]


def forget_charts(url: str) -> None:
    """Delete the charts stored beside the counts (none before charts were stored)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM results_cache WHERE key LIKE 'chart:%'"))
    engine.dispose()


def median(runs: list[dict[str, float]], name: str) -> float:
    return statistics.median(run.get(name, 0.0) for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--survey", default=SURVEY)
    parser.add_argument("--groupings", default=GROUPINGS, help="comma-separated")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    url = database_url(args.database_url, args.responses)
    prepared = prepare(url, args.responses, args.seed)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "LISTENING_POST_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": url,
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1, no proxy in front
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(args.threads)),
        *("--timeout", "600", "--no-control-socket", "--log-level", "warning"),
        *("--preload", "wsgi:app"),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    groupings = args.groupings.split(",")
    pages = {by: f"{base}/results/{args.survey}?by={by}" for by in groupings}
    first: dict[str, list[dict[str, float]]] = {by: [] for by in groupings}
    again: dict[str, list[dict[str, float]]] = {by: [] for by in groupings}
    second: dict[str, list[dict[str, float]]] = {by: [] for by in groupings}
    try:
        wait_for(base, server)
        session = sign_in(base, prepared)
        for page in pages.values():  # count and store each grouping's figures
            fetch(session, page)
        for _ in range(args.rounds):
            for by, page in pages.items():
                forget_charts(url)
                new_worker(server.pid, base, server)
                first[by].append(fetch(session, page))
                again[by].append(fetch(session, page))
                new_worker(server.pid, base, server)
                second[by].append(fetch(session, page))
    finally:
        server.terminate()
        server.wait(timeout=60)

    load = os.getloadavg()[0]
    print(
        f"\n{label(url)}, {args.responses:,} responses, gunicorn --preload, 1 worker x "
        f"{args.threads} threads; median of {args.rounds} new workers; load average "
        f"{load:.1f} at the end (in ms)\n"
    )
    print("| page | grouping | request | TTFB | SQL | statistics | rendering |")
    print("|---|---|---|---:|---:|---:|---:|")
    for by in groupings:
        for name, runs in (
            ("first", first[by]),
            ("again", again[by]),
            ("second worker", second[by]),
        ):
            print(
                f"| /results/{args.survey} | {by} | {name} | {median(runs, 'ttfb'):,.0f} | "
                f"{median(runs, 'sql'):,.0f} | {median(runs, 'stats'):,.0f} | "
                f"{median(runs, 'render'):,.0f} |"
            )


if __name__ == "__main__":
    main()
