"""``/favicon.ico`` at the site's root, where browsers ask for an icon whatever a page links
to: the service's own icon, the same for everyone, so it may be kept for a day.

An app-level route, not a blueprint's, so that the staff session's idle check (which skips
requests outside blueprints) neither touches the session nor redirects a signed-out browser:
the icon never sets a cookie.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, send_from_directory

ENDPOINT = "favicon"
MAX_AGE_SECONDS = 24 * 60 * 60


def _favicon() -> Response:
    return send_from_directory(
        current_app.static_folder or "static",
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=MAX_AGE_SECONDS,
    )


def register_favicon(app: Flask) -> None:
    app.add_url_rule("/favicon.ico", endpoint=ENDPOINT, view_func=_favicon, methods=["GET"])
