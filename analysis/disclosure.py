"""Disclosure control: the one function that decides which groups' figures may be shown.

Pages, the API and exports all call :func:`suppress` on the group sizes behind a table before
showing any figure from it (DESIGN.md, privacy rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from analysis.rows import NOT_STATED, group_code, merge_rows

__all__ = ["DEFAULT_K", "NOT_STATED", "GroupDisclosure", "Suppression", "suppress"]

#: Default minimum group size for any figure to be shown (admin-configurable in the app).
DEFAULT_K = 10


class _HasGroup(Protocol):
    @property
    def group(self) -> str | None: ...


_Item = TypeVar("_Item", bound=_HasGroup)


@dataclass(frozen=True)
class GroupDisclosure:
    """Whether a group's figures may be shown. ``n`` is None when it is suppressed."""

    group: str
    n: int | None
    suppressed: bool
    reason: Literal["below_k", "secondary"] | None


@dataclass(frozen=True)
class Suppression:
    """Outcome of :func:`suppress` for one set of groups that share a shown total."""

    k: int
    groups: tuple[GroupDisclosure, ...]

    @property
    def shown(self) -> frozenset[str]:
        """Groups whose figures may be shown."""
        return frozenset(cell.group for cell in self.groups if not cell.suppressed)

    @property
    def suppressed(self) -> frozenset[str]:
        """Groups whose figures must not be shown."""
        return frozenset(cell.group for cell in self.groups if cell.suppressed)

    def is_shown(self, group: str | None) -> bool:
        """Whether figures for ``group`` may be shown (unknown groups may not)."""
        return group_code(group) in self.shown

    def keep(self, items: Iterable[_Item]) -> list[_Item]:
        """The items (anything with a ``group`` attribute) whose group may be shown."""
        return [item for item in items if self.is_shown(item.group)]


def suppress(
    rows: Iterable[object],
    k: int = DEFAULT_K,
    *,
    total_shown: bool = True,
    cover_first: Sequence[str] = (),
) -> Suppression:
    """Decide which groups' figures may be shown: the one disclosure-control function.

    Primary suppression hides every group with fewer than ``k`` respondents. Secondary
    suppression then hides the next-smallest groups until the suppressed groups together
    hold at least ``k`` respondents (or none at all), so that neither a suppressed group's
    count nor its figures can be recovered by subtracting shown groups from a shown total.
    "Not stated" is a group like any other: shown or suppressed, never dropped.

    Parameters
    ----------
    rows : iterable
        ``(group, n)`` rows: objects with ``group`` and ``n`` attributes, mappings or tuples.
        A None group is "not stated"; duplicate groups are added up.
    k : int, default 10
        Smallest group whose figures may be shown.
    total_shown : bool, default True
        Whether a total over these groups is shown or derivable; only then is secondary
        suppression needed.
    cover_first : sequence of str, default ()
        Groups to hide as secondary suppression before the next-smallest, in this order,
        while more are needed (a caller whose secondary suppression applies in many views
        may prefer to give up a group that matters less to comparisons, such as "not
        stated", rather than the smallest).

    Returns
    -------
    Suppression
        One :class:`GroupDisclosure` per group, in input order.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    sizes = {group: int(values[0]) for group, values in merge_rows(rows, ("group", "n")).items()}
    reasons: dict[str, Literal["below_k", "secondary"]] = {
        group: "below_k" for group, n in sizes.items() if n < k
    }
    if total_shown:
        first = [group for group in cover_first if group in sizes]
        order = first + sorted(
            (group for group in sizes if group not in first),
            key=lambda group: (sizes[group], list(sizes).index(group)),
        )
        while 0 < sum(sizes[g] for g in reasons) < k:
            candidates = [group for group in order if group not in reasons]
            if not candidates:
                break
            reasons[candidates[0]] = "secondary"
    cells = tuple(
        GroupDisclosure(
            group, None if group in reasons else n, group in reasons, reasons.get(group)
        )
        for group, n in sizes.items()
    )
    return Suppression(k, cells)
