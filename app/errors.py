"""Error pages: a clear page with the right status, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from models import db

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _resendable_form() -> dict[str, object] | None:
    """A respondent's refused POST, to be offered back as a form they can send again.

    Only the public pages: their fields are the respondent's own answers (shown back to them,
    never logged or stored). Staff forms may carry passwords and are not echoed.
    """
    if request.method != "POST" or request.blueprint != "public":
        return None
    action = request.full_path.rstrip("?")
    return {"action": action, "fields": list(request.form.items(multi=True))}


def problem(status: int, title: str, detail: str, **extra: object) -> Response:
    """An RFC 9457 problem details response (``application/problem+json``)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return render_template("errors/session_expired.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:
            # A response made for this error already, e.g. by a rate limit's on_breach.
            return error.response
        if _wants_json():
            response = problem(error.code or 500, error.name, error.description or error.name)
            response.headers.extend(
                (name, value)
                for name, value in error.get_headers()
                if name in ("Allow", "Retry-After", "WWW-Authenticate")
            )
            return response
        template = {404: "errors/404.html", 429: "errors/429.html"}.get(
            error.code or 500, "errors/generic.html"
        )
        return render_template(template, error=error), error.code

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        db.session.rollback()
        log.error(
            "database error on %s %s: %s", request.method, request.endpoint, type(error).__name__
        )
        if _wants_json():
            response = problem(
                503, "Service Unavailable", "The database is unavailable. Try again."
            )
        else:
            try:
                page = render_template("errors/unavailable.html", resend=_resendable_form())
            except Exception:
                # The page itself needed the database (a signed-in user's navigation).
                db.session.rollback()
                page = _("The service is having a problem. Try again in a few minutes.")
            response = make_response(page, 503)
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def unexpected(_error: Exception):
        db.session.rollback()
        # The path and endpoint only: never form data, tokens or answers.
        log.exception("unhandled error on %s %s", request.method, request.endpoint)
        if _wants_json():
            return problem(500, "Internal Server Error", "Something went wrong on our side.")
        return render_template("errors/generic.html", error=InternalServerError()), 500
