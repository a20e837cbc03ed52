"""How many respondents were shown each conditional question, in words for the results page.

A question shown only after a given answer ("Were you told why you were handcuffed?" only after
"yes" to "Were you handcuffed?") is answered by fewer people than the survey's total; the
results say how many were asked, so that nobody reads a small number answering as a small
number caring. Counting is two GROUP BYs by cell (month, area, event), kept in the results
cache: respondents by survey version (a question added in a later version was never asked of
earlier respondents), and questions_not_shown by question.
"""

from __future__ import annotations

from collections import defaultdict
from hashlib import sha256
from typing import Any

from sqlalchemy import func, select

from app.services import results_cache
from app.services.definitions import TEXT_TYPE, Definition, localised
from app.services.results_model import View
from models import QuestionNotShown, Response, SurveyVersion, db


def conditions(definition: Definition) -> dict[str, str]:
    """Question key -> who it is asked of ("people who answered “Were you handcuffed?” with
    Yes"), for every question of the survey's own that a condition hides from some."""
    found: dict[str, str] = {}
    for page, question in definition.questions():
        if page.is_equality:
            continue
        parts = [
            _condition_text(definition, condition)
            for condition in (page.data.get("show_if"), question.get("show_if"))
            if condition
        ]
        if parts:
            found[question["key"]] = " and ".join(parts)
    return found


def _condition_text(definition: Definition, condition: dict[str, Any]) -> str:
    target = definition.question(condition["question"]) or {"key": condition["question"]}
    text = localised(target.get("text"), "en") or condition["question"]
    answers = " or ".join(definition.option_label(target, code, "en") for code in condition["in"])
    return f"people who answered “{text}” with {answers}"


def _counted(survey_id: int, keys: list[str]) -> dict[str, list[list[Any]]]:
    """Respondents by cell and survey version, and not-shown questions by cell: stored in the
    results cache while the survey's data is unchanged, and added up for any view."""

    def count() -> dict[str, list[list[Any]]]:
        cells = [Response.submitted_month, Response.area_id, Response.event_id]
        by_version = db.session.execute(
            select(*cells, Response.survey_version_id, func.count())
            .where(Response.survey_id == survey_id)
            .group_by(*cells, Response.survey_version_id)
        )
        not_shown = db.session.execute(
            select(*cells, QuestionNotShown.question_key, func.count())
            .join(Response, Response.id == QuestionNotShown.response_id)
            .where(
                QuestionNotShown.survey_id == survey_id,
                QuestionNotShown.question_key.in_(keys),
            )
            .group_by(*cells, QuestionNotShown.question_key)
        )
        return {
            "versions": [list(row) for row in by_version],
            "not_shown": [list(row) for row in not_shown],
        }

    digest = sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]
    return results_cache.cached(survey_id, f"asked:{digest}", count)


def asked_of_some(survey_id: int, definition: Definition, view: View, k: int) -> dict[str, str]:
    """Question key -> a sentence saying whom it was asked of and how many of the respondents
    in ``view`` were asked. A count of fewer than ``k`` people asked, or not asked, is not
    given; nothing is said when the view itself has fewer than ``k`` respondents."""
    who = conditions(definition)
    if not who:
        return {}
    versions = {
        version_id: Definition(data)
        for version_id, data in db.session.execute(
            select(SurveyVersion.id, SurveyVersion.definition).where(
                SurveyVersion.survey_id == survey_id
            )
        )
    }
    counted = _counted(survey_id, list(who))
    respondents: dict[str, int] = defaultdict(int)
    for month, area_id, event_id, version_id, n in counted["versions"]:
        if not view.contains((month, area_id, event_id)):
            continue
        version = versions.get(version_id)
        for key in who:
            if version is not None and version.question(key) is not None:
                respondents[key] += n
    not_shown: dict[str, int] = defaultdict(int)
    for month, area_id, event_id, key, n in counted["not_shown"]:
        if view.contains((month, area_id, event_id)):
            not_shown[key] += n
    sentences = {}
    for key, condition in who.items():
        total = respondents.get(key, 0)
        if total < k:
            continue
        asked = total - not_shown.get(key, 0)
        sentences[key] = f"Asked only of {condition}: {_how_many(asked, total, k)}."
    return sentences


def _how_many(asked: int, total: int, k: int) -> str:
    if asked <= 0:
        return f"none of {total:,} were asked"
    if asked < k:
        return f"fewer than {k} of {total:,} were asked"
    if 0 < total - asked < k:
        return f"more than {total - k:,} of {total:,} were asked"
    return f"{asked:,} of {total:,} were asked"


def free_text(definition: Definition, asked: dict[str, str]) -> list[tuple[str, str]]:
    """(question, sentence) for the free-text questions among ``asked``, in survey order."""
    return [
        (localised(question["text"], "en"), asked[question["key"]])
        for _, question in definition.questions()
        if question["type"] == TEXT_TYPE and question["key"] in asked
    ]
