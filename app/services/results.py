"""A survey's results by group: the one service behind the results pages, exports and the API.

Counting is done in SQL (:mod:`app.services.results_queries`), grouped by cell and group;
this module adds up the cells a view selects, applies the disclosure rules
(:mod:`app.services.results_disclosure`) and the statistics (:mod:`app.services.results_panels`)
and returns :class:`~app.services.results_model.SurveyResults`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, or_, select

from analysis.groups import ALL_OTHERS
from analysis.masking import mask_personal_details
from analysis.rows import group_code
from app.services import results_cache, results_trend
from app.services import results_queries as queries
from app.services.definitions import MULTI_TYPE, Definition, localised
from app.services.results_counts import Counts, Loaded, closed_questions, load
from app.services.results_disclosure import Decision, decide_table, decide_view
from app.services.results_labels import (
    DEFAULT_REFERENCES,
    DIMENSION_LABELS,
    dimensions_for,
    group_label,
    headline_for,
    known_groups,
    month_label,
    phrase_for,
)
from app.services.results_model import Filters, QuestionPanel, SurveyResults, Timings, View
from app.services.results_panels import (
    adjust,
    compare,
    distribution,
    sentiment,
    share_rows,
    themes,
    with_tests,
)
from app.services.results_sentences import finding
from models import NOT_STATED, Action, Area, Event, Link, Response, Survey, ThemeTaxonomy, db

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
QUOTES_SHOWN = 10


class SurveyNotFound(LookupError):
    """There is no survey with that slug."""


class ResultsError(ValueError):
    """A request for results that cannot be answered; ``field`` names what was wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SurveyContext:
    """A survey with what its results page offers: its definition, areas and events."""

    survey: Survey
    definition: Definition
    areas: list[Area]
    events: list[Event]

    @property
    def title(self) -> str:
        return self.definition.title("en")

    def dimensions(self) -> list[str]:
        return dimensions_for(self.survey.slug)


def survey_context(slug: str) -> SurveyContext | None:
    """The survey called ``slug`` and its filter choices, or None if there is none."""
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None or survey.current_version is None:
        return None
    definition = Definition(survey.current_version.definition)
    # Events this survey's links were made for; for a survey answered at events, also those
    # its responses came from (demo data has events without links). Only then: for other
    # surveys PostgreSQL would read every response to find none.
    made_for = Event.id.in_(select(Link.event_id).where(Link.survey_id == survey.id))
    if definition.data.get("link_defaults", {}).get("kind") == "event":
        made_for = or_(
            made_for,
            exists().where(Response.event_id == Event.id, Response.survey_id == survey.id),
        )
    events = db.session.scalars(
        select(Event).where(made_for).order_by(Event.held_on.desc(), Event.name)
    )
    areas = db.session.scalars(select(Area).order_by(Area.name))
    return SurveyContext(survey, definition, list(areas), list(events))


def _view(context: SurveyContext, filters: Filters) -> View:
    if filters.dimension not in context.dimensions():
        known = ", ".join(context.dimensions())
        raise ResultsError("by", f"by must be one of {known}")
    for name, month in (("from", filters.start), ("to", filters.end)):
        if month is not None and not MONTH.match(month):
            raise ResultsError(name, f"{name} must be a month like 2026-03")
    if filters.start and filters.end and filters.start > filters.end:
        raise ResultsError("to", "to must be the same as or after from")
    area_id = None
    if filters.area is not None:
        area = next((a for a in context.areas if a.code == filters.area), None)
        if area is None:
            raise ResultsError("area", f"There is no area with the code {filters.area[:32]!r}")
        area_id = area.id
    if filters.event is not None and filters.event not in {e.id for e in context.events}:
        raise ResultsError("event", "There is no such event for this survey")
    return View(filters.start, filters.end, area_id, filters.event)


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
    counts: Counts, view: View, filters: Filters, k: int, forced_everywhere: dict, forced: dict
) -> tuple[Decision, Decision]:
    """(unfiltered decision, view decision) for one measure."""
    everywhere = decide_table(_sizes(counts, None), k, forced_everywhere)
    in_view = decide_view(
        _sizes(counts, view),
        _cells(counts),
        k,
        {**everywhere.hidden, **forced},
        filtered=filters.filtered,
    )
    return everywhere, in_view


def _reference(filters: Filters, sizes: dict[str, int], decision: Decision) -> str | None:
    chosen = filters.reference or DEFAULT_REFERENCES.get(filters.dimension)
    if chosen == ALL_OTHERS:
        return ALL_OTHERS
    if chosen is None:
        stated = [g for g in sizes if g != NOT_STATED and decision.shown(g)]
        chosen = max(stated, key=lambda g: sizes[g], default=None)
    return chosen if chosen is not None and decision.shown(chosen) else None


def survey_results(slug: str, filters: Filters, *, k: int, k_text: int) -> SurveyResults:
    """The results of one view of a survey, every figure already through disclosure control.

    Raises :class:`SurveyNotFound` for an unknown survey and :class:`ResultsError` for a bad
    filter. All its counts come from one snapshot (:func:`results_cache.consistent`).
    """
    return results_cache.consistent(lambda: _survey_results(slug, filters, k=k, k_text=k_text))


