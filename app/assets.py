"""GOV.UK Frontend's fonts and images, served where its stylesheet expects them (/assets)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("assets", __name__)


@bp.get("/assets/<path:filename>")
def govuk_asset(filename: str):
    folder = Path(current_app.static_folder) / "govuk" / "assets"
    return send_from_directory(folder, filename, max_age=31536000)
