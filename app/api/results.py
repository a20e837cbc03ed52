"""GET /surveys/<slug>/results: a survey's results by group, hidden exactly as on the page;
GET /surveys/<slug>/sessions: the listening sessions its ``session`` filter takes.

The figures come from :func:`app.services.results.survey_results`, the service behind the
results page and its exports, so all three give the same numbers and hide the same groups; how
many were asked a conditional question, from :mod:`app.services.results_asked`, as on the page.
"""

from __future__ import annotations

import re
from typing import Any

from flask import jsonify, request

from app.api import bp
from app.api.views import requires
from app.errors import problem
from app.services import disclosure_settings, results, results_asked
from app.services.results_asked import Asked
from app.services.results_labels import DEFAULT_DIMENSION
from app.services.results_model import Filters, SurveyResults
from app.services.results_reasons import explain
from models import Scope

#: A month, or a day whose month is meant: views by date are whole quarters, so "from" must be a
#: quarter's first month and "to" a quarter's last (checked with the other filters).
MONTH_OR_DAY = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?$")
#: A listening session's number, as the results page's ``event`` filter has it: digits, no
#: leading zero, and few enough of them for any database's integer.
SESSION = re.compile(r"[1-9][0-9]{0,17}")
DIGITS = 4
#: The query parameters the results endpoint takes (see results_openapi.py).
PARAMETERS = ("by", "from", "to", "area", "session")


def _month(name: str, errors: list[dict[str, str]]) -> str | None:
    value = request.args.get(name)
    if value is None:
        return None
    match = MONTH_OR_DAY.fullmatch(value)
    if not match:
        example = results.MONTH_EXAMPLES[name]
        errors.append({"field": name, "message": f"{name} must be a month like {example}"})
        return None
    return f"{match.group(1)}-{match.group(2)}"


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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def _interval(ci: Any) -> list[float] | None:
    return None if ci is None else [_round(ci.low), _round(ci.high)]


def _asked(figure: Asked) -> dict[str, Any]:
    return {
        "question": figure.question,
        "asked_of": figure.asked_of,
        "respondents": figure.respondents,
        "asked": figure.asked,
        "asked_fewer_than": figure.fewer_than,
        "asked_more_than": figure.more_than,
        "suppressed": figure.suppressed,
        "summary": figure.sentence,
    }


def _reason(row: Any, k: int) -> str | None:
    """Why a figure within a shown group is hidden, in the page's words; None when it is shown
    or simply has no answers."""
    hidden = getattr(row, "hidden", None)
    return explain(hidden, k) if hidden else None


def document(found: SurveyResults, asked: dict[str, Asked]) -> dict[str, Any]:
    """The results as the API's JSON (DESIGN.md): a hidden group has no figures at all;
    ``asked`` says how many were asked each question shown only after some answers."""
    questions = {panel.key: {row.group: row for row in panel.rows} for panel in found.questions}
    sentiment = {s.group: s for s in found.sentiment}
    themes = {row.group: row for row in found.themes.rows}
    groups = []
    for figure in found.groups:
        entry: dict[str, Any] = {
            "group": figure.group,
            "label": figure.label,
            "n": figure.n,
            "suppressed": figure.hidden is not None,
            # The words the page and the exports give; never whether the group is small or
            # hidden as cover for one that is (results_reasons explains why).
            "suppressed_reason": (
                explain(figure.hidden, found.k) if figure.hidden is not None else None
            ),
        }
        if figure.hidden is not None:
            entry.update({"n": None, "questions": {}, "sentiment": None, "themes": {}})
            groups.append(entry)
            continue
        entry["questions"] = {}
        for key, rows in questions.items():
            row = rows.get(figure.group)
            shown = row is not None and row.hidden is None and row.n
            entry["questions"][key] = {
                "positive_share": _round(row.share) if shown else None,
                "ci": _interval(row.ci) if shown else None,
                "hidden_reason": _reason(row, found.k),
            }
        text = sentiment.get(figure.group)
        shown = text is not None and text.hidden is None and text.answers
        entry["sentiment"] = {
            "mean": _round(text.mean) if shown else None,
            "ci": _interval(text.ci) if shown else None,
            "hidden_reason": _reason(text, found.k),
        }
        theme_row = themes.get(figure.group)
        entry["themes"] = (
            {name: _round(cell.share) for name, cell in theme_row.cells.items()}
            if theme_row is not None and theme_row.hidden is None
            else {}
        )
        groups.append(entry)
    return {
        "survey": found.slug,
        "by": found.dimension,
        "k": found.k,
        "groups": groups,
        "asked": {key: _asked(figure) for key, figure in asked.items()},
        "counted_at": (
            found.counted_at.isoformat(timespec="seconds") if found.counted_at else None
        ),
        "months_not_counted": list(found.left_out),
    }


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
    if errors:
        return _invalid(errors)
    filters = Filters(
        dimension=request.args.get("by", DEFAULT_DIMENSION),
        start=start,
        end=end,
        area=area,
        event=session,
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
        return _invalid([{"field": error.field, "message": error.message}])
    return jsonify(document(found, asked))


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
