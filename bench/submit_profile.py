"""Where a submission's time goes: CPU per "Send answers" request, in process, and a profile.

    .venv/bin/python bench/submit_profile.py [--respondents 300] [--repeats 3] [--top 25]
                                             [--other-writer]

Runs the production configuration against a temporary SQLite file through Flask's test client
(no network, no gunicorn), so the figure is the CPU time of the app's own work: each
respondent answers two pages, then every "Send answers" request is timed with the process's
CPU clock (time.process_time, so other jobs on the machine barely move it). Then one more
batch runs under cProfile, and the functions of the submission path are listed with their
share of the request. bench/load.py measures the same request under gunicorn, with
concurrency; this is the tool to find out why it costs what it does.

The access log is written, as in production, to /dev/null (as bench/load.py does).

``--other-writer``: before each submission, another process commits a row to the database,
as the other workers' and threads' connections do all the time under gunicorn. SQLite then
empties the submitting connection's page cache (it cannot know which pages changed), so the
submission reads again from the operating system every page it uses. Without it, the one
connection of this process keeps its pages between submissions, which a busy server's
connections do not.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.services import surveys  # noqa: E402
from app.services.links import create_links  # noqa: E402
from models import db  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STAMP = re.compile(r'name="form-started" type="hidden" value="([^"]+)"')
PAGES = [
    ("how-you-were-treated", {"satisfaction": "satisfied", "respect": "agree"}),
    (
        "in-your-own-words",
        {
            "went_well": "He explained why and was polite throughout.",
            "improve": "They did not tell me why I was stopped.",
        },
    ),
]
SHOWN = (
    "public/views.py",
    "services/responses.py",
    "services/scoring.py",
    "services/links.py",
    "orm/session.py:4594(flush)",
    "orm/session.py:2141(commit)",
    "flask/sessions.py",
    "flask_wtf/csrf.py:266(protect)",
    "analysis/",
)


def ready_respondents(app, count: int) -> list[tuple[object, str, dict[str, str]]]:
    with app.app_context():
        tokens = [link.token for link in create_links("stop-search", count=count)]
        db.session.commit()
        db.session.remove()
    ready = []
    for token in tokens:
        client = app.test_client()
        for page, answers in PAGES:
            html = client.get(f"/r/{token}/{page}").get_data(as_text=True)
            hidden = {
                "csrf_token": CSRF.search(html).group(1),
                "form-started": STAMP.search(html).group(1),
            }
            sent = client.post(f"/r/{token}/{page}", data={**answers, **hidden})
            assert sent.status_code == 302, sent.status_code
        html = client.get(f"/r/{token}/check").get_data(as_text=True)
        csrf, stamp = CSRF.search(html).group(1), STAMP.search(html).group(1)
        ready.append((client, token, {"csrf_token": csrf, "form-started": stamp}))
    return ready


def send_all(ready, before_each=None, profile: cProfile.Profile | None = None) -> float:
    """Press "Send answers" for each respondent; returns the CPU seconds of the requests alone
    (not of ``before_each``), and profiles only them."""
    spent = 0.0
    for client, token, hidden in ready:
        if before_each is not None:
            before_each()
        started = time.process_time()
        if profile is not None:
            profile.enable()
        response = client.post(f"/r/{token}/check", data=hidden)
        if profile is not None:
            profile.disable()
        spent += time.process_time() - started
        assert response.status_code == 302, response.status_code
    return spent


# Another process's connection that commits a row when asked (a line on its standard input),
# and says when it has (a line on its standard output).
OTHER_WRITER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA busy_timeout=10000")
connection.execute("CREATE TABLE IF NOT EXISTS bench_other_writer (id INTEGER PRIMARY KEY)")
for _ in sys.stdin:
    connection.execute("INSERT INTO bench_other_writer DEFAULT VALUES")
    print("done", flush=True)
"""


def other_writer(database: str):
    """A function that has another process commit a row to ``database`` and waits for it."""
    process = subprocess.Popen(
        [sys.executable, "-c", OTHER_WRITER, database],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def commit_elsewhere() -> None:
        process.stdin.write("go\n")
        process.stdin.flush()
        process.stdout.readline()

    return commit_elsewhere


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--other-writer",
        action="store_true",
        help="another process commits before each submission, as under gunicorn",
    )
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="listening-post-profile-")
    app = create_app(
        "production",
        SECRET_KEY=secrets.token_urlsafe(48),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/profile.db",
        RATELIMIT_ENABLED=False,
        SESSION_COOKIE_SECURE=False,
        PREFERRED_URL_SCHEME="http",
        BOT_MIN_SECONDS=0,  # machine speed; the forms' stamps are still sent and checked
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        surveys.sync_built_in()
        db.session.remove()
    for handler in logging.getLogger("app.access_log").handlers:
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the process's life)
    before_each = other_writer(f"{folder}/profile.db") if args.other_writer else None

    per_request = []
    for _ in range(args.repeats):
        ready = ready_respondents(app, args.respondents)
        per_request.append(send_all(ready, before_each) / len(ready) * 1000)
    print(
        f"\nCPU per submit request: median {statistics.median(per_request):.2f} ms over "
        f"{args.repeats} batches of {args.respondents} "
        f"({', '.join(f'{ms:.2f}' for ms in per_request)})"
        + (", another process committing before each" if args.other_writer else "")
    )

    ready = ready_respondents(app, args.respondents)
    profile = cProfile.Profile()
    send_all(ready, before_each, profile)
    stats = pstats.Stats(profile).stats
    total = max(cumulative for (_, _, _, cumulative, _) in stats.values())
    rows = []
    for (filename, line, name), (_, calls, _, cumulative, _) in stats.items():
        where = f"{filename}:{line}({name})"
        if any(part in where for part in SHOWN):
            short = where.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
            rows.append((cumulative, calls, short))
    print("\nShare of the request (profiled, so slower than above; compare shares)\n")
    print("| share | calls per request | function |")
    print("|---:|---:|---|")
    for cumulative, calls, where in sorted(rows, reverse=True)[: args.top]:
        print(f"| {cumulative / total:.0%} | {calls / len(ready):.1f} | `{where}` |")


if __name__ == "__main__":
    main()
