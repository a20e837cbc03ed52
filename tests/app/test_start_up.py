"""What a web worker holds once started: libraries only some requests need are imported by the
first request that needs them, so a worker that never draws a chart never holds matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app import create_app
from app.config import TestConfig

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from app import create_app

app = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://")
print("at start-up:", "matplotlib" in sys.modules)
from app.services import charts
svg = charts.interval_chart([charts.Point("Black", 0.5, 0.4, 0.6)], "Agree, by group")
print("after a chart:", "matplotlib" in sys.modules, "<svg" in svg and 'role="img"' in svg)
"""


def test_matplotlib_is_loaded_by_the_first_chart_not_at_start_up():
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["at start-up: False", "after a chart: True True"]


def test_starting_the_app_opens_no_database_connection(tmp_path: Path):
    # gunicorn --preload starts the app in its master and then forks the workers: a connection
    # opened before the fork would be shared by every worker.
    database = tmp_path / "not-yet.db"
    create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    assert not database.exists()  # SQLite makes the file at the first connection


def _loads_matplotlib(*first: str) -> bool:
    probe = "".join(f"import {name}\n" for name in (*first, "wsgi"))
    probe += "import sys\nprint('matplotlib' in sys.modules)\n"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LISTENING_POST_ENV": "test"},
    )
    return result.stdout.strip() == "True"


def test_under_gunicorn_matplotlib_is_loaded_before_the_workers_start():
    # So that with --preload the workers share the master's copy.
    assert _loads_matplotlib("gunicorn.app.wsgiapp")


def test_flask_commands_do_not_load_matplotlib():
    assert not _loads_matplotlib()
