"""Group comparisons on grouped counts, and the one disclosure-control function.

Counting happens in SQL (``GROUP BY`` on indexed columns); these functions take the grouped
rows it returns and add statistics. A row may be any object with the named attributes (a
SQLAlchemy ``Row``, a dataclass such as :class:`GroupCount`), a mapping with those keys, or a
plain tuple in the documented order. A NULL group is "not stated", which is its own group and
is never dropped. Every figure shown or exported must first pass :func:`suppress` (from
:mod:`analysis.disclosure`, re-exported here).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from analysis.disclosure import (
    DEFAULT_K,
    NOT_STATED,
    GroupDisclosure,
    Suppression,
    suppress,
)
from analysis.rows import group_code, merge_rows, row_fields
from analysis.stats import (
    Correction,
    Interval,
    adjust_p_values,
    mean_interval,
    moments,
    proportion_test,
    ratio_interval,
    wilson_interval,
)
from analysis.trends import MonthlyMean, TrendPoint, mean_trend_by_month, trend_by_month

__all__ = [
    "ALL_OTHERS",
    "DEFAULT_K",
    "DEFAULT_REFERENCE",
    "NOT_STATED",
    "Comparison",
    "GroupCount",
    "GroupDisclosure",
    "GroupMoments",
    "Interval",
    "Mean",
    "MonthlyMean",
    "Share",
    "Suppression",
    "ThemePrevalence",
    "TrendPoint",
    "compare_shares",
    "mean_trend_by_month",
    "means",
    "shares",
    "suppress",
    "theme_prevalence",
    "trend_by_month",
]

#: Default reference group for ratios.
DEFAULT_REFERENCE = "white"
#: Pass as ``reference`` to compare each group with all other groups pooled.
ALL_OTHERS = "all_others"


@dataclass(frozen=True)
class GroupCount:
    """Input row: ``n`` answers in a group, ``positives`` of them favourable."""

    group: str | None
    n: int
    positives: int


@dataclass(frozen=True)
class GroupMoments:
    """Input row: ``n`` values in a group with ``SUM(x)`` and ``SUM(x * x)``."""

    group: str | None
    n: int
    total: float
    total_squares: float


@dataclass(frozen=True)
class Share:
    """Share of a group answering favourably, with its Wilson interval."""

    group: str
    n: int
    count: int
    share: float | None
    ci: Interval | None


@dataclass(frozen=True)
class Mean:
    """Mean of a group with its standard deviation and interval."""

    group: str
    n: int
    mean: float | None
    sd: float | None
    ci: Interval | None


@dataclass(frozen=True)
class Comparison:
    """A group's share against a reference: ratio, interval and (corrected) test."""

    group: str
    reference: str
    n: int
    share: float | None
    reference_n: int
    reference_share: float | None
    ratio: float | None
    ci: Interval | None
    test: Literal["z", "fisher"] | None
    p_value: float | None
    p_adjusted: float | None
    significant: bool


@dataclass(frozen=True)
class ThemePrevalence:
    """Share of a group's answers that raise a theme."""

    group: str
    theme: str
    n: int
    count: int
    share: float | None
    ci: Interval | None


def _share(count: int, n: int, confidence: float) -> tuple[float | None, Interval | None]:
    return (count / n if n else None), wilson_interval(count, n, confidence)


def shares(rows: Iterable[object], confidence: float = 0.95) -> list[Share]:
    """Favourable share of each group with its Wilson interval.

    Parameters
    ----------
    rows : iterable
        ``(group, n, positives)`` rows.
    confidence : float, default 0.95
        Interval coverage.

    Returns
    -------
    list of Share
        In input order; share and interval are None for an empty group.
    """
    result = []
    for group, (n, positives) in merge_rows(rows, ("group", "n", "positives")).items():
        share, ci = _share(int(positives), int(n), confidence)
        result.append(Share(group, int(n), int(positives), share, ci))
    return result


def means(
    rows: Iterable[object],
    confidence: float = 0.95,
    method: Literal["t", "normal"] = "t",
    bounds: tuple[float, float] | None = None,
) -> list[Mean]:
    """Mean of each group, from ``COUNT``, ``SUM(x)`` and ``SUM(x * x)``.

    Parameters
    ----------
    rows : iterable
        ``(group, n, total, total_squares)`` rows.
    confidence : float, default 0.95
        Interval coverage.
    method : {"t", "normal"}, default "t"
        Critical value from Student's t (n - 1 degrees of freedom) or the normal.
    bounds : (float, float), optional
        Clip intervals to the scale's range, e.g. ``(-1, 1)`` for sentiment.

    Returns
    -------
    list of Mean
        In input order; no interval for fewer than 2 values.
    """
    result = []
    for group, (n, total, squares) in merge_rows(
        rows, ("group", "n", "total", "total_squares")
    ).items():
        mean, sd = moments(int(n), total, squares)
        ci = mean_interval(mean, sd, int(n), confidence, method, bounds) if sd is not None else None
        result.append(Mean(group, int(n), mean, sd, ci))
    return result


