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
from dataclasses import dataclass, replace
from hashlib import sha256
from typing import Any

from sqlalchemy import func, select

from app.services import results, results_cache
from app.services.definitions import TEXT_TYPE, Definition, localised
from app.services.results_disclosure import cells_of_kind, view_kind
from app.services.results_model import Filters, SurveyResults, View
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


@dataclass(frozen=True)
class Asked:
    """How many of a view's respondents were asked one conditional question, as far as may be
    told: the page's sentence, and the same figures for exports and the API.

    ``respondents`` are those whose survey version had the question; ``asked`` is exact only
    when neither the number asked nor the number not asked is between 1 and k - 1, else
    ``fewer_than`` or ``more_than`` bounds it. ``hidden`` says why there are no figures at all:
    "few" (the view has fewer than k respondents: nothing is said), "total" (a filtered
    view, and some cell has too few respondents), or no number asked: "differencing" (a
    filtered view, and some cell has too few asked or not asked).
    """

    key: str
    question: str
    asked_of: str
    respondents: int | None = None
    asked: int | None = None
    fewer_than: int | None = None
    more_than: int | None = None
    hidden: str | None = None
    sentence: str | None = None

    @property
    def suppressed(self) -> bool:
        """Whether the exact number asked is withheld."""
        return self.asked is None


