"""Trends by month, overall or per group, from rows grouped by month in SQL."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from analysis.rows import group_code, row_fields
from analysis.stats import Interval, mean_interval, moments, wilson_interval

__all__ = ["MonthlyMean", "TrendPoint", "mean_trend_by_month", "trend_by_month"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})")


@dataclass(frozen=True)
class TrendPoint:
    """A month's favourable share, overall (``group`` None) or for one group."""

    month: str
    group: str | None
    n: int
    count: int
    share: float | None
    ci: Interval | None


@dataclass(frozen=True)
class MonthlyMean:
    """A month's mean (e.g. of sentiment), overall (``group`` None) or for one group."""

    month: str
    group: str | None
    n: int
    mean: float | None
    sd: float | None
    ci: Interval | None


def _month(value: object) -> str:
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH.match(str(value))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month: {value!r}")
    return f"{match.group(1)}-{match.group(2)}"


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _series(
    rows: Iterable[object], values: tuple[str, ...], fill: bool
) -> list[tuple[str | None, str, list[float]]]:
    """(group, month, summed values) per series in first-seen order, months ascending."""
    series: dict[str | None, dict[str, list[float]]] = {}
    for row in rows:
        if isinstance(row, Mapping):
            grouped = "group" in row
        elif hasattr(row, "month"):
            grouped = hasattr(row, "group")
        else:
            grouped = isinstance(row, Sequence) and len(row) == len(values) + 2
        names = ("month", "group", *values) if grouped else ("month", *values)
        fields = row_fields(row, names)
        key = group_code(fields[1]) if grouped else None
        cell = series.setdefault(key, {}).setdefault(_month(fields[0]), [0.0] * len(values))
        for index, value in enumerate(fields[2 if grouped else 1 :]):
            cell[index] += value
    result = []
    for group, months in series.items():
        ordered = sorted(months)
        if fill and ordered:
            month, ordered = ordered[0], [ordered[0]]
            while ordered[-1] < max(months):
                month = _next_month(month)
                ordered.append(month)
        for month in ordered:
            result.append((group, month, months.get(month, [0.0] * len(values))))
    return result


def trend_by_month(
    rows: Iterable[object], confidence: float = 0.95, *, fill: bool = True
) -> list[TrendPoint]:
    """Favourable share by month, overall or per group, with Wilson intervals.

    Parameters
    ----------
    rows : iterable
        ``(month, group, n, positives)`` rows for a trend per group, or ``(month, n,
        positives)`` rows (no ``group``) for the overall trend. ``month`` is a date or a
        ``"YYYY-MM"`` / ``"YYYY-MM-DD"`` string; a None group is "not stated".
    confidence : float, default 0.95
        Interval coverage.
    fill : bool, default True
        Add months with no answers (n = 0) between each series' first and last month.

    Returns
    -------
    list of TrendPoint
        Grouped by series in first-seen order, months ascending.
    """
    points = []
    for group, month, (n, positives) in _series(rows, ("n", "positives"), fill):
        count, size = int(positives), int(n)
        share = count / size if size else None
        points.append(
            TrendPoint(month, group, size, count, share, wilson_interval(count, size, confidence))
        )
    return points


def mean_trend_by_month(
    rows: Iterable[object],
    confidence: float = 0.95,
    *,
    fill: bool = True,
    method: Literal["t", "normal"] = "t",
    bounds: tuple[float, float] | None = None,
) -> list[MonthlyMean]:
    """Mean by month (e.g. sentiment), overall or per group, with intervals.

    Parameters
    ----------
    rows : iterable
        ``(month, group, n, total, total_squares)`` rows, or ``(month, n, total,
        total_squares)`` for the overall trend: ``COUNT``, ``SUM(x)`` and ``SUM(x * x)``.
    confidence : float, default 0.95
        Interval coverage.
    fill : bool, default True
        Add months with no values between each series' first and last month.
    method : {"t", "normal"}, default "t"
        Critical value for the interval.
    bounds : (float, float), optional
        Clip intervals to the scale's range, e.g. ``(-1, 1)`` for sentiment.

    Returns
    -------
    list of MonthlyMean
        Grouped by series in first-seen order, months ascending.
    """
    points = []
    for group, month, (n, total, squares) in _series(rows, ("n", "total", "total_squares"), fill):
        size = int(n)
        mean, sd = moments(size, total, squares)
        ci = mean_interval(mean, sd, size, confidence, method, bounds)
        points.append(MonthlyMean(month, group, size, mean, sd, ci))
    return points
