"""Putting one view of a survey's results together from its counts.

:func:`assemble` adds up the cells the view selects (:mod:`app.services.results_counts`), applies
the disclosure rules (:mod:`app.services.results_disclosure`) to every measure, adds the
statistics (:mod:`app.services.results_panels`, :mod:`app.services.results_trend`) and the
findings in words, and returns :class:`~app.services.results_model.SurveyResults`.
:mod:`app.services.results` checks the request, loads the counts and calls it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from analysis.groups import ALL_OTHERS
from app.services import results_queries as queries
from app.services import results_trend
from app.services.definitions import MULTI_TYPE, localised
from app.services.results_counts import Counts, Loaded, closed_questions
from app.services.results_disclosure import (
    Decision,
    Kind,
    Protection,
    decide_table,
    decide_view,
    listed_hidden,
    protect,
    view_kind,
)
from app.services.results_labels import (
    DEFAULT_REFERENCES,
    DIMENSION_LABELS,
    dimensions_for,
    group_label,
    headline_for,
    known_groups,
    phrase_for,
)
from app.services.results_model import (
    Filters,
    GroupingQuestion,
    QuestionPanel,
    SurveyResults,
    Timings,
    View,
)
from app.services.results_panels import (
    adjust,
    compare,
    distribution,
    sentiment,
    share_rows,
    themes,
    with_tests,
)
from app.services.results_reasons import cell_namer, name_cell
from app.services.results_sentences import finding
from app.services.results_totals import rows_are_totals
from models import NOT_STATED

if TYPE_CHECKING:
    from app.services.results import SurveyContext


def _order(known: dict[str, str], present: Iterable[str], dimension: str) -> list[str]:
    extra = sorted(set(present) - set(known))
    if dimension == "month":
        return [*extra, NOT_STATED] if NOT_STATED in extra else extra
    ordered = [g for g in known if g != NOT_STATED] + [g for g in extra if g != NOT_STATED]
    return [*ordered, NOT_STATED]


def _sizes(counts: Counts, view: View | None) -> dict[str, int]:
    return {g: n for g, n in counts.total(view).items() if isinstance(g, str)}


def _cells(counts: Counts) -> dict[queries.Cell, dict[str, int]]:
    return {c: {g: n for g, n in v.items() if isinstance(g, str)} for c, v in counts.cells.items()}


def _decide(
    counts: Counts,
    view: View,
    kind: Kind,
    k: int,
    forced_everywhere: dict,
    forced: dict,
    within: Protection | None = None,
    name: Callable[[object], str] = name_cell,
    dimension: str = "",
    label: Callable[[str], str] = name_cell,
) -> tuple[Decision, Decision, Protection | None]:
    """(unfiltered decision, view decision, Rule 2 for every kind of view) for one measure;
    ``within`` is the respondents' Rule 2, whose hidden groups stay hidden; ``name`` names
    the cells that the reasons for hiding speak of."""
    everywhere = decide_table(_sizes(counts, None), k, forced_everywhere)
    if kind == "all":
        in_all = decide_table(_sizes(counts, view), k, {**everywhere.hidden, **forced})
        in_all = rows_are_totals(in_all, _cells(counts), k, kind, dimension, label)
        return everywhere, in_all, None
    protection = protect(_cells(counts), k, everywhere.hidden, within, name=name)
    in_view = decide_view(
        _sizes(counts, view),
        _cells(counts),
        k,
        {**everywhere.hidden, **forced},
        kind=kind,
        protection=protection,
    )
    in_view = rows_are_totals(in_view, _cells(counts), k, kind, dimension, name)
    return everywhere, in_view, protection


def respondents_shown(loaded: Loaded, view: View, k: int, dimension: str) -> list[str]:
    """The groups whose respondents ``view`` shows, decided as :func:`assemble` decides them
    (the counts ``loaded`` for a filtered view hold every cell, so any view of the same
    grouping can be decided from them)."""
    _, people, _ = _decide(
        loaded.respondents, view, view_kind(view), k, {}, {}, dimension=dimension
    )
    return [g for g, n in _sizes(loaded.respondents, view).items() if n > 0 and people.shown(g)]


def _trend_protection(
    loaded: Loaded,
    key: str,
    k: int,
    people_all: Decision,
    question_all: Decision,
    name: Callable[[object], str] = name_cell,
) -> Protection | None:
    """In the unfiltered view, Rule 2 of views by date for the trend question: the groups
    its lines may show only in some quarters."""
    if not loaded.respondent_months.cells or key not in loaded.chosen:
        return None
    people = protect(
        _cells(loaded.respondent_months), k, people_all.hidden, kinds=("date",), name=name
    )
    answered: dict[queries.Cell, dict[str, int]] = defaultdict(dict)
    for cell, values in loaded.trend.cells.items():
        for (group, _), n in values.items():
            answered[cell][group] = answered[cell].get(group, 0) + n
    return protect(answered, k, question_all.hidden, people, kinds=("date",), name=name)


def _reference(filters: Filters, sizes: dict[str, int], decision: Decision) -> str | None:
    chosen = filters.reference or DEFAULT_REFERENCES.get(filters.dimension)
    if chosen == ALL_OTHERS:
        return ALL_OTHERS
    if chosen is None:
        stated = [g for g in sizes if g != NOT_STATED and decision.shown(g)]
        chosen = max(stated, key=lambda g: sizes[g], default=None)
    return chosen if chosen is not None and decision.shown(chosen) else None


def assemble(
    context: SurveyContext,
    filters: Filters,
    view: View,
    loaded: Loaded,
    names: list[str],
    k: int,
    k_text: int,
    timings: Timings,
    filter_text: str,
) -> SurveyResults:
    """The results of ``view``, every figure through disclosure control with threshold ``k``.

    ``names`` are the survey's themes as its taxonomy lists them; ``filter_text`` the filters
    in words (:func:`app.services.results.describe`).
    """
    dimension = filters.dimension
    labels = known_groups(dimension, context.definition, context.areas)

    def label(group: str) -> str:
        return group_label(dimension, group, labels)

    kind = view_kind(view)
    name = cell_namer(
        {a.id: a.name for a in context.areas},
        {e.id: f"{e.name} ({e.held_on:%-d %B %Y})" for e in context.events},
    )
    people_all, people, people_rule2 = _decide(
        loaded.respondents, view, kind, k, {}, {}, name=name, dimension=dimension, label=label
    )
    sizes = _sizes(loaded.respondents, view)
    order = _order(labels, _sizes(loaded.respondents, None), dimension)
    reference = _reference(filters, sizes, people)
    total = sum(sizes.values()) if people.total_shown else None
    groups = [
        results_trend.group_figure(g, label(g), sizes.get(g, 0), total, people)
        for g in order
        if sizes.get(g, 0) > 0 or listed_hidden(g, people)
    ]

    def within_respondents(counts: Counts) -> tuple[Decision, Decision, Protection | None]:
        """The decisions for a measure of some respondents (a question's answers, free text):
        whatever the respondents' decisions hide stays hidden."""
        return _decide(
            counts,
            view,
            kind,
            k,
            people_all.hidden,
            people.hidden,
            people_rule2,
            name,
            dimension,
            label,
        )

    panels, distributions, tests = [], [], []
    as_groupings: list[GroupingQuestion] = []
    # Groupings by a question's answers (role); the others are columns of the response.
    groupings = set(dimensions_for(context.survey.slug)) - set(queries.RESPONSE_COLUMNS)
    decisions: dict[str, Decision] = {}
    protections: dict[str, Protection] = {}
    everywhere_decisions: dict[str, Decision] = {}
    for _, question in closed_questions(context.definition):
        key = question["key"]
        if key in groupings:
            # Its answers are that grouping's groups: a table of them, with its total, would
            # show the sizes that the grouping's rules hide. Shown grouped by it alone.
            if key != dimension:
                text = localised(question.get("text"), "en")
                as_groupings.append(GroupingQuestion(key, text, key, DIMENSION_LABELS[key]))
            continue
        if key not in loaded.answered:
            continue
        everywhere, decided, rule2 = within_respondents(loaded.answered[key])
        decisions[key], everywhere_decisions[key] = decided, everywhere
        if rule2 is not None:
            protections[key] = rule2
        answered = _sizes(loaded.answered[key], view)
        chosen = loaded.chosen[key].total(view)
        text = localised(question.get("text"), "en")
        if question.get("favourable") and question["type"] != MULTI_TYPE:
            favourable = set(question["favourable"])
            positives = defaultdict(int)
            for (group, value), n in chosen.items():
                if value in favourable:
                    positives[group] += n
            rows, total_row = share_rows(answered, positives, decided, order, label, reference)
            shown_rows = [(r.group, r.n, r.count) for r in rows if r.hidden is None]
            tests += compare(key, shown_rows, reference)
            labels_favourable = tuple(
                context.definition.option_label(question, c, "en") for c in question["favourable"]
            )
            panels.append(
                QuestionPanel(key, text, phrase_for(question), labels_favourable, rows, total_row)
            )
        else:
            options = [
                (o["code"], localised(o["label"], "en")) for o in question.get("options", [])
            ]
            distributions.append(
                distribution(
                    key,
                    text,
                    options,
                    answered,
                    chosen,
                    decided,
                    order,
                    label,
                    multiple=question["type"] == MULTI_TYPE,
                )
            )
    adjusted = adjust(tests)
    panels = [
        _with_findings(
            QuestionPanel(
                p.key, p.text, p.phrase, p.favourable, with_tests(p.rows, p.key, adjusted), p.total
            ),
            dimension,
            reference,
        )
        for p in panels
    ]

    _, writers, _ = within_respondents(loaded.writers)
    sentiment_rows, sentiment_total = sentiment(loaded.text.total(view), writers, order, label)
    heat = themes(
        loaded.themed.total(view),
        loaded.themes.total(view),
        _sorted_themes(names, loaded, view),
        writers,
        order,
        label,
        reference,
    )
    headline = headline_for(context.survey.slug, context.definition)
    # The trend's question (the headline's, or the one chosen) is protected as the headline's
    # always was: Rule 2 of views by date for its lines in the unfiltered view, and of its own
    # answers (with the respondents') in a filtered one.
    trend_key = loaded.trend_key
    if kind == "all" and trend_key is not None and trend_key in everywhere_decisions:
        found = _trend_protection(
            loaded, trend_key, k, people_all, everywhere_decisions[trend_key], name
        )
        if found is not None:
            protections[trend_key] = found
    trend = results_trend.trend(
        context.definition,
        trend_key,
        loaded,
        view,
        decisions,
        k,
        label,
        order,
        kind=kind,
        protections=protections,
    )
    return SurveyResults(
        survey_id=context.survey.id,
        slug=context.survey.slug,
        title=context.title,
        filters=filters,
        view=view,
        k=k,
        k_text=k_text,
        dimension=dimension,
        dimension_label=DIMENSION_LABELS[dimension],
        headline=headline,
        reference=reference,
        reference_label=_reference_label(reference, label),
        total=total,
        total_hidden=people.total_reason,
        groups=groups,
        questions=panels,
        distributions=distributions,
        grouping_questions=as_groupings,
        sentiment=sentiment_rows,
        sentiment_total=sentiment_total,
        themes=heat,
        trend=trend,
        timings=timings,
        filter_text=filter_text,
    )


def _reference_label(reference: str | None, label: Any) -> str | None:
    if reference is None:
        return None
    return "all other groups" if reference == ALL_OTHERS else label(reference)


def _sorted_themes(names: list[str], loaded: Loaded, view: View) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for (_, theme), n in loaded.themes.total(view).items():
        counts[theme] += n
    found = [*names, *sorted(set(counts) - set(names))]
    return sorted(found, key=lambda theme: -counts.get(theme, 0))


def _with_findings(panel: QuestionPanel, dimension: str, reference: str | None) -> QuestionPanel:
    ref_row = next((r for r in panel.rows if r.group == reference), None)
    found = [
        finding(dimension, row, panel, reference, ref_row)
        for row in panel.rows
        if row.significant and row.hidden is None
    ]
    return QuestionPanel(
        panel.key, panel.text, panel.phrase, panel.favourable, panel.rows, panel.total, found
    )
