"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc

from app import create_app

app = create_app()

# Under `gunicorn --preload` this runs once, in the master, before the workers are forked.
# Freezing what start-up made moves it out of the garbage collector's reach, so collections in
# a worker do not write to those objects' pages, which stay shared with the master and the
# other workers instead of being copied into each one.
gc.freeze()
