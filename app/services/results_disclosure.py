"""The disclosure rules of the results, built on the one suppression function.

Every table of figures by group goes through :func:`analysis.disclosure.suppress`; this module
decides what it is fed, so that pages, exports and the API hide exactly the same cells.

Rule 1, one table. In every table whose total is shown (respondents by group; each question's
answers by group; free text by group; quarters of a trend) a group with fewer than k
respondents is hidden, and then the next-smallest groups until the hidden groups hold at least
k between them, so that "total minus the groups shown" never gives a group of fewer than k.
Groups hidden in a wider table (a group hidden among respondents is hidden under every
question) are *forced*: they count towards the hidden total from the start.

Rule 2, filtered views. Filters select whole *cells*: a calendar quarter or a reporting year,
an area, an event. What a filtered view may show depends on the kind of filter it uses, each
kind with its own hidden set, the same in every view of that kind:

- by place only (an area, an event, or both): the cells are places (area and event) over all
  months, so a group small in one month but not in any place is still shown;
- by date only (a range of whole quarters): the cells are quarters over all places; two ranges
  differ by whole quarters, so any quarter can be isolated and every quarter counts. Ranges
  start and end with a quarter (:mod:`app.services.periods`): with any month allowed, any
  month could be isolated, and a group small in any month of the survey's history would be
  hidden in every view by date (most minority groups, in a survey's first months);
- by date and place: the cells are (reporting year, area, event), a year running from April to
  March, and everything hidden in views by place or by date stays hidden. Ranges start in an
  April and end in a March. Quarters in one area hold too few people: with 5 areas and about
  120 stop-search responses a month, a (quarter, area) cell holds 20 to 60, so one quarter with
  a handful of White respondents in one area hid White, and with it every group, in every view
  by date and area. A year in an area holds four times as many, and is how forces report stop
  and search.

Within a kind a group is shown only if, in every cell of that kind, it has either no
respondents or at least k; and each cell's hidden groups together hold none or at least k
(Rule 1 applied cell by cell, repeated until nothing changes). So two views of one kind differ
in a shown group by whole cells each holding none or at least k of it.

Across kinds, what can be worked out is a sum of what each kind shows, each a sum of its own
cells: views by date show a group's counts by whole quarters over all places; views by place,
by place over all months; views by date and place, by whole years in a place. Each is a sum of
(month, place) counts that is constant along the other's lines: a quarter over all places, a
place over all time, a year in a place. Adding and taking these away gives a grid's rows and
columns (a quarter summed over places, a year or all time in one place) and what they add up
to, never a cell finer than one kind's own: no quarter in one place (the quarters of views by
date are never split by place, and the years of views by date and place are never split into
quarters), and no year less a quarter in a place. Where a count of one kind's cell is given
back by the others (a place's total over all time less its other years, say), that cell is
also one of the other kind's, or a sum of them, and holds none or at least k there. Groups
hidden in the unfiltered view stay hidden in every filtered one, or filtered views that
together cover the survey would give them back. A kind's totals ("all respondents") are shown
only when every cell of that kind holds none or at least k respondents.
``tests/app/test_results_disclosure_differencing.py`` checks by brute force, quarters, years,
places and months all present, that no sum or difference of figures shown anywhere gives a
count of 1 to k-1; and that allowing quarters in views by date and place, with yearly cells,
would.

Rule 3, answers within a group (:mod:`app.services.results_answer_cells`). The people of a shown
group who chose an answer are a group too: in a table of the share of each group choosing each
answer, an answer chosen by 1 to k-1 people of a row is hidden, and, where one answer is chosen,
the next-smallest until the row's hidden answers hold k (its number who answered less the
answers shown would give a lone one back). All respondents' row, the same in every grouping
and on the overview, is decided from its own counts alone; where its figure for an answer less
the groups shown gives a group's cell back, or 1 to k-1, another group's is hidden too. Not
covered: differences between filtered views. A group's count for an answer in one view less
its count in another can be 1 to k-1 where both are shown: Rule 2's cells hold the groups'
sizes, not how many of each chose each answer: they protect neither that nor favourable counts.

Reasons (:mod:`app.services.results_reasons`) say which cells a group is hidden for: the
quarters, areas or listening sessions, or years in an area or session ("April 2025 to March
2026 in South District"), of the survey's whole history, where it has 1 to k-1 or
is hidden with groups that have ("in April to June 2025, this group had fewer than 10 people, or was
hidden with groups that had"). They never say which of the two: a table's total less the
groups shown is what its hidden groups hold between them, and with each known to be below k
that can give counts back (two groups below 10 holding 18 between them have 9 each). For the
same reason a group hidden in the unfiltered view is hidden in every filtered view for that
alone, below k or as cover, said alike. The reasons never change what is hidden.

Absences. A group that has nobody in a view would be left out of its tables, and its absence
would be a shown zero that other views could be compared with. So a filtered view lists every
group hidden in views of its kind as hidden, whether or not anyone of it is in the view
(:func:`listed_hidden`).

Counts by month and by area are totals of filtered views (by date; by place; both). The
overview's responses by month, the trend's line of all respondents (by quarter, or by year in a
place), and tables
grouped by month or by area show their rows only when views of that kind show totals: when
every such cell holds none or at least k (for rows by month, every month, or every month in a
place: they are finer than the quarters of views by date, and are totals only, never by group).
Otherwise every row is hidden, naming the small cells (:mod:`app.services.results_totals`):
Rule 1 alone would show the others, and the table's total less them would give the small ones
back. The brute-force check counts absences and the overview's months among the figures shown.

Small months. Before any of this, a month of the survey with 1 to k-1 responses is left out
of the counts altogether (:func:`app.services.results_counts.left_out_months`): its responses
are in no figure until it has k. So the survey's months all hold at least k, views by date
show their totals, and :func:`app.services.results_totals.month_totals` hides nothing; it
stays as the rule, should counts ever reach it with a small month. A small month in one area,
or at one event, is in a cell of views by date and place (its year there), and the rules
above hide it there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from analysis.disclosure import suppress
from analysis.rows import NOT_STATED
from app.services.periods import quarter_of, year_of
from app.services.results_reasons import COVER, Hidden, explain, name_cell

__all__ = ["explain"]  # the sentence for a reason, where it has always been found

#: A reason code (see :data:`app.services.results_reasons.EXPLANATIONS`), often a
#: :class:`~app.services.results_reasons.Hidden` naming the cells it is about.
Reason = str
#: The kinds of view: unfiltered, by place only, by date only, by date and place.
Kind = Literal["all", "place", "date", "both"]
#: The reason given to groups newly hidden in views of each kind.
KIND_REASONS: dict[str, Reason] = {
    "place": "differencing_place",
    "date": "differencing_month",
    "both": "differencing",
}
#: The reason given to a total hidden in views of each kind.
TOTAL_REASONS: dict[str, Reason] = {
    "place": "total_place",
    "date": "total_date",
    "both": "total_both",
}
#: The reason a group hidden in the unfiltered view (below k, or as cover) has in filtered views.
#: The two are said alike (see results_reasons); a group below k among all responses is not
#: then said to be small in a cell, as one hidden there as cover may be.
ALL_REASONS: dict[str, Reason] = {"below_k": "below_k_all", "secondary": "secondary_all"}
#: Stands for the groups already hidden, merged into one row for :func:`suppress`.
ALREADY_HIDDEN = "\x00already-hidden"
#: Rule 2's cover, first: a group hidden so that a cell's hidden groups hold k is hidden in
#: every view of the kind, so "Not stated" goes before the next-smallest group when it is
#: enough. Comparisons are between the groups people stated: hiding, say, the Asian group in
#: every view by date for the sake of one quarter's few Mixed and Other respondents would cost
#: more than hiding those who did not say.
COVER_FIRST = (NOT_STATED,)


@dataclass(frozen=True)
class Decision:
    """Which groups of one table may be shown, and whether its total may be."""

    k: int
    sizes: Mapping[str, int]
    hidden: Mapping[str, Reason] = field(default_factory=dict)
    total_shown: bool = True
    #: Why the total is hidden, when it is.
    total_reason: Reason | None = None

    def shown(self, group: str) -> bool:
        return group not in self.hidden and self.sizes.get(group, 0) > 0

    def reason(self, group: str) -> Reason | None:
        return self.hidden.get(group)


def _suppress_with(
    sizes: Mapping[str, int],
    k: int,
    forced: Mapping[str, Reason],
    total_shown: bool,
    cover_first: tuple[str, ...] = (),
) -> dict[str, Reason]:
    """Rule 1 for one table, with ``forced`` groups hidden from the start (and, as cover,
    the groups of ``cover_first`` before the next-smallest)."""
    already = sum(sizes.get(group, 0) for group in forced)
    rows = [(group, n) for group, n in sizes.items() if group not in forced and n > 0]
    if already >= k or not total_shown:
        # What is hidden already holds k or more: new groups below k go, nothing more.
        decided = suppress(rows, k, total_shown=False)
    elif already > 0:
        decided = suppress([(ALREADY_HIDDEN, already), *rows], k, cover_first=cover_first)
    else:
        decided = suppress(rows, k, cover_first=cover_first)
    hidden: dict[str, Reason] = {g: r for g, r in forced.items() if sizes.get(g, 0) > 0}
    for cell in decided.groups:
        if cell.suppressed and cell.group != ALREADY_HIDDEN:
            hidden[cell.group] = cell.reason or "below_k"
    return hidden


def decide_table(
    sizes: Mapping[str, int],
    k: int,
    forced: Mapping[str, Reason] | None = None,
    *,
    total_shown: bool = True,
    total_reason: Reason = "total",
) -> Decision:
    """Rule 1: the decision for one table of group sizes whose total is shown (or, with
    ``total_shown`` false, hidden for ``total_reason``)."""
    hidden = _suppress_with(sizes, k, forced or {}, total_shown)
    if total_shown and 0 < sum(sizes.values()) < k:
        hidden = {group: hidden.get(group, "below_k") for group, n in sizes.items() if n > 0}
        return Decision(k, dict(sizes), hidden, False, "few")
    return Decision(k, dict(sizes), hidden, total_shown, None if total_shown else total_reason)


def hidden_across_cells(
    cells: Mapping[object, Mapping[str, int]],
    k: int,
    forced: Mapping[str, Reason],
    reason: Reason = "differencing",
    name: Callable[[object], str] = name_cell,
) -> tuple[dict[str, Reason], bool]:
    """Rule 2: the groups to hide in every filtered view, and whether totals may be shown.

    ``cells`` maps each cell of the survey to its group sizes. A group newly hidden gets
    ``reason``, naming (by ``name``) the cells where it has 1 to k-1; one hidden only so that
    a cell's hidden groups hold k between them gets ``reason``'s cover reason, naming that
    cell. A group in ``forced`` keeps the reason it has there.
    """
    hidden: dict[str, Reason] = dict(forced)
    small: dict[str, list[object]] = {}
    for cell in sorted(cells, key=_order):
        for group, n in cells[cell].items():
            if 0 < n < k and group not in forced:
                small.setdefault(group, []).append(cell)
    for group, where in small.items():
        hidden[group] = Hidden(reason, (name(cell) for cell in where))
    changed = True
    while changed:
        changed = False
        for cell, sizes in cells.items():
            inside = {g: hidden[g] for g in sizes if g in hidden}
            for group in _suppress_with(sizes, k, inside, True, COVER_FIRST):
                if group not in hidden:
                    hidden[group] = Hidden(COVER.get(str(reason), reason), (name(cell),))
                    changed = True
    totals_shown = not small_totals(cells, k)
    return hidden, totals_shown


def small_totals(cells: Mapping[object, Mapping[str, int]], k: int) -> list[object]:
    """The cells whose total is 1 to k-1, in order: while there are any, views of their kind
    show no totals."""
    return [c for c in sorted(cells, key=_order) if 0 < sum(cells[c].values()) < k]


def _order(cell: object) -> tuple:
    """Cells in order (months first), whatever their keys hold."""
    parts = cell if isinstance(cell, tuple) else (cell,)
    return tuple((part is None, 0 if part is None else part) for part in parts)


def view_kind(view: object) -> Kind:
    """The kind of filter a view uses (anything with start, end, area_id and event_id)."""
    dated = getattr(view, "start", None) is not None or getattr(view, "end", None) is not None
    placed = (
        getattr(view, "area_id", None) is not None or getattr(view, "event_id", None) is not None
    )
    if dated and placed:
        return "both"
    return "date" if dated else "place" if placed else "all"


def cells_of_kind(
    cells: Mapping[tuple, Mapping[str, int]],
    kind: Kind,
    period: Callable[[str], str] | None = None,
) -> dict[object, dict[str, int]]:
    """The survey's (month, area, event) cells added up into the cells of one kind of view:
    places over all months, quarters over all places, or (reporting year, area, event).
    ``period`` puts a month into its cell's period: its quarter, or, for the rows of a table
    grouped by month, the month itself; it is None for the kind's own (quarters by date,
    years by date and place)."""
    if period is None:
        period = year_of if kind == "both" else quarter_of
    added: dict[object, dict[str, int]] = {}
    for cell, sizes in cells.items():
        when = period(cell[0]) if cell[0] is not None else None
        if kind == "both":
            key: object = (when, *cell[1:])
        else:
            key = tuple(cell[1:]) if kind == "place" else when if kind == "date" else ""
        into = added.setdefault(key, {})
        for group, n in sizes.items():
            into[group] = into.get(group, 0) + n
    return added


@dataclass(frozen=True)
class Protection:
    """Rule 2 for one measure: the groups hidden in every view of each kind, and whether
    that kind's views may show totals."""

    hidden: Mapping[str, Mapping[str, Reason]]
    totals: Mapping[str, bool]
    #: Why each kind's totals are hidden, when they are (naming the small cells).
    total_reasons: Mapping[str, Reason] = field(default_factory=dict)


