"""A worker killed mid-submission: gunicorn's worker dies before COMMIT, nothing of the
response is kept, and the respondent's second press of the button stores it once."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from bench.load_servers import gunicorn
from models import Answer, Journey, Link, Response, TextAnswer, db
from tests.app.faults_helpers import THANK_YOU, count
from tests.factories import create_link
from tests.pages import Page

ROOT = Path(__file__).resolve().parents[2]


KILLING_APP = """
import os, signal
from sqlalchemy import event
from sqlalchemy.engine import Engine
from app import create_app

app = create_app("production", RATELIMIT_ENABLED=False, SESSION_COOKIE_SECURE=False)


@event.listens_for(Engine, "after_cursor_execute")
def note_a_response_written(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("INSERT INTO RESPONSES"):
        conn.info["response_written"] = True


@event.listens_for(Engine, "rollback")
def forget_it(conn):
    conn.info.pop("response_written", None)


@event.listens_for(Engine, "commit")
def die_mid_submission(conn):
    # The response and its answers are written inside the open transaction; die before COMMIT.
    written = conn.info.pop("response_written", False)
    if written and os.path.exists(os.environ["KILL_SWITCH"]):
        os.kill(os.getpid(), signal.SIGKILL)
"""


@contextmanager
def gunicorn_serving(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The app under gunicorn, started and stopped as bench/load.py does, in one worker that
    dies when told to."""
    (tmp_path / "killing_app.py").write_text(KILLING_APP)
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-test-secret-key-of-at-least-32-characters",
        "LISTENING_POST_ENV": "production",
        "KILL_SWITCH": str(tmp_path / "kill"),
        "BOT_MIN_SECONDS": "0",  # the respondent below answers at machine speed
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    with gunicorn("killing_app:app", env, workers=1, threads=2) as (base, _master):
        yield base


def _hidden(html: str) -> dict[str, str]:
    page = Page(200, "", html)
    return {"csrf_token": page.csrf_token(), "form-started": page.form_started()}


def test_a_worker_killed_mid_submission_leaves_no_partial_response(database_url, tmp_path):
    link = create_link()
    db.session.commit()
    with gunicorn_serving(database_url, tmp_path) as base:
        respondent = requests.Session()
        page = respondent.get(f"{base}/r/{link.token}/how-you-were-treated")
        respondent.post(page.url, data={"satisfaction": "satisfied", **_hidden(page.text)})
        page = respondent.get(f"{base}/r/{link.token}/in-your-own-words")
        respondent.post(page.url, data={"went_well": "Quick.", **_hidden(page.text)})
        check = respondent.get(f"{base}/r/{link.token}/check")
        sent = _hidden(check.text)

        (tmp_path / "kill").touch()
        with pytest.raises(requests.ConnectionError):
            respondent.post(check.url, data=sent, timeout=60)

        # Nothing of the response was kept: no response, answers or burnt link.
        assert (count(Response), count(Answer), count(TextAnswer)) == (0, 0, 0)
        assert db.session.get(Link, link.id).used_on is None
        assert count(Journey) == 1

        # gunicorn starts a new worker; the respondent presses the button again.
        (tmp_path / "kill").unlink()
        for _ in range(300):
            try:
                done = respondent.post(check.url, data=sent, timeout=60)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert done.status_code == 200 and THANK_YOU in done.text

    assert count(Response) == 1 and count(Answer) == 1 and count(TextAnswer) == 1
    assert db.session.get(Link, link.id).used_on is not None
    assert count(Journey) == 0
