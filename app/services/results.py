"""A survey's results by group: the one service behind the results pages, exports and the API.

This module checks what a request asks for (:class:`ResultsError` if it cannot be answered),
loads the survey's counts, done in SQL and grouped by cell and group
(:mod:`app.services.results_counts`), and hands them to
:func:`app.services.results_assembly.assemble`, which adds up the cells a view selects, applies
the disclosure rules and the statistics and returns
:class:`~app.services.results_model.SurveyResults`. It also gives the results page its choices
(groups, themes, published actions) and the masked answers behind a theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, or_, select

from analysis.groups import ALL_OTHERS
from analysis.masking import mask_personal_details
from analysis.rows import group_code
from app.services import periods, results_cache
from app.services import results_queries as queries
from app.services import staff_survey_confidential as confidential
from app.services.definitions import Definition
from app.services.results_assembly import assemble
from app.services.results_counts import (
    in_period,
    left_out_months,
    left_out_note,
    load,
    months_counted,
)
from app.services.results_labels import dimensions_for, known_groups, month_label
from app.services.results_model import Filters, SurveyResults, Timings, View
from app.services.results_wider import wider_views
from models import NOT_STATED, Action, Area, Event, Link, Response, Survey, ThemeTaxonomy, db

MONTH = periods.MONTH
#: A month each of "from" and "to" takes (a quarter's first, a quarter's last), for errors.
MONTH_EXAMPLES = {"from": "2026-04", "to": "2026-06"}
#: Why "from" and "to" must be an April and a March in a view by date and place.
YEAR_RULE = (
    "With an area or listening session chosen, results by date are in whole years from April "
    "to March: "
)
QUOTES_SHOWN = 10
#: The most answers one page shows, ten more at a time.
QUOTES_MOST = 500


class SurveyNotFound(LookupError):
    """There is no survey with that slug."""


class ResultsError(ValueError):
    """A request for results that cannot be answered; ``field`` names what was wrong, and
    ``problems`` every (field, message) found, that one first."""

    def __init__(self, field: str, message: str, more: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.problems = [(field, message), *more]


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
    made_for = exists().where(Link.event_id == Event.id, Link.survey_id == survey.id)
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


def _date_problems(filters: Filters) -> dict[str, str]:
    """What is wrong with "from" and "to", each named once: views by date cover whole
    quarters; with a place chosen too, whole reporting years (see app.services.periods and
    app.services.results_disclosure)."""
    placed = filters.area is not None or filters.event is not None
    rules = {
        "from": (
            filters.start,
            periods.starts_year,
            YEAR_RULE + "from must be an April, like 2025-04",
            periods.starts_quarter,
            "from must be the first month of a quarter (January, April, July or October), "
            "like 2026-04: views by date cover whole quarters",
        ),
        "to": (
            filters.end,
            periods.ends_year,
            YEAR_RULE + "to must be a March, like 2026-03",
            periods.ends_quarter,
            "to must be the last month of a quarter (March, June, September or December), "
            "like 2026-06: views by date cover whole quarters",
        ),
    }
    problems: dict[str, str] = {}
    for name, (month, in_year, year_rule, in_quarter, quarter_rule) in rules.items():
        if month is None:
            continue
        if not MONTH.match(month):
            problems[name] = f"{name} must be a month like {MONTH_EXAMPLES[name]}"
        elif placed and not in_year(month):
            problems[name] = year_rule
        elif not in_quarter(month):
            problems[name] = quarter_rule
    if not problems and filters.start and filters.end and filters.start > filters.end:
        problems["to"] = "to must be after from"
    return problems


def _view(context: SurveyContext, filters: Filters) -> View:
    if filters.dimension not in context.dimensions():
        known = ", ".join(context.dimensions())
        raise ResultsError("by", f"by must be one of {known}")
    problems = _date_problems(filters)
    if problems:
        first, *more = problems.items()
        raise ResultsError(*first, more=tuple(more))
    area_id = None
    if filters.area is not None:
        area = next((a for a in context.areas if a.code == filters.area), None)
        if area is None:
            raise ResultsError("area", f"There is no area with the code {filters.area[:32]!r}")
        area_id = area.id
    if filters.event is not None and filters.event not in {e.id for e in context.events}:
        raise ResultsError("event", "There is no such event for this survey")
    return View(filters.start, filters.end, area_id, filters.event)


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
        not_over = confidential.month_not_over(context.survey.id)
        left_out = left_out_months(months_counted(context.survey.id), k, not_over)
        loaded = load(context.survey, context.definition, filters, code, left_out)
        names = theme_names(context.survey.id)
    with timings.phase("stats"):
        results = assemble(
            context, filters, view, loaded, names, k, k_text, timings, describe(filters, context)
        )
        if results.every_group_hidden:
            results.wider = wider_views(
                filters, view, loaded, k, lambda wide: describe(wide, context)
            )
    results.left_out = left_out
    # The note names only the view's own months: one outside its period is not there anyway.
    results.left_out_note = left_out_note(
        in_period(left_out, filters.start, filters.end), k, not_over
    )
    note_counted(results)
    return results


def note_counted(results: SurveyResults) -> None:
    """Set when the results' figures were counted, and say so if not from the current data;
    neither for a staff survey (:func:`results_cache.when_counted`)."""
    results.counted_at, results.counted_note = results_cache.when_counted(results.survey_id)


def extent(results: SurveyResults) -> tuple[str, str] | None:
    """The months ("March 2025") of the first and the latest response in the view, up to the
    day its figures were counted (None if it has none), for saying what a report covers. A
    response keeps only its month, so a report says no day."""
    view = results.view
    query = select(func.min(Response.submitted_month), func.max(Response.submitted_month)).where(
        Response.survey_id == results.survey_id
    )
    if view.start is not None:
        query = query.where(Response.submitted_month >= view.start)
    if view.end is not None:
        query = query.where(Response.submitted_month <= view.end)
    if view.area_id is not None:
        query = query.where(Response.area_id == view.area_id)
    if view.event_id is not None:
        query = query.where(Response.event_id == view.event_id)
    if results.left_out:
        query = query.where(Response.submitted_month.not_in(list(results.left_out)))
    if results.counted_at is not None:
        counted_on = results.counted_at.astimezone(results_cache.LOCAL).date()
        query = query.where(Response.submitted_on <= counted_on)
    first, last = db.session.execute(query).one()
    if first is None or last is None:
        return None
    return month_label(first), month_label(last)


def theme_names(survey_id: int) -> list[str]:
    """The survey's themes, as its taxonomy lists them."""
    taxonomy = db.session.scalar(select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == survey_id))
    return list(taxonomy.themes) if taxonomy else []


