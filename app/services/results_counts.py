"""Counts for the results, added up cell by cell: the queries' rows, by measure and group.

A filtered view needs every cell of the survey (Rule 2 of
:mod:`app.services.results_disclosure`); an unfiltered one only the whole survey, and months
for the trend (the trend question's answers, and respondents, by month and group).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from app.services import results_cache
from app.services import results_queries as queries
from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition
from app.services.results_labels import month_label
from app.services.results_model import Filters, View
from app.services.results_trend_choice import trend_question
from models import Survey


class Counts:
    """Counts of one measure by cell and group (a group's value may be a tuple of sums)."""

    def __init__(self) -> None:
        self.cells: dict[queries.Cell, dict[Any, Any]] = defaultdict(dict)

    def add(self, cell: queries.Cell, key: Any, value: Any) -> None:
        found = self.cells[cell].get(key)
        if found is None:
            self.cells[cell][key] = value
        elif isinstance(value, tuple):
            self.cells[cell][key] = tuple(a + b for a, b in zip(found, value, strict=True))
        else:
            self.cells[cell][key] = found + value

    def total(self, view: View | None = None) -> dict[Any, Any]:
        added = Counts()
        for cell, values in self.cells.items():
            if view is None or view.contains(cell):
                for key, value in values.items():
                    added.add(("", None, None), key, value)
        return added.cells.get(("", None, None), {})


@dataclass
class Loaded:
    respondents: Counts
    answered: dict[str, Counts]
    chosen: dict[str, Counts]  # question -> (group, option) counts
    writers: Counts
    text: Counts  # group -> (writers, scored, sum, sum of squares, negative)
    themed: Counts
    themes: Counts  # (group, theme) counts
    trend: Counts  # the trend question's (group, option) counts by month
    #: Respondents by month and group, for the unfiltered view's trend (empty when filtered).
    respondent_months: Counts = field(default_factory=Counts)
    #: The key of the question whose trend ``trend`` counts (the headline's, or the one chosen).
    trend_key: str | None = None


def months_counted(survey_id: int) -> list[tuple[str, int]]:
    """(month, responses) for one survey, oldest first, from the results cache while the
    survey's data is unchanged."""

    def count() -> dict[str, list[list[Any]]]:
        return {"months": [list(row) for row in queries.responses_by_month_of(survey_id)]}

    rows = results_cache.cached(survey_id, "months", count)["months"]
    return [(str(month), int(n)) for month, n in rows]


def left_out_months(
    months: Iterable[tuple[str, int]], k: int, not_over: str | None = None
) -> tuple[str, ...]:
    """The months whose responses the results leave out, oldest first: those with 1 to k-1
    responses, and ``not_over``, a staff survey's month not yet over, whatever its count
    (:func:`app.services.staff_survey_confidential.month_not_over`).

    A figure for a month of fewer than k responses (grouped by month, or the overview's bar)
    is about fewer than k people, and so is the survey's total less the other months. Rather
    than hide every month while one is small (a new month's first days; on a small survey,
    most of the time), the results count a month's responses once it has k: until then they are in
    no figure, no quote and no trend, and the pages name the month. A staff survey's figures
    change only when a month ends, by that month's responses (at least k, or the month stays
    out), so that nobody can watch one colleague's answers arrive."""
    small = {month for month, n in months if 0 < n < k}
    return tuple(sorted(small | {not_over} if not_over else small))


def in_period(months: Iterable[str], start: str | None, end: str | None) -> tuple[str, ...]:
    """Those of ``months`` ("2026-12") from ``start`` to ``end`` ("YYYY-MM", either None for
    no limit): a month outside a view's period is left out of it anyway, and needs no note."""
    return tuple(m for m in months if (not start or m >= start) and (not end or m <= end))


def left_out_note(months: tuple[str, ...], k: int, not_over: str | None = None) -> str | None:
    """Which months' responses the figures leave out, and why, in a sentence for the small
    months and one for ``not_over``, a staff survey's month not yet over. (For a view of a
    period, only its own months: see :func:`in_period`.)"""
    small = [month_label(m) for m in months if m != not_over]
    notes = []
    if small:
        listed = small[0] if len(small) == 1 else ", ".join(small[:-1]) + " and " + small[-1]
        has = "has" if len(small) == 1 else "each have"
        notes.append(
            f"Responses from {listed} are not counted here: a month's responses are counted "
            f"once it has at least {k}, and {listed} {has} fewer so far. Counting them would "
            "let a month's figures, or the total less the other months, describe fewer than "
            f"{k} people."
        )
    if not_over and not_over in months:
        notes.append(
            f"Responses from {month_label(not_over)} are counted when the month ends: this "
            "survey's figures change once a month, so that nobody watching them can see one "
            "person's answers arrive."
        )
    return " ".join(notes) or None


def load(
    survey: Survey,
    definition: Definition,
    filters: Filters,
    code: Callable[[Any], str],
    left_out: tuple[str, ...] = (),
) -> Loaded:
    """Run the queries. A filtered view needs every cell of the survey (for Rule 2 of the
    disclosure control); an unfiltered one only the whole survey, and months for the trend.
    Responses of the months ``left_out`` are not counted. The trend is of the question
    ``filters.trend`` names, or the headline's (:class:`app.services.results.ResultsError` for
    a question whose trend cannot be shown).

    The rows come from :mod:`app.services.results_cache` while the survey's data is unchanged.
    """
    dimension, by_cell = filters.dimension, filters.filtered
    questions = {q["key"]: q for _, q in closed_questions(definition)}
    multi = [key for key, q in questions.items() if q["type"] == MULTI_TYPE]
    chosen_trend = trend_question(survey.slug, definition, filters.trend)
    # A filtered view's trend is added up from every question's counts by cell; an unfiltered
    # one's needs its question's by month, counted (and kept) for that question alone.
    trend_key = None if by_cell else chosen_trend
    rows = counted(survey.id, dimension, by_cell, multi, trend_key, left_out)
    loaded = Loaded(
        Counts(),
        defaultdict(Counts),
        defaultdict(Counts),
        Counts(),
        Counts(),
        Counts(),
        Counts(),
        Counts(),
        trend_key=chosen_trend,
    )
    for cell, group, n in rows["respondents"]:
        loaded.respondents.add(tuple(cell), code(group), n)
    for cell, group, key, value, n in rows["answers"]:
        if key not in questions:
            continue
        cell, group = tuple(cell), code(group)
        loaded.chosen[key].add(cell, (group, value), n)
        if key not in multi:
            loaded.answered[key].add(cell, group, n)
    for cell, group, key, n in rows["answering"]:
        loaded.answered[key].add(tuple(cell), code(group), n)
    for cell, group, writers, scored, total, squares, negative, themed in rows["text"]:
        cell, group = tuple(cell), code(group)
        loaded.writers.add(cell, group, writers)
        loaded.text.add(cell, group, (writers, scored, total, squares, negative))
        loaded.themed.add(cell, group, themed)
    for cell, group, theme, n in rows["themes"]:
        loaded.themes.add(tuple(cell), (code(group), theme), n)
    if chosen_trend is not None and by_cell:
        loaded.trend = loaded.chosen[chosen_trend]
    else:
        for cell, group, _, value, n in rows["trend"]:
            loaded.trend.add(tuple(cell), (code(group), value), n)
        for cell, group, n in rows["respondent_months"]:
            loaded.respondent_months.add(tuple(cell), code(group), n)
    return loaded


def counted(
    survey_id: int,
    dimension: str,
    by_cell: bool,
    multi: list[str],
    trend_key: str | None,
    left_out: tuple[str, ...] = (),
) -> dict[str, list[list[Any]]]:
    """Every query's rows for one grouping, as JSON-ready lists (a row's cell comes first),
    without the responses of the months ``left_out``.

    The trend question's answers by month (``trend``, for the unfiltered view) are stored
    under a key of their own naming the question: the trend of one question is never served
    for another, and choosing another counts only that question's answers again."""
    months = trend_key is not None  # respondents by month, for the unfiltered view's trend
    depends = json.dumps([dimension, by_cell, sorted(multi), months, sorted(left_out)])
    key = (
        f"{dimension}:{'cells' if by_cell else 'all'}:" + sha256(depends.encode()).hexdigest()[:16]
    )

    def count() -> dict[str, list[list[Any]]]:
        out = {"left_out": left_out}
        text = queries.text_answers(survey_id, dimension, by_cell=by_cell, **out)
        return {
            "respondents": [
                [list(c), *rest]
                for c, *rest in queries.respondents(survey_id, dimension, by_cell=by_cell, **out)
            ],
            "answers": [
                [list(c), *rest]
                for c, *rest in queries.answers(survey_id, dimension, by_cell=by_cell, **out)
            ],
            "answering": [
                [list(c), *rest]
                for c, *rest in queries.respondents_answering(
                    survey_id, dimension, multi, by_cell=by_cell, **out
                )
            ],
            "text": [
                [
                    list(r.cell),
                    r.group,
                    r.writers,
                    r.scored,
                    r.total,
                    r.total_squares,
                    r.negative,
                    r.themed,
                ]
                for r in text
            ],
            "themes": [
                [list(c), *rest]
                for c, *rest in queries.themes(survey_id, dimension, by_cell=by_cell, **out)
            ],
            "respondent_months": [
                [list(c), *rest]
                for c, *rest in queries.respondents_by_month(survey_id, dimension, left_out)
            ]
            if trend_key
            else [],
        }

    rows = results_cache.cached(survey_id, key, count)
    return {**rows, "trend": trend_counted(survey_id, dimension, trend_key, left_out)}


def trend_counted(
    survey_id: int, dimension: str, trend_key: str | None, left_out: tuple[str, ...] = ()
) -> list[list[Any]]:
    """The answers to the question ``trend_key`` by month and group (none without one), from
    the results cache under a key naming the question."""
    if trend_key is None:
        return []
    depends = json.dumps([dimension, trend_key, sorted(left_out)])
    key = f"{dimension}:trend:{sha256(depends.encode()).hexdigest()[:16]}"

    def count() -> dict[str, list[list[Any]]]:
        found = queries.answers(survey_id, dimension, key=trend_key, left_out=left_out)
        return {"trend": [[list(c), *rest] for c, *rest in found]}

    return results_cache.cached(survey_id, key, count)["trend"]


def closed_questions(definition: Definition) -> Iterable[tuple[Any, dict[str, Any]]]:
    for page, question in definition.questions():
        if not page.is_equality and question["type"] != TEXT_TYPE:
            yield page, question
