"""Small, exact statistics for group comparisons: intervals, ratios, tests, corrections.

Every function takes counts or sums and returns plain numbers, so each can be checked by hand.
:mod:`analysis.groups` applies them to grouped rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scipy import stats

__all__ = [
    "Interval",
    "Significance",
    "adjust_p_values",
    "fisher_exact_test",
    "mean_interval",
    "moments",
    "proportion_test",
    "ratio_interval",
    "two_proportion_z_test",
    "wilson_interval",
]

Correction = Literal["holm", "bh", "none"]
#: Below this expected count in any cell of the 2x2 table, Fisher's exact test is used.
MIN_EXPECTED = 5.0


@dataclass(frozen=True)
class Interval:
    """A confidence interval.

    Attributes
    ----------
    low, high : float
        Its bounds.
    """

    low: float
    high: float


@dataclass(frozen=True)
class Significance:
    """A two-sided significance test.

    Attributes
    ----------
    p_value : float
        Two-sided p-value.
    test : {"z", "fisher"}
        Which test: pooled two-proportion z, or Fisher's exact.
    statistic : float or None
        The z statistic (None for Fisher's test).
    """

    p_value: float
    test: Literal["z", "fisher"]
    statistic: float | None = None


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be between 0 and 1")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def wilson_interval(count: int, n: int, confidence: float = 0.95) -> Interval | None:
    """Wilson score interval for a proportion ``count / n``.

    Parameters
    ----------
    count : int
        Successes, ``0 <= count <= n``.
    n : int
        Trials.
    confidence : float, default 0.95
        Coverage.

    Returns
    -------
    Interval or None
        Bounds within [0, 1]; None when ``n`` is 0.
    """
    if n < 0 or not 0 <= count <= n:
        raise ValueError(f"need 0 <= count <= n, got count={count}, n={n}")
    if n == 0:
        return None
    z = _z(confidence)
    p = count / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def moments(n: int, total: float, total_squares: float) -> tuple[float | None, float | None]:
    """Mean and standard deviation (n - 1 denominator) from ``COUNT``, ``SUM(x)``, ``SUM(x*x)``.

    Parameters
    ----------
    n : int
        Number of values.
    total, total_squares : float
        Their sum and the sum of their squares.

    Returns
    -------
    (float or None, float or None)
        The mean (None when ``n`` is 0) and standard deviation (None when ``n < 2``).
    """
    if n <= 0:
        return None, None
    mean = total / n
    if n < 2:
        return mean, None
    return mean, math.sqrt(max(total_squares - total * total / n, 0.0) / (n - 1))


def mean_interval(
    mean: float | None,
    sd: float | None,
    n: int,
    confidence: float = 0.95,
    method: Literal["t", "normal"] = "t",
    bounds: tuple[float, float] | None = None,
) -> Interval | None:
    """Interval for a mean: ``mean +- crit * sd / sqrt(n)``, crit from t (n-1 df) or normal.

    Parameters
    ----------
    mean, sd : float
        Sample mean and standard deviation (n-1 denominator).
    n : int
        Sample size.
    confidence : float, default 0.95
        Coverage.
    method : {"t", "normal"}, default "t"
        Critical value from Student's t or the standard normal.
    bounds : (float, float), optional
        Clip the interval to the scale's range, e.g. ``(-1, 1)`` for sentiment.

    Returns
    -------
    Interval or None
        None when ``n < 2`` or the mean or sd is missing.
    """
    if n < 2 or mean is None or sd is None:
        return None
    if method == "t":
        critical = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1))
    else:
        critical = _z(confidence)
    half = critical * sd / math.sqrt(n)
    if bounds is None:
        return Interval(mean - half, mean + half)
    return Interval(max(mean - half, bounds[0]), min(mean + half, bounds[1]))


def ratio_interval(
    count: int, n: int, ref_count: int, ref_n: int, confidence: float = 0.95
) -> tuple[float, Interval] | None:
    """Ratio of two proportions with its interval by the log method (Katz).

    ``ratio = (count / n) / (ref_count / ref_n)`` and
    ``se(log ratio) = sqrt(1/count - 1/n + 1/ref_count - 1/ref_n)``. When any cell of the 2x2
    table is zero, 0.5 is added to every cell (Haldane-Anscombe), so the ratio stays finite.

    Parameters
    ----------
    count, n : int
        Successes and size of the group.
    ref_count, ref_n : int
        Successes and size of the reference group.
    confidence : float, default 0.95
        Coverage.

    Returns
    -------
    (float, Interval) or None
        The ratio and its interval; None if either group is empty.
    """
    if n <= 0 or ref_n <= 0:
        return None
    a, b, c, d = float(count), float(n - count), float(ref_count), float(ref_n - ref_count)
    if min(a, b, c, d) == 0:
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    z = _z(confidence)
    return ratio, Interval(ratio * math.exp(-z * se), ratio * math.exp(z * se))


def two_proportion_z_test(count: int, n: int, ref_count: int, ref_n: int) -> Significance:
    """Pooled two-proportion z test, two-sided.

    Parameters
    ----------
    count, n : int
        Successes and size of the group.
    ref_count, ref_n : int
        Successes and size of the reference group.

    Returns
    -------
    Significance
        ``p = 2 * (1 - Phi(|z|))``; p is 1 when the pooled share is 0 or 1.
    """
    pooled = (count + ref_count) / (n + ref_n)
    variance = pooled * (1 - pooled) * (1 / n + 1 / ref_n)
    if variance <= 0:
        return Significance(1.0, "z", 0.0)
    z = (count / n - ref_count / ref_n) / math.sqrt(variance)
    return Significance(float(2 * stats.norm.sf(abs(z))), "z", z)


def fisher_exact_test(count: int, n: int, ref_count: int, ref_n: int) -> Significance:
    """Fisher's exact test on the 2x2 table, two-sided (scipy).

    Parameters
    ----------
    count, n : int
        Successes and size of the group.
    ref_count, ref_n : int
        Successes and size of the reference group.

    Returns
    -------
    Significance
        The exact p-value.
    """
    table = [[count, n - count], [ref_count, ref_n - ref_count]]
    return Significance(float(stats.fisher_exact(table, alternative="two-sided").pvalue), "fisher")


def proportion_test(count: int, n: int, ref_count: int, ref_n: int) -> Significance | None:
    """The z test, or Fisher's exact test when an expected cell count is below 5.

    Parameters
    ----------
    count, n : int
        Successes and size of the group.
    ref_count, ref_n : int
        Successes and size of the reference group.

    Returns
    -------
    Significance or None
        None when either group is empty.
    """
    if n <= 0 or ref_n <= 0:
        return None
    total = n + ref_n
    successes = count + ref_count
    expected = [
        rows * cols / total for rows in (n, ref_n) for cols in (successes, total - successes)
    ]
    if min(expected) < MIN_EXPECTED:
        return fisher_exact_test(count, n, ref_count, ref_n)
    return two_proportion_z_test(count, n, ref_count, ref_n)


def adjust_p_values(p_values: Sequence[float], method: Correction = "holm") -> list[float]:
    """Adjust p-values for multiple comparisons.

    Parameters
    ----------
    p_values : sequence of float
        Raw p-values.
    method : {"holm", "bh", "none"}, default "holm"
        Holm's step-down (controls the family-wise error rate) or Benjamini-Hochberg (controls
        the false discovery rate).

    Returns
    -------
    list of float
        Adjusted p-values in the input order, each within [0, 1].
    """
    m = len(p_values)
    if method == "none" or m == 0:
        return [float(p) for p in p_values]
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    if method == "holm":
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (m - rank) * p_values[i]))
            adjusted[i] = running
    elif method == "bh":
        running = 1.0
        for rank in range(m - 1, -1, -1):
            i = order[rank]
            running = min(running, m * p_values[i] / (rank + 1))
            adjusted[i] = min(1.0, running)
    else:
        raise ValueError(f"unknown correction {method!r}")
    return adjusted
