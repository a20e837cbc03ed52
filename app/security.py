"""Per-request CSP nonce and the security headers sent with every response."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request

# Files that are the same for everyone and may be cached; everything else is a page, a form,
# an answer, a figure or an export, and must never be kept by a shared cache or the browser.
CACHEABLE_ENDPOINTS = frozenset({"static", "assets.govuk_asset"})


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _set_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce")
    script_src = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; "
        f"script-src {script_src}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def register_security(app: Flask) -> None:
    app.add_template_global(csp_nonce)
    app.after_request(_set_headers)
