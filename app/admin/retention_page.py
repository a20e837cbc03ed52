"""Retention, a page of its own in the admin's navigation: how long responses and the audit
log are kept, what that keeps today, when the nightly job that deletes old ones last ran and
when it last deleted any, and a warning when responses past the period are still kept. The
Users page, the admin's first page, gives the same warning and links here.
:mod:`app.admin.views` imports this module, which registers it."""

from __future__ import annotations

from flask import current_app, render_template

from app.admin import bp
from app.services import retention


def retention_status() -> retention.RetentionStatus:
    """Retention as it stands today, for the period this service is configured with."""
    return retention.status(current_app.config["RETENTION_MONTHS"])


@bp.get("/retention", endpoint="retention")
def retention_page():
    return render_template(
        "admin/retention.html",
        retention=retention_status(),
        journey_hours=current_app.config["JOURNEY_TTL_HOURS"],
    )