def compare_shares(
    rows: Iterable[object],
    reference: str = DEFAULT_REFERENCE,
    *,
    correction: Correction = "holm",
    alpha: float = 0.05,
    confidence: float = 0.95,
    suppression: Suppression | None = None,
    pool_excludes: Collection[str] = (NOT_STATED,),
) -> list[Comparison]:
    """Each group's favourable share against a reference group, or against all others.

    The ratio's interval uses the log method; the test is a pooled two-proportion z test, or
    Fisher's exact test when an expected cell count is below 5; p-values are corrected across
    the comparisons made in this call.

    Parameters
    ----------
    rows : iterable
        ``(group, n, positives)`` rows.
    reference : str, default "white"
        The reference group's code, or :data:`ALL_OTHERS` to compare each group with every
        other group pooled.
    correction : {"holm", "bh", "none"}, default "holm"
        Multiple-comparison correction.
    alpha : float, default 0.05
        Significance level for ``significant`` (on the adjusted p-value).
    confidence : float, default 0.95
        Interval coverage.
    suppression : Suppression, optional
        When given, suppressed groups are neither compared nor counted in the correction, and
        nothing is compared with a suppressed reference.
    pool_excludes : collection of str, default ("not_stated",)
        Groups left out of the pooled "all others" reference.

    Returns
    -------
    list of Comparison
        One per compared group, in input order.

    Raises
    ------
    ValueError
        If the reference group is not among the rows.
    """
    counts = {
        g: (int(v[0]), int(v[1])) for g, v in merge_rows(rows, ("group", "n", "positives")).items()
    }
    pooled = reference == ALL_OTHERS
    if not pooled and reference not in counts:
        raise ValueError(f"reference group {reference!r} is not among the rows")
    if suppression is not None and not pooled and not suppression.is_shown(reference):
        return []
    compared = [
        group
        for group in counts
        if (pooled or group != reference) and (suppression is None or suppression.is_shown(group))
    ]
    partial = []
    for group in compared:
        n, positives = counts[group]
        if pooled:
            others = [v for g, v in counts.items() if g != group and g not in pool_excludes]
            ref_n, ref_positives = sum(v[0] for v in others), sum(v[1] for v in others)
        else:
            ref_n, ref_positives = counts[reference]
        ratio = ratio_interval(positives, n, ref_positives, ref_n, confidence)
        test = proportion_test(positives, n, ref_positives, ref_n)
        partial.append((group, n, positives, ref_n, ref_positives, ratio, test))
    tested = [entry[6].p_value for entry in partial if entry[6] is not None]
    adjusted = iter(adjust_p_values(tested, correction))
    result = []
    for group, n, positives, ref_n, ref_positives, ratio, test in partial:
        p_adjusted = next(adjusted) if test is not None else None
        result.append(
            Comparison(
                group=group,
                reference=reference,
                n=n,
                share=positives / n if n else None,
                reference_n=ref_n,
                reference_share=ref_positives / ref_n if ref_n else None,
                ratio=ratio[0] if ratio else None,
                ci=ratio[1] if ratio else None,
                test=test.test if test else None,
                p_value=test.p_value if test else None,
                p_adjusted=p_adjusted,
                significant=p_adjusted is not None and p_adjusted < alpha,
            )
        )
    return result


def theme_prevalence(
    totals: Iterable[object], counts: Iterable[object], confidence: float = 0.95
) -> list[ThemePrevalence]:
    """Share of each group's answers that raise each theme, with Wilson intervals.

    Parameters
    ----------
    totals : iterable
        ``(group, n)`` rows: answers analysed per group.
    counts : iterable
        ``(group, theme, count)`` rows: answers per group raising each theme (missing
        combinations count as 0).
    confidence : float, default 0.95
        Interval coverage.

    Returns
    -------
    list of ThemePrevalence
        Every group of ``totals`` (in order) with every theme (in first-seen order).
    """
    sizes = {group: int(values[0]) for group, values in merge_rows(totals, ("group", "n")).items()}
    found: dict[tuple[str, str], int] = {}
    themes: dict[str, None] = {}
    for row in counts:
        group, theme, count = row_fields(row, ("group", "theme", "count"))
        key = (group_code(group), str(theme))
        found[key] = found.get(key, 0) + int(count)
        themes.setdefault(str(theme), None)
    result = []
    for group, n in sizes.items():
        for theme in themes:
            count = found.get((group, theme), 0)
            if count > n:
                raise ValueError(f"{count} answers raise {theme!r} in {group!r} but n is {n}")
            share, ci = _share(count, n, confidence)
            result.append(ThemePrevalence(group, theme, n, count, share, ci))
    return result