def group_choices(context: SurveyContext, dimension: str, k: int) -> list[tuple[str, str]]:
    """(code, label) of each group of a dimension, for choosing a reference or quotes; no
    month whose responses are left out (:func:`left_out_months`)."""
    labels = known_groups(dimension, context.definition, context.areas)
    if dimension == "month":
        months = months_counted(context.survey.id)
        left_out = left_out_months(months, k, confidential.month_not_over(context.survey.id))
        return [(m, month_label(m)) for m, _ in months if m not in left_out]
    return list(labels.items())


def compare_notice(context: SurveyContext, asked: str, results: SurveyResults) -> str:
    """Why the group asked for under "Compare with" is not the one compared with: it is not a
    group of the grouping shown (it was chosen for another, or is not a group at all)."""
    named = next(
        (
            known_groups(d, context.definition, context.areas)[asked]
            for d in context.dimensions()
            if d != "month" and asked in known_groups(d, context.definition, context.areas)
        ),
        month_label(asked) if MONTH.match(asked) else None,
    )
    chosen = f"“{named}”" if named else "The group chosen under “Compare with”"
    grouping = f"grouping by {results.dimension_label.lower()}"
    if results.reference is None:
        instead = "there is no group to compare with in this view"
    elif results.reference == ALL_OTHERS:
        instead = "each group is compared with all other groups together instead"
    else:
        instead = f"each group is compared with {results.reference_noun} instead"
    return f"{chosen} is not one of the groups when {grouping}, so {instead}."


def published_actions(survey_id: int) -> list[Action]:
    """The survey's published "You said, we did" actions, newest first."""
    return list(
        db.session.scalars(
            select(Action)
            .where(Action.survey_id == survey_id, Action.published.is_(True))
            .order_by(Action.updated_at.desc())
        )
    )


def describe(filters: Filters, context: SurveyContext) -> str:
    """The filters in words: "April to June 2026; North District", "October 2025 to March
    2026"."""
    parts = []
    if filters.start or filters.end:
        # "from" where the first month is not named: "the first response to March 2026" reads
        # as a response to March.
        start = month_label(filters.start) if filters.start else "from the first response"
        end = month_label(filters.end) if filters.end else "the latest response"
        if filters.start and filters.end and filters.start[:4] == filters.end[:4]:
            start = start.split()[0]  # within one year, the year once: "April to June 2026"
        parts.append(f"{start} to {end}")
    if filters.area:
        parts.append(next((a.name for a in context.areas if a.code == filters.area), ""))
    if filters.event is not None:
        event = next((e for e in context.events if e.id == filters.event), None)
        if event is not None:
            parts.append(f"{event.name}, {event.held_on:%-d %B %Y}")
    return "; ".join(parts) or "All responses"


def quotes(
    results: SurveyResults, group: str, theme: str, limit: int = QUOTES_SHOWN
) -> tuple[list[str], str | None]:
    """Up to ``limit`` answers raising ``theme`` from ``group`` of the view, the most recent
    first, with personal details masked, or no answers and the reason: quotes need a shown
    group of at least k_text respondents who wrote something."""
    if theme not in results.themes.themes:
        return [], "Choose a theme from the list."
    figure = next((s for s in results.sentiment if s.group == group), None)
    if figure is None or figure.hidden is not None or (figure.n or 0) < results.k_text:
        return [], (
            f"Answers are shown only for groups where at least {results.k_text} respondents "
            "wrote something, so that nobody can be recognised from what they wrote."
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
        results.left_out,
    )
    texts = queries.quotes(results.survey_id, chosen, limit)
    return [mask_personal_details(text) for text in texts], None
