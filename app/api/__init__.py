"""The JSON API under /api/v1: bearer tokens, problem+json errors, no cookies, no CSRF."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("api", __name__)
# Bearer tokens, not cookies, authenticate these requests, so cross-site forgery cannot use them.
csrf.exempt(bp)

from app.api import (  # noqa: E402
    results,  # noqa: F401
    views,  # noqa: F401  (routes register on import)
)
