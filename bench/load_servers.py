"""bench/load.py's servers and databases: gunicorn on 127.0.0.1, a fresh database, links to
answer, and what was stored afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.services import surveys  # noqa: E402
from app.services.links import create_links  # noqa: E402
from bench.databases import temporary_postgres_database  # noqa: E402
from bench.load_client import Http  # noqa: E402
from models import Answer, Journey, Link, Response, db  # noqa: E402

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

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
            # Two servers run at once: each gunicorn's control socket is at the same path.
            "--no-control-socket",
            factory,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        # The app's access log (a line a request, app/access_log.py) is written, as in
        # production, but not to this script's output.
        stdout=subprocess.DEVNULL,
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
    with temporary_postgres_database(server_url, "lp_load") as url:
        yield url


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


def postgres_server_pid(url: str) -> int | None:
    """The process id of the PostgreSQL server behind ``url`` (its postmaster, the parent of
    every backend), when it runs on this machine; None for SQLite or a server elsewhere."""
    if not url.startswith("postgresql"):
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    finally:
        engine.dispose()
    try:
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


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
