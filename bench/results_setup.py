"""What the results benches share: a database with N demo responses, scored, an analyst with
two-factor sign-in and an API token; signing in over HTTP; percentiles.

The database is kept between runs (a SQLite file under /tmp unless a URL is given), so that a
second run neither seeds nor scores again.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, delete, func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config, TestConfig  # noqa: E402
from app.services import api_tokens, demo, scoring, surveys, two_factor, users  # noqa: E402
from models import Response, ResultsCache, Role, Scope, User, db  # noqa: E402

EMAIL = "bench-analyst@example.org"
PASSWORD = "bench analyst password 1"  # noqa: S105 - a throwaway account in a bench database
API_CLIENT = "results bench"  # the name of the API token results_ttfb.py reads results with


@dataclass
class Prepared:
    url: str
    recovery_codes: list[str]
    api_token: str


def database_url(given: str | None, responses: int) -> str:
    """--database-url, else DATABASE_URL (scripts/with-postgres sets it), else a kept file."""
    return (
        given
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(tempfile.gettempdir()) / f'lp-bench-{responses}.db'}"
    )


def label(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def prepare(url: str, responses: int, seed: int) -> Prepared:
    """Migrate, load the surveys, top up to ``responses`` demo responses, score the free text,
    and make sure the bench analyst exists; new recovery codes and API token each run."""
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
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        if user is None:
            user = users.create_user(EMAIL, Role.ANALYST, PASSWORD)
        # Hashed with the production cost, as a real account's is after its first sign-in, so
        # that signing in verifies one hash of that cost and does not make a new one.
        production = PasswordHasher(
            Config.ARGON2_TIME_COST, Config.ARGON2_MEMORY_COST_KIB, Config.ARGON2_PARALLELISM
        )
        if production.check_needs_rehash(user.password_hash):
            user.password_hash = production.hash(PASSWORD)
            db.session.commit()
        if user.has_two_factor:
            codes = two_factor.new_recovery_codes(user, PASSWORD)
        else:
            two_factor.start_enrolment(user)
            codes = two_factor.confirm_enrolment(user, two_factor.current_code(user))
            db.session.commit()
        # A kept database has the last run's token: a working token's name is not repeated.
        while (earlier := api_tokens.working_token_named(API_CLIENT)) is not None:
            api_tokens.revoke(earlier)
        token = api_tokens.create_token(API_CLIENT, [Scope.RESULTS_READ]).secret
        db.session.remove()
        db.engine.dispose()
    return Prepared(url, list(codes), token)


def forget_stored_counts(url: str) -> None:
    """Empty the results cache, so that the next request of each page counts from the rows,
    as the first request after a new response does."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(delete(ResultsCache))
    engine.dispose()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def sign_in(base: str, prepared: Prepared) -> requests.Session:
    """Sign in as the bench analyst: password, then a recovery code for the second step."""
    session = requests.Session()
    form = session.get(f"{base}/sign-in").text
    signed = session.post(
        f"{base}/sign-in",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": _csrf(form)},
        allow_redirects=False,
    )
    assert signed.status_code == 302, signed.status_code
    second = requests.compat.urljoin(base, signed.headers["Location"])
    if "sign-in" in second and second.rstrip("/") != f"{base}/sign-in":
        page = session.get(second).text
        done = session.post(
            second,
            data={"code": prepared.recovery_codes.pop(), "csrf_token": _csrf(page)},
            allow_redirects=False,
        )
        assert done.status_code == 302, done.status_code
    assert session.get(f"{base}/results/", allow_redirects=False).status_code == 200
    return session


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    place = (len(ordered) - 1) * share
    low, high = int(place), min(int(place) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (place - low)
