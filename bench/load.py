"""Load test: many respondents complete the stop-search journey at once, against gunicorn.

    .venv/bin/python bench/load.py [--respondents 500] [--ceiling-inserts 1500] [--rounds 2]
    scripts/with-postgres .venv/bin/python bench/load.py      # the same on PostgreSQL

A fresh database (a temporary SQLite file, or a new database on the server DATABASE_URL points
at) is migrated, the surveys are loaded and --respondents x --rounds single-use stop-search
links are made. Two gunicorn servers start on 127.0.0.1 with the settings of `make run`
(--workers 2 --threads 4): the app itself, in its production configuration, and
bench/ceiling_app.py, a bare Flask + SQLAlchemy endpoint that inserts one row.

Before the first round, both servers are warmed up: 100 ceiling inserts and 20 whole journeys,
not counted, so that no round pays for the workers' first requests. Each round then measures,
with --concurrency simulated clients:

1. the ceiling: --ceiling-inserts POSTs that each insert one row (more than the submissions,
   as each takes less time: a batch of under a second measures mostly its start and end);
2. the journeys: every respondent opens their link, reads the start page, and answers each
   question page (GET, then POST with the page's CSRF token, following the redirect), up to the
   check-your-answers page;
3. the submissions: every respondent presses "Send answers" (the timed submit request), then
   loads the confirmation page and reads their withdrawal code.

Afterwards it checks that responses stored = confirmations seen, that no link was answered
twice, that no journey is left half-done, and that no request got a 5xx (exit status 1 if any
of these fails). It prints submissions per second and the 50th/95th/99th percentile latency of
the submit request beside the ceiling's; the target is at least half the ceiling's rate.

With --kill-worker, one more round is run in which one of the app's workers is killed with
SIGKILL a third of the way through the submissions; a respondent whose request was cut off
sends it again, as a person would. The same checks then show that no response was half-stored.
That round is shown but not counted in the best figures.

Rate limits are switched off for the app under test: every simulated respondent comes from
127.0.0.1, where in production each has their own address.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_client import (  # noqa: E402
    Http,
    Measured,
    Respondent,
    confirm,
    fill_in,
    insert_one,
    run_all,
    submit,
    timed,
)
from bench.load_servers import (  # noqa: E402
    fresh_database,
    gunicorn,
    postgres_server_pid,
    prepare,
    stored,
)

TARGET_SHARE = 0.5
# Simulated respondents answer at machine speed, so the bot checks' minimum fill time is 0 here;
# every form's signed stamp is still sent, and checked by the app, as in production.
APP_FACTORY = (
    "app:create_app('production', RATELIMIT_ENABLED=False, SESSION_COOKIE_SECURE=False,"
    " BOT_MIN_SECONDS=0)"
)
CEILING_FACTORY = "bench.ceiling_app:create_app()"


# -- the run -----------------------------------------------------------------------------------


def kill_a_worker(master: int) -> int:
    """SIGKILL one of gunicorn's workers (the master starts another); returns its id."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    worker = int(children[0])
    os.kill(worker, signal.SIGKILL)
    return worker


