"""The security headers sent with every response."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, request

# Files that are the same for everyone and may be cached; everything else is a page, a form,
# an answer, a figure or an export, and must never be kept by a shared cache or the browser.
# An error from their routes (a file that is not there) is a page like any other error.
CACHEABLE_ENDPOINTS = frozenset({"static", "favicon"})

#: What the API answers with. Each is sent as an attachment (OWASP ASVS 4.0, 14.4.2), so
#: that a browser sent to an API address never shows it as a page of this site.
API_MIMETYPES = frozenset({"application/json", "application/problem+json"})
API_FILE_NAME = 'attachment; filename="api.json"'


# Scripts come from this site's files only: no inline script runs, not even GOV.UK Frontend's
# (templates/layout.html loads it from a file instead).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def _cacheable(response: Response) -> bool:
    return request.endpoint in CACHEABLE_ENDPOINTS and response.status_code in (200, 206, 304)


def _relative_location(response: Response) -> None:
    """A redirect to this site names the path only, never the host the request named.

    Werkzeug makes its own redirects absolute from the request's Host header: the slash added
    to /results, or the slashes merged in /admin//users, would send a browser to
    ``http://<any Host sent>/results/``, on plain HTTP where the app sits behind a proxy. The
    app's links come from PUBLIC_BASE_URL and its own redirects are relative; these are made
    relative too, so that what a client puts in Host never decides where a browser goes."""
    location = response.headers.get("Location")
    if not location:
        return
    parts = urlsplit(location)
    if parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower():
        # One leading slash: "//x" would be read as another host.
        path = "/" + parts.path.lstrip("/")
        response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))


def _set_headers(response: Response) -> Response:
    _relative_location(response)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if not _cacheable(response):
        response.headers["Cache-Control"] = "no-store"
    if response.mimetype in API_MIMETYPES:
        response.headers.setdefault("Content-Disposition", API_FILE_NAME)
    return response


def register_security(app: Flask) -> None:
    app.after_request(_set_headers)
