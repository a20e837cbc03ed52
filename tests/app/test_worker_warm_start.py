"""Under gunicorn, wsgi.py does in the master, before the workers are forked, what each worker
would otherwise do in its first requests: draw with matplotlib and compile the templates. A
worker forked from it starts with that done, so its first results page is not the slow one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A worker's first charts: each kind, from figures of its own (none of them drawn before).
FIRST_CHARTS = """
from app.services import charts
from app.services.results_heat_map import themes_heat_map

points = [charts.Point("Black", 0.5, 0.4, 0.6, True, 0), charts.Point("Asian", None, index=1)]
charts.interval_chart(points, "Agree, by group")
charts.interval_chart(points, "Sentiment, by group", percent=False, bounds=(-1.0, 1.0))
series = [charts.Series("All respondents", [0.6, 0.7], overall=True),
          charts.Series("Black", [0.5, None], index=0)]
charts.dot_chart(["Were you treated with respect?", "Were you told why?"], series, "Questions")
charts.trend_chart(["Apr–Jun\\n2025", "Jul–Sep\\n2025"], series, "Trend")
charts.bar_chart(["Apr\\n2025", "May\\n2025", "Jun\\n2025"], [40, None, 7], "Responses")
cells = [[charts.HeatCell(0.3, "▼"), charts.HeatCell(None), charts.HeatCell(0.25)]]
themes_heat_map(["Respect"], ["Black", "Asian", "All respondents"], cells, "Themes")
"""

PROBE = (
    """
import os
import sys
import wsgi
from matplotlib import font_manager

env = wsgi.app.jinja_env
compiled = []
compile_now = env.compile
env.compile = lambda *args, **kwargs: compiled.append(args) or compile_now(*args, **kwargs)
for name in ("results/survey.html", "results/report.html", "public/question_page.html"):
    env.get_template(name)
print("templates compiled by the first pages:", len(compiled))

modules = set(sys.modules)
searches = font_manager.FontManager._findfont_cached.cache_info().misses
"""
    + FIRST_CHARTS
    + """
print("modules imported by the first charts:", sorted(set(sys.modules) - modules))
searches = font_manager.FontManager._findfont_cached.cache_info().misses - searches
print("fonts searched for by the first charts:", searches)
"""
)


def _start(*first: str) -> list[str]:
    """What a process that imports ``first`` and then wsgi finds in its first pages and
    charts."""
    probe = "".join(f"import {name}\n" for name in first) + PROBE
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LISTENING_POST_ENV": "test"},
    )
    return result.stdout.splitlines()


def test_under_gunicorn_a_workers_first_pages_and_charts_find_the_work_done():
    assert _start("gunicorn.app.wsgiapp") == [
        "templates compiled by the first pages: 0",
        "modules imported by the first charts: []",
        "fonts searched for by the first charts: 0",
    ]


def test_flask_commands_start_without_drawing_or_compiling():
    # A command, cron's among them, starts as quickly as before: its first page, if it had
    # one, would compile its templates itself.
    found = _start()
    assert found[0] != "templates compiled by the first pages: 0"
    assert found[1] != "modules imported by the first charts: []"