class KillMidway:
    """Kills a worker once a third of the submissions have been sent."""

    def __init__(self, master: int, total: int) -> None:
        self.master, self.at = master, max(1, total // 3)
        self.sent, self.killed = 0, None
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.sent += 1
            if self.sent == self.at and self.killed is None:
                self.killed = kill_a_worker(self.master)


@dataclass
class Round:
    ceiling: Measured
    submit: Measured
    journeys_seconds: float
    journeys_done: int
    confirmed: int
    killed: int | None = None
    confirmation_lost: int = 0


WARM_UP_INSERTS, WARM_UP_JOURNEYS = 100, 20


def warm_up(
    app_http: Http, ceiling_http: Http, tokens: list[str], args: argparse.Namespace
) -> tuple[int, int]:
    """Both servers' first requests, not measured; returns the inserts acknowledged and the
    confirmations seen, for the checks."""
    inserts = list(range(WARM_UP_INSERTS))
    inserted = run_all(args.concurrency, inserts, lambda i: insert_one(ceiling_http, i))[1]
    respondents = [Respondent(token, random.Random(f"warm-{token}")) for token in tokens]
    run_all(args.concurrency, respondents, lambda r: fill_in(app_http, r))
    run_all(args.concurrency, respondents, lambda r: submit(app_http, r))
    confirmed = run_all(args.concurrency, respondents, lambda r: confirm(app_http, r))[1]
    return sum(1 for i in inserted if i is not None), sum(1 for ok in confirmed if ok)


def one_round(
    app_http: Http,
    ceiling_http: Http,
    tokens: list[str],
    args: argparse.Namespace,
    masters: tuple[int, int, int | None],
    kill_in: int | None = None,
) -> Round:
    """``masters``: the process ids of the app's and the ceiling's gunicorn masters, and of the
    PostgreSQL server (None on SQLite)."""
    app_master, ceiling_master, database = masters
    concurrency, seed = args.concurrency, args.seed
    ceiling = timed(
        concurrency,
        list(range(args.ceiling_inserts)),
        lambda i: insert_one(ceiling_http, i),
        ceiling_master,
        database,
    )

    respondents = [Respondent(token, random.Random(f"{seed}-{token}")) for token in tokens]
    seconds, reached = run_all(concurrency, respondents, lambda r: fill_in(app_http, r))
    ready = [r for r, ok in zip(respondents, reached, strict=True) if ok]

    killer = KillMidway(kill_in, len(ready)) if kill_in else (lambda: None)

    def send(respondent: Respondent) -> float | None:
        killer()
        return submit(app_http, respondent)

    submit_measured = timed(concurrency, ready, send, app_master, database)
    sent = [r for r in ready if not r.confirmation_lost]
    confirmations = run_all(concurrency, sent, lambda r: confirm(app_http, r))[1]
    return Round(
        ceiling=ceiling,
        submit=submit_measured,
        journeys_seconds=seconds,
        journeys_done=len(ready),
        confirmed=sum(1 for ok in confirmations if ok),
        confirmation_lost=sum(1 for r in ready if r.confirmation_lost),
        killed=getattr(killer, "killed", None),
    )


def report(label: str, rounds: list[Round], args: argparse.Namespace) -> tuple[float, float]:
    print(
        f"\n{label}: {args.respondents} respondents a round, {args.rounds} rounds, "
        f"{args.concurrency} clients at once; gunicorn --workers {args.workers} "
        f"--threads {args.threads}\n"
    )
    print(
        "| round | endpoint | requests | per second | p50 ms | p95 ms | p99 ms "
        "| server CPU ms | database CPU ms | client CPU ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for number, result in enumerate(rounds, start=1):
        label = f"{number}, worker {result.killed} killed" if result.killed else str(number)
        for name, measured in (
            ("bare insert (ceiling)", result.ceiling),
            ("stop-search submit", result.submit),
        ):
            # A killed worker takes its CPU seconds with it: that round's figure would be wrong.
            killed = result.killed and measured is result.submit
            server_cpu = "–" if killed else f"{measured.cpu_ms(measured.server_cpu):.1f}"
            # Its database connections end with it too, taking their backends' CPU seconds.
            database_cpu = (
                f"{measured.cpu_ms(measured.database_cpu):.1f}"
                if measured.database_cpu and not killed
                else "–"
            )
            print(
                f"| {label} | {name} | {len(measured.latencies):,} | "
                f"{measured.per_second:,.1f} | {measured.percentile(0.50):,.0f} | "
                f"{measured.percentile(0.95):,.0f} | {measured.percentile(0.99):,.0f} | "
                f"{server_cpu} | {database_cpu} | "
                f"{measured.cpu_ms(measured.client_cpu):.1f} |"
            )
        pages_per_journey = 2 * 9 + 1  # about: a GET and a POST per page, and the start page
        print(
            f"| {label} | whole journeys (~{pages_per_journey} requests each) | "
            f"{result.journeys_done:,} | {result.journeys_done / result.journeys_seconds:,.1f} "
            "| | | | | | |"
        )
    measured = [r for r in rounds if not r.killed]
    best_ceiling = max(r.ceiling.per_second for r in measured)
    best_submit = max(r.submit.per_second for r in measured)
    return best_submit, best_ceiling


def run(database_url: str | None, args: argparse.Namespace) -> bool:
    label = "PostgreSQL" if database_url and database_url.startswith("postgresql") else "SQLite"
    with fresh_database(database_url) as url:
        print(f"Preparing {label}: migrations, surveys, links", file=sys.stderr)
        total_rounds = args.rounds + (1 if args.kill_worker else 0)
        tokens = prepare(url, args.respondents * total_rounds + WARM_UP_JOURNEYS)
        warm_up_tokens, tokens = tokens[:WARM_UP_JOURNEYS], tokens[WARM_UP_JOURNEYS:]
        database = postgres_server_pid(url)
        env = {
            "DATABASE_URL": url,
            "LISTENING_POST_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
        }
        with (
            gunicorn(APP_FACTORY, env, args.workers, args.threads) as (app_base, app_master),
            gunicorn(CEILING_FACTORY, env, args.workers, args.threads) as (
                ceiling_base,
                ceiling_master,
            ),
        ):
            app_http, ceiling_http = Http(app_base), Http(ceiling_base)
            warm_inserts, warm_confirmed = warm_up(app_http, ceiling_http, warm_up_tokens, args)
            rounds = []
            for number in range(total_rounds):
                batch = tokens[number * args.respondents : (number + 1) * args.respondents]
                kill_in = app_master if number == args.rounds else None
                print(f"Round {number + 1} of {total_rounds}", file=sys.stderr)
                rounds.append(
                    one_round(
                        app_http,
                        ceiling_http,
                        batch,
                        args,
                        (app_master, ceiling_master, database),
                        kill_in,
                    )
                )
        found = stored(url)

    best_submit, best_ceiling = report(label, rounds, args)
    share = best_submit / best_ceiling if best_ceiling else 0.0
    verdict = "ok" if share >= TARGET_SHARE else "under target"
    print(
        f"\nBest submissions per second {best_submit:,.1f} against the ceiling's "
        f"{best_ceiling:,.1f}: {share:.2f} of it (target {TARGET_SHARE:.2f}) — {verdict}"
    )

    confirmed = warm_confirmed + sum(r.confirmed for r in rounds)
    lost = sum(r.confirmation_lost for r in rounds)
    inserted = warm_inserts + sum(len(r.ceiling.latencies) for r in rounds)
    server_errors = sum(
        n for status, n in (app_http.statuses + ceiling_http.statuses).items() if status >= 500
    )
    checks = [
        (
            "every respondent confirmed (or their confirmation lost with a killed worker)",
            confirmed + lost == len(tokens) + len(warm_up_tokens),
            f"{confirmed:,} + {lost}",
        ),
        (
            "responses stored = confirmed + lost confirmations",
            found.responses == confirmed + lost,
            f"{found.responses:,}",
        ),
        ("confirmations lost only where a connection dropped", lost <= app_http.resent, ""),
        ("links used = responses", found.used_links == found.responses, f"{found.used_links:,}"),
        ("no link answered twice", found.links_answered_twice == 0, ""),
        ("no duplicate withdrawal codes", found.distinct_withdrawal_codes == found.responses, ""),
        (
            "every response has its answers",
            found.responses_without_answers == 0,
            f"{found.answers:,} answers",
        ),
        ("no journey left half-done", found.journeys_left == 0, f"{found.journeys_left}"),
        ("ceiling rows = inserts acknowledged", found.ceiling_rows == inserted, ""),
        ("no 5xx", server_errors == 0, f"{server_errors}"),
    ]
    print("\n| check | | |\n|---|---|---|")
    for name, ok, detail in checks:
        print(f"| {name} | {'ok' if ok else 'FAILED'} | {detail} |")
    if app_http.resent:
        print(f"\nRequests sent again after a dropped connection: {app_http.resent}")
    if app_http.failures or ceiling_http.failures:
        print(f"\nUnexpected answers: {dict(app_http.failures + ceiling_http.failures)}")
    return all(ok for _name, ok, _detail in checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=500, help="per round")
    parser.add_argument("--ceiling-inserts", type=int, default=1500, help="per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--kill-worker",
        action="store_true",
        help="one more round, in which a worker is killed (SIGKILL) mid-submissions; "
        "not counted in the best figures",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="a PostgreSQL server to make a fresh database on (default: DATABASE_URL, else SQLite)",
    )
    args = parser.parse_args()
    ok = run(args.database_url, args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
