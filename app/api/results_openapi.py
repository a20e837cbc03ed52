"""The OpenAPI description of GET /surveys/{slug}/results (merged into app.api.openapi)."""

from __future__ import annotations

from typing import Any

from app.api import results_document_schema as figures
from app.api.results_asked_schema import ASKED
from app.api.results_document_schema import (
    QUESTION_FIGURES,
    ROW_PROPERTIES,
    ROW_REQUIRED,
    SENTIMENT_FIGURES,
)
from app.api.results_trend_schema import TREND, TREND_PARAMETER, TREND_POINT
from app.services.definitions import BUILT_IN
from app.services.results_queries import DIMENSIONS

PROBLEM = "application/problem+json"
#: The largest session number taken: 18 digits, within any database's integer.
SESSION_MAX = 10**18 - 1
#: What every operation's 401 means.
UNAUTHORISED = (
    "No API token, or one that is not valid, has been revoked or has expired. For a token "
    "that has expired, `detail` says when, and the `WWW-Authenticate` header's "
    '`error_description` is "The token has expired"'
)
#: What every operation's 429 means.
TOO_MANY_REQUESTS = (
    "Too many requests with this token, or too many from this address without a valid "
    "token (then every request from it is refused, whatever its token); wait for the "
    "seconds in Retry-After and try again"
)


def _problem(description: str, schema: str = "Problem") -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _month(
    name: str, meaning: str, months: tuple[str, ...], example: str, year_month: str
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{meaning}: a month ({example}) or a day in it; views by date cover "
        "whole calendar quarters, so that a group small in one month is not hidden in every "
        "view by date. With `area` or `session` too, they cover whole reporting years, April "
        f"to March, so {name} must then be {year_month}",
        "schema": {
            "type": "string",
            "pattern": rf"^\d{{4}}-({'|'.join(months)})(-(0[1-9]|[12]\d|3[01]))?$",
        },
    }