def protect(
    cells: Mapping[tuple, Mapping[str, int]],
    k: int,
    everywhere: Mapping[str, Reason],
    within: Protection | None = None,
    kinds: tuple[Kind, ...] = ("place", "date", "both"),
    name: Callable[[object], str] = name_cell,
) -> Protection:
    """Rule 2 for every kind of filtered view of one measure.

    ``everywhere`` holds the groups hidden in the unfiltered view; ``within`` the protection of
    a wider measure (respondents, for a question), whose hidden groups stay hidden. Views by
    date and place hide everything hidden by place or by date as well. ``name`` puts a cell
    into the words of the reasons. A group hidden in the unfiltered view, below k or as
    another's cover, is hidden in every filtered view for that reason (``below_k_all``,
    ``secondary_all``, said alike), and is not then said to be small in a cell: were only some
    of them, those that are not would be known to be cover, and so the others small.
    """
    hidden: dict[str, dict[str, Reason]] = {}
    totals: dict[str, bool] = {}
    total_reasons: dict[str, Reason] = {}
    carried = {g: Hidden(ALL_REASONS.get(str(r), r)) for g, r in everywhere.items()}
    for kind in ("place", "date", "both"):
        if kind not in kinds and not (kind != "both" and "both" in kinds):
            continue
        forced: dict[str, Reason] = dict(carried)
        if within is not None:
            _add_reasons(forced, within.hidden[kind])
        if kind == "both":
            for narrower in ("place", "date"):
                _add_reasons(forced, hidden[narrower])
        of_kind = cells_of_kind(cells, kind)
        hidden[kind], totals[kind] = hidden_across_cells(
            of_kind, k, forced, KIND_REASONS[kind], name
        )
        if not totals[kind]:
            small = (name(cell) for cell in small_totals(of_kind, k))
            total_reasons[kind] = Hidden(TOTAL_REASONS[kind], small)
    return Protection(hidden, totals, total_reasons)


