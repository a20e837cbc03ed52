"""The server's CPU for one GET of a respondent's page: in process, and behind gunicorn.

    .venv/bin/python bench/page_render.py [--requests 300] [--repeats 3] [--no-gunicorn]
                                          [--profile PAGE] [--top 30]

Pages: /healthz (the floor: no template), /withdraw (the plainest public form page), a question
page of the stop-search survey (/r/<token>/how-you-were-treated: radios, a back link, the bot
check) and its check-your-answers page (/r/<token>/check, every page answered first), all in the
production configuration with a temporary SQLite file.

In process: Flask's test client, each GET timed with the process's CPU clock (time.process_time,
so other jobs on the machine barely move it); the median of --repeats batches of --requests.
Behind gunicorn (`make run`'s --workers 2 --threads 4, without --preload): the CPU that
gunicorn's master and workers used (from /proc) over --requests GETs of a page, sent one after
another on a kept-alive connection, divided by their number; the median of --repeats batches.
The gunicorn figure includes the HTTP parsing and the access log; the in-process one does not.

``--profile withdraw`` (or question, check, healthz) runs one more in-process batch of that
page under cProfile and lists the --top functions by their own time.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.services import surveys  # noqa: E402
from app.services.links import create_links  # noqa: E402
from bench.load_client import Http, Respondent, fill_in, process_tree_cpu  # noqa: E402
from bench.load_servers import gunicorn  # noqa: E402
from models import db  # noqa: E402

#: As bench/load.py serves it: respondents answer at machine speed.
OVERRIDES = {
    "RATELIMIT_ENABLED": False,
    "SESSION_COOKIE_SECURE": False,
    "BOT_MIN_SECONDS": 0,
}
APP_FACTORY = (
    "app:create_app('production', "
    + ", ".join(f"{key}={value!r}" for key, value in OVERRIDES.items())
    + ")"
)
QUESTION_PAGE = "how-you-were-treated"
START_BUTTON = re.compile(r'href="(/r/[^"]+)"[^>]*govuk-button--start')


def pages(token: str) -> dict[str, str]:
    return {
        "healthz": "/healthz",
        "withdraw": "/withdraw",
        "question": f"/r/{token}/{QUESTION_PAGE}",
        "check": f"/r/{token}/check",
    }


def answer_every_page(client, token: str) -> None:
    """Answer each page of the journey through the test client, up to check-your-answers."""
    respondent = Respondent(token, random.Random(0))
    html = client.get(f"/r/{token}").get_data(as_text=True)
    path = START_BUTTON.search(html).group(1)
    while not path.endswith("/check"):
        html = client.get(path).get_data(as_text=True)
        sent = client.post(path, data=MultiDict(respondent.answers_for(html)))
        assert sent.status_code == 302, (path, sent.status_code)
        path = sent.headers["Location"]


def in_process(database: str, args: argparse.Namespace) -> dict[str, list[float]]:
    app = create_app(
        "production",
        SECRET_KEY=secrets.token_urlsafe(48),
        SQLALCHEMY_DATABASE_URI=database,
        PREFERRED_URL_SCHEME="http",
        **OVERRIDES,
    )
    for handler in logging.getLogger("app.access_log").handlers:
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the process's life)
    with app.app_context():
        token = create_links("stop-search", count=1)[0].token
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    answer_every_page(client, token)

    def get(path: str) -> Callable[[], None]:
        def once() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return once

    found: dict[str, list[float]] = {}
    for name, path in pages(token).items():
        for _ in range(20):  # the templates compiled, the caches filled
            get(path)()
        found[name] = []
        for _ in range(args.repeats):
            started = time.process_time()
            for _ in range(args.requests):
                get(path)()
            found[name].append((time.process_time() - started) / args.requests * 1000)
    if args.profile:
        profile = cProfile.Profile()
        once = get(pages(token)[args.profile])
        profile.enable()
        for _ in range(args.requests):
            once()
        profile.disable()
        print(f"\nProfile of {args.requests} GETs of {args.profile} (own time, top {args.top})\n")
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.top)
    return found


def behind_gunicorn(database: str, args: argparse.Namespace) -> dict[str, list[float]]:
    with app_context_for(database):
        token = create_links("stop-search", count=1)[0].token
        db.session.commit()
        db.session.remove()
    env = {
        "DATABASE_URL": database,
        "LISTENING_POST_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
    }
    found: dict[str, list[float]] = {}
    with gunicorn(APP_FACTORY, env, workers=2, threads=4) as (base, master):
        http = Http(base)
        respondent = Respondent(token, random.Random(0))
        assert fill_in(http, respondent), dict(http.failures)
        for name, path in pages(token).items():
            for _ in range(40):  # both workers warmed
                http.request("GET", path, cookie=respondent.cookie)
            found[name] = []
            for _ in range(args.repeats):
                before = process_tree_cpu(master)
                for _ in range(args.requests):
                    status, _headers, _html = http.request("GET", path, cookie=respondent.cookie)
                    assert status == 200, (path, status)
                found[name].append((process_tree_cpu(master) - before) / args.requests * 1000)
    return found


def app_context_for(database: str):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database)
    return app.app_context()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="GETs of a page per batch")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-gunicorn", action="store_true", help="in process only")
    parser.add_argument("--profile", choices=["healthz", "withdraw", "question", "check"])
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="listening-post-pages-")
    database = f"sqlite:///{folder}/pages.db"
    with app_context_for(database):
        upgrade(directory=str(ROOT / "migrations"))
        surveys.sync_built_in()
        db.session.remove()

    rows = [("in process", in_process(database, args))]
    if not args.no_gunicorn:
        rows.append(("gunicorn", behind_gunicorn(database, args)))

    print(
        f"\nServer CPU ms per GET: median of {args.repeats} batches of {args.requests} "
        "(each batch in brackets)\n"
    )
    print("| where | " + " | ".join(pages("<token>")) + " |")
    print("|---|" + "---:|" * len(pages("<token>")))
    for where, found in rows:
        cells = [
            f"{statistics.median(runs):.2f} ({', '.join(f'{ms:.2f}' for ms in runs)})"
            for runs in found.values()
        ]
        print(f"| {where} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
