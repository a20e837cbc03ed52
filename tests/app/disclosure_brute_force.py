"""The brute force behind ``test_results_disclosure_differencing``: every figure any view of a
small survey shows, as a vector over (group, month, area) cells, and every count of 1 to k-1
that a combination of them gives (see that module's docstring for the whole check)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

import numpy as np

from app.services.periods import quarter_months, quarter_of, year_months, year_of
from app.services.results_counts import left_out_months
from app.services.results_disclosure import (
    Decision,
    Kind,
    Protection,
    decide_table,
    decide_view,
    hidden_across_cells,
    protect,
)
from app.services.results_totals import month_totals, rows_are_totals
from app.services.results_trend import without_lines

K = 3
Cells = dict[tuple[str, int, None], dict[str, int]]
#: The months of the small surveys: two in each of two quarters, so that views by date (whole
#: quarters) and rows by month differ.
MONTHS = ("2026-01", "2026-02", "2026-04", "2026-05")
#: Months across two reporting years, the second with two quarters, one of them with two
#: months: years in an area, quarters over all areas and months all differ.
ACROSS_YEARS = ("2026-03", "2026-04", "2026-05", "2026-07")


def months_of_cells(cells: Cells) -> list[str]:
    return sorted({c[0] for c in cells})


def _areas(cells: Cells) -> list[int]:
    return sorted({c[1] for c in cells})


def _groups(cells: Cells) -> list[str]:
    return sorted({g for sizes in cells.values() for g in sizes})


def _ranges(cells: Cells, period_of, months_of) -> list[tuple[str, str]]:
    """Every range of whole periods (quarters, or years) from the first month to the last."""
    periods = sorted({period_of(m) for m in months_of_cells(cells)})
    return [
        (months_of(a)[0], months_of(b)[1])
        for a, b in itertools.combinations_with_replacement(periods, 2)
    ]


def views_allowed(
    cells: Cells, quarters_with_a_place: bool = False
) -> list[tuple[Kind, tuple[str, str] | None, int | None]]:
    """Every view the filters allow: (kind, month range, area). Ranges by date alone are whole
    quarters; with an area, whole reporting years (or, to show why, any quarters)."""
    quarters = _ranges(cells, quarter_of, quarter_months)
    years = quarters if quarters_with_a_place else _ranges(cells, year_of, year_months)
    views: list[tuple[Kind, tuple[str, str] | None, int | None]] = [("all", None, None)]
    views += [("place", None, area) for area in _areas(cells)]
    views += [("date", r, None) for r in quarters]
    views += [("both", r, area) for r in years for area in _areas(cells)]
    return views


def inside_view(cell, months: tuple[str, str] | None, area: int | None) -> bool:
    return (months is None or months[0] <= cell[0] <= months[1]) and (
        area is None or cell[1] == area
    )


class Space:
    """Vectors over (group, month, area)."""

    def __init__(self, cells: Cells) -> None:
        self.groups, self.months, self.areas = _groups(cells), months_of_cells(cells), _areas(cells)
        self.index = {
            (g, m, a): i
            for i, (g, m, a) in enumerate(itertools.product(self.groups, self.months, self.areas))
        }
        self.counts = np.zeros(len(self.index))
        for (m, a, _), sizes in cells.items():
            for g, n in sizes.items():
                self.counts[self.index[(g, m, a)]] = n

    def pairs(self, months: tuple[str, str] | None, area: int | None) -> list[tuple[str, int]]:
        """The (month, area) cells of a view."""
        return [
            (m, a) for m in self.months for a in self.areas if inside_view((m, a), months, area)
        ]

    def vector(self, groups, pairs) -> np.ndarray:
        v = np.zeros(len(self.index))
        for g in groups:
            for m, a in pairs:
                v[self.index[(g, m, a)]] = 1
        return v


def sizes_in(cells: Cells, months=None, area=None) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for cell, groups in cells.items():
        if inside_view(cell, months, area):
            for g, n in groups.items():
                sizes[g] = sizes.get(g, 0) + n
    return sizes


def service_rule(cells: Cells, k: int) -> tuple[Callable, Callable]:
    """The decisions of :mod:`app.services.results_disclosure` and the trend's."""
    everywhere = decide_table(sizes_in(cells), k)
    rule2 = protect(cells, k, everywhere.hidden)

    def decide(sizes: Mapping[str, int], kind: Kind) -> Decision:
        return decide_view(sizes, cells, k, everywhere.hidden, kind=kind, protection=rule2)

    def trend(kind: Kind, decision: Decision, by_period: dict[str, dict[str, int]]):
        return _trend_points(kind, decision, rule2, by_period, k)

    def grouped(kind: Kind, dimension: str, rows: Mapping[object, int]) -> set[object]:
        """The rows a view shows grouped by month or by area (each a total in the view)."""
        decided = rows_are_totals(decide_table(rows, k), cells, k, kind, dimension)
        return {row for row in rows if decided.shown(row)}

    return decide, trend, grouped


