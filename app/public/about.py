"""The public pages about the service: how answers are used (the privacy notice), the
accessibility statement, and the scrutiny panel. Endpoints stay in the public blueprint."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from app.public import bp
from app.services import disclosure_settings


@bp.get("/privacy")
def privacy():
    k, k_text = disclosure_settings.thresholds()
    return render_template("public/privacy.html", k=k, k_text=k_text)


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/about/scrutiny-panel")
def scrutiny_panel():
    # Follow-up messages link here by default; a force may link to its own page instead.
    config = current_app.config
    elsewhere = config["SCRUTINY_PANEL_URL"]
    return render_template(
        "public/scrutiny_panel.html",
        contact=str(config["SCRUTINY_PANEL_CONTACT"]),
        more_url=elsewhere if elsewhere != url_for("public.scrutiny_panel") else None,
    )
