"""GET /surveys/<slug>/results: a survey's results by group, hidden exactly as on the page;
GET /surveys/<slug>/sessions: the listening sessions its ``session`` filter takes.

The figures come from :func:`app.services.results.survey_results`, the service behind the
results page and its exports, so all three give the same numbers and hide the same groups; how
many were asked a conditional question, from :mod:`app.services.results_asked`, as on the page.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import g, jsonify, request

from analysis.groups import ALL_OTHERS
from app.api import bp
from app.api.results_document import document
from app.api.views import requires
from app.errors import problem
from app.services import audit, disclosure_settings, results, results_asked
from app.services.results_labels import DEFAULT_DIMENSION, known_groups
from app.services.results_model import Filters, SurveyResults
from models import Scope

#: A month, or a day whose month is meant: views by date are whole quarters, so "from" must be a
#: quarter's first month and "to" a quarter's last, and, with ``area`` or ``session``, whole
#: reporting years, from an April to a March (checked with the other filters).
MONTH_OR_DAY = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?$")
#: A listening session's number, as the results page's ``event`` filter has it: digits, no
#: leading zero, and few enough of them for any database's integer.
SESSION = re.compile(r"[1-9][0-9]{0,17}")
REFERENCE_MESSAGE = (
    "reference must be a group of the grouping, such as white when by=ethnic_group, or all_others"
)
TREND_MESSAGE = "trend must be the key of a question with a favourable answer, such as told_grounds"
#: The query parameters the results endpoint takes (see results_openapi.py).
PARAMETERS = ("by", "from", "to", "area", "session", "reference", "trend")


def _month(name: str, errors: list[dict[str, str]]) -> str | None:
    value = request.args.get(name)
    if value is None:
        return None
    match = MONTH_OR_DAY.fullmatch(value)
    example = results.MONTH_EXAMPLES[name]
    if not match:
        errors.append({"field": name, "message": f"{name} must be a month like {example}"})
        return None
    year, month, day = match.groups()
    if day is not None:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            # 2026-04-31 is no day, so no month of it is meant: not quietly April.
            message = (
                f"{name} {value!r} is not a real day: give a month like {example}, or a day in it"
            )
            errors.append({"field": name, "message": message})
            return None
    return f"{year}-{month}"


def _session(errors: list[dict[str, str]]) -> int | None:
    value = request.args.get("session")
    if value is None:
        return None
    if not SESSION.fullmatch(value):
        errors.append(
            {
                "field": "session",
                "message": "session must be a listening session's number, such as 12",
            }
        )
        return None
    return int(value)


@bp.get("/surveys/<slug>/results")
@requires(Scope.RESULTS_READ)
def survey_results(slug: str):
    # A parameter it does not know is refused, not ignored: "?aera=north" must not quietly
    # give the results for every area.
    errors: list[dict[str, str]] = [
        {"field": name[:50], "message": f"Unknown query parameter {name[:50]!r}"}
        for name in request.args
        if name not in PARAMETERS
    ]
    # Given twice, which was meant? "?area=north&area=south" must not quietly mean the north.
    errors += [
        {"field": name, "message": f"{name} is given more than once: give it once"}
        for name in PARAMETERS
        if len(request.args.getlist(name)) > 1
    ]
    start, end = _month("from", errors), _month("to", errors)
    session = _session(errors)
    # A parameter given must be valid: an empty one is an error, not "no filter".
    area = request.args.get("area")
    if area == "":
        errors.append({"field": "area", "message": "area must be an area code, such as north"})
    reference = request.args.get("reference")
    if reference == "":
        errors.append({"field": "reference", "message": REFERENCE_MESSAGE})
    # The question whose trend to give (the headline's without it): checked by the service,
    # which names the keys it takes.
    trend = request.args.get("trend")
    if trend == "":
        errors.append({"field": "trend", "message": TREND_MESSAGE})
    if errors:
        return _invalid(errors)
    filters = Filters(
        dimension=request.args.get("by", DEFAULT_DIMENSION),
        start=start,
        end=end,
        area=area,
        event=session,
        reference=reference,
        trend=trend,
    )
    try:
        k, k_text = disclosure_settings.thresholds()
        found, asked = results_asked.survey_results(slug, filters, k=k, k_text=k_text)
    except results.SurveyNotFound:
        return problem(404, "Not Found", f"There is no survey called {slug[:64]!r}")
    except results.ResultsError as error:
        if error.field == "event":  # the page's name for it
            message = f"There is no listening session {session} of this survey"
            return _invalid([{"field": "session", "message": message}])
        return _invalid([{"field": field, "message": message} for field, message in error.problems])
    if reference is not None and reference not in _groups_of(slug, found):
        # The page falls back to the usual group and says so; an API client would not notice.
        message = f"{REFERENCE_MESSAGE}: {reference[:40]!r} is not a group of by={found.dimension}"
        return _invalid([{"field": "reference", "message": message}])
    _record_reading(slug, found)
    return jsonify(document(found, asked))


def _record_reading(slug: str, found: SurveyResults) -> None:
    """In the audit log, as an export from the results page is: which token read which
    figures, grouped and filtered how (never a figure). The same reading is recorded once an
    hour, however often a system asks for it."""
    token, chosen = g.api_token, found.filters
    audit.record_once(
        "results.api_read",
        slug,
        {
            "token": token.name,
            "prefix": token.prefix,
            "by": chosen.dimension,
            "from": chosen.start,
            "to": chosen.end,
            "area": chosen.area,
            "event": chosen.event,
            "reference": found.reference,
            "trend": chosen.trend,
        },
    )


def _groups_of(slug: str, found: SurveyResults) -> set[str]:
    """The codes ``reference`` takes: the grouping's groups (those the view lists, and any
    other the grouping has), and all_others."""
    context = results.survey_context(slug)
    known = known_groups(found.dimension, context.definition, context.areas) if context else {}
    return {ALL_OTHERS, *known, *(g.group for g in found.groups)}


def _invalid(errors: list[dict[str, str]]):
    return problem(
        422,
        "Unprocessable Content",
        "The query has problems: " + "; ".join(error["message"] for error in errors),
        errors=errors,
    )


@bp.get("/surveys/<slug>/sessions")
@requires(Scope.RESULTS_READ)
def survey_sessions(slug: str):
    """The listening sessions of a survey, newest first, as the results page's session filter
    lists them: the number ``session`` takes, the name in English and Welsh, the day and the
    area. What anyone answered at them is in the results, hidden as they are."""
    unknown = [
        {"field": name[:50], "message": f"Unknown query parameter {name[:50]!r}"}
        for name in request.args
    ]
    if unknown:
        return _invalid(unknown)
    context = results.survey_context(slug)
    if context is None:
        return problem(404, "Not Found", f"There is no survey called {slug[:64]!r}")
    return jsonify(
        {
            "survey": context.survey.slug,
            "sessions": [
                {
                    "session": event.id,
                    "name": event.name,
                    "name_cy": event.name_cy,
                    "held_on": event.held_on.isoformat(),
                    "area": event.area.code if event.area is not None else None,
                }
                for event in context.events
            ],
        }
    )
