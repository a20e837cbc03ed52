"""POST /links, GET /links/<token>, GET /openapi.json."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, g, jsonify, request, url_for
from flask_limiter import RequestLimit

from app.api import bp
from app.api.forms import FieldError, parse_link_request
from app.api.openapi import document
from app.errors import problem
from app.extensions import client_address, limiter
from app.services import api_tokens, audit, link_stats, qr
from app.services import links as link_service
from models import ApiToken, Link, LinkKind, Scope


def _bearer_secret() -> str | None:
    """The token sent in the Authorization header, read as the API reads it: the scheme in
    any case, spaces around the token ignored. None when there is no bearer token."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def _rate_limit_key() -> str:
    # A digest of the token as read, so each token has its own allowance however the header
    # is written (else "bearer", "BEARER" or another space would each get a fresh one); else
    # the address.
    secret = _bearer_secret()
    if secret is not None:
        return "api:" + hashlib.sha256(secret.encode()).hexdigest()[:32]
    return "api-anonymous:" + (request.remote_addr or "unknown")


def _failed_authentication(response: Response) -> bool:
    # The API answers 401 to a missing, unknown, revoked or expired token, and to nothing else.
    return response.status_code == 401


def _too_many_failed_authentications(_limit: RequestLimit) -> Response:
    return problem(
        429,
        "Too Many Requests",
        "Too many requests from this address came without a valid API token. Wait for the "
        "number of seconds in the Retry-After header, then send a valid token",
    )


# Every token has an allowance of its own, so made-up tokens would each get a fresh one: failed
# attempts are also counted per client address (the address ProxyFix gives, as for every other
# limit). Only failures count, so a client elsewhere is never slowed by them; but once an address
# has had too many, its requests are refused before any token is looked up, until the window
# ends. Registered first, so that when it refuses, no per-token count is started for the
# made-up token.
limiter.shared_limit(
    lambda: current_app.config["API_FAILED_AUTH_RATE_LIMIT"],
    scope="api-failed-auth",
    key_func=client_address,
    deduct_when=_failed_authentication,
    on_breach=_too_many_failed_authentications,
    # The API's description needs no token, as its route's exemption from limits intends.
    exempt_when=lambda: request.endpoint == "api.openapi",
)(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_rate_limit_key)(bp)


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _unauthorised(detail: str, why: str | None = None):
    response = problem(401, "Unauthorized", detail)
    # RFC 6750: error_description, when given, is for the developer of the system sending it.
    described = f', error_description="{why}"' if why else ""
    response.headers["WWW-Authenticate"] = (
        f'Bearer realm="Listening Post", error="invalid_token"{described}'
    )
    return response


def _expired(expired: api_tokens.TokenExpiredError):
    when = expired.expires_at.astimezone(dt.UTC).isoformat(timespec="seconds")
    return _unauthorised(
        f"The API token expired at {when}. Ask a Listening Post administrator for a new token",
        why="The token has expired",
    )


def _record_refusal(token: ApiToken | None, **why: str) -> None:
    """In the audit log, a request refused although its token was one an administrator made:
    revoked, expired, or without the scope needed. A token never made names nobody, and is
    only counted against the address's limit."""
    if token is not None:
        audit.record_once("api_token.refused", token.name, {"prefix": token.prefix, **why})


