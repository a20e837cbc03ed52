"""The OpenAPI schema of how many were asked each question shown only after some answers (a
conditional question), as the results page's sentence beneath it gives it, withheld in the same
cases."""

from __future__ import annotations

from typing import Any

from app.api.results_document_schema import COUNT

ASKED: dict[str, Any] = {
    "type": "object",
    "required": [
        "question",
        "asked_of",
        "respondents",
        "asked",
        "asked_fewer_than",
        "asked_more_than",
        "suppressed",
        "summary",
    ],
    "properties": {
        "question": {"type": "string", "description": "The question, in English"},
        "asked_of": {
            "type": "string",
            "description": "Whom it is asked of",
            "examples": ["people who answered “Were you handcuffed?” with Yes"],
        },
        "respondents": {
            **COUNT,
            "description": "Respondents in the view who could have been asked it (their "
            "version of the survey had it); null when the view has fewer than `k` respondents, "
            "or in a filtered view when some cell of views of its kind has fewer than `k` (a "
            "quarter; an area or session; with both, also a reporting year in an area or "
            "session)",
        },
        "asked": {
            **COUNT,
            "description": "How many were asked it; null when `suppressed`",
        },
        "asked_fewer_than": {
            **COUNT,
            "description": "Set (to `k`) when between 1 and `k` - 1 were asked; else null",
        },
        "asked_more_than": {
            **COUNT,
            "description": "Set (to `respondents` - `k`) when between 1 and `k` - 1 were not "
            "asked; else null",
        },
        "suppressed": {
            "type": "boolean",
            "description": "Whether the number asked is withheld: fewer than `k` asked or not "
            "asked, fewer than `k` respondents, or a filtered view in which some quarter, area "
            "or listening session, or a reporting year (April to March) in an area or session, "
            "has fewer than `k` asked or not asked (comparing views could reveal them)",
        },
        "summary": {
            "type": ["string", "null"],
            "description": "The sentence the results page shows; null when it shows none",
            "examples": [
                "Asked only of people who answered “Were you handcuffed?” with Yes: fewer "
                "than 10 of 44 were asked."
            ],
        },
    },
}
