"""Validation of API request bodies: plain dicts in, clear per-field messages out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

SURVEY_SLUG_MAX = 64
AREA_CODE_MAX = 32
EVENT_NAME_MAX = 200
FIELDS = {"survey", "area", "event_name", "event_name_cy", "event_date"}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True)
class LinkRequest:
    survey: str
    area: str | None
    event_name: str | None
    event_date: dt.date | None
    event_name_cy: str | None = None


def _has_control_characters(text: str) -> bool:
    # PostgreSQL cannot store NUL, and no slug, code or name needs any of these.
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


def _optional_text(body: dict[str, Any], name: str, limit: int, errors: list[FieldError]):
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(FieldError(name, f"{name} must be a string or null"))
        return None
    value = value.strip()
    if _has_control_characters(value):
        errors.append(FieldError(name, f"{name} must not contain control characters"))
        return None
    if len(value) > limit:
        errors.append(FieldError(name, f"{name} must be {limit} characters or fewer"))
        return None
    return value or None


def parse_link_request(body: Any) -> tuple[LinkRequest | None, list[FieldError]]:
    """A link request from a decoded JSON body, or the reasons it is not one."""
    if not isinstance(body, dict):
        return None, [FieldError("", "The request body must be a JSON object")]
    errors = [
        FieldError(str(name)[:50], f"Unknown field {str(name)[:50]!r}")
        for name in body
        if name not in FIELDS
    ]
    survey = body.get("survey")
    if survey is None:
        errors.append(FieldError("survey", "survey is required, for example stop-search"))
    elif not isinstance(survey, str) or not survey.strip():
        errors.append(FieldError("survey", "survey must be a survey slug, such as stop-search"))
    elif _has_control_characters(survey):
        errors.append(FieldError("survey", "survey must not contain control characters"))
    elif len(survey) > SURVEY_SLUG_MAX:
        errors.append(FieldError("survey", f"survey must be {SURVEY_SLUG_MAX} characters or fewer"))
    area = _optional_text(body, "area", AREA_CODE_MAX, errors)
    event_name = _optional_text(body, "event_name", EVENT_NAME_MAX, errors)
    event_name_cy = _optional_text(body, "event_name_cy", EVENT_NAME_MAX, errors)
    if event_name_cy and not event_name and "event_name" not in {e.field for e in errors}:
        errors.append(
            FieldError("event_name_cy", "event_name_cy needs event_name, the name in English")
        )
    event_date = None
    raw_date = body.get("event_date")
    if raw_date is not None:
        try:
            if not isinstance(raw_date, str) or len(raw_date) != 10:
                raise ValueError
            event_date = dt.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(FieldError("event_date", "event_date must be a date like 2026-03-27"))
    if errors:
        return None, errors
    return LinkRequest(survey.strip(), area, event_name, event_date, event_name_cy), []
