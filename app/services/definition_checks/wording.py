"""Checks on a definition's wording: English present, lengths, Welsh, placeholders, privacy.

Free text must never ask who someone is or how to reach them: answers are anonymous.
"""

from __future__ import annotations

import re
import string
from typing import Any

from app.services.definition_checks.problems import Report

MAX_TEXT = 1000
FOLLOW_UP_FIELDS = frozenset(
    {"scrutiny_panel_url", "results_published_url", "conversation_booking_text"}
)
PERSONAL_DETAILS = re.compile(
    r"\b(names?|e-?mails?|e-?mail address|phone|telephone|mobile|address(es)?|post ?codes?|"
    r"contact|date of birth|collar number|warrant number)\b",
    re.IGNORECASE,
)
PERSONAL_KEY = re.compile(
    r"(^|_)(name|names|email|e_mail|phone|telephone|mobile|address|postcode|contact|dob)(_|$)"
)


def texts_of(value: Any) -> dict[str, Any] | None:
    """A {"en": …, "cy": …} text as a dict, or None when it is not one."""
    return value if isinstance(value, dict) else None


def is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def english(
    report: Report, value: Any, what: str, field: str, *, required: bool = True, **where: Any
) -> None:
    """Check a {"en": …, "cy": …} text: English present, no text too long."""
    texts = texts_of(value)
    if value is None and not required:
        return
    if texts is None or not is_text(texts.get("en")):
        report.add(f"Enter {what} in English", field=f"{field}_en", **where)
        texts = texts or {}
    for language, text in texts.items():
        if language not in ("en", "cy"):
            report.add(f"{what.capitalize()}: use only English (en) and Welsh (cy)", **where)
        elif text is not None and not isinstance(text, str):
            report.add(f"{what.capitalize()} must be text", field=f"{field}_{language}", **where)
        elif text and len(text) > MAX_TEXT:
            report.add(
                f"{what.capitalize()} must be {MAX_TEXT} characters or fewer",
                field=f"{field}_{language}",
                **where,
            )


def intro(report: Report, value: Any) -> None:
    """The introduction: paragraphs in English (and Welsh), none too long."""
    texts = texts_of(value)
    english_text = texts.get("en") if texts else None
    if isinstance(english_text, str):
        english_text = [english_text]
    if not isinstance(english_text, list) or not any(is_text(p) for p in english_text):
        report.add("Enter an introduction in English", field="intro_en")
        return
    for language, paragraphs in texts.items():
        if isinstance(paragraphs, str):
            paragraphs = [paragraphs]
        if language not in ("en", "cy") or not isinstance(paragraphs, list):
            report.add("The introduction must be paragraphs in English and Welsh", field="intro")
        elif not all(isinstance(p, str) and len(p) <= MAX_TEXT for p in paragraphs):
            report.add(
                f"Each paragraph of the introduction must be text of {MAX_TEXT} characters "
                "or fewer",
                field=f"intro_{language}",
            )


def placeholders(report: Report, message: Any, **where: Any) -> None:
    """A follow-up message may fill in only the survey's follow-up fields."""
    for text in (texts_of(message) or {}).values():
        if not isinstance(text, str):
            continue
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError:
            names = {"{"}
        if names - FOLLOW_UP_FIELDS:
            report.add(
                "A follow-up message may use only {scrutiny_panel_url}, "
                "{results_published_url} or {conversation_booking_text} in braces",
                **where,
            )


def personal_details(report: Report, spec: dict[str, Any], key: Any, **where: Any) -> None:
    """A free-text question must not ask for names or contact details, in words or key."""
    wording = [
        text
        for field in ("text", "hint")
        for text in (texts_of(spec.get(field)) or {}).values()
        if isinstance(text, str)
    ]
    asks = any(PERSONAL_DETAILS.search(text) for text in wording)
    if asks or (isinstance(key, str) and PERSONAL_KEY.search(key)):
        report.add(
            "A free-text question must not ask for names or contact details (such as an "
            "email address, phone number or address): answers are anonymous",
            field="text_en",
            **where,
        )
