"""Where to look when a filtered view hides every group: the wider views of the same survey,
by the same grouping, that show groups to compare.

Each view is decided as its own page would decide it (by
:func:`app.services.results_assembly.respondents_shown`), and offered only if that page shows
at least two groups, so nothing offered is a guess. Views by date and area hide the same
groups in every such view (see :mod:`app.services.results_disclosure`), so wider dates help
only where a group shown in such views has nobody in the dates asked for; dropping the dates
or the area changes the kind of view, and with it what is hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.services.periods import quarter_months, quarter_of, year_months, year_of
from app.services.results_assembly import respondents_shown
from app.services.results_counts import Loaded
from app.services.results_model import Filters, View, WiderView

#: Groups a view must show for there to be something to compare.
SHOWN_TO_COMPARE = 2


def _place_noun(filters: Filters) -> str:
    if filters.area and filters.event is not None:
        return "the area and the listening session"
    return "the area" if filters.area else "the listening session"


def wider_views(
    filters: Filters,
    view: View,
    loaded: Loaded,
    k: int,
    describe: Callable[[Filters], str],
) -> list[WiderView]:
    """The wider views worth offering when ``view`` (a filtered view whose counts are
    ``loaded``) hides every group: its place with every month of the survey, its dates
    without the place, its place at any date, and, when none of those shows groups to
    compare, all responses. Each is offered only if it shows at least two groups;
    ``describe`` puts a view's filters into words."""
    if not filters.filtered:
        return []
    dated = filters.start is not None or filters.end is not None
    placed = filters.area is not None or filters.event is not None
    candidates: list[tuple[str, Filters, View, str]] = []
    months = sorted({cell[0] for cell in loaded.respondents.cells if cell[0]})
    if dated and months:
        # From the first quarter with responses to the last: views by date are whole quarters
        # (with a place, whole reporting years).
        period_of, period_months = (
            (year_of, year_months) if placed else (quarter_of, quarter_months)
        )
        first = period_months(period_of(months[0]))[0]
        last = period_months(period_of(months[-1]))[1]
        start = min(filters.start, first) if filters.start else None
        end = max(filters.end, last) if filters.end else None
        if (start, end) != (filters.start, filters.end):
            candidates.append(
                (
                    "Widen the dates",
                    replace(filters, start=start, end=end),
                    replace(view, start=start, end=end),
                    "",
                )
            )
    if dated and placed:
        candidates.append(
            (
                f"Drop {_place_noun(filters)}",
                replace(filters, area=None, event=None),
                replace(view, area_id=None, event_id=None),
                ", all areas and listening sessions"
                if filters.event is not None
                else ", all areas",
            )
        )
        candidates.append(
            (
                "Drop the dates",
                replace(filters, start=None, end=None),
                replace(view, start=None, end=None),
                ", all dates",
            )
        )
    offered = [
        WiderView(action, wide, describe(wide) + said)
        for action, wide, wider, said in candidates
        if _comparable(loaded, wider, k, filters.dimension)
    ]
    if not offered and _comparable(loaded, View(), k, filters.dimension):
        action = (
            "Drop every filter"
            if dated and placed
            else "Drop the dates"
            if dated
            else f"Drop {_place_noun(filters)}"
        )
        everything = replace(filters, start=None, end=None, area=None, event=None)
        offered.append(WiderView(action, everything, "all responses"))
    return offered


def _comparable(loaded: Loaded, view: View, k: int, dimension: str) -> bool:
    return len(respondents_shown(loaded, view, k, dimension)) >= SHOWN_TO_COMPARE
