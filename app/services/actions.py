"""You said, we did: what the force did about what people told it.

Analysts record an action against a survey, optionally a theme of its taxonomy and an area
(none means force-wide), with a status. Only published actions reach the public pages, which
list them by area and theme; that is where listening-session attendees are pointed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from app.services import audit, taxonomy
from app.services.transaction import transactional
from models import Action, ActionStatus, Area, Survey, User, db, utcnow

MAX_TEXT = 2000


class ActionError(ValueError):
    """An action could not be saved; the message says why, and ``field`` which field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ActionInput:
    """What an analyst enters for an action. ``theme`` and ``area_code`` may be None, and so
    may the Welsh text (``you_said_cy``, ``we_did_cy``): both or neither."""

    you_said: str
    we_did: str
    status: ActionStatus | str
    theme: str | None = None
    area_code: str | None = None
    you_said_cy: str | None = None
    we_did_cy: str | None = None


def for_survey(survey: Survey) -> list[Action]:
    """Every action of the survey, newest first."""
    return list(
        db.session.scalars(
            select(Action)
            .options(joinedload(Action.area))
            .where(Action.survey_id == survey.id)
            .order_by(Action.created_at.desc(), Action.id.desc())
        )
    )


def counts_by_survey() -> dict[int, tuple[int, int]]:
    """Survey id -> (actions, published actions)."""
    rows = db.session.execute(
        select(
            Action.survey_id,
            func.count(),
            func.sum(case((Action.published.is_(True), 1), else_=0)),
        ).group_by(Action.survey_id)
    )
    return {survey_id: (total, int(published or 0)) for survey_id, total, published in rows}


def by_public_id(survey: Survey, public_id: str) -> Action | None:
    return db.session.scalar(
        select(Action).where(Action.survey_id == survey.id, Action.public_id == public_id)
    )


def _clean(survey: Survey, data: ActionInput, keep_theme: str | None = None) -> dict:
    you_said = (data.you_said or "").strip()
    we_did = (data.we_did or "").strip()
    if not you_said:
        raise ActionError("Enter what people said", "you_said")
    if len(you_said) > MAX_TEXT:
        raise ActionError(f"What people said must be {MAX_TEXT:,} characters or fewer", "you_said")
    if not we_did:
        raise ActionError("Enter what the force did or will do", "we_did")
    if len(we_did) > MAX_TEXT:
        raise ActionError(f"What the force did must be {MAX_TEXT:,} characters or fewer", "we_did")
    you_said_cy, we_did_cy = _welsh(data)
    try:
        status = ActionStatus(data.status)
    except ValueError:
        raise ActionError("Select how far the action has got", "status") from None
    theme = data.theme or None
    # A theme since removed from the taxonomy may stay on an action that already had it.
    if theme is not None and theme not in taxonomy.theme_names(survey) and theme != keep_theme:
        raise ActionError("Select a theme from the list", "theme")
    area = None
    if data.area_code:
        area = db.session.scalar(select(Area).where(Area.code == data.area_code))
        if area is None:
            raise ActionError("Select an area from the list", "area")
    return {
        "you_said": you_said,
        "we_did": we_did,
        "you_said_cy": you_said_cy,
        "we_did_cy": we_did_cy,
        "status": status,
        "theme": theme,
        "area": area,
    }


def _welsh(data: ActionInput) -> tuple[str | None, str | None]:
    """The Welsh text, both or neither: half an action in Welsh would mix the languages."""
    you_said = (data.you_said_cy or "").strip() or None
    we_did = (data.we_did_cy or "").strip() or None
    if we_did and not you_said:
        raise ActionError(
            "Enter what people said in Welsh, or leave both Welsh boxes empty", "you_said_cy"
        )
    if you_said and not we_did:
        raise ActionError(
            "Enter what the force did in Welsh, or leave both Welsh boxes empty", "we_did_cy"
        )
    for text, field, what in (
        (you_said, "you_said_cy", "people said"),
        (we_did, "we_did_cy", "the force did"),
    ):
        if text and len(text) > MAX_TEXT:
            raise ActionError(
                f"What {what} in Welsh must be {MAX_TEXT:,} characters or fewer", field
            )
    return you_said, we_did