def operation() -> dict[str, Any]:
    """The GET operation."""
    return {
        "operationId": "getSurveyResults",
        "summary": "A survey's results by group, with small groups hidden",
        "description": (
            "Needs the `results:read` scope. The same figures as the results page, hidden the "
            "same way: a group with fewer than `k` respondents is `suppressed` with `n` null "
            "and no figures, and so is the next-smallest group when a total would otherwise "
            "give it away; `suppressed_reason` says why, in the words the results page and its "
            "exports use. With `from`, `to`, `area` or `session`, a group is also hidden if "
            "in any calendar quarter, area or listening session of the survey, or, with dates "
            "and a place, any reporting year (April to March) in an area or session, it has "
            "fewer than `k` respondents, so that comparing two queries never "
            "reveals a small group. A figure "
            "that is null within a shown group is hidden for the same reasons (fewer than `k` "
            "answered that question, or it is hidden with a group where fewer did: told "
            "apart, the total less the figures shown could give counts away), or has no "
            "answers yet. `positive_share` is the share "
            "answering favourably (satisfied, agree, yes); `ci` is its 95% Wilson interval; "
            "sentiment runs from -1 to 1 with a 95% t interval; `themes` gives the share of the "
            "group's written answers raising each. `asked` says, for each question shown only "
            "after some answers, how many of the view's respondents were asked it, as the "
            "results page does: never a number of fewer than `k` asked or not asked.\n\n"
            "Beside those, everything else the results page and its CSV and Excel exports "
            "give, hidden as they hide it: for each question, how many answered and answered "
            "favourably, the ratio to the `reference` group with its 95% interval, the "
            "p-value after Holm's correction for all `comparisons`, whether the difference is "
            "significant and the page's words for it; `findings`, the sentences under What "
            "stands out; sentiment's respondents and share of negative answers; "
            "`theme_figures` (counts, intervals and significant differences of themes); "
            "`distributions` for questions with no favourable half; `total`, the All "
            "respondents row; and `trend`, by quarter (by reporting year with an area or session "
            "chosen), of the headline's question or the one `trend` names. A group the page "
            "hides has no figures anywhere in the document: not in `findings`, nor in "
            "`trend`, where it is named under `without_line` with why."
        ),
        "parameters": [
            {
                "name": "slug",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": 64},
                "examples": {"stop-search": {"value": "stop-search"}},
            },
            {
                "name": "by",
                "in": "query",
                "required": False,
                "description": "How to group respondents (default ethnic_group); role is for "
                "say-to-stay only",
                "schema": {"type": "string", "enum": list(DIMENSIONS), "default": "ethnic_group"},
            },
            _month(
                "from",
                "The first month of a quarter: January, April, July or October",
                ("01", "04", "07", "10"),
                "2026-04",
                "an April",
            ),
            _month(
                "to",
                "The last month of a quarter: March, June, September or December",
                ("03", "06", "09", "12"),
                "2026-06",
                "a March",
            ),
            {
                "name": "area",
                "in": "query",
                "required": False,
                "description": "Only responses from the area with this code",
                "schema": {"type": "string", "maxLength": 32, "pattern": "^[a-z0-9][a-z0-9-]*$"},
            },
            {
                "name": "session",
                "in": "query",
                "required": False,
                "description": "Only responses from this listening session: its number, the "
                "one the results page's address gives after `event=` when a session is chosen "
                "under Listening session. A number that is not one of the survey's sessions is "
                "a 422",
                "schema": {"type": "integer", "minimum": 1, "maximum": SESSION_MAX},
                "examples": {"a session": {"value": 12}},
            },
            {
                "name": "reference",
                "in": "query",
                "required": False,
                "description": "The group every other group is compared with, as the results "
                "page's Compare with: a group's code of the grouping `by` names, or "
                "`all_others` to compare each group with all the others pooled. Without it, "
                "the usual group: White by ethnic group, White British by ethnicity, else "
                "the largest group shown other than Not stated. A code that is not a group of "
                "the grouping is a 422; a group hidden in the view, or with nobody in it, is "
                "compared with nothing, and `reference` in the results is null",
                "schema": {"type": "string", "maxLength": 64, "minLength": 1},
                "examples": {"Black respondents": {"value": "black"}},
            },
            TREND_PARAMETER,
        ],
        "responses": {
            "200": {
                "description": "The results",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Results"}}
                },
            },
            "400": _problem("The query contains a NUL character"),
            "401": _problem(UNAUTHORISED),
            "403": _problem("The API token does not have the scope this needs"),
            "404": _problem("There is no survey with that slug"),
            "422": _problem(
                "A query parameter is not valid, not known or given more than once; `errors` "
                "lists each problem",
                "ValidationProblem",
            ),
            "429": _problem(TOO_MANY_REQUESTS),
        },
    }


def sessions_operation() -> dict[str, Any]:
    """The GET operation listing a survey's listening sessions."""
    return {
        "operationId": "getSurveySessions",
        "summary": "A survey's listening sessions, for the results' session filter",
        "description": (
            "Needs the `results:read` scope. Each listening session the survey's links were "
            "made for (or its answers came from), newest first, as the results page lists them: "
            "`session` is the number `GET /surveys/{slug}/results?session=` takes."
        ),
        "parameters": [
            {
                "name": "slug",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": 64},
                "examples": {"listening-session": {"value": "listening-session"}},
            }
        ],
        "responses": {
            "200": {
                "description": "The survey's sessions (none for a survey without sessions)",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Sessions"}}
                },
            },
            "400": _problem("The query contains a NUL character"),
            "401": _problem(UNAUTHORISED),
            "403": _problem("The API token does not have the scope this needs"),
            "404": _problem("There is no survey with that slug"),
            "422": _problem("A query parameter was given: none is taken", "ValidationProblem"),
            "429": _problem(TOO_MANY_REQUESTS),
        },
    }


SESSIONS: dict[str, Any] = {
    "type": "object",
    "required": ["survey", "sessions"],
    "properties": {
        "survey": {"type": "string", "examples": list(BUILT_IN)},
        "sessions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["session", "name", "name_cy", "held_on", "area"],
                "properties": {
                    "session": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": SESSION_MAX,
                        "description": "What the results' `session` parameter takes",
                    },
                    "name": {"type": "string", "description": "The session's name in English"},
                    "name_cy": {
                        "type": ["string", "null"],
                        "description": "Its name in Welsh, if it was given one",
                    },
                    "held_on": {"type": "string", "format": "date"},
                    "area": {
                        "type": ["string", "null"],
                        "description": "The code of the area it was held in, if given",
                    },
                },
            },
        },
    },
}


