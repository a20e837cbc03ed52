"""The audit log as an admin reads it: actions in words, targets by name, who did it.

The log stores codes ("survey.publish"), survey short names, users' emails and random ids of
"You said, we did" actions; this module turns a page of it into what a person can read,
looking up every name the page needs in one query per kind. It reads the log, never answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.services.definitions import localised
from models import Action, AuditEvent, Survey, SurveyDraft, db

ACTION_NAMES = {
    "sign_in.password": "Signed in with password",
    "sign_in.failed": "Sign-in refused",
    "sign_in.two_factor": "Signed in with two-factor code",
    "sign_in.two_factor_failed": "Two-factor code refused",
    "sign_out": "Signed out",
    "two_factor.set_up": "Two-factor sign-in set up",
    "two_factor.set_up_failed": "Two-factor set-up code refused",
    "two_factor.reset": "Two-factor sign-in reset",
    "two_factor.recovery_codes_replaced": "New recovery codes made",
    "two_factor.key_unreadable": "Two-factor key could not be read",
    "two_factor.key_reencrypted": "Two-factor key encrypted again",
    "user.created": "User added",
    "user.deactivated": "User deactivated",
    "user.reactivated": "User reactivated",
    "user.password_reset": "Password reset",
    "user.password_changed": "Password changed",
    "user.role_changed": "Role changed",
    "api_token.created": "API token created",
    "api_token.revoked": "API token revoked",
    "results.export": "Results exported",
    "response.withdrawn": "Response withdrawn",
    "retention.purge": "Old responses deleted",
    "analysis.prune_models": "Old analysis models deleted",
    "settings.disclosure": "Disclosure thresholds changed",
    "coding.train": "Models trained from coded answers",
    "taxonomy.add": "Theme added",
    "taxonomy.change": "Theme changed",
    "taxonomy.remove": "Theme removed",
    "survey.draft_create": "Survey draft started",
    "survey.edit": "Survey draft changed",
    "survey.import": "Survey imported",
    "survey.publish": "Survey published",
    "survey.draft_discard": "Survey draft discarded",
    "survey.test_link_create": "Test link made",
    "survey.test_link_cancel": "Test link cancelled",
    "action.create": "“You said, we did” action added",
    "action.change": "“You said, we did” action changed",
    "action.publish": "“You said, we did” action published",
    "action.unpublish": "“You said, we did” action taken off the public page",
    "action.delete": "“You said, we did” action deleted",
}

# Who did it, when no signed-in user did: these happen on public or sign-in pages; every other
# action without a user comes from the command line (cron jobs, `flask users create` …).
NO_USER = {"sign_in.failed": "Not signed in", "response.withdrawn": "A respondent"}
COMMAND_LINE = "Command line"

# Actions whose target is a survey's short name.
_SURVEY_TARGETS = ("survey.", "results.export", "response.withdrawn", "coding.train")
_OTHER_TARGETS = {"analysis_models": "Sentiment and theme models"}
ACTION_TEXT_LENGTH = 60


def action_name(action: str) -> str:
    """An action in words; an action this module does not know reads as its code, spaced."""
    known = ACTION_NAMES.get(action)
    if known:
        return known
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def action_choices(actions: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) for the filter, in the order of their names."""
    return sorted(((code, action_name(code)) for code in actions), key=lambda pair: pair[1])


@dataclass(frozen=True)
class EventRow:
    """One event as the audit log page shows it."""

    occurred_at: dt.datetime
    who: str
    what: str
    target: str
    details: list[tuple[str, str]]


def _survey_titles(slugs: set[str]) -> dict[str, str]:
    if not slugs:
        return {}
    titles: dict[str, str] = {}
    drafts = db.session.scalars(select(SurveyDraft).where(SurveyDraft.slug.in_(slugs)))
    for draft in drafts:
        title = localised(draft.source.get("title"), "en")
        if title:
            titles[draft.slug] = title
    published = db.session.scalars(
        select(Survey).where(Survey.slug.in_(slugs)).options(selectinload(Survey.current_version))
    )
    for survey in published:
        version = survey.current_version
        title = localised(version.definition.get("title"), "en") if version else None
        if title:
            titles[survey.slug] = title
    return titles


def _actions(public_ids: set[str]) -> dict[str, Action]:
    if not public_ids:
        return {}
    found = db.session.scalars(
        select(Action).where(Action.public_id.in_(public_ids)).options(selectinload(Action.survey))
    )
    return {action.public_id: action for action in found}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= ACTION_TEXT_LENGTH:
        return text
    return text[: ACTION_TEXT_LENGTH - 1].rstrip() + "…"


def _is_survey_target(action: str) -> bool:
    return action.startswith(_SURVEY_TARGETS)


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key.replace('_', ' ')} {_value(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_value(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _details(detail: dict[str, Any] | None, titles: dict[str, str]) -> list[tuple[str, str]]:
    shown = []
    for key, value in (detail or {}).items():
        if _empty(value):
            continue
        if key == "survey" and isinstance(value, str):
            value = titles.get(value, value)
        shown.append((key.replace("_", " ").capitalize(), _value(value)))
    return shown


def rows(events: Sequence[AuditEvent]) -> list[EventRow]:
    """The events, in the same order, as the audit log page shows them."""
    actions = _actions({e.target for e in events if e.target and e.action.startswith("action.")})
    slugs = {e.target for e in events if e.target and _is_survey_target(e.action)}
    slugs |= {e.detail["survey"] for e in events if isinstance((e.detail or {}).get("survey"), str)}
    slugs |= {action.survey.slug for action in actions.values()}
    titles = _survey_titles(slugs)
    shown = []
    for event in events:
        target = event.target or ""
        if event.action.startswith("action.") and target:
            action = actions.get(target)
            if action is not None:
                survey = titles.get(action.survey.slug, action.survey.slug)
                target = f"“{_shorten(action.you_said)}” ({survey})"
            else:
                target = f"An action no longer kept (id {target})"
        elif _is_survey_target(event.action) and target:
            target = titles.get(target, target)
        else:
            target = _OTHER_TARGETS.get(target, target)
        who = event.actor or NO_USER.get(event.action, COMMAND_LINE)
        shown.append(
            EventRow(
                occurred_at=event.occurred_at,
                who=who,
                what=action_name(event.action),
                target=target,
                details=_details(event.detail, titles),
            )
        )
    return shown
