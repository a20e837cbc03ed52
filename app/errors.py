"""Error pages: a clear page with the right status, never a stack trace."""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlencode

from flask import (
    Flask,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import BuildError

from app.auth.access import staff_context
from models import db

log = logging.getLogger(__name__)

# Blueprints whose pages anyone may see, named as the force's feedback service and in Welsh too.
PUBLIC_BLUEPRINTS = frozenset({"public", "you_said_we_did", "draft_test"})
# Blueprints whose pages are neither public nor staff pages (files, the health check).
NEUTRAL_BLUEPRINTS = frozenset({"static", "health"})


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


#: The pages of a survey being answered, whose earlier answers are kept as the respondent goes.
_ANSWERING = frozenset(
    {
        "public.question_page",
        "public.check",
        "draft_test.question_page",
        "draft_test.check",
    }
)


def _too_large_context() -> dict[str, object]:
    """What the page for a request too large to read (413) needs: whether the respondent was
    answering a survey (their earlier answers are kept), and the address of the page they sent,
    to go back to it; None when it cannot be opened again (it takes no GET) or was not a form.
    The address is made again from the route, never copied from the request."""
    rule = request.url_rule
    page_again = None
    if request.method == "POST" and rule is not None and "GET" in (rule.methods or ()):
        try:
            page_again = url_for(request.endpoint, **(request.view_args or {}))
        except BuildError:
            page_again = None
        # The query is kept as sent, apart from the language, but never given to url_for: a
        # key such as _external, _scheme or _anchor would change what it builds (an address
        # on the request's Host), and one named like a part of the route would fail it.
        query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
        if page_again is not None and query:
            page_again += "?" + urlencode(query)
    return {"answering": request.endpoint in _ANSWERING, "page_again": page_again}


def _staff_sections() -> set[str]:
    """The first parts of staff addresses ("officer", "results", "sign-in", …)."""
    sections = set()
    for rule in current_app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0] or rule.endpoint
        if blueprint not in PUBLIC_BLUEPRINTS | NEUTRAL_BLUEPRINTS:
            sections.add(rule.rule.lstrip("/").split("/", 1)[0])
    return sections


def _on_public_page() -> bool:
    """Whether the address asked for is a public page's (or no page at all, outside the staff
    sections): a 404 for a mistyped code, a 405 on /withdraw, a 500 on a question page."""
    if request.blueprint is not None:
        return request.blueprint in PUBLIC_BLUEPRINTS
    return request.path.lstrip("/").split("/", 1)[0] not in _staff_sections()


def _staff_page(template: str, **context: Any) -> str:
    """An error page on a staff address: staff wording, the staff navigation and footer.

    The navigation is the signed-in person's, as on the pages around it; if it cannot be worked
    out (the error came from the database, say), the page is shown without it."""
    try:
        staff = {**staff_context(), "signed_in": current_user.is_authenticated}
        return render_template(template, **staff, **context)
    except Exception:
        db.session.rollback()
        return render_template(template, navigation_items=list, signed_in=False, **context)


def page_context() -> dict[str, Any]:
    """What an error page needs to look like the pages around it: on a public address the
    service is named as on the public pages ("Demoshire Police feedback", in Welsh too), and
    its name leads to the code box; on a staff address it is Listening Post."""
    if not _on_public_page():
        return {}
    return {
        "service_name": _("%(force)s feedback", force=current_app.config["FORCE_NAME"]),
        "service_url": url_for("public.enter_code"),
    }


def problem(status: int, title: str, detail: str, **extra: object) -> Response:
    """An RFC 9457 problem details response (``application/problem+json``)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _sent_no_session_cookie() -> bool:
    """Whether the request came without the session cookie (by its configured name, which is
    "__Host-session" in production): the browser blocks cookies, or has lost it."""
    return current_app.session_interface.get_cookie_name(current_app) not in request.cookies


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if not _on_public_page():
            return _staff_page("errors/staff.html", error=error, timed_out=True), 400
        if _sent_no_session_cookie():
            # Nothing was ever kept for this browser: "timed out" and "your answers are saved"
            # would both be untrue, and reloading would only bring the same page back.
            return render_template("errors/cookies_blocked.html", **page_context()), 400
        return render_template("errors/session_expired.html", **page_context()), 400

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
        if not _on_public_page():
            staff = "errors/staff_404.html" if error.code == 404 else "errors/staff.html"
            return _staff_page(staff, error=error), error.code
        if error.code == 413:
            context = _too_large_context()
            return render_template("errors/413.html", **context, **page_context()), 413
        template = {404: "errors/404.html", 429: "errors/429.html"}.get(
            error.code or 500, "errors/generic.html"
        )
        return render_template(template, error=error, **page_context()), error.code

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
                page = render_template(
                    "errors/unavailable.html", resend=_resendable_form(), **page_context()
                )
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
        # A reference for the person to pass on, written with the error to find it by (OWASP
        # ASVS 7.4.1); random, so it says nothing about the error or how many there have been.
        reference = secrets.token_hex(4).upper()
        # The path and endpoint only: never form data, tokens or answers.
        log.exception("unhandled error %s on %s %s", reference, request.method, request.endpoint)
        if _wants_json():
            return problem(
                500,
                "Internal Server Error",
                f"Something went wrong on our side. If it keeps happening, give the reference "
                f"{reference} to whoever runs Listening Post.",
                reference=reference,
            )
        if not _on_public_page():
            failed = InternalServerError()
            return _staff_page("errors/staff.html", error=failed, reference=reference), 500
        return render_template(
            "errors/generic.html", error=InternalServerError(), **page_context()
        ), 500