def requires(scope: Scope) -> Callable:
    """Let a request through only with a valid, unrevoked, unexpired bearer token that has
    ``scope``."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            secret = _bearer_secret()
            if secret is None:
                return _unauthorised(
                    "Send an API token in the Authorization header: Authorization: Bearer <token>"
                )
            try:
                token = api_tokens.authenticate(secret)
            except api_tokens.TokenExpiredError as expired:
                _record_refusal(expired.token, reason="expired")
                return _expired(expired)
            except api_tokens.TokenRevokedError as revoked:
                _record_refusal(revoked.token, reason="revoked")
                token = None
            if token is None:
                return _unauthorised("The API token is not valid, or has been revoked")
            if scope not in token.scope_set:
                _record_refusal(token, needed=scope.value)
                return problem(403, "Forbidden", f"This API token does not have the {scope} scope")
            g.api_token = token
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _session_fields_elsewhere(parsed: Any) -> list[FieldError]:
    """A listening session's name or date sent for a survey whose links are not made for
    sessions: refused, naming each field, rather than dropped from the link made."""
    kind = link_service.kind_made(parsed.survey)
    if kind in (None, LinkKind.EVENT):
        return []
    given = {
        "event_name": parsed.event_name,
        "event_name_cy": parsed.event_name_cy,
        "event_date": parsed.event_date,
    }
    return [
        FieldError(
            field,
            f"{field} is only for listening-session links, and {parsed.survey} links are "
            f"{kind.value} links: leave it out",
        )
        for field, value in given.items()
        if value
    ]


def _validation_problem(errors: list[FieldError]):
    return problem(
        422,
        "Unprocessable Content",
        "The request body has problems: " + "; ".join(error.message for error in errors),
        errors=[{"field": error.field, "message": error.message} for error in errors],
    )


def _utc_iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()


def _link_json(link: Link) -> dict[str, Any]:
    return {
        "token": link.token,
        "code": link_service.display_code(link.token),
        "url": link_service.public_url(current_app.config["PUBLIC_BASE_URL"], link),
        "survey": link.survey.slug,
        "area": link.area.code if link.area else None,
        "single_use": link.single_use,
        "expires_at": _utc_iso(link.expires_at),
    }


class RepeatedKeyError(ValueError):
    """A JSON object that gives the same key twice: parsers disagree on which value counts."""

    SHOWN_MAX = 80

    def __init__(self, key: str) -> None:
        super().__init__(key)
        cut = key if len(key) <= self.SHOWN_MAX else key[: self.SHOWN_MAX] + "…"
        #: The key quoted as JSON writes it, so control characters are shown escaped.
        self.shown = json.dumps(cut, ensure_ascii=False)


def _refuse_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a repeated key (at any depth) rather than keeping the last
    value given, as Python's parser would, or the first, as some others do."""
    built: dict[str, Any] = {}
    for key, value in pairs:
        if key in built:
            raise RepeatedKeyError(key)
        built[key] = value
    return built


@bp.post("/links")
@requires(Scope.LINKS_WRITE)
def create_link():
    if not request.is_json:
        return problem(
            415, "Unsupported Media Type", "Send the request body as JSON (application/json)"
        )
    try:
        body = json.loads(request.get_data(cache=True), object_pairs_hook=_refuse_repeated_keys)
    except RepeatedKeyError as repeated:
        return problem(
            400,
            "Bad Request",
            f"The request body gives the key {repeated.shown} more than once in the same "
            "object. Send each key once",
        )
    except (ValueError, RecursionError):  # not JSON, or nested too deeply for the parser
        return problem(400, "Bad Request", "The request body is not valid JSON")
    parsed, errors = parse_link_request(body)
    if parsed is None:
        return _validation_problem(errors)
    session_only = _session_fields_elsewhere(parsed)
    if session_only:
        return _validation_problem(session_only)
    try:
        (link,) = link_service.create_links(
            parsed.survey,
            area_code=parsed.area,
            event_name=parsed.event_name,
            event_name_cy=parsed.event_name_cy,
            event_date=parsed.event_date,
            api_token_id=g.api_token.id,
            check_event_date=True,
        )
    except link_service.SessionDateError as error:
        return _validation_problem([FieldError("event_date", f"event_date {error}")])
    except link_service.LinkError as error:
        field = "area" if "area" in str(error) else "survey"
        return _validation_problem([FieldError(field, str(error).split(". Run")[0])])
    body = _link_json(link)
    body["qr_svg"] = qr.svg(body["url"])
    body["qr_png"] = qr.png_data_url(body["url"])
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for("api.link_status", token=link.token)
    return response


@bp.get("/links/<token>")
@requires(Scope.LINKS_READ)
def link_status(token: str):
    link = link_service.find(token)
    if link is None:
        return problem(404, "Not Found", "There is no link with that token")
    body = _link_json(link)
    body["status"] = link_stats.usage(link)
    return jsonify(body)


@bp.get("/openapi.json")
@limiter.exempt
def openapi():
    return jsonify(document())
