"""The details of an audit event in words, for the audit log page.

Events store codes ("ethnic_group", "in_progress", "officer"), survey short names, area codes,
event ids and ISO dates; this module says each in words an admin reads ("Grouped by: Ethnic
group", "Status: In progress", "Old role: Officer", "Deleted responses from before: 1 January
2024"). A key it does not know still reads safely: its name spaced and capitalised, a code
value in words, a date in the service's style, a change as "from … to …".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.services.api_tokens import SCOPE_DESCRIPTIONS
from app.services.definitions import Definition, localised
from app.services.results_labels import DIMENSION_LABELS, group_label, known_groups, month_label
from app.templating import format_date
from models import Area, Event, db

Pair = tuple[str, str]

ROLE_NAMES = {"officer": "Officer", "analyst": "Analyst", "admin": "Administrator"}

# Key -> label, where the key means the same in every event that has it.
LABELS = {
    "second_factor": "Two-factor code",
    "reason": "Why",
    "method": "Code",
    "role": "Role",
    "scopes": "May",
    "needed": "Needed",
    "token": "Token",  # nosec B105 - a label
    "for": "For",
    "account": "Account concerned",
    "prefix": "Starts with",
    "expires_at": "Expires",
    "format": "File",
    "by": "Grouped by",
    "area": "Area",
    "event": "Event",
    "reference": "Compared with",
    "cutoff": "Deleted responses from before",
    "responses": "Responses deleted",
    "journeys": "Unfinished surveys deleted",
    "test_links": "Expired test links deleted",
    "keep": "Newest inactive models kept of each kind",
    "deleted": "Models deleted",
    "retrained": "Models trained again without the answers",
    "set_aside": "Models set aside until trained again",
    "models_retrained": "Models trained again without the deleted answers",
    "models_set_aside": "Models set aside until trained again",
    "coded": "Coded answers",
    "survey": "Survey",
    "checksum": "Fingerprint of the theme list",
    "renamed_from": "Renamed from",
    "from_version": "Started from",
    "what": "Change",
    "page": "Page",
    "question": "Question",
    "version": "Published as",
    "status": "Status",
    "was_published": "Was on the public page",
    # Where written answers were read (answers.read).
    "read_on": "Read on",
    # The disclosure thresholds (k and k_text).
    "figures": "Smallest group shown in figures",
    "quotes": "Smallest group whose quotes are shown",
    "k": "Smallest group shown in figures",
    "k_text": "Smallest group whose quotes are shown",
    # Areas (area.add, area.rename, area.retire, area.offer).
    "name": "Name",
    "name_cy": "Welsh name",
    "old_name": "Old name",
    "new_name": "New name",
    "old_name_cy": "Old Welsh name",
    "new_name_cy": "New Welsh name",
}
# A survey edit's page or question (by key) -> the detail keeping its title or text then.
WORDS_THEN = {"page": "title", "question": "text"}
# An area's names, shown as typed; a Welsh name it did not have reads "not given".
AREA_NAMES = frozenset({"name", "name_cy", "old_name", "new_name", "old_name_cy", "new_name_cy"})
# Values that are names or keys an admin chose, shown as they are.
AS_STORED = frozenset({"page", "question", "renamed_from", "checksum"})
# Key -> {stored code: words}.
WORDS = {
    "second_factor": {"required": "Asked for next", "not required": "Not needed for this account"},
    "reason": {
        "account deactivated": "The account is deactivated",
        "wrong email address or password": "Wrong password",
        "no account with that email address": "No account has that email address",
        "code already used": "The code had already been used",
        "recovery code already used": "A recovery code that had already been used",
        "locked": "Two-factor sign-in is locked after too many wrong codes in a row",
        "another officer's code": "The code was made by another officer",
        "revoked": "The token has been revoked",
        "expired": "The token has expired",
    },
    "method": {"app": "From their authenticator app", "recovery_code": "A recovery code"},
    # What a signed-in person's password was asked for again (password_check.failed).
    "for": {
        "password": "Changing their password",  # nosec B105 - a label
        "recovery_codes": "Getting new recovery codes",
        "two_factor": "Setting up two-factor sign-in",
        "admin.users_new": "Adding a user",
        "admin.users_role": "Changing someone's role",
        "admin.users_reset_password": "Resetting someone's password",  # nosec B105 - a label
        "admin.users_reset_two_factor": "Resetting someone's two-factor sign-in",
        "admin.users_reactivate": "Reactivating someone's account",
        "admin.tokens_new": "Making an API token",
    },
    "role": ROLE_NAMES,
    "format": {"csv": "CSV", "xlsx": "Excel"},
    "by": DIMENSION_LABELS,
    "status": {"planned": "Planned", "in_progress": "In progress", "done": "Done"},
    "read_on": {
        "coding": "The coding pages: an answer to code, or their own latest codings",
        "theme_discovery": "Themes the list misses: example answers",
        "results_quotes": "The results page: answers quoted for a group and theme",
    },
    "what": {
        "details": "Title, introduction, who answers or equality questions",
        "page added": "Page added",
        "page changed": "Page changed",
        "page removed": "Page removed",
        "page moved": "Page moved",
        "question added": "Question added",
        "question changed": "Question changed",
        "question removed": "Question removed",
    },
}
# Figures taken from the results: exported from the page, or read through the API.
RESULTS_TAKEN = ("results.export", "results.api_read")
MODEL_KINDS = {"sentiment": "Sentiment model", "themes": "Theme model"}
_CHANGE_KEYS = (("from", "to"), ("old", "new"), ("before", "after"))
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True)
class Names:
    """Names the details of a page of events refer to, looked up once for the page."""

    surveys: dict[str, str] = field(default_factory=dict)  # short name -> title
    definitions: dict[str, Definition] = field(default_factory=dict)  # short name -> current
    areas: dict[str, str] = field(default_factory=dict)  # code -> name
    events: dict[int, str] = field(default_factory=dict)  # id -> name
    # short name -> {("page" or "question", key): its title or text}
    texts: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)


def texts_of(definition: dict[str, Any]) -> dict[tuple[str, str], str]:
    """The English title of each page and text of each question of a survey definition (a
    draft's source or a published version), by key, for naming the parts an edit changed."""
    texts = {}
    for page in definition.get("pages") or []:
        if page.get("title"):
            texts[("page", page.get("key"))] = localised(page["title"], "en")
        for question in page.get("questions") or []:
            if question.get("text"):
                texts[("question", question.get("key"))] = localised(question["text"], "en")
    return texts


def slugs_named(details: Iterable[dict[str, Any] | None]) -> set[str]:
    """The survey short names the details mention (also inside deleted models)."""
    slugs = set()
    for detail in details:
        detail = detail or {}
        models = [*(detail.get("deleted") or []), *(detail.get("retrained") or [])]
        models += detail.get("set_aside") or []
        items = [detail, *(d for d in models if isinstance(d, dict))]
        slugs |= {item["survey"] for item in items if isinstance(item.get("survey"), str)}
    return slugs


def areas_and_events(
    details: Iterable[dict[str, Any] | None], area_codes: Iterable[str] = ()
) -> tuple[dict, dict]:
    """Names of the areas (by code) and events (by id) the details mention, and of the areas
    ``area_codes`` (the targets of area events): one query each."""
    codes, ids = set(area_codes), set()
    for detail in details:
        detail = detail or {}
        if isinstance(detail.get("area"), str):
            codes.add(detail["area"])
        if detail.get("by") == "area" and isinstance(detail.get("reference"), str):
            codes.add(detail["reference"])
        if isinstance(detail.get("event"), int) and not isinstance(detail["event"], bool):
            ids.add(detail["event"])
    areas = {}
    if codes:
        found = db.session.execute(select(Area.code, Area.name).where(Area.code.in_(codes)))
        areas = {code: name for code, name in found}
    events = {}
    if ids:
        events = {e.id: e.name for e in db.session.scalars(select(Event).where(Event.id.in_(ids)))}
    return areas, events


def details(
    action: str, detail: dict[str, Any] | None, names: Names, target: str = ""
) -> list[Pair]:
    """(label, value) for each detail worth showing, in the order they were stored.

    ``target`` is the event's target as stored (an export's survey short name)."""
    detail = detail or {}
    shown = []
    for key, value in detail.items():
        if action == "coding.train" and key in MODEL_KINDS:
            label = f"New {MODEL_KINDS[key].lower()}"
            shown.append((label, f"Version {value}" if value else "Not trained"))
        elif action == "analysis.prune_models" and key == "deleted" and value == []:
            shown.append((LABELS[key], "None"))
        elif action.startswith("area.") and key in AREA_NAMES:
            shown.append((LABELS[key], value if isinstance(value, str) and value else "not given"))
        elif _empty(value):
            continue
        elif action == "user.role_changed" and key in ("from", "to"):
            label = "Old role" if key == "from" else "New role"
            shown.append((label, _value("role", value, names)))
        elif action in RESULTS_TAKEN and key in ("from", "to"):
            shown.append(("From" if key == "from" else "To", _words(value)))
        elif action.startswith("survey.") and key in WORDS_THEN.values():
            continue  # shown with the page or question it names
        elif action.startswith("survey.") and key in WORDS_THEN:
            then = detail.get(WORDS_THEN[key])
            shown.append(_part(key, value, names.texts.get(target, {}), then))
        elif action in RESULTS_TAKEN and key == "trend":
            text = names.texts.get(target, {}).get(("question", value))
            shown.append(("Trend of", f"“{text}”" if text else _words(value)))
        elif action in RESULTS_TAKEN and key == "reference":
            shown.append(("Compared with", _reference(value, detail.get("by"), names, target)))
        else:
            shown.append((LABELS.get(key) or _spaced(key), _value(key, value, names)))
    return shown


def _value(key: str, value: Any, names: Names) -> str:
    if key in WORDS and isinstance(value, str):
        return WORDS[key].get(value) or _words(value)
    if key == "survey" and isinstance(value, str):
        return names.surveys.get(value, value)
    if key == "area" and isinstance(value, str):
        return names.areas.get(value, value)
    if key == "event" and isinstance(value, int):
        return names.events.get(value, "An event no longer kept")
    if key == "scopes" and isinstance(value, list):
        return ", ".join(SCOPE_DESCRIPTIONS.get(scope) or _words(scope) for scope in value)
    if key == "needed" and isinstance(value, str):
        return SCOPE_DESCRIPTIONS.get(value) or _words(value)
    if key in AS_STORED and isinstance(value, str):
        return value
    if key == "prefix" and isinstance(value, str):
        return f"{value}…"
    if key == "expires_at" and isinstance(value, str):
        return _works_until(value)
    if key == "from_version":
        return f"Published version {value}"
    if key == "version":
        return f"Version {value}"
    if key in ("deleted", "retrained", "set_aside") and isinstance(value, list):
        return "; ".join(_model(item, names) for item in value) or "None"
    return _words(value)


def _works_until(value: str) -> str:
    """An API token's expiry ("never", or an ISO time) in UTC, as the log's times are: "3 March
    2027 at 14:15 UTC"; "Never" for one that does not expire."""
    if value == "never":
        return "Never"
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return _words(value)
    when = when.astimezone(dt.UTC) if when.tzinfo else when
    return f"{format_date(when.date())} at {when:%H:%M} UTC"


def _model(item: Any, names: Names) -> str:
    if not isinstance(item, dict):
        return _words(item)
    kind = MODEL_KINDS.get(item.get("kind"), _words(item.get("kind") or "Model"))
    survey = names.surveys.get(item.get("survey"), item.get("survey") or "no survey")
    return f"{kind} version {item.get('version')} ({survey})"


def _part(key: str, value: Any, texts: dict[tuple[str, str], str], then: Any = None) -> Pair:
    """A page or question by its title or text as it read when the event happened (``then``,
    kept with events since the builder began to keep it), else as it reads now; one no
    longer in the survey by its key."""
    text = then if isinstance(then, str) and then else texts.get((key, value))
    if text:
        return (key.capitalize(), f"“{text}”")
    return (key.capitalize(), f"no longer in the survey (its key was {value})")


def _reference(value: Any, dimension: Any, names: Names, slug: str) -> str:
    """The group an export compared the others with, as the results page names it."""
    if value == "all_others":
        return "All other groups together"
    if dimension not in DIMENSION_LABELS or not isinstance(value, str):
        return _words(value)
    definition = names.definitions.get(slug) or Definition({"pages": []})
    areas = [Area(code=code, name=name) for code, name in names.areas.items()]
    labels = known_groups(dimension, definition, areas)
    if value not in labels and dimension != "month":
        return _words(value)
    return group_label(dimension, value, labels)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _spaced(key: str) -> str:
    words = str(key).replace("_", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:]


def _words(value: Any) -> str:
    """Any stored value in words: codes spaced, dates in the service's style, changes as
    "from … to …"; text that is not a code (an email address, a name) as it is."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,g}"
    if isinstance(value, dict):
        for before, after in _CHANGE_KEYS:
            if set(value) == {before, after}:
                return f"from {_words(value[before])} to {_words(value[after])}"
        return ", ".join(f"{_spaced(key).lower()}: {_words(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_words(item) for item in value)
    if value is None:
        return "not set"
    text = str(value)
    if _MONTH.fullmatch(text):
        return month_label(text)
    try:
        when = dt.datetime.fromisoformat(text) if len(text) >= 10 and text[4] == "-" else None
    except ValueError:
        when = None
    if when is not None:
        return format_date(when.date())
    if _CODE.fullmatch(text):
        return _spaced(text)
    return text
