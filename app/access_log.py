"""The access log: one line a request, naming the route, never the address asked for.

A respondent's address holds their link's token, which the links table ties to an officer, an
area and a date, and the page's name, which can give an answer away: the page about how a
health condition affects someone is shown only to people who said they have one. So the log
names the route's pattern instead (``GET /r/<token>/<page_key> 200 12ms``), and never the query
string or the client's address. This replaces gunicorn's access log, which `make run` and
docs/deploy.md leave off, and the request lines of Werkzeug's development server (`flask run`),
which :class:`DevServerRequests` drops.
"""

from __future__ import annotations

import logging
import re
import sys
import time

from flask import Flask, Response, g, request

log = logging.getLogger(__name__)

UNMATCHED = "(no route)"


def _started() -> None:
    g.access_started = time.perf_counter()


def _write(response: Response) -> Response:
    started = g.get("access_started")
    took = f" {(time.perf_counter() - started) * 1000:.0f}ms" if started is not None else ""
    route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    log.info("%s %s %s%s", request.method, route, response.status_code, took)
    return response


#: Flask-Limiter writes a limit's key when it is hit, at INFO: a client's address, or the email
#: tried at sign-in. Held at WARNING, so that neither reaches a log whatever the root's level.
LIMITER_LOGGER = "flask-limiter"


#: Werkzeug's development server logs each request here, with the address asked for.
DEV_SERVER_LOGGER = "werkzeug"


class DevServerRequests(logging.Filter):
    """Drops the development server's line for each request (``"GET /r/<the token> HTTP/1.1"
    200 -``); of its errors about a request (a malformed one is quoted) it keeps only the status.
    Its other messages (where it is running) pass as they are."""

    ABOUT_A_REQUEST = re.compile(r"\S+ - - \[[^\]]*\] ")
    REQUEST = '"%s" %s %s'
    ERROR = "code %d, message %s"

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if not self.ABOUT_A_REQUEST.match(message):  # "<client> - - [<time>] …"
            return True
        if message.endswith(self.REQUEST):
            return False
        if message.endswith(self.ERROR) and record.args:
            record.msg, record.args = (
                "Development server: refused a request with %s",
                record.args[:1],
            )
        else:
            record.msg, record.args = "Development server: an error about a request", ()
        return True


_DEV_SERVER_FILTER = DevServerRequests()


def register_access_log(app: Flask) -> None:
    """Log every request's route and status at INFO; to standard output unless testing (tests
    read the records through logging). The development server's own request lines are
    dropped."""
    logging.getLogger(LIMITER_LOGGER).setLevel(logging.WARNING)
    logging.getLogger(DEV_SERVER_LOGGER).addFilter(_DEV_SERVER_FILTER)  # once: the same filter
    log.setLevel(logging.INFO)
    if not app.testing and not log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        # Written once, here: not again by a handler on the root logger (gunicorn's, or the one
        # the migrations' logging configuration adds when they run in the same process).
        log.propagate = False
    app.before_request(_started)
    app.after_request(_write)
