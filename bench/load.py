"""Load test: many respondents complete the stop-search journey at once, against gunicorn.

    .venv/bin/python bench/load.py [--respondents 300] [--concurrency 16] [--rounds 2]
    scripts/with-postgres .venv/bin/python bench/load.py      # the same on PostgreSQL

A fresh database (a temporary SQLite file, or a new database on the server DATABASE_URL points
at) is migrated, the surveys are loaded and --respondents x --rounds single-use stop-search
links are made. Two gunicorn servers start on 127.0.0.1 with the settings of `make run`
(--workers 2 --threads 4): the app itself, in its production configuration, and
bench/ceiling_app.py, a bare Flask + SQLAlchemy endpoint that inserts one row.

Each round then measures, with --concurrency simulated clients:

1. the ceiling: --respondents POSTs that each insert one row;
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
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.services import surveys  # noqa: E402
from app.services.links import create_links  # noqa: E402
from models import Answer, Journey, Link, Response, db  # noqa: E402

TARGET_SHARE = 0.5
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Simulated respondents answer at machine speed, so the bot checks' minimum fill time is 0 here;
# every form's signed stamp is still sent, and checked by the app, as in production.
APP_FACTORY = (
    "app:create_app('production', RATELIMIT_ENABLED=False, SESSION_COOKIE_SECURE=False,"
    " BOT_MIN_SECONDS=0)"
)
CEILING_FACTORY = "bench.ceiling_app:create_app()"
THANK_YOU = "Thank you, your answers have been sent"
TEXT_ANSWERS = [
    "He explained why and was polite throughout.",
    "They did not tell me why I was stopped. I felt humiliated in front of my friends.",
    "Fine.",
    "The officer was rude and the search took far too long.",
    "",
]

INPUT = re.compile(r"<input\b([^>]*)>")
TEXTAREA = re.compile(r"<textarea\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
START_BUTTON = re.compile(
    r'<a [^>]*href="([^"]+)"[^>]*govuk-button--start|'
    r'<a [^>]*govuk-button--start[^>]*href="([^"]+)"'
)


# -- a small HTTP client: one keep-alive connection per thread, a cookie jar per respondent ----


class Http:
    """Counts every status it sees; each thread keeps its own connection to the server."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.local = threading.local()
        self.statuses: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()
        self.resent = 0  # requests sent again after the server dropped the connection
        self.lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            self.local.connection = connection
        return connection

    def request(
        self, method: str, path: str, body: str | None = None, cookie: str | None = None
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Accept": "text/html"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookie:
            headers["Cookie"] = cookie
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read().decode()
                break
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection; a fresh one is a new request.
                # Or its worker died: then this is the person pressing the button again.
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
                with self.lock:
                    self.resent += 1
        with self.lock:
            self.statuses[response.status] += 1
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def failed(self, reason: str) -> None:
        with self.lock:
            self.failures[reason] += 1


def form_body(fields: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


@dataclass
class Respondent:
    token: str
    rng: random.Random
    cookie: str | None = None
    csrf: str = ""
    form_started: str = ""
    withdrawal_code: str | None = None
    pages: int = 0
    # Sent again after a dropped connection, and told the link was used: stored by the first
    # request, whose worker died before the confirmation reached the respondent.
    confirmation_lost: bool = False

    def remember(self, headers: dict[str, str]) -> None:
        set_cookie = headers.get("set-cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]

    def answers_for(self, html: str) -> list[tuple[str, str]]:
        """Pick an answer to every radio group and box on a page, as a person might."""
        options: dict[str, list[str]] = {}
        fields: list[tuple[str, str]] = []
        for match in INPUT.finditer(html):
            attributes = dict(ATTRIBUTE.findall(match.group(1)))
            name, kind = attributes.get("name"), attributes.get("type")
            if name == "csrf_token":
                self.csrf = attributes.get("value", "")
                fields.append((name, self.csrf))
            elif kind == "hidden" and name:
                fields.append((name, attributes.get("value", "")))
            elif kind in ("radio", "checkbox") and name:
                options.setdefault(name, []).append(attributes.get("value", ""))
            # Any other input (a text field, a trap for bots) is left as it is: empty.
        for name, values in options.items():
            fields.append((name, self.rng.choice(values)))
        for match in TEXTAREA.finditer(html):
            name = dict(ATTRIBUTE.findall(match.group(1))).get("name")
            if name:
                fields.append((name, self.rng.choice(TEXT_ANSWERS)))
        return fields


def _path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fill_in(http_client: Http, respondent: Respondent) -> bool:
    """Open the link and answer every page; True when the check-your-answers page is reached."""
    status, headers, html = http_client.request("GET", f"/r/{respondent.token}")
    respondent.remember(headers)
    if status != 200:
        http_client.failed(f"start page {status}")
        return False
    found = START_BUTTON.search(html)
    if not found:
        http_client.failed("no start button")
        return False
    path = _path(found.group(1) or found.group(2))
    for _ in range(30):
        status, headers, html = http_client.request("GET", path, cookie=respondent.cookie)
        respondent.remember(headers)
        if status != 200:
            http_client.failed(f"GET page {status}")
            return False
        if path.endswith("/check"):
            match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
            respondent.csrf = match.group(1) if match else ""
            match = re.search(r'name="form-started" type="hidden" value="([^"]+)"', html)
            respondent.form_started = match.group(1) if match else ""
            return True
        body = form_body(respondent.answers_for(html))
        status, headers, _html = http_client.request(
            "POST", path, body=body, cookie=respondent.cookie
        )
        respondent.remember(headers)
        respondent.pages += 1
        if status != 302:
            http_client.failed(f"POST page {status}")
            return False
        path = _path(headers["location"])
    http_client.failed("too many pages")
    return False


def submit(http_client: Http, respondent: Respondent) -> float | None:
    """Press "Send answers"; returns the submit request's latency in seconds when it worked."""
    body = form_body([("csrf_token", respondent.csrf), ("form-started", respondent.form_started)])
    started = time.perf_counter()
    status, headers, html = http_client.request(
        "POST", f"/r/{respondent.token}/check", body=body, cookie=respondent.cookie
    )
    elapsed = time.perf_counter() - started
    respondent.remember(headers)
    if status == 410 and "already been used" in html:
        respondent.confirmation_lost = True
        return None
    if status != 302 or not headers.get("location", "").endswith("/done"):
        http_client.failed(f"submit {status}")
        return None
    return elapsed


def confirm(http_client: Http, respondent: Respondent) -> bool:
    status, _headers, html = http_client.request(
        "GET", f"/r/{respondent.token}/done", cookie=respondent.cookie
    )
    match = re.search(r'id="withdrawal-code"[^>]*>\s*([A-Z0-9-]+)', html)
    if status != 200 or THANK_YOU not in html or not match:
        http_client.failed(f"confirmation {status}")
        return False
    respondent.withdrawal_code = match.group(1)
    return True


def insert_one(http_client: Http, index: int) -> float | None:
    started = time.perf_counter()
    status, _headers, _body = http_client.request("POST", "/insert", body=f"value=row-{index}")
    elapsed = time.perf_counter() - started
    if status != 201:
        http_client.failed(f"insert {status}")
        return None
    return elapsed


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Measured:
    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    server_cpu: float = 0.0  # seconds of CPU used by the server's master and workers
    client_cpu: float = 0.0  # seconds of CPU used by this process (the simulated clients)

    def cpu_ms(self, seconds: float) -> float:
        return seconds / len(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[round(share * 100) - 1] * 1000


def run_all(
    concurrency: int, items: list, work: Callable[[object], object]
) -> tuple[float, list[object]]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(work, items))
    return time.perf_counter() - started, results


def timed(
    concurrency: int, items: list, work: Callable[[object], float | None], server: int
) -> Measured:
    """Run ``work`` over ``items``, with the CPU time the server (by its master's process id)
    and the clients used meanwhile: where the time of a request goes, beside its wall time."""
    server_before, client_before = process_tree_cpu(server), time.process_time()
    seconds, results = run_all(concurrency, items, work)
    return Measured(
        len(items),
        seconds,
        [r for r in results if r is not None],
        server_cpu=process_tree_cpu(server) - server_before,
        client_cpu=time.process_time() - client_before,
    )


def process_tree_cpu(pid: int) -> float:
    """User and system CPU seconds of a process and its children (Linux /proc; 0 elsewhere). A
    worker killed meanwhile takes its seconds with it, so that round's figure is a floor."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pids = 0.0, [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        pids += [int(child) for child in children]
    return total


# -- servers and databases ---------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    factory: str, env: dict[str, str], workers: int, threads: int
) -> Iterator[tuple[str, int]]:
    """Serve ``factory``; yields its address and the master's process id."""
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            factory,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        probe = Http(base)
        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit(f"gunicorn {factory} exited with {process.returncode}")
            try:
                if probe.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn {factory} did not start")
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def fresh_database(server_url: str | None) -> Iterator[str]:
    """A new empty database: a temporary SQLite file, or a new database on that server."""
    if not server_url or not server_url.startswith("postgresql"):
        folder = tempfile.mkdtemp(prefix="listening-post-load-")
        try:
            yield f"sqlite:///{folder}/load.db"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    url = make_url(server_url)
    name = f"lp_load_{secrets.token_hex(4)}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def prepare(url: str, links: int) -> list[str]:
    """Migrate, load the surveys, make the links, and make the ceiling's table."""
    from bench.ceiling_app import db as ceiling_db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        surveys.sync_built_in()
        tokens: list[str] = []
        while len(tokens) < links:
            wanted = min(1000, links - len(tokens))
            made = create_links("stop-search", count=wanted, single_use=True)
            tokens.extend(link.token for link in made)
            db.session.commit()
        ceiling_db.metadata.create_all(db.engine)
        db.session.remove()
        db.engine.dispose()
    return tokens


@dataclass
class Stored:
    responses: int
    answers: int
    responses_without_answers: int
    used_links: int
    links_answered_twice: int
    distinct_withdrawal_codes: int
    journeys_left: int
    ceiling_rows: int


def stored(url: str) -> Stored:
    engine = create_engine(url)
    with engine.connect() as connection:

        def count(query) -> int:
            return connection.execute(query).scalar_one()

        result = Stored(
            responses=count(select(func.count()).select_from(Response)),
            answers=count(select(func.count()).select_from(Answer)),
            responses_without_answers=count(
                select(func.count())
                .select_from(Response)
                .where(~select(Answer.id).where(Answer.response_id == Response.id).exists())
            ),
            used_links=count(
                select(func.count()).select_from(Link).where(Link.used_on.is_not(None))
            ),
            links_answered_twice=count(
                select(func.count()).select_from(Link).where(Link.answered > 1)
            ),
            distinct_withdrawal_codes=count(
                select(func.count(func.distinct(Response.withdrawal_hash)))
            ),
            journeys_left=count(select(func.count()).select_from(Journey)),
            ceiling_rows=count(text("SELECT count(*) FROM bench_ceiling_rows")),
        )
    engine.dispose()
    return result


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


def one_round(
    app_http: Http,
    ceiling_http: Http,
    tokens: list[str],
    concurrency: int,
    seed: int,
    masters: tuple[int, int],
    kill_in: int | None = None,
) -> Round:
    app_master, ceiling_master = masters
    ceiling = timed(
        concurrency,
        list(range(len(tokens))),
        lambda i: insert_one(ceiling_http, i),
        ceiling_master,
    )

    respondents = [Respondent(token, random.Random(f"{seed}-{token}")) for token in tokens]
    seconds, reached = run_all(concurrency, respondents, lambda r: fill_in(app_http, r))
    ready = [r for r, ok in zip(respondents, reached, strict=True) if ok]

    killer = KillMidway(kill_in, len(ready)) if kill_in else (lambda: None)

    def send(respondent: Respondent) -> float | None:
        killer()
        return submit(app_http, respondent)

    submit_measured = timed(concurrency, ready, send, app_master)
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
        "| server CPU ms | client CPU ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for number, result in enumerate(rounds, start=1):
        label = f"{number}, worker {result.killed} killed" if result.killed else str(number)
        for name, measured in (
            ("bare insert (ceiling)", result.ceiling),
            ("stop-search submit", result.submit),
        ):
            print(
                f"| {label} | {name} | {len(measured.latencies):,} | "
                f"{measured.per_second:,.1f} | {measured.percentile(0.50):,.0f} | "
                f"{measured.percentile(0.95):,.0f} | {measured.percentile(0.99):,.0f} | "
                f"{measured.cpu_ms(measured.server_cpu):.1f} | "
                f"{measured.cpu_ms(measured.client_cpu):.1f} |"
            )
        pages_per_journey = 2 * 9 + 1  # about: a GET and a POST per page, and the start page
        print(
            f"| {label} | whole journeys (~{pages_per_journey} requests each) | "
            f"{result.journeys_done:,} | {result.journeys_done / result.journeys_seconds:,.1f} "
            "| | | | | |"
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
        tokens = prepare(url, args.respondents * total_rounds)
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
                        args.concurrency,
                        args.seed,
                        (app_master, ceiling_master),
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

    confirmed = sum(r.confirmed for r in rounds)
    lost = sum(r.confirmation_lost for r in rounds)
    inserted = sum(len(r.ceiling.latencies) for r in rounds)
    server_errors = sum(
        n for status, n in (app_http.statuses + ceiling_http.statuses).items() if status >= 500
    )
    checks = [
        (
            "every respondent confirmed (or their confirmation lost with a killed worker)",
            confirmed + lost == len(tokens),
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
    parser.add_argument("--respondents", type=int, default=300, help="per round")
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
