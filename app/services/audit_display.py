"""The audit log as an admin reads it: actions in words, targets by name, who did it.

The log stores codes ("survey.publish"), survey short names, users' emails, area codes and
random ids of "You said, we did" actions; this module turns a page of it into what a person can
read, looking up every name the page needs in one query per kind (the details, in words, come
from :mod:`app.services.audit_details`). It reads the log, never answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.services import audit_details, builder
from app.services.definitions import Definition, localised
from models import Action, AuditEvent, Survey, SurveyDraft, db

ACTION_NAMES = {
    "sign_in.password": "Signed in with password",
    "sign_in.failed": "Sign-in refused",
    "sign_in.two_factor": "Signed in with two-factor code",
    "sign_in.two_factor_failed": "Two-factor code refused",
    "sign_in.locked_out": "Stopped for too many attempts",
    "password_check.failed": "Wrong password given when asked for it again",  # nosec B105 - a label
    "sign_out": "Signed out",
    "two_factor.set_up": "Two-factor sign-in set up",
    "two_factor.set_up_failed": "Two-factor set-up code refused",
    "two_factor.locked": "Two-factor sign-in locked after too many wrong codes in a row",
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
    "api_token.refused": "API request refused: the token may not do it",
    "access.refused": "Page refused: not open to their role",
    "results.export": "Results exported",
    "results.api_read": "Results read through the API",
    "answers.read": "Respondents' written answers read",
    "response.withdrawn": "Response withdrawn",
    "retention.purge": "Old responses and audit events deleted",
    "analysis.prune_models": "Old analysis models deleted",
    "analysis.models_after_withdrawal": "Models set aside after a withdrawal",
    "analysis.models_after_retention": "Models trained again or set aside after old responses "
    "were deleted",
    "analysis.models_trained_again": "Set-aside models trained again without deleted answers",
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
    "area.add": "Area added",
    "area.rename": "Area renamed",
    "area.retire": "Area no longer offered to officers",
    "area.offer": "Area offered to officers again",
}

# Who did it, when no signed-in user did: these happen on public or sign-in pages; every other
# action without a user comes from the command line (cron jobs, `flask users create` …).
NO_USER = {
    "sign_in.failed": "Not signed in",
    "sign_in.locked_out": "Not signed in",
    "response.withdrawn": "A respondent",
    "analysis.models_after_withdrawal": "A respondent",
    "api_token.refused": "A system with an API token",
    "results.api_read": "A system with an API token",
}
COMMAND_LINE = "Command line"

# Actions whose target is a survey's short name.
_SURVEY_TARGETS = (
    "survey.",
    "results.export",
    "results.api_read",
    "answers.read",
    "response.withdrawn",
    "coding.train",
    "analysis.models_after_",
    "analysis.models_trained_again",
)
_OTHER_TARGETS = {"analysis_models": "Sentiment and theme models"}
ACTION_TEXT_LENGTH = 60


def action_name(action: str) -> str:
    """An action in words; an action this module does not know reads as its code, spaced."""
    known = ACTION_NAMES.get(action)
    if known:
        return known
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def known_actions(in_log: Iterable[str]) -> set[str]:
    """Every action the log's filter offers: each one named here, whether or not it has
    happened yet, and any other the log holds (one recorded before it was named here)."""
    return set(ACTION_NAMES).union(in_log)


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


def _surveys(slugs: set[str]) -> audit_details.Names:
    """Each survey's title (the published one's, else its draft's), published definition, and
    the titles and texts of its pages and questions (a draft's first)."""
    names = audit_details.Names()
    if not slugs:
        return names
    titles, definitions, texts = names.surveys, names.definitions, names.texts
    drafts = db.session.scalars(select(SurveyDraft).where(SurveyDraft.slug.in_(slugs)))
    for draft in drafts:
        title = localised(draft.source.get("title"), "en")
        if title:
            titles[draft.slug] = title
        texts[draft.slug] = audit_details.texts_of(draft.source)
    published = db.session.scalars(
        select(Survey).where(Survey.slug.in_(slugs)).options(selectinload(Survey.current_version))
    )
    for survey in published:
        version = survey.current_version
        if version is None:
            continue
        definitions[survey.slug] = Definition(version.definition)
        texts[survey.slug] = audit_details.texts_of(version.definition) | texts.get(survey.slug, {})
        title = localised(version.definition.get("title"), "en")
        if title:
            titles[survey.slug] = title
    return names


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


def _shared(titles: dict[str, str], slugs: set[str]) -> set[str]:
    """The titles of ``slugs`` that more than one survey has: among those the page names, and
    among every survey and draft there is, since a page filtered to one action may show only
    one of them."""
    if not slugs:
        return set()
    every = {row.slug: row.title for row in builder.survey_rows()}
    every |= {slug: titles.get(slug, slug) for slug in slugs}
    return {title for title, count in Counter(every.values()).items() if count > 1}


def _area_renames(codes: set[str]) -> dict[str, list[AuditEvent]]:
    """Each area's renames of its English name, oldest first, to tell the name it had at the
    time of any event."""
    renames: dict[str, list[AuditEvent]] = {}
    if not codes:
        return renames
    found = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "area.rename", AuditEvent.target.in_(codes))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    for rename in found:
        if isinstance((rename.detail or {}).get("old_name"), str):
            renames.setdefault(rename.target, []).append(rename)
    return renames


def _area_target(event: AuditEvent, now: str | None, renames: list[AuditEvent]) -> str:
    """An area by the name it had when the event happened (a rename: the name it had until
    then), its code, which never changes, and its name now where that is another, as in
    "North (north), now called North and Coast"."""
    code = event.target or ""
    then = next(
        (
            rename.detail["old_name"]
            for rename in renames
            if (rename.occurred_at, rename.id) >= (event.occurred_at, event.id)
        ),
        now,
    )
    if then is None:
        return code
    if now is None or now == then:
        return f"{then} ({code})"
    return f"{then} ({code}), now called {now}"


def rows(events: Sequence[AuditEvent]) -> list[EventRow]:
    """The events, in the same order, as the audit log page shows them."""
    actions = _actions({e.target for e in events if e.target and e.action.startswith("action.")})
    slugs = {e.target for e in events if e.target and _is_survey_target(e.action)}
    slugs |= audit_details.slugs_named(e.detail for e in events)
    slugs |= {action.survey.slug for action in actions.values()}
    names = _surveys(slugs)
    titles = names.surveys
    shared_titles = _shared(titles, slugs)
    area_codes = {e.target for e in events if e.target and e.action.startswith("area.")}
    areas, named_events = audit_details.areas_and_events((e.detail for e in events), area_codes)
    renames = _area_renames(area_codes)
    names.areas.update(areas)
    names.events.update(named_events)
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
            title = titles.get(target, target)
            # Two surveys with one title (an imported copy) are told apart by short name.
            target = f"{title} ({target})" if title in shared_titles else title
        elif event.action.startswith("area.") and target:
            target = _area_target(event, areas.get(target), renames.get(target, []))
        else:
            target = _OTHER_TARGETS.get(target, target)
        who = event.actor or NO_USER.get(event.action, COMMAND_LINE)
        shown.append(
            EventRow(
                occurred_at=event.occurred_at,
                who=who,
                what=action_name(event.action),
                target=target,
                details=audit_details.details(
                    event.action, event.detail, names, event.target or ""
                ),
            )
        )
    return shown
