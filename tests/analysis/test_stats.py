"""Intervals, ratios, tests and corrections against values worked out by hand."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from analysis.stats import (
    adjust_p_values,
    fisher_exact_test,
    mean_interval,
    proportion_test,
    ratio_interval,
    two_proportion_z_test,
    wilson_interval,
)


def test_wilson_interval_hand_values() -> None:
    # 8/10: centre (0.8 + z^2/20) / (1 + z^2/10), half-width z*sqrt(.016 + z^2/400)/(1 + z^2/10)
    interval = wilson_interval(8, 10)
    assert (interval.low, interval.high) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    zero = wilson_interval(0, 10)
    assert (zero.low, zero.high) == pytest.approx((0.0, 0.2775), abs=1e-4)
    full = wilson_interval(10, 10)
    assert (full.low, full.high) == pytest.approx((0.7225, 1.0), abs=1e-4)


def test_wilson_interval_edges() -> None:
    assert wilson_interval(0, 0) is None
    narrower = wilson_interval(8, 10, confidence=0.8)
    wider = wilson_interval(8, 10, confidence=0.99)
    assert wider.low < narrower.low and narrower.high < wider.high
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_mean_interval_uses_t_with_n_minus_1_df() -> None:
    # 1..5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764
    interval = mean_interval(3.0, math.sqrt(2.5), 5)
    assert (interval.low, interval.high) == pytest.approx((1.0368, 4.9632), abs=1e-4)
    normal = mean_interval(3.0, math.sqrt(2.5), 5, method="normal")
    assert normal.high - normal.low == pytest.approx(2 * 1.959964 * math.sqrt(0.5), abs=1e-5)
    assert mean_interval(3.0, 1.0, 1) is None


def test_ratio_interval_log_method_hand_values() -> None:
    # 30/100 vs 20/100: ratio 1.5, se = sqrt(1/30 - 1/100 + 1/20 - 1/100) = 0.25166
    ratio, interval = ratio_interval(30, 100, 20, 100)
    assert ratio == pytest.approx(1.5)
    assert (interval.low, interval.high) == pytest.approx((0.9160, 2.4564), abs=1e-4)


def test_ratio_interval_with_a_zero_cell_adds_a_half() -> None:
    ratio, interval = ratio_interval(0, 10, 5, 10)
    assert ratio == pytest.approx((0.5 / 11) / (5.5 / 11))
    assert 0 < interval.low < ratio < interval.high
    assert ratio_interval(1, 0, 1, 10) is None


def test_two_proportion_z_test_hand_values() -> None:
    # pooled 0.25, se = sqrt(.25 * .75 * (1/100 + 1/100)) = 0.061237, z = 0.1 / se = 1.63299
    result = two_proportion_z_test(30, 100, 20, 100)
    assert result.statistic == pytest.approx(1.63299, abs=1e-5)
    assert result.p_value == pytest.approx(0.10247, abs=1e-5)
    assert two_proportion_z_test(0, 10, 0, 20).p_value == 1.0


def _fisher_by_hand(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher: sum of hypergeometric tables no more likely than the observed one."""
    row, col, total = a + b, a + c, a + b + c + d

    def probability(x: int) -> float:
        return math.comb(col, x) * math.comb(total - col, row - x) / math.comb(total, row)

    observed = probability(a)
    support = range(max(0, row + col - total), min(row, col) + 1)
    return sum(p for x in support if (p := probability(x)) <= observed * (1 + 1e-7))


@pytest.mark.parametrize(
    ("count", "n", "ref_count", "ref_n"),
    [(3, 4, 1, 4), (8, 10, 1, 6), (0, 7, 5, 9), (2, 3, 40, 60)],
)
def test_fisher_exact_matches_hand_computation(
    count: int, n: int, ref_count: int, ref_n: int
) -> None:
    expected = _fisher_by_hand(count, n - count, ref_count, ref_n - ref_count)
    assert fisher_exact_test(count, n, ref_count, ref_n).p_value == pytest.approx(expected)
    assert fisher_exact_test(3, 4, 1, 4).p_value == pytest.approx(17 / 35)


def test_proportion_test_switches_to_fisher_for_small_expected_counts() -> None:
    assert proportion_test(30, 100, 20, 100).test == "z"
    small = proportion_test(2, 6, 150, 200)
    assert small.test == "fisher"
    assert small.p_value == pytest.approx(stats.fisher_exact([[2, 4], [150, 50]]).pvalue)
    assert proportion_test(1, 0, 1, 10) is None


def test_holm_and_benjamini_hochberg_hand_values() -> None:
    raw = [0.01, 0.04, 0.03, 0.005]
    # Holm: sorted .005*4, .01*3, .03*2, .04*1 -> running max .02, .03, .06, .06
    assert adjust_p_values(raw, "holm") == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # BH: .005*4/1, .01*4/2, .03*4/3, .04*4/4 -> running min from the top .02, .02, .04, .04
    assert adjust_p_values(raw, "bh") == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert adjust_p_values(raw, "none") == raw
    assert adjust_p_values([0.6, 0.7], "holm") == [1.0, 1.0]
    assert adjust_p_values([], "bh") == []
    with pytest.raises(ValueError):
        adjust_p_values(raw, "bonferonni")  # type: ignore[arg-type]
