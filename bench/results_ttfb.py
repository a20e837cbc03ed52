"""Time to first byte of the results pages and API for each grouping, and where the time goes.

    .venv/bin/python bench/results_ttfb.py [--responses 1000000] [--repeats 20] [--surveys SLUGS]
    scripts/with-postgres .venv/bin/python bench/results_ttfb.py      # the same on PostgreSQL

The database is --database-url, else DATABASE_URL (set by scripts/with-postgres), else a SQLite
file kept in /tmp (lp-bench-N.db) so that a second run neither seeds nor scores again. It is
migrated, the surveys are loaded, demo responses are added until there are --responses, and
`analysis run` scores the free text. The app is served by werkzeug on 127.0.0.1 in this
process, and an analyst signs in (with two-factor sign-in, as in production).

For each page: the results cache is emptied and the page is fetched once ("first": what the
first analyst after a new response waits, as every count is made from the rows), then
--repeats more times. The API is timed right after the page of the same grouping, whose stored
counts it shares (p50 and p95 of those, served from the counts stored for the survey's
current data). Then one response is added to the survey and the page fetched once more
("after a new response"): with RESULTS_MAX_AGE_SECONDS (--max-age, default the production 600)
the stored counts are still served, and the page says when they were counted; with --max-age 0
this request counts from the rows again. Time to first byte is until the response headers
arrive. The page's Server-Timing header splits each request into SQL (queries, or reading the
stored counts, and adding up cells), statistics and rendering (charts and template); the split
shown is the median of the repeats. Target: 95th percentile under 500 ms.
"""

from __future__ import annotations

import argparse
import logging
import re
import secrets
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from app import create_app
from app.config import Config, TestConfig
from app.services.results_labels import dimensions_for
from bench.results_setup import (
    database_url,
    forget_stored_counts,
    label,
    percentile,
    prepare,
    sign_in,
)

TARGET_MS = 500
SLUGS = "stop-search,listening-session,say-to-stay"


def serve(url: str, max_age: int) -> tuple[str, object]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, RESULTS_MAX_AGE_SECONDS=max_age)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def timing(header: str) -> dict[str, float]:
    return {
        name: float(duration) for name, duration in re.findall(r"(\w+);dur=([\d.]+)", header or "")
    }


def fetch(session, url: str, headers: dict[str, str]) -> tuple[float, dict[str, float]]:
    response = session.get(url, stream=True, headers=headers)
    elapsed = response.elapsed.total_seconds() * 1000
    response.raise_for_status()
    parts = timing(response.headers.get("Server-Timing", ""))
    response.content  # noqa: B018 - read the body before the next request
    return elapsed, parts


def measure(
    session, url: str, repeats: int, headers: dict[str, str], database: str | None
) -> dict[str, float]:
    """``database``: empty its results cache before the first request; None: do not."""
    if database is not None:
        forget_stored_counts(database)
    first, _ = fetch(session, url, headers)
    ttfb, parts = [], []
    for _ in range(repeats):
        elapsed, split = fetch(session, url, headers)
        ttfb.append(elapsed)
        parts.append(split)
    split = {
        name: statistics.median(p.get(name, 0.0) for p in parts)
        for name in ("sql", "stats", "render")
    }
    return {"first": first, "p50": statistics.median(ttfb), "p95": percentile(ttfb, 0.95), **split}


COPY_NEWEST = text(
    """
    INSERT INTO responses (
        survey_id, survey_version_id, area_id, event_id, submitted_on, submitted_month,
        language, ethnic_group, ethnicity, age_band, sex, gender_identity,
        sexual_orientation, religion, disability, withdrawal_hash
    )
    SELECT
        survey_id, survey_version_id, area_id, event_id, submitted_on, submitted_month,
        language, ethnic_group, ethnicity, age_band, sex, gender_identity,
        sexual_orientation, religion, disability, :hash
    FROM responses WHERE survey_id = (SELECT id FROM surveys WHERE slug = :slug)
    ORDER BY id DESC LIMIT 1
    """
)


def after_new_response(session, url: str, database: str, slug: str) -> float:
    """Add one response to the survey (a copy of its newest, without answers: a new response
    raises the data version all the same), then time the page once."""
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(COPY_NEWEST, {"hash": secrets.token_hex(32), "slug": slug})
    engine.dispose()
    elapsed, _ = fetch(session, url, {})
    return elapsed


def row(page: str, grouping: str, found: dict[str, float], has_split: bool) -> str:
    verdict = "ok" if found["p95"] < TARGET_MS else f"{found['p95'] / TARGET_MS:.1f}x over"
    split = (
        f"{found['sql']:,.0f} | {found['stats']:,.0f} | {found['render']:,.0f}"
        if has_split
        else "– | – | –"
    )
    first = f"{found['first']:,.0f}" if has_split else "–"
    after = f"{found['after']:,.0f}" if "after" in found else "–"
    return (
        f"| {page} | {grouping} | {first} | {after} | {found['p50']:,.0f} | "
        f"{found['p95']:,.0f} | {split} | {verdict} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--surveys", default=SLUGS, help="comma-separated slugs")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--filter", default="", help='extra query, e.g. "area=north"')
    parser.add_argument("--groupings", default="", help="comma-separated (default: all)")
    parser.add_argument("--no-api", action="store_true", help="pages only")
    parser.add_argument(
        "--max-age",
        type=int,
        default=Config.RESULTS_MAX_AGE_SECONDS,
        help="RESULTS_MAX_AGE_SECONDS for the app (default: the production default)",
    )
    args = parser.parse_args()
    url = database_url(args.database_url, args.responses)
    prepared = prepare(url, args.responses, args.seed)
    base, server = serve(url, args.max_age)
    session = sign_in(base, prepared)
    api = {"Authorization": f"Bearer {prepared.api_token}"}
    print(
        f"\n{label(url)}, {args.responses:,} responses; first request with no stored counts, "
        f"then {args.repeats} requests{', filter ' + args.filter if args.filter else ''}; "
        f"RESULTS_MAX_AGE_SECONDS={args.max_age}\n"
    )
    print(
        "| page | grouping | first ms | after a new response ms | p50 ms | p95 ms | SQL ms "
        "| statistics ms | rendering ms | |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    worst = 0.0
    found = measure(session, f"{base}/results/", args.repeats, {}, url)
    worst = max(worst, found["p95"])
    print(row("/results", "–", found, has_split=False), flush=True)
    extra = f"&{args.filter}" if args.filter else ""
    for slug in args.surveys.split(","):
        wanted = args.groupings.split(",") if args.groupings else dimensions_for(slug)
        for dimension in [d for d in dimensions_for(slug) if d in wanted]:
            page = f"{base}/results/{slug}?by={dimension}{extra}"
            found = measure(session, page, args.repeats, {}, url)
            found["after"] = after_new_response(session, page, url, slug)
            worst = max(worst, found["p95"])
            print(row(f"/results/{slug}", dimension, found, has_split=True), flush=True)
            if args.no_api:
                continue
            found = measure(
                session,
                f"{base}/api/v1/surveys/{slug}/results?by={dimension}{extra}",
                args.repeats,
                api,
                None,  # right after the page, which stored the same counts
            )
            worst = max(worst, found["p95"])
            print(row(f"API {slug}", dimension, found, has_split=False), flush=True)
    server.shutdown()
    print(f"\nWorst p95: {worst:,.0f} ms (target {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