def _trend_points(
    kind: Kind,
    decision: Decision,
    rule2: Protection,
    by_period: dict[str, dict[str, int]],
    k: int,
) -> tuple[set[str], set[tuple[str, str]]]:
    """Which totals by period, and which (group, period) points, the trend shows: periods are
    quarters, or years in a view by area (see :func:`app.services.results_trend.trend`)."""
    no_line, totals = without_lines(kind, decision, rule2)
    sizes = {q: sum(s.values()) for q, s in by_period.items()}
    by_total = decide_table(sizes, k, total_shown=totals)
    totals_hidden = {q for q in by_period if not (totals and by_total.shown(q))}
    no_line, _ = hidden_across_cells(by_period, k, no_line, reason="month")
    shown_periods = {q for q in by_period if q not in totals_hidden}
    present = {g for s in by_period.values() for g, n in s.items()}
    points = {(g, q) for g in present if g not in no_line for q in by_period}
    return shown_periods, points


def naive_rule(cells: Cells, k: int) -> tuple[Callable, Callable]:
    """Leaks: each view hides only the groups below k in it (and the next-smallest)."""

    def decide(sizes: Mapping[str, int], kind: Kind) -> Decision:
        return decide_table(sizes, k)

    def trend(kind: Kind, decision: Decision, by_period: dict[str, dict[str, int]]):
        return set(), set()

    def grouped(kind: Kind, dimension: str, rows: Mapping[object, int]) -> set[object]:
        return set()

    return decide, trend, grouped


def shown_figures(
    cells: Cells, k: int, rule, quarters_with_a_place: bool = False
) -> tuple[Space, np.ndarray]:
    """Every figure any view shows, as rows of a matrix over (group, month, area)."""
    space = Space(cells)
    decide, trend, grouped_rows = rule(cells, k)
    rows = []
    for kind, months, area in views_allowed(cells, quarters_with_a_place):
        pairs = space.pairs(months, area)
        sizes = sizes_in(cells, months, area)
        decision = decide(sizes, kind)
        for g in space.groups:
            # A group shown gives its count; so does one left out of the view altogether (a
            # group neither shown nor listed as hidden has nobody there: a shown zero).
            if decision.shown(g) or g not in decision.hidden:
                rows.append(space.vector([g], pairs))
        if decision.total_shown and sum(sizes.values()):
            rows.append(space.vector(space.groups, pairs))
        # The trend: by quarter, or by reporting year in a view by area.
        period_of, months_of = (
            (year_of, year_months) if kind in ("place", "both") else (quarter_of, quarter_months)
        )
        periods = sorted({period_of(m) for m, _ in pairs})
        by_period = {q: sizes_in(cells, months_of(q), area) for q in periods}
        by_period = {q: s for q, s in by_period.items() if sum(s.values())}
        shown_periods, points = trend(kind, decision, by_period)
        for q in shown_periods:
            rows.append(space.vector(space.groups, [(m, a) for m, a in pairs if period_of(m) == q]))
        for g, q in points:
            rows.append(space.vector([g], [(m, a) for m, a in pairs if period_of(m) == q]))
        # Grouped by month or by area, each month's or area's total in the view is a row.
        for dimension, part in (("month", 0), ("area", 1)):
            totals: dict = {}
            for pair in pairs:
                n = sum(cells.get((*pair, None), {}).values())
                totals[pair[part]] = totals.get(pair[part], 0) + n
            for value in grouped_rows(kind, dimension, {v: n for v, n in totals.items() if n}):
                within = [pair for pair in pairs if pair[part] == value]
                rows.append(space.vector(space.groups, within))
    # The overview's responses by month, in the unfiltered view.
    for m in overview(cells, k, rule):
        rows.append(space.vector(space.groups, [(m, a) for a in space.areas]))
    return space, np.array(rows) if rows else np.zeros((0, len(space.index)))


