"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc
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

# Under `gunicorn --preload` this runs once, in the master, before the workers are forked.
# Freezing what start-up made moves it out of the garbage collector's reach, so collections in
# a worker do not write to those objects' pages, which stay shared with the master and the
# other workers instead of being copied into each one.
gc.freeze()