def _add_reasons(hidden: dict[str, Reason], more: Mapping[str, Reason]) -> None:
    """Adds ``more`` hidden groups, keeping each reason already given."""
    for group, reason in more.items():
        hidden.setdefault(group, reason)


def listed_hidden(group: str, decision: Decision) -> bool:
    """Whether a table lists ``group`` as hidden. A filtered view lists every group hidden in
    views of its kind, those with nobody in the view included: leaving such a group out would
    show that it has nobody there, a zero that other views could be compared with."""
    return group in decision.hidden


def decide_view(
    sizes: Mapping[str, int],
    cells: Mapping[tuple, Mapping[str, int]],
    k: int,
    forced: Mapping[str, Reason],
    *,
    kind: Kind,
    protection: Protection | None = None,
) -> Decision:
    """Rule 1 for an unfiltered view; Rules 2 (for the view's kind) and then 1 for a filtered
    one. ``forced`` groups (hidden in the unfiltered view, or among the view's respondents)
    are hidden too."""
    if kind == "all":
        return decide_table(sizes, k, forced)
    if protection is None:
        protection = protect(cells, k, forced)
    hidden = {**forced, **protection.hidden[kind]}
    decided = decide_table(
        sizes,
        k,
        hidden,
        total_shown=protection.totals[kind],
        total_reason=protection.total_reasons.get(kind, TOTAL_REASONS[kind]),
    )
    # Every group hidden in views of this kind is listed as hidden, with nobody in the view or
    # not (see listed_hidden).
    listed = {**hidden, **decided.hidden}
    return Decision(k, decided.sizes, listed, decided.total_shown, decided.total_reason)