def schemas() -> dict[str, Any]:
    """The schemas the operation refers to."""
    group = _group()
    return {
        "Sessions": SESSIONS,
        "Results": {
            "type": "object",
            "required": ["survey", "by", "k", "groups", "asked", *figures.RESULTS_REQUIRED],
            "properties": {
                "survey": {"type": "string", "examples": list(BUILT_IN)},
                "by": {"type": "string", "enum": list(DIMENSIONS)},
                "k": {
                    "type": "integer",
                    "description": "The smallest group whose figures are shown",
                },
                "groups": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}},
                "asked": {
                    "type": "object",
                    "description": "Question key -> how many were asked it, for each question "
                    "shown only after some answers (the results page's note beside it)",
                    "additionalProperties": {"$ref": "#/components/schemas/Asked"},
                },
                "counted_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": (
                        "When the figures were counted from the responses (UTC). Responses "
                        "that arrived later are not in them; stored counts are served for up "
                        "to the service's RESULTS_MAX_AGE_SECONDS (default 10 minutes) after "
                        "newer responses arrive, and never after a withdrawal or purge. Null "
                        "for a survey of police officers and staff (Say to Stay): its figures "
                        "count only the months that are over (months_not_counted names the "
                        "rest), so a response this month changes none of them, but when they "
                        "were counted would change, and say that a colleague had just answered."
                    ),
                },
                "months_not_counted": {
                    "type": "array",
                    "items": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"},
                    "description": (
                        "Months (YYYY-MM) whose responses no figure counts: a month's "
                        "responses are counted once it has at least k, so that no figure, and "
                        "no total less the other months, describes fewer than k people. For a "
                        "survey of police officers and staff (Say to Stay) the month not yet "
                        "over is always listed too, whatever its count, as its responses are "
                        "counted only when it ends, so that nobody can watch one colleague's "
                        "answers arrive. No reason is given per month: the notes say why, in words."
                    ),
                },
                **figures.RESULTS_PROPERTIES,
            },
        },
        "Asked": ASKED,
        "Group": group,
        **figures.schemas(group),
        "Trend": TREND,
        "TrendPoint": TREND_POINT,
    }


def _group() -> dict[str, Any]:
    """A group's row: DESIGN.md's figures, and beside them the rest of what the page shows."""
    return {
        "type": "object",
        "required": [
            "group",
            "label",
            "n",
            "suppressed",
            "suppressed_reason",
            "questions",
            "sentiment",
            "themes",
            *ROW_REQUIRED,
        ],
        "properties": {
            "group": {
                "type": "string",
                "description": "The group's code; not_stated for respondents who did not say",
            },
            "label": {"type": "string"},
            "n": {
                "type": ["integer", "null"],
                "description": "Respondents; null when suppressed",
            },
            "suppressed": {"type": "boolean"},
            "suppressed_reason": {
                "type": ["string", "null"],
                "description": "Why the group is hidden, in the words the results page and "
                'its exports give ("hidden: …"); null when it is shown. The same words '
                "whether the group has fewer than `k` respondents or is hidden with one that "
                "has: told apart, the total less the groups shown could give counts away",
                "examples": [
                    "fewer than 10 respondents, or hidden with a group that has, so that "
                    "neither can be worked out from the total"
                ],
            },
            "questions": {
                "type": "object",
                "description": "Question key -> the figures of a question with a favourable half "
                "(the page's Answers by group); empty when suppressed",
                "additionalProperties": {
                    "type": "object",
                    "required": list(QUESTION_FIGURES),
                    "properties": QUESTION_FIGURES,
                },
            },
            "sentiment": {
                "type": ["object", "null"],
                "description": "Mean sentiment of the group's written answers; null when "
                "suppressed",
                "required": list(SENTIMENT_FIGURES),
                "properties": SENTIMENT_FIGURES,
            },
            "themes": {
                "type": "object",
                "description": "Theme -> share of the group's written answers raising it",
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
            },
            **ROW_PROPERTIES,
        },
    }
