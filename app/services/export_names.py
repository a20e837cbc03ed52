"""File names for exports that say what they hold: the survey, the grouping, the area or
listening session, the months, the group compared with and the day the file was made, e.g.
``stop-search-by-ethnic-group-east-2026-01-to-2026-03-made-2026-11-30.csv``.

A name is lower-case ASCII letters, digits and hyphens before its extension, so it is safe
on every operating system and inside a Content-Disposition header whatever an admin named
an area or a session.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from app.services.results_model import Filters

PART_LENGTH = 40
NOT_SAFE = re.compile(r"[^a-z0-9]+")


def safe_part(text: str, limit: int = PART_LENGTH) -> str:
    """``text`` as lower-case ASCII words joined by hyphens ("Tŷ Newydd, Bangor" becomes
    "ty-newydd-bangor"), at most ``limit`` characters; "" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return NOT_SAFE.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def _months(start: str | None, end: str | None) -> str:
    if start and end:
        return start if start == end else f"{start}-to-{end}"
    if start:
        return f"from-{start}"
    return f"to-{end}" if end else ""


def file_name(
    slug: str,
    filters: Filters,
    kind: str,
    *,
    made: dt.date,
    event: tuple[str, dt.date] | None = None,
) -> str:
    """The name of an export of the view ``filters`` selects. ``event`` is the listening
    session's name and day, when the view is of one session."""
    parts = [safe_part(slug) or "results", "by", safe_part(filters.dimension)]
    if filters.area:
        parts.append(safe_part(filters.area) or "area")
    if filters.event is not None:
        name, held_on = event if event is not None else ("session", None)
        parts.append(safe_part(name) or "session")
        if held_on is not None:
            parts.append(held_on.isoformat())
    parts.append(safe_part(_months(filters.start, filters.end)))
    if filters.reference:
        parts += ["compared-with", safe_part(filters.reference) or "group"]
    if filters.trend:
        parts += ["trend-of", safe_part(filters.trend) or "question"]
    parts += ["made", made.isoformat()]
    return "-".join(part for part in parts if part) + "." + safe_part(kind)
