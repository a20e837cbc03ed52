"""Addresses of the static files carry a version, so browsers keep the files between pages.

Every ``url_for("static", filename=...)`` gets ``?v=`` and the first 12 hex digits of the
file's SHA-256 (worked out once per file and change). A request for a static file whose ``v``
is the file's current version is sent with a year's ``max-age``: the address changes whenever
the file does, so a browser never needs to ask again. Without ``v``, or with an old one, the
file is sent as Flask sends it by default (``no-cache``: the browser asks again each time and
gets 304 Not Modified). On a phone this saves asking again for the style sheets and scripts
on every page of a survey.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from typing import Any

import flask
from flask import current_app, request
from werkzeug.security import safe_join

#: A year, the longest time a cache is asked to keep anything.
ONE_YEAR_SECONDS = 365 * 24 * 60 * 60


@functools.lru_cache(maxsize=256)
def _digest(path: str, _modified_ns: int, _size: int) -> str:
    """The version of the file at ``path`` as it was when it had this time and size."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:12]


@functools.lru_cache(maxsize=256)
def _static_path(folder: str, filename: str) -> str | None:
    return safe_join(folder, filename)


def file_version(app: flask.Flask, filename: str) -> str | None:
    """The version of a static file, or None when there is no such file.

    A page links to seven or so static files, so this runs seven times a page: one ``stat``
    each (which notices a changed file), the path and the digest worked out once."""
    if app.static_folder is None:
        return None
    path = _static_path(app.static_folder, filename)
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return _digest(path, found.st_mtime_ns, found.st_size)


def _add_version(endpoint: str | None, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = file_version(current_app, values["filename"])
        if version is not None:
            values["v"] = version


class VersionedStaticFlask(flask.Flask):
    """Flask, with versioned static files kept for a year (see the module's docstring)."""

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        version = request.args.get("v")
        if filename is not None and version and version == file_version(self, filename):
            return ONE_YEAR_SECONDS
        return super().get_send_file_max_age(filename)


def register_static_versions(app: flask.Flask) -> None:
    app.url_defaults(_add_version)