def _survey_results(slug: str, filters: Filters, *, k: int, k_text: int) -> SurveyResults:
    context = survey_context(slug)
    if context is None:
        raise SurveyNotFound(slug)
    view = _view(context, filters)
    dimension = filters.dimension
    timings = Timings()
    areas = {a.id: a.code for a in context.areas}
    if dimension == "area":

        def code(raw: Any) -> str:
            return areas.get(raw, NOT_STATED) if raw is not None else NOT_STATED
    else:
        code = group_code
    with timings.phase("sql"):
        loaded = load(context.survey, context.definition, filters, code)
        names = theme_names(context.survey.id)
    with timings.phase("stats"):
        results = _assemble(context, filters, view, loaded, names, k, k_text, timings)
    note_counted(results)
    return results


def note_counted(results: SurveyResults) -> None:
    """Set when the results' figures were counted, and say so if not from the current data."""
    served = results_cache.served(results.survey_id)
    if served is None or served.counted_at is None:
        return
    results.counted_at = served.counted_at
    results.counted_note = (
        results_cache.counted_note(served.counted_at, results_cache.max_age())
        if served.stale
        else None
    )


def theme_names(survey_id: int) -> list[str]:
    """The survey's themes, as its taxonomy lists them."""
    taxonomy = db.session.scalar(select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == survey_id))
    return list(taxonomy.themes) if taxonomy else []


def group_choices(context: SurveyContext, dimension: str) -> list[tuple[str, str]]:
    """(code, label) of each group of a dimension, for choosing a reference or quotes."""
    labels = known_groups(dimension, context.definition, context.areas)
    if dimension == "month":
        months = queries.months(context.survey.id)
        return [(m, month_label(m)) for m in months]
    return list(labels.items())


def published_actions(survey_id: int) -> list[Action]:
    """The survey's published "You said, we did" actions, newest first."""
    return list(
        db.session.scalars(
            select(Action)
            .where(Action.survey_id == survey_id, Action.published.is_(True))
            .order_by(Action.updated_at.desc())
        )
    )


def _assemble(
    context: SurveyContext,
    filters: Filters,
    view: View,
    loaded: Loaded,
    names: list[str],
    k: int,
    k_text: int,
    timings: Timings,
) -> SurveyResults:
    dimension = filters.dimension
    labels = known_groups(dimension, context.definition, context.areas)

    def label(group: str) -> str:
        return group_label(dimension, group, labels)

    people_all, people = _decide(loaded.respondents, view, filters, k, {}, {})
    sizes = _sizes(loaded.respondents, view)
    order = _order(labels, _sizes(loaded.respondents, None), dimension)
    reference = _reference(filters, sizes, people)
    total = sum(sizes.values()) if people.total_shown else None
    groups = [
        results_trend.group_figure(g, label(g), sizes[g], total, people)
        for g in order
        if sizes.get(g, 0) > 0
    ]

    panels, distributions, tests = [], [], []
    decisions: dict[str, Decision] = {}
    for _, question in closed_questions(context.definition):
        key = question["key"]
        if key == dimension or key not in loaded.answered:
            continue
        _, decided = _decide(
            loaded.answered[key], view, filters, k, people_all.hidden, people.hidden
        )
        decisions[key] = decided
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

    _, writers = _decide(loaded.writers, view, filters, k, people_all.hidden, people.hidden)
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
    trend = results_trend.trend(
        context.definition, headline, loaded, view, decisions, k, label, order
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
        total_hidden=None if people.total_shown else "total",
        groups=groups,
        questions=panels,
        distributions=distributions,
        sentiment=sentiment_rows,
        sentiment_total=sentiment_total,
        themes=heat,
        trend=trend,
        timings=timings,
        filter_text=describe(filters, context),
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


def describe(filters: Filters, context: SurveyContext) -> str:
    """The filters in words: "March 2026 to June 2026; North District"."""
    parts = []
    if filters.start or filters.end:
        start = month_label(filters.start) if filters.start else "the first response"
        end = month_label(filters.end) if filters.end else "the latest response"
        parts.append(f"{start} to {end}")
    if filters.area:
        parts.append(next((a.name for a in context.areas if a.code == filters.area), ""))
    if filters.event is not None:
        event = next((e for e in context.events if e.id == filters.event), None)
        if event is not None:
            parts.append(f"{event.name}, {event.held_on:%-d %B %Y}")
    return "; ".join(parts) or "All responses"


def quotes(results: SurveyResults, group: str, theme: str) -> tuple[list[str], str | None]:
    """Up to ten answers raising ``theme`` from ``group`` of the view, with personal details
    masked, or no answers and the reason: quotes need a shown group of at least k_text
    respondents who wrote something."""
    if theme not in results.themes.themes:
        return [], "Choose a theme from the list"
    figure = next((s for s in results.sentiment if s.group == group), None)
    if figure is None or figure.hidden is not None or (figure.n or 0) < results.k_text:
        return [], (
            f"Answers are shown only for groups where at least {results.k_text} respondents "
            "wrote something, so that nobody can be recognised from what they wrote"
        )
    raw: Any = group
    if results.dimension == "area":
        context = survey_context(results.slug)
        raw = next((a.id for a in context.areas if a.code == group), None) if context else None
    chosen = queries.QuoteFilter(
        results.dimension,
        raw,
        theme,
        results.view.start,
        results.view.end,
        results.view.area_id,
        results.view.event_id,
    )
    texts = queries.quotes(results.survey_id, chosen, QUOTES_SHOWN)
    return [mask_personal_details(text) for text in texts], None