def figures(
    survey_id: int,
    definition: Definition | None,
    view: View,
    k: int,
    *,
    filtered: bool,
    left_out: tuple[str, ...] = (),
) -> dict[str, Asked]:
    """Question key -> :class:`Asked` for each conditional question of the survey, over the
    respondents in ``view``; ``definition`` is the survey's current one (None: read it).

    Nothing is given for a view of fewer than ``k`` respondents, and a count of fewer than
    ``k`` people asked, or not asked, is not given. A ``filtered`` view gives no count that
    comparing it with another view could reveal, as the results tables do: no total if some
    cell of views of its kind (a quarter, a place, or a reporting year in a place) has between
    1 and ``k`` - 1 respondents who had the question, and no number asked if some has that few
    asked or not asked. Respondents of the
    months ``left_out`` (:func:`app.services.results_counts.left_out_months`) are not counted.
    """
    versions: dict[int, Definition] = {}
    current: tuple[int, Definition] | None = None
    for version_id, number, data in db.session.execute(
        select(SurveyVersion.id, SurveyVersion.number, SurveyVersion.definition).where(
            SurveyVersion.survey_id == survey_id
        )
    ):
        versions[version_id] = Definition(data)
        if current is None or number > current[0]:
            current = (number, versions[version_id])
    if definition is None:
        if current is None:
            return {}
        definition = current[1]
    who = conditions(definition)
    if not who:
        return {}
    counted = _counted(survey_id, list(who))
    # Key -> cell -> [respondents who had the question, of them not shown it].
    cells: dict[str, dict[tuple, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for month, area_id, event_id, version_id, n in counted["versions"]:
        if month in left_out:
            continue
        version = versions.get(version_id)
        for key in who:
            if version is not None and version.question(key) is not None:
                cells[key][(month, area_id, event_id)][0] += n
    for month, area_id, event_id, key, n in counted["not_shown"]:
        if month in left_out:
            continue
        cells[key][(month, area_id, event_id)][1] += n
    return {
        key: figure_over(
            Asked(key, _text(definition, key), condition), cells[key], view, k, filtered
        )
        for key, condition in who.items()
    }


def _text(definition: Definition, key: str) -> str:
    return localised((definition.question(key) or {}).get("text"), "en") or key


#: Where a filtered view's cells may be small, in words, by its kind (see results_disclosure).
SMALL_CELLS = {
    "date": "some quarter",
    "place": "some area or listening session",
    "both": "some quarter, area or listening session, or some reporting year (April to "
    "March) in an area or session,",
}


def _whole_cells(cells: dict[tuple, list[int]], view: View) -> list[tuple[int, int]]:
    """The (month, area, event) cells added up into the cells that views of ``view``'s kind
    are made of (Rule 2 of :mod:`app.services.results_disclosure`): quarters over all places,
    places over all months, or, for views by date and place, years in a place, whose figures
    must also be safe by date and by place alone, as its groups are."""
    kind = view_kind(view)
    kinds = ("date", "place", "both") if kind == "both" else (kind,)
    sized = {cell: {"had": had, "missed": missed} for cell, (had, missed) in cells.items()}
    return [
        (added.get("had", 0), added.get("missed", 0))
        for each in kinds
        for added in cells_of_kind(sized, each).values()
    ]


def figure_over(
    question: Asked, cells: dict[tuple, list[int]], view: View, k: int, filtered: bool
) -> Asked:
    """``question``'s figures over the cells in ``view``."""
    total = sum(had for cell, (had, _) in cells.items() if view.contains(cell))
    not_asked = sum(missed for cell, (_, missed) in cells.items() if view.contains(cell))
    asked = total - not_asked

    def small(n: int) -> bool:
        return 0 < n < k

    condition = question.asked_of
    if total < k:
        return replace(question, hidden="few")
    # Filtered views are made of whole cells, of a kind that depends on the filters.
    whole = _whole_cells(cells, view) if filtered else []
    where = SMALL_CELLS.get(view_kind(view), SMALL_CELLS["both"])
    if any(small(had) for had, _ in whole):
        return replace(
            question,
            hidden="total",
            sentence=f"Asked only of {condition}: how many were asked is not shown in filtered "
            f"views like this one, because {where} has fewer than {k} respondents.",
        )
    if any(small(had - missed) or small(missed) for had, missed in whole):
        return replace(
            question,
            respondents=total,
            hidden="differencing",
            sentence=f"Asked only of {condition}: how many of {total:,} were asked is not shown "
            f"in filtered views like this one, because in {where} fewer than {k} people "
            "were asked, or were not asked.",
        )
    if asked <= 0:
        figure = replace(question, asked=0)
        how_many = f"none of {total:,} were asked"
    elif asked < k:
        figure = replace(question, fewer_than=k)
        how_many = f"fewer than {k} of {total:,} were asked"
    elif small(total - asked):
        figure = replace(question, more_than=total - k)
        how_many = f"more than {total - k:,} of {total:,} were asked"
    else:
        figure = replace(question, asked=asked)
        how_many = f"{asked:,} of {total:,} were asked"
    return replace(figure, respondents=total, sentence=f"Asked only of {condition}: {how_many}.")


def for_results(found: SurveyResults, definition: Definition | None = None) -> dict[str, Asked]:
    """:func:`figures` for the view of ``found``, under its k. Call it in the same snapshot
    (:func:`results_cache.consistent`) as the results, so that its counts are from the same
    data as theirs."""
    return figures(
        found.survey_id,
        definition,
        found.view,
        found.k,
        filtered=found.filters.filtered,
        left_out=found.left_out,
    )


def survey_results(
    slug: str, filters: Filters, *, k: int, k_text: int
) -> tuple[SurveyResults, dict[str, Asked]]:
    """:func:`app.services.results.survey_results` and, from the same snapshot, who was asked
    the survey's conditional questions (for exports and the API)."""

    def build() -> tuple[SurveyResults, dict[str, Asked]]:
        found = results.survey_results(slug, filters, k=k, k_text=k_text)
        asked = for_results(found)
        results.note_counted(found)  # again: the asked counts are part of the snapshot
        return found, asked

    return results_cache.consistent(build)


def sentences(asked: dict[str, Asked]) -> dict[str, str]:
    """Question key -> the sentence the results page shows beside it (none for a view of
    fewer than k respondents)."""
    return {key: figure.sentence for key, figure in asked.items() if figure.sentence}


def free_text(definition: Definition, asked: dict[str, str]) -> list[tuple[str, str]]:
    """(question, sentence) for the free-text questions among ``asked``, in survey order."""
    return [
        (localised(question["text"], "en"), asked[question["key"]])
        for _, question in definition.questions()
        if question["type"] == TEXT_TYPE and question["key"] in asked
    ]