def overview(cells: Cells, k: int, rule) -> set[str]:
    """The months whose count of responses the overview shows."""
    if rule is naive_rule:
        return set()
    months = {m: sum(sizes_in(cells, (m, m)).values()) for m in months_of_cells(cells)}
    months = {m: n for m, n in months.items() if n}
    decided = month_totals(months, k)
    return {m for m in months if decided.shown(m)}


def leaks(
    cells: Cells, k: int, rule, quarters_with_a_place: bool = False
) -> list[tuple[tuple[str, ...], tuple, int]]:
    """Every (groups, cells) whose count of 1 to k-1 is a combination of shown figures
    (``quarters_with_a_place``: were views by date and area to take any quarters)."""
    space, shown = shown_figures(cells, k, rule, quarters_with_a_place)
    return derivable_small_counts(space, shown, k)


def derivable_small_counts(
    space: Space, shown: np.ndarray, k: int
) -> list[tuple[tuple[str, ...], tuple, int]]:
    """Every (groups, cells) whose count is 1 to k-1 and a rational combination of the rows
    of ``shown`` (figures, as vectors over ``space``)."""
    if not len(shown):
        return []
    # An orthonormal basis of what is shown: v is derivable iff projecting it changes nothing.
    _, s, vt = np.linalg.svd(shown, full_matrices=False)
    basis = vt[s > 1e-9 * max(s[0], 1)]
    pairs = list(itertools.product(space.months, space.areas))
    # Every non-empty set of (month, area) cells, as rows of 0s and 1s in the order of pairs.
    subsets = np.array(list(itertools.product((0, 1), repeat=len(pairs)))[1:], dtype=float)
    found = []
    for size in range(1, len(space.groups) + 1):
        for groups in itertools.combinations(space.groups, size):
            chosen = np.array([g in groups for g in space.groups], dtype=float)
            vectors = np.kron(chosen, subsets)
            counts = vectors @ space.counts
            small = (counts > 0) & (counts < k)
            if not small.any():
                continue
            residual = vectors[small] - (vectors[small] @ basis.T) @ basis
            derivable = np.abs(residual).max(axis=1) < 1e-6
            for row, n in zip(subsets[small][derivable], counts[small][derivable], strict=True):
                cells = tuple(p for p, inside in zip(pairs, row, strict=True) if inside)
                found.append((groups, cells, int(n)))
    return found


def cells_from(
    grid: Mapping[str, list[list[int]]], months: int, areas: int, calendar=MONTHS
) -> Cells:
    """Cells from {group: [[count by area] by month]}, the months taken from ``calendar``."""
    cells: Cells = {}
    for m in range(months):
        for a in range(areas):
            cells[(calendar[m], a + 1, None)] = {
                g: rows[m][a] for g, rows in grid.items() if rows[m][a]
            }
    return cells


def counted(cells: Cells, k: int) -> Cells:
    """The cells the results count: a month of 1 to k-1 responses is left out altogether."""
    months = [(m, sum(sizes_in(cells, (m, m)).values())) for m in months_of_cells(cells)]
    left_out = set(left_out_months(months, k))
    return {cell: sizes for cell, sizes in cells.items() if cell[0] not in left_out}
