"""The quarter (or reporting year) that has not ended yet, as the results pages mention it.

Views by date and the trend count in whole quarters, or, with an area or listening session
chosen, in whole reporting years (April to March); but the period the figures were counted in
is still going on: its counts are only those so far, and a group hidden for its numbers in
that period may be shown once more of its responses come in. The pages say so beside the
figures it touches, so that a short last quarter or year does not read as a fall.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.services import results_cache
from app.services.periods import (
    YEAR,
    month_label,
    quarter_label,
    quarter_of,
    starts_quarter,
    starts_year,
    year_label,
    year_of,
)
from app.services.results_counts import months_counted
from app.services.results_reasons import cells_of


def counted_on(results: Any) -> dt.date:
    """The force's local date on which the results' figures were counted (today if not
    known)."""
    moment = results.counted_at or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(results_cache.LOCAL).date()


def current_quarter(results: Any) -> str:
    """The quarter ("2026-Q4") that the figures were counted in."""
    return quarter_of(f"{counted_on(results):%Y-%m}")


def current_year(results: Any) -> str:
    """The reporting year ("2026/27") that the figures were counted in."""
    return year_of(f"{counted_on(results):%Y-%m}")


def trend_by_year(results: Any) -> bool:
    """Whether the trend goes by reporting year (in a view by area or listening session)
    rather than by quarter."""
    return bool(results.trend and results.trend.periods and YEAR.match(results.trend.periods[0][0]))


def trend_unit(results: Any) -> str:
    """What a point of the trend covers, in words: "year" or "quarter"."""
    return "year" if trend_by_year(results) else "quarter"


def trend_quarter_not_over(results: Any) -> str | None:
    """The trend's quarter (or year) that had not ended when its figures were counted, in
    words ("October to December 2026"), or None when every period of the trend is over."""
    current = current_year(results) if trend_by_year(results) else current_quarter(results)
    return next((label for period, label, _ in results.trend_periods if period == current), None)


def first_quarter_begun_late(results: Any) -> tuple[str, str] | None:
    """When the trend begins with the survey's first quarter (or year) and the survey's first
    counted responses came after its first month, the quarter (or year) and that month in
    words ("April to June 2025", "May 2025"); otherwise None. The month is the whole survey's,
    as on the overview, never the view's: a view's first month would say that nobody in it
    answered before."""
    trend = results.trend_periods
    if not trend:
        return None
    counted = [m for m, n in months_counted(results.survey_id) if n and m not in results.left_out]
    if not counted:
        return None
    first = min(counted)
    starts, period_of = (
        (starts_year, year_of) if trend_by_year(results) else (starts_quarter, quarter_of)
    )
    if starts(first) or trend[0][0] != period_of(first):
        return None
    return trend[0][1], month_label(first)


def hidden_for_quarter_not_over(results: Any) -> tuple[str, str] | None:
    """The quarter (or, in an area or session, the reporting year) not yet over, in words,
    with "quarter" or "year", when a group of the respondents table is hidden for its numbers
    then (alone or in an area or session); otherwise None."""
    periods = (
        (quarter_label(current_quarter(results)), "quarter"),
        (year_label(current_year(results)), "year"),
    )
    for group in results.groups:
        for cell in cells_of(group.hidden):
            for label, noun in periods:
                if str(cell).startswith(label):
                    return label, noun
    return None


def trend_notes(results: Any) -> tuple[str | None, str | None]:
    """What the page says under the trend about its last and first periods: that one is not
    yet over, and that the survey began part of the way through the first (None: nothing)."""
    unit = trend_unit(results)
    not_over, begun = trend_quarter_not_over(results), first_quarter_begun_late(results)
    return (
        f"{not_over} has not ended: its figures are for the responses so far, so it may have "
        f"fewer answers than a whole {unit}."
        if not_over
        else None,
        f"The survey's first counted responses came in {begun[1]}, so {begun[0]} covers only "
        f"part of a {unit}."
        if begun
        else None,
    )


def respondents_note(results: Any) -> str | None:
    """What the page says under its respondents when a group is hidden for its numbers in the
    quarter (or year) not yet over."""
    if not_over := hidden_for_quarter_not_over(results):
        return (
            f"{not_over[0]} has not ended: a group hidden for its numbers in that {not_over[1]} "
            "may be shown as more responses come in."
        )
    return None


#: Reasons that hide a group in every view filtered by date alone, whatever its dates.
_HIDDEN_AT_ANY_DATES = frozenset(
    {"differencing_month", "differencing_month_cover", "below_k_all", "secondary_all"}
)


def hidden_at_any_dates(results: Any) -> bool:
    """Whether a view filtered by date alone hides every group for reasons that hold in every
    such view (views by date hide the same groups whatever their quarters), so that no other
    dates would show a group."""
    filters = results.filters
    dated = filters.start is not None or filters.end is not None
    if not dated or filters.area is not None or filters.event is not None or not results.groups:
        return False
    return all(str(g.hidden) in _HIDDEN_AT_ANY_DATES for g in results.groups)
