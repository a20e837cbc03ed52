"""Error pages: a clear page with the right status, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from models import db

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return render_template("errors/session_expired.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _wants_json():
            return {"title": error.name, "status": error.code, "detail": error.description}, (
                error.code or 500
            )
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
        return render_template("errors/unavailable.html"), 503

    @app.errorhandler(Exception)
    def unexpected(_error: Exception):
        db.session.rollback()
        # The path and endpoint only: never form data, tokens or answers.
        log.exception("unhandled error on %s %s", request.method, request.endpoint)
        return render_template("errors/generic.html", error=InternalServerError()), 500
