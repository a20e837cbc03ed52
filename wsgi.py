"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc
import logging
import sys

from app.commands import create_app_for_wsgi
from app.services import charts

# A `flask` command with a bad configuration says so in one line (`--help` still works);
# gunicorn refuses to start.
app = create_app_for_wsgi()

if "gunicorn" in sys.modules:
    # Serving: load matplotlib now rather than at a worker's first chart, so that under
    # --preload the workers share the master's copy (bench/README.md). `flask` commands, cron
    # jobs among them, draw no charts and skip it.
    charts.preload()
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
