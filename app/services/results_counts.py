"""Counts for the results, added up cell by cell: the queries' rows, by measure and group.

A filtered view needs every cell of the survey (Rule 2 of
:mod:`app.services.results_disclosure`); an unfiltered one only the whole survey, and months
for the trend.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.services import results_queries as queries
from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition
from app.services.results_labels import headline_for
from app.services.results_model import Filters, View
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


def load(
    survey: Survey, definition: Definition, filters: Filters, code: Callable[[Any], str]
) -> Loaded:
    """Run the queries. A filtered view needs every cell of the survey (for Rule 2 of the
    disclosure control); an unfiltered one only the whole survey, and months for the trend."""
    survey_id, dimension, by_cell = survey.id, filters.dimension, filters.filtered
    questions = {q["key"]: q for _, q in closed_questions(definition)}
    multi = [key for key, q in questions.items() if q["type"] == MULTI_TYPE]
    loaded = Loaded(
        Counts(),
        defaultdict(Counts),
        defaultdict(Counts),
        Counts(),
        Counts(),
        Counts(),
        Counts(),
        Counts(),
    )
    for cell, group, n in queries.respondents(survey_id, dimension, by_cell=by_cell):
        loaded.respondents.add(cell, code(group), n)
    for cell, group, key, value, n in queries.answers(survey_id, dimension, by_cell=by_cell):
        if key not in questions:
            continue
        group = code(group)
        loaded.chosen[key].add(cell, (group, value), n)
        if key not in multi:
            loaded.answered[key].add(cell, group, n)
    answering = queries.respondents_answering(survey_id, dimension, multi, by_cell=by_cell)
    for cell, group, key, n in answering:
        loaded.answered[key].add(cell, code(group), n)
    for row in queries.text_answers(survey_id, dimension, by_cell=by_cell):
        group = code(row.group)
        loaded.writers.add(row.cell, group, row.writers)
        loaded.text.add(
            row.cell, group, (row.writers, row.scored, row.total, row.total_squares, row.negative)
        )
        loaded.themed.add(row.cell, group, row.themed)
    for cell, group, theme, n in queries.themes(survey_id, dimension, by_cell=by_cell):
        loaded.themes.add(cell, (code(group), theme), n)
    headline = headline_for(survey.slug, definition)
    if headline is not None and by_cell:
        loaded.trend = loaded.chosen[headline.trend]
    elif headline is not None:
        for cell, group, _, value, n in queries.answers(survey_id, dimension, key=headline.trend):
            loaded.trend.add(cell, (code(group), value), n)
    return loaded


def closed_questions(definition: Definition) -> Iterable[tuple[Any, dict[str, Any]]]:
    for page, question in definition.questions():
        if not page.is_equality and question["type"] != TEXT_TYPE:
            yield page, question
