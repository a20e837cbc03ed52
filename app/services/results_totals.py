"""Tables whose rows are themselves cells of filtered views: responses by month (the
overview's bars) and results grouped by month or by area. Their rows are totals, shown only as
views of that kind show totals (see :mod:`app.services.results_disclosure`, "Counts by month
and by area")."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.services.periods import quarter_of, year_of
from app.services.results_disclosure import (
    Decision,
    Kind,
    Reason,
    cells_of_kind,
    decide_table,
    small_totals,
)
from app.services.results_reasons import Hidden, name_cell


def month_totals(months: Mapping[str, int], k: int) -> Decision:
    """Responses by month in the unfiltered view (the overview's bars). Each month's count is
    a total finer than the quarters of views by date, so the counts are shown only when every
    month has none or at least k responses. Otherwise every month is hidden, naming the small
    ones: showing the others would let the total of all responses less the months shown give
    the small ones back, and, with the counts of groups shown by date, a hidden group's count
    in them."""
    cells = {(m, None, None): {m: n} for m, n in months.items()}
    return rows_are_totals(decide_table(months, k), cells, k, "all", "month")


#: Dimensions whose groups are cells of filtered views: grouped by one, a table's rows are the
#: totals of views of that kind.
STRUCTURAL: dict[str, Kind] = {"month": "date", "area": "place"}
#: The reason every row of such a table is hidden, by the kind of cell it is the total of.
ROWS_HIDDEN: dict[str, Reason] = {
    "date": "month_total",
    "place": "place_total",
    "both": "cell_total",
}


def rows_are_totals(
    decision: Decision,
    cells: Mapping[tuple, Mapping[str, int]],
    k: int,
    kind: Kind,
    dimension: str,
    name: Callable[[object], str] = name_cell,
) -> Decision:
    """Grouped by month or area, a table's rows are the totals of cells of filtered views (by
    date; by place; in a view filtered by the other, by date and place: months in a place, or
    areas over whole quarters, or over whole years where a place is chosen), so they are shown only
    as views of that kind show totals: when every such cell has none or at least k. Otherwise
    every row is hidden, naming the small cells: Rule 1 alone would show the others, and the
    table's total less them would give the small ones back (and, with the groups that views of
    that kind show, a hidden group's count in them)."""
    adds = STRUCTURAL.get(dimension)
    if adds is None:
        return decision
    combined: Kind = adds if kind in ("all", adds) else "both"
    if kind == "all":
        # The unfiltered view's counts are not broken down by cell: its rows are the cells.
        of_kind: dict[object, dict[str, int]] = {g: {g: n} for g, n in decision.sizes.items()}
    else:
        # Rows by month are months, finer than the quarters of views by date. Rows by area in
        # a view by date alone are areas over whole quarters; with a place chosen too, over
        # whole years, the cells of views by date and place.
        period = _same if dimension == "month" else year_of if kind == "both" else quarter_of
        of_kind = cells_of_kind(cells, combined, period)
    small = small_totals(of_kind, k)
    if not small:
        return decision
    reason = Hidden(ROWS_HIDDEN[combined], (name(cell) for cell in small))
    hidden = {**decision.hidden, **{g: reason for g, n in decision.sizes.items() if n > 0}}
    return Decision(k, decision.sizes, hidden, decision.total_shown, decision.total_reason)


def _same(month: str) -> str:
    return month
