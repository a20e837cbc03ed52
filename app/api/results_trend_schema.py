"""The OpenAPI schema of the results document's trend: the share answering the headline
question (or the question ``trend`` names) favourably each quarter, or each reporting year in a
view by place, for everyone and for each group with a line; and the ``trend`` parameter."""

from __future__ import annotations

from typing import Any

from app.api.results_document_schema import COUNT, HIDDEN_REASON, INTERVAL, SHARE

PERIOD: dict[str, Any] = {
    "type": "string",
    "pattern": "^\\d{4}(-Q[1-4]|/\\d{2})$",
    "description": "A calendar quarter (2026-Q2) or, in a view with an area or listening "
    "session chosen, a reporting year from April to March (2025/26)",
    "examples": ["2026-Q2", "2025/26"],
}
TREND_POINT: dict[str, Any] = {
    "type": "object",
    "required": ["period", "answered", "positive_share", "ci", "hidden_reason"],
    "properties": {
        "period": PERIOD,
        "answered": {**COUNT, "description": "How many answered in the period"},
        "positive_share": {
            **SHARE,
            "description": "Share answering favourably; null when hidden or nobody answered",
        },
        "ci": INTERVAL,
        "hidden_reason": HIDDEN_REASON,
    },
}


def _series(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": ["group", "label", "points"],
        "properties": {
            "group": {"type": "string"},
            "label": {"type": "string"},
            "points": {
                "type": "array",
                "description": "One for each of `periods`, in order",
                "items": {"$ref": "#/components/schemas/TrendPoint"},
            },
        },
    }


TREND: dict[str, Any] = {
    "type": ["object", "null"],
    "description": "The results page's trend: the share answering the headline question "
    "(or the question the `trend` parameter names) favourably, each quarter, or each "
    "reporting year (April to March) in a view with an area or listening session chosen; "
    "null when the view has none",
    "required": [
        "question",
        "text",
        "measure",
        "unit",
        "notes",
        "periods",
        "total",
        "groups",
        "without_line",
    ],
    "properties": {
        "question": {"type": "string", "description": "The question's key"},
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "What the page says under the trend: that its last period has not "
            "ended (its figures are the responses so far), or that the survey began part of "
            "the way through its first",
        },
        "unit": {
            "type": "string",
            "enum": ["quarter", "year"],
            "description": "What each period is: a calendar quarter, or a reporting year "
            "(April to March) in a view with an area or listening session chosen",
        },
        "text": {"type": "string"},
        "measure": {"type": "string", "examples": ["answering Very satisfied or Satisfied"]},
        "periods": {
            "type": "array",
            "description": "The quarters (or years) with answers, oldest first",
            "items": {
                "type": "object",
                "required": ["period", "label"],
                "properties": {
                    "period": PERIOD,
                    "label": {
                        "type": "string",
                        "examples": ["April to June 2026", "April 2025 to March 2026"],
                    },
                },
            },
        },
        "total": _series("All respondents (group `all`); a period may be hidden"),
        "groups": {
            "type": "array",
            "description": "Each group with a line: one that, in every period, has none or at "
            "least `k` answers (none when grouping by month)",
            "items": _series("A group's line"),
        },
        "without_line": {
            "type": "array",
            "description": "The groups with no line, each with why, as the page names them",
            "items": {
                "type": "object",
                "required": ["group", "label", "hidden_reason"],
                "properties": {
                    "group": {"type": ["string", "null"]},
                    "label": {"type": "string"},
                    "hidden_reason": {
                        "type": "string",
                        "description": "Why it has no line, in the page's words",
                    },
                },
            },
        },
    },
}


#: The query parameter choosing the trend's question, as the results page's "Trend of".
TREND_PARAMETER: dict[str, Any] = {
    "name": "trend",
    "in": "query",
    "required": False,
    "description": "The key of the question whose trend `trend` gives, as the results page's "
    "Trend of: any question `questions` gives a `positive_share` for (one answer, with a "
    "favourable half, not a grouping), such as told_grounds. Without it, the headline's (for "
    "stop-search, satisfaction). Its trend is hidden by the same rules as the headline's, on "
    "its own answers: a group with fewer than `k` answers to it in any period has no line. A "
    "key that is not such a question of the survey is a 422 naming the keys it takes",
    # A question's key, as a survey's definition takes it.
    "schema": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"},
    "examples": {"told the grounds": {"value": "told_grounds"}},
}
