"""The disclosure rules of the results, built on the one suppression function.

Every table of figures by group goes through :func:`analysis.disclosure.suppress`; this module
decides what it is fed, so that pages, exports and the API hide exactly the same cells.

Rule 1, one table. In every table whose total is shown (respondents by group; each question's
answers by group; free text by group; months of a trend) a group with fewer than k
respondents is hidden, and then the next-smallest groups until the hidden groups hold at least
k between them, so that "total minus the groups shown" never gives a group of fewer than k.
Groups hidden in a wider table (a group hidden among respondents is hidden under every
question) are *forced*: they count towards the hidden total from the start.

Rule 2, filtered views. Filters select whole *cells*: a month, an area, an event. A filtered
view shows a group only if, in every cell of the survey, that group has either no respondents
or at least k; and each cell's hidden groups together hold none or at least k (Rule 1 applied
cell by cell, repeated until nothing changes). So any two views, filtered or not, differ in a
shown group by whole cells, each holding none or at least k of it: comparing views never
isolates fewer than k people. Groups hidden in the unfiltered view stay hidden in every
filtered one, or filtered views that together cover the survey would give them back. A
filtered view's totals ("all respondents") are shown only when every cell of the survey holds
none or at least k respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from analysis.disclosure import GroupDisclosure, Suppression, suppress

Reason = Literal["below_k", "secondary", "differencing", "month"]
#: Stands for the groups already hidden, merged into one row for :func:`suppress`.
ALREADY_HIDDEN = "\x00already-hidden"

#: Why a figure is hidden, said after "hidden:" on the pages and after "Reasons:" in exports.
EXPLANATIONS: dict[str, str] = {
    "below_k": "fewer than {k} respondents",
    "secondary": "a smaller hidden group could otherwise be worked out from the total",
    "differencing": "in filtered views, as in some month, area or event this group has "
    "fewer than {k} respondents, so comparing views could reveal them",
    "month": "no line: in at least one month this group has fewer than {k} answers",
    "total": "not shown in filtered views: some month, area or event has fewer than {k} "
    "responses, so comparing totals could reveal them",
}


def explain(reason: str, k: int) -> str:
    """The sentence shown with "[c]" for a hidden figure."""
    return EXPLANATIONS[reason].format(k=k)


@dataclass(frozen=True)
class Decision:
    """Which groups of one table may be shown, and whether its total may be."""

    k: int
    sizes: Mapping[str, int]
    hidden: Mapping[str, Reason] = field(default_factory=dict)
    total_shown: bool = True

    def shown(self, group: str) -> bool:
        return group not in self.hidden and self.sizes.get(group, 0) > 0

    def reason(self, group: str) -> Reason | None:
        return self.hidden.get(group)

    def suppression(self) -> Suppression:
        """The same decision as :class:`analysis.disclosure.Suppression`, for
        :func:`analysis.groups.compare_shares`."""
        return Suppression(
            self.k,
            tuple(
                GroupDisclosure(
                    group,
                    None if group in self.hidden else n,
                    group in self.hidden,
                    "secondary"
                    if self.hidden.get(group) == "differencing"
                    else self.hidden.get(group),
                )
                for group, n in self.sizes.items()
            ),
        )


def _suppress_with(
    sizes: Mapping[str, int], k: int, forced: Mapping[str, Reason], total_shown: bool
) -> dict[str, Reason]:
    """Rule 1 for one table, with ``forced`` groups hidden from the start."""
    already = sum(sizes.get(group, 0) for group in forced)
    rows = [(group, n) for group, n in sizes.items() if group not in forced and n > 0]
    if already >= k or not total_shown:
        # What is hidden already holds k or more: new groups below k go, nothing more.
        decided = suppress(rows, k, total_shown=False)
    elif already > 0:
        decided = suppress([(ALREADY_HIDDEN, already), *rows], k)
    else:
        decided = suppress(rows, k)
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
) -> Decision:
    """Rule 1: the decision for one table of group sizes whose total is shown."""
    hidden = _suppress_with(sizes, k, forced or {}, total_shown)
    if total_shown and 0 < sum(sizes.values()) < k:
        hidden = {group: hidden.get(group, "below_k") for group, n in sizes.items() if n > 0}
        total_shown = False
    return Decision(k, dict(sizes), hidden, total_shown)


def hidden_across_cells(
    cells: Mapping[object, Mapping[str, int]],
    k: int,
    forced: Mapping[str, Reason],
    reason: Reason = "differencing",
) -> tuple[dict[str, Reason], bool]:
    """Rule 2: the groups to hide in every filtered view, and whether totals may be shown.

    ``cells`` maps each cell of the survey to its group sizes; groups newly hidden get
    ``reason``.
    """
    hidden: dict[str, Reason] = dict(forced)
    for sizes in cells.values():
        for group, n in sizes.items():
            if 0 < n < k:
                hidden.setdefault(group, reason)
    changed = True
    while changed:
        changed = False
        for sizes in cells.values():
            inside = {g: hidden[g] for g in sizes if g in hidden}
            for group in _suppress_with(sizes, k, inside, total_shown=True):
                if group not in hidden:
                    hidden[group] = reason
                    changed = True
    totals_shown = all(not 0 < sum(sizes.values()) < k for sizes in cells.values())
    return hidden, totals_shown


def decide_view(
    sizes: Mapping[str, int],
    cells: Mapping[object, Mapping[str, int]],
    k: int,
    forced: Mapping[str, Reason],
    *,
    filtered: bool,
) -> Decision:
    """Rule 1 for an unfiltered view; Rules 2 and then 1 for a filtered one."""
    if not filtered:
        return decide_table(sizes, k, forced)
    hidden, totals_shown = hidden_across_cells(cells, k, forced)
    return decide_table(sizes, k, hidden, total_shown=totals_shown)
