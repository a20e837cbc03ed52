"""Why a figure is hidden, in words an analyst can check.

A reason is a code ("below_k", "differencing_month", ...) that may name the cells it is about:
the quarters, months, areas or listening sessions, or years in an area or session (already in
words, "April 2025 to March 2026 in South District"), where a group had between
1 and k-1 people, or where the groups hidden there needed this one hidden with them.
:class:`Hidden` is that code as a string, so code that compares reasons keeps working, with
the cells beside it.
The words name a cell and say "fewer than k"; they never give a small count, which a hidden
cell would not either. Nor do they say whether a group is hidden for having fewer than k or as
cover for one that has (see ``_SMALL_OR_WITH``): with the total, that could give the count back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from app.services.periods import period_label
from app.services.results_labels import DEFAULT_REFERENCES

#: Cells named in a reason before the rest are only counted ("and 4 more quarters").
CELLS_NAMED = 3


class Hidden(str):
    """A reason code, and the cells (in words) that it is about."""

    cells: tuple[str, ...]

    def __new__(cls, code: str, cells: Iterable[str] = ()) -> Hidden:
        made = super().__new__(cls, code)
        made.cells = tuple(cells)
        return made

    @property
    def code(self) -> str:
        return str(self)

    def __reduce__(self):  # pragma: no cover - kept picklable like the str it is
        return (Hidden, (str(self), self.cells))


def cells_of(reason: str | None) -> tuple[str, ...]:
    """The cells a reason names (none for a plain code)."""
    return getattr(reason, "cells", ())


#: Each kind of cell: the cells named when none are known, and the noun for the rest.
FAMILIES: dict[str, tuple[str, str, str]] = {
    "month": ("some month", "month", "months"),
    "quarter": ("some quarter", "quarter", "quarters"),
    # The trend's points in a view by place: reporting years, April to March.
    "year": ("some year from April to March", "year", "years"),
    "place": ("some area or listening session", "area or session", "areas or sessions"),
    # Views by date and place count in reporting years, April to March.
    "both": (
        "some year from April to March in some area or listening session",
        "year in an area or session",
        "years in areas or sessions",
    ),
    # Rows by month in a place, or by area in a range of quarters (or of years, in a place).
    "cell": (
        "some month, quarter or year in some area or listening session",
        "period in an area or session",
        "periods in areas or sessions",
    ),
}
#: The family of each reason that names cells.
FAMILY_OF: dict[str, str] = {
    "differencing_month": "quarter",
    "differencing_month_cover": "quarter",
    "differencing_place": "place",
    "differencing_place_cover": "place",
    "differencing": "both",
    "differencing_cover": "both",
    "month": "quarter",
    "month_cover": "quarter",
    "year": "year",
    "year_cover": "year",
    "total_date": "quarter",
    "month_total": "month",
    "place_total": "place",
    "cell_total": "cell",
    "total_place": "place",
    "total_both": "both",
}
#: The reason given to a group newly hidden as the next-smallest in some cell.
COVER: dict[str, str] = {
    "differencing_month": "differencing_month_cover",
    "differencing_place": "differencing_place_cover",
    "differencing": "differencing_cover",
    "month": "month_cover",
    "year": "year_cover",
}

# A group hidden for having fewer than k and one hidden with it as cover are given the same
# words, everywhere. Told apart, they would give counts away: a table's total less the
# groups shown is what the hidden groups hold between them, and two groups each known to
# have fewer than 10 that hold 18 between them have 9 each. Said alike, the 18 could as well
# be 8 and 10, or 1 and 17.
_SMALL_OR_WITH = (
    "this group had fewer than {k} people, or was hidden with groups that had, so that the "
    "total there cannot give them away"
)
_TOTAL = "there were fewer than {k} responses"
_DATE = "hidden in every view filtered by date: in {cells}, "
_PLACE = "hidden in every view filtered by area or listening session: in {cells}, "
_BOTH = "hidden in every view filtered by both date and area or listening session: in {cells}, "
_IN_TABLE = (
    "fewer than {k} respondents, or hidden with a group that has, so that neither can be "
    "worked out from the total"
)
_AMONG_ALL = (
    "hidden in every filtered view, as it is with no filter, where it has fewer than {k} "
    "respondents or is hidden with a group that has"
)
_IN_LINE = (
    "in {cells}, this group had fewer than {k} answers, or its line is hidden with groups "
    "that had, and the line's other %s, taken from its total, would give {number} away"
)

#: Why a figure is hidden, said after "hidden:" on the pages and in the exports' Note.
EXPLANATIONS: dict[str, str] = {
    # A whole view, or a month's or a question's total, with fewer than k: nothing in it is
    # shown, so saying so gives nothing away.
    "few": "fewer than {k} respondents",
    # A group in a table (below k, or hidden with those that are: said alike, see above).
    "below_k": _IN_TABLE,
    "secondary": _IN_TABLE,
    # In filtered views, a group hidden among all responses (below k there, or with those).
    "below_k_all": _AMONG_ALL,
    "secondary_all": _AMONG_ALL,
    # A month whose responses no figure counts yet (results_counts.left_out_months).
    "left_out": "not counted: fewer than {k} responses so far, and a month's responses are "
    "counted once it has {k}",
    "differencing_month": _DATE + _SMALL_OR_WITH + " when views by date are compared",
    "differencing_month_cover": _DATE + _SMALL_OR_WITH + " when views by date are compared",
    "differencing_place": _PLACE
    + _SMALL_OR_WITH
    + " when views by area or listening session are compared",
    "differencing_place_cover": _PLACE
    + _SMALL_OR_WITH
    + " when views by area or listening session are compared",
    "differencing": _BOTH + _SMALL_OR_WITH + " when such views are compared",
    "differencing_cover": _BOTH + _SMALL_OR_WITH + " when such views are compared",
    # A group without a line in the trend: by quarter, or (in a view by place) by year.
    "month": _IN_LINE % "quarters",
    "month_cover": _IN_LINE % "quarters",
    "year": _IN_LINE % "years",
    "year_cover": _IN_LINE % "years",
    "total": "not shown in filtered views: some quarter, area or listening session, or some "
    "year in an area or session, has fewer than {k} responses, so comparing totals could "
    "reveal them",
    # Every row is hidden, so the words say what showing the others would give away.
    "month_total": "no month's figures are shown: in {cells}, " + _TOTAL + ", and if the "
    "other months were shown, the total of all responses less them would give {number} away",
    "place_total": "no area's figures are shown: in {cells}, " + _TOTAL + ", and if the other "
    "areas were shown, the total of all responses less them would give {number} away",
    "cell_total": "no row's figures are shown in a view grouped by month and filtered by area "
    "or listening session, or grouped by area and filtered by date: in {cells}, "
    + _TOTAL
    + ", and comparing such views would give {number} away",
    "total_date": "not shown in views filtered by date: in {cells}, " + _TOTAL + ", and "
    "comparing views by date could reveal them",
    "total_place": "not shown in views filtered by area or listening session: in {cells}, "
    + _TOTAL
    + ", and comparing such views could reveal them",
    "total_both": "not shown in views filtered by both date and area or listening session: in "
    "{cells}, " + _TOTAL + ", and comparing such views could reveal them",
    # An answer in a table of a question with no favourable half (results_answer_cells): a
    # shown group's, and all respondents' (decided from all respondents alone, the same in
    # every grouping and on the overview).
    "answer_few": "fewer than {k} in this group chose this answer, or it is hidden with "
    "answers that were, in this group or another, so that they cannot be worked out from the "
    "number who answered or from all respondents",
    "answer_few_total": "fewer than {k} of all respondents chose this answer, or it is hidden "
    "with answers that were, so that the number who answered cannot give them back",
}


def _listed(words: Sequence[str], one: str, many: str) -> str:
    if len(words) > CELLS_NAMED:
        rest = len(words) - CELLS_NAMED
        return f"{', '.join(words[:CELLS_NAMED])} and {rest} more {one if rest == 1 else many}"
    if len(words) > 1:
        return f"{', '.join(words[:-1])} and {words[-1]}"
    return words[0]


def explain(reason: str, k: int) -> str:
    """The sentence shown with "[c]" for a hidden figure."""
    code = str(reason)
    family = FAMILY_OF.get(code)
    if family is None:
        return EXPLANATIONS[code].format(k=k)
    cells = cells_of(reason)
    unknown, one, many = FAMILIES[family]
    return EXPLANATIONS[code].format(
        k=k,
        cells=_listed(cells, one, many) if cells else unknown,
        number="those numbers" if len(cells) > 1 else "that number",
    )


def no_reference(results: Any, labels: Mapping[str, str]) -> str:
    """Why nothing is compared in a view that has respondents: the group asked for under
    "Compare with" (or the usual one) is hidden, with its reason, or nobody in the view is in
    it. ``labels`` names every group of the grouping, those without respondents too."""
    asked = results.filters.reference
    chosen = asked or DEFAULT_REFERENCES.get(results.dimension)
    row = next((g for g in results.groups if g.group == chosen), None) if chosen else None
    # No group to name when the grouping has no usual one (by age, none is chosen until there
    # is a largest group): not the "Compare with" list's words for its empty choice.
    name = labels.get(chosen, row.label if row is not None else "") if chosen else ""
    which = (
        f"{name}, the group chosen under “Compare with”,"
        if asked
        else f"{name}, the usual reference group,"
    )
    choose = "Choose another group under “Compare with”."
    if name and row is not None and row.hidden:
        why = explain(row.hidden, results.k)
        return f"{which} is hidden in this view ({why}), so nothing is compared with it. {choose}"
    if name and row is None:
        return f"{which} has no respondents in this view, so nothing is compared with it. {choose}"
    return (
        "There is no reference group to compare with in this view (it is hidden or has no "
        f"respondents). {choose}"
    )


def explained_rows(rows: Iterable[object], k: int) -> list[tuple[str, list[str]]]:
    """The reasons for the hidden figures among ``rows`` (objects with ``label`` and
    ``hidden``, or mappings with those keys), each once, with the labels of the rows it
    hides, in order of first use."""
    found: dict[str, list[str]] = {}
    for row in rows:
        reason, label = (
            (row.get("hidden"), row.get("label"))
            if isinstance(row, Mapping)
            else (getattr(row, "hidden", None), getattr(row, "label", ""))
        )
        if reason:
            labels = found.setdefault(explain(reason, k), [])
            if label not in labels:
                labels.append(label)
    return list(found.items())


def panel_rows(panels: Iterable[Any], groups: Iterable[Any], total: str | None, k: int):
    """The hidden rows of question tables (``panels``), for their key. A row hidden for the
    reason its group has in the respondents table (``groups``, whose total is hidden for
    ``total``) is named by its group; one hidden for a reason of its own, by its group and
    the question, so that the key says which table it is about."""
    among = {g.group: explain(g.hidden, k) for g in groups if g.hidden}
    if total:
        among["all"] = explain(total, k)
    rows = []
    for panel in panels:
        for row in [*panel.rows, panel.total]:
            if not row.hidden:
                continue
            own = among.get(row.group) != explain(row.hidden, k)
            label = f"{row.label} (“{panel.text}”)" if own else row.label
            rows.append({"label": label, "hidden": row.hidden})
    return rows


def name_cell(cell: object) -> str:
    """A cell in words when nothing better is known: months, quarters and reporting years by
    name, anything else as is."""
    if isinstance(cell, str):
        return period_label(cell)
    if isinstance(cell, tuple):
        return ", ".join(name_cell(part) for part in cell if part is not None) or "no area"
    return str(cell)


def cell_namer(areas: dict[int, str], events: dict[int, str]) -> Callable[[object], str]:
    """Names for the cells of a survey, given its areas' and events' names: a quarter ("April
    to June 2025") or month, a place ("North District", or an event by its name alone, which
    says where), or a reporting year, quarter or month in a place ("April 2025 to March 2026
    in North District", "May 2025 at Riverside (1 May 2025)")."""

    def place(area_id: int | None, event_id: int | None) -> str:
        if event_id is not None:
            return events.get(event_id, "an event no longer listed")
        if area_id is not None:
            return areas.get(area_id, "an area no longer listed")
        return "no area recorded"

    def name(cell: object) -> str:
        if isinstance(cell, tuple) and len(cell) == 3:
            where = "at" if cell[2] is not None else "in"
            return f"{period_label(cell[0])} {where} {place(cell[1], cell[2])}"
        if isinstance(cell, tuple) and len(cell) == 2:
            return place(cell[0], cell[1])
        return name_cell(cell)

    return name