@transactional
def create(survey: Survey, data: ActionInput, actor: User | None) -> Action:
    """Record a new action (unpublished)."""
    action = Action(survey=survey, published=False, created_by_id=actor.id if actor else None)
    for name, value in _clean(survey, data).items():
        setattr(action, name, value)
    db.session.add(action)
    db.session.flush()
    audit.add("action.create", action.public_id, {"survey": survey.slug})
    return action


@transactional
def update(action: Action, data: ActionInput) -> Action:
    """Change an action's text, theme, area or status; a published one stays published."""
    for name, value in _clean(action.survey, data, keep_theme=action.theme).items():
        setattr(action, name, value)
    action.updated_at = utcnow()
    audit.add(
        "action.change",
        action.public_id,
        {"survey": action.survey.slug, "status": action.status.value},
    )
    return action


@transactional
def set_published(action: Action, published: bool) -> Action:
    """Publish an action on the public page, or take it off."""
    if action.published != published:
        action.published = published
        action.updated_at = utcnow()
        audit.add(
            "action.publish" if published else "action.unpublish",
            action.public_id,
            {"survey": action.survey.slug},
        )
    return action


@transactional
def delete(action: Action) -> None:
    """Delete an action for good; a published one leaves the public page with it.

    The audit log keeps who deleted which action of which survey, and whether it was public,
    never what it said.
    """
    audit.add(
        "action.delete",
        action.public_id,
        {"survey": action.survey.slug, "was_published": action.published},
    )
    db.session.delete(action)


# --- The public pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaWithActions:
    code: str
    name: str
    published: int
    name_cy: str | None = None  # the area's Welsh name, if it has one


def areas_with_published(language: str = "en") -> list[AreaWithActions]:
    """Areas with at least one published action, by the name the reader sees (Welsh readers:
    the Welsh name where there is one)."""
    rows = db.session.execute(
        select(Area.code, Area.name, Area.name_cy, func.count(Action.id))
        .join(Action, Action.area_id == Area.id)
        .where(Action.published.is_(True))
        .group_by(Area.code, Area.name, Area.name_cy)
    )
    found = [AreaWithActions(code, name, count, name_cy) for code, name, name_cy, count in rows]

    def shown(area: AreaWithActions) -> str:
        return (area.name_cy if language == "cy" else None) or area.name

    return sorted(found, key=lambda area: (shown(area).casefold(), area.code))


@dataclass(frozen=True)
class ThemeGroup:
    theme: str | None  # None: actions not about one theme
    actions: list[Action]
    theme_cy: str | None = None  # the theme's Welsh name, if its taxonomy gives one


def published(area: Area | None, language: str = "en") -> list[ThemeGroup]:
    """Published actions of an area (None: force-wide), grouped by theme, themes A–Z by the
    name the reader sees (Welsh readers: the Welsh name where there is one) then the ones
    without a theme; within a theme, the latest first."""
    query = (
        select(Action)
        .options(joinedload(Action.survey))
        .where(Action.published.is_(True))
        .order_by(Action.updated_at.desc(), Action.id.desc())
    )
    query = query.where(Action.area_id.is_(None) if area is None else Action.area_id == area.id)
    groups: dict[str | None, list[Action]] = {}
    for action in db.session.scalars(query):
        groups.setdefault(action.theme, []).append(action)
    welsh_names = taxonomy.welsh_names({a.survey_id for found in groups.values() for a in found})
    found = [
        ThemeGroup(
            theme,
            listed,
            None if theme is None else _welsh_name(theme, listed, welsh_names),
        )
        for theme, listed in groups.items()
    ]

    def heading(group: ThemeGroup) -> str:
        return (group.theme_cy if language == "cy" else None) or group.theme or ""

    return sorted(found, key=lambda group: (group.theme is None, heading(group).casefold()))


def _welsh_name(
    theme: str, listed: Sequence[Action], welsh_names: dict[int, dict[str, str]]
) -> str | None:
    """The theme's Welsh name in the taxonomy of a survey its actions belong to (the same
    English name in two surveys is one heading: the first survey with a Welsh name gives it)."""
    for action in listed:
        name = welsh_names.get(action.survey_id, {}).get(theme)
        if name:
            return name
    return None


def area_by_code(code: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == code))
