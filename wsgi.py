"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc
import logging
import sys

from flask import Flask

from app.commands import create_app_for_wsgi
from app.services import charts


def compile_templates(app: Flask) -> None:
    """Compile every page's template now. Jinja compiles a template the first time it is
    rendered and keeps it in the app's template cache (400 templates, the app has about 160),
    so a worker would otherwise compile each page's template, with every template it includes
    and imports, in the first request for that page (the results page's: 0.3–0.6 s)."""
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)


# A `flask` command with a bad configuration says so in one line (`--help` still works);
# gunicorn refuses to start.
app = create_app_for_wsgi()

if "gunicorn" in sys.modules:
    # Serving: load matplotlib and draw a sample of each chart, and compile the templates,
    # now rather than in a worker's first requests, so that under --preload every worker
    # starts with them done and shares the master's copy (bench/README.md). `flask` commands,
    # cron jobs among them, serve no pages and skip it.
    charts.preload()
    compile_templates(app)
    # The sample charts' figures are garbage: collected now, not frozen with the rest below.
    gc.collect()
    # Flask-Limiter's warnings (its rate-limit storage, Redis, stopped answering and each worker
    # counts in memory meanwhile) reach the server's log; gunicorn gives the root logger no
    # handler, so they would otherwise be lost. Its lines at INFO name clients' addresses and
    # are held back (app/access_log.py).
    _limiter_warnings = logging.StreamHandler(sys.stderr)
    _limiter_warnings.setLevel(logging.WARNING)
    _limiter_warnings.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    logging.getLogger("flask-limiter").addHandler(_limiter_warnings)

# Under `gunicorn --preload` this runs once, in the master, before the workers are forked.
# Freezing what start-up made moves it out of the garbage collector's reach, so collections in
# a worker do not write to those objects' pages, which stay shared with the master and the
# other workers instead of being copied into each one.
gc.freeze()
