"""The public "You said, we did" pages: published actions by area. No sign-in, in Welsh too."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.services import actions
from app.services.definitions import Definition
from app.templating import current_language
from models import Action, ActionStatus, Area

public_bp = Blueprint("you_said_we_did", __name__)


def status_label(status: ActionStatus) -> str:
    return {
        ActionStatus.PLANNED: _("Planned"),
        ActionStatus.IN_PROGRESS: _("In progress"),
        ActionStatus.DONE: _("Done"),
    }[status]


def survey_name(action: Action) -> str:
    """Where the force heard it, in the reader's language."""
    short = {
        "stop-search": _("Stop and search feedback"),
        "listening-session": _("Community listening sessions"),
        "say-to-stay": _("Say to Stay conversations with staff"),
    }
    if action.survey.slug in short:
        return short[action.survey.slug]
    version = action.survey.current_version
    if version is None:
        return action.survey.slug
    return Definition(version.definition).title(current_language())


def action_text(action: Action, field: str) -> tuple[str, str | None]:
    """An action's "you_said" or "we_did" in the reader's language, and the language to mark
    it with when it is not the page's: Welsh readers get the Welsh text when the action has
    it, otherwise the English, marked ``lang="en"`` so that a screen reader says it in English.
    """
    welsh = getattr(action, f"{field}_cy") if current_language() == "cy" else None
    if welsh:
        return welsh, None
    english = getattr(action, field)
    return english, ("en" if current_language() == "cy" else None)


def theme_heading(group: actions.ThemeGroup) -> tuple[str, str | None]:
    """A group's heading in the reader's language, and the language to mark it with when it is
    not the page's: the theme's Welsh name for Welsh readers when it has one, otherwise its
    English name, marked ``lang="en"``. Actions without a theme are under a heading of the
    page's own."""
    if group.theme is None:
        return _("Other things you told us"), None
    if current_language() != "cy":
        return group.theme, None
    if group.theme_cy:
        return group.theme_cy, None
    return group.theme, "en"


def area_name(area: Area | actions.AreaWithActions) -> tuple[str, str | None]:
    """An area's name in the reader's language, and the language to mark it with when it is
    not the page's: the area's Welsh name for Welsh readers when it has one, otherwise its
    English name, marked ``lang="en"``."""
    if current_language() != "cy":
        return area.name, None
    if area.name_cy:
        return area.name_cy, None
    return area.name, "en"


def area_in_text(area: Area | actions.AreaWithActions) -> Markup:
    """An area's name (see :func:`area_name`) to go into a sentence: an English name in a
    Welsh sentence is marked ``lang="en"``, so that a screen reader says it in English."""
    name, language = area_name(area)
    if language:
        return Markup('<span lang="{}">{}</span>').format(language, name)
    return escape(name)


@public_bp.context_processor
def public_context() -> dict:
    return {
        "service_name": _("%(force)s feedback", force=current_app.config["FORCE_NAME"]),
        "service_url": url_for("you_said_we_did.index"),
        "status_label": status_label,
        "survey_name": survey_name,
        "action_text": action_text,
        "theme_heading": theme_heading,
        "area_name": area_name,
        "area_in_text": area_in_text,
    }


@public_bp.get("/you-said-we-did")
def index():
    return render_template(
        "actions/public_index.html",
        areas=actions.areas_with_published(current_language()),
        force_wide=actions.published(None, current_language()),
    )


@public_bp.get("/you-said-we-did/<area_code>")
def area(area_code: str):
    found = actions.area_by_code(area_code)
    if found is None:
        abort(404)
    return render_template(
        "actions/public_area.html", area=found, groups=actions.published(found, current_language())
    )
