"""Group statistics from grouped rows, and disclosure control."""

from __future__ import annotations

from collections import namedtuple
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.groups import (
    ALL_OTHERS,
    NOT_STATED,
    GroupCount,
    GroupMoments,
    compare_shares,
    mean_trend_by_month,
    means,
    shares,
    suppress,
    theme_prevalence,
    trend_by_month,
)
from analysis.stats import adjust_p_values, proportion_test

Row = namedtuple("Row", "group n positives")  # what a SQLAlchemy Row looks like to us

ROWS = [
    GroupCount("white", 200, 150),
    GroupCount("black", 100, 60),
    GroupCount("asian", 6, 2),
    GroupCount(NOT_STATED, 20, 10),
]


def test_rows_may_be_dataclasses_named_tuples_mappings_or_tuples() -> None:
    forms = [
        [GroupCount("white", 10, 8)],
        [Row("white", 10, 8)],
        [{"group": "white", "n": 10, "positives": 8}],
        [("white", 10, 8)],
    ]
    results = [shares(rows) for rows in forms]
    assert all(result == results[0] for result in results)
    assert results[0][0].share == 0.8
    assert results[0][0].ci.low == pytest.approx(0.4902, abs=1e-4)
    with pytest.raises(TypeError):
        shares([("white", 10)])


def test_null_group_is_not_stated_and_merges() -> None:
    result = shares([(None, 5, 1), ("not_stated", 5, 2), ("white", 3, 3)])
    assert [(s.group, s.n, s.count) for s in result] == [("not_stated", 10, 3), ("white", 3, 3)]


def test_empty_group_has_no_share() -> None:
    (empty,) = shares([("mixed", 0, 0)])
    assert empty.share is None and empty.ci is None


def test_means_from_sums_of_values_and_squares() -> None:
    # values 1..5: n 5, sum 15, sum of squares 55 -> mean 3, sd sqrt(2.5)
    rows = [GroupMoments("white", 5, 15.0, 55.0), GroupMoments("black", 1, 0.5, 0.25),
            GroupMoments("asian", 0, 0.0, 0.0)]  # fmt: skip
    white, black, asian = means(rows)
    assert white.mean == 3.0 and white.sd == pytest.approx(2.5**0.5)
    assert (white.ci.low, white.ci.high) == pytest.approx((1.0368, 4.9632), abs=1e-4)
    assert black.mean == 0.5 and black.sd is None and black.ci is None
    assert asian.mean is None
    (clipped,) = means([("white", 5, 15.0, 55.0)], bounds=(2.0, 4.0))
    assert (clipped.ci.low, clipped.ci.high) == (2.0, 4.0)


def test_compare_with_white() -> None:
    result = {c.group: c for c in compare_shares(ROWS)}
    assert set(result) == {"black", "asian", NOT_STATED}
    black = result["black"]
    assert black.reference == "white"
    assert black.ratio == pytest.approx(0.8)
    # se(log RR) = sqrt(1/60 - 1/100 + 1/150 - 1/200) = 0.091287
    assert (black.ci.low, black.ci.high) == pytest.approx((0.6689, 0.9567), abs=1e-4)
    assert black.test == "z"
    assert black.p_value == pytest.approx(0.007526, abs=1e-6)
    assert result["asian"].test == "fisher"
    raw = [result[g].p_value for g in ("black", "asian", NOT_STATED)]
    adjusted = adjust_p_values(raw, "holm")
    assert [result[g].p_adjusted for g in ("black", "asian", NOT_STATED)] == adjusted
    assert [result[g].significant for g in ("black", "asian", NOT_STATED)] == [
        p < 0.05 for p in adjusted
    ]
    strict = {c.group: c for c in compare_shares(ROWS, alpha=0.01)}
    assert not strict["asian"].significant


def test_compare_with_all_others_leaves_not_stated_out_of_the_pool() -> None:
    result = {c.group: c for c in compare_shares(ROWS, ALL_OTHERS, correction="bh")}
    assert set(result) == {"white", "black", "asian", NOT_STATED}
    black = result["black"]
    assert (black.reference_n, black.reference_share) == (206, pytest.approx(152 / 206))
    assert black.p_value == proportion_test(60, 100, 152, 206).p_value
    assert result[NOT_STATED].reference_n == 306


def test_compare_respects_suppression() -> None:
    suppression = suppress([(c.group, c.n) for c in ROWS])
    assert suppression.suppressed == {"asian", NOT_STATED}
    result = compare_shares(ROWS, suppression=suppression)
    assert [c.group for c in result] == ["black"]
    assert result[0].p_adjusted == result[0].p_value  # a family of one
    hidden_reference = suppress([("white", 5), ("black", 100), ("asian", 50)])
    assert compare_shares(ROWS, suppression=hidden_reference) == []


def test_compare_needs_the_reference() -> None:
    with pytest.raises(ValueError, match="reference group"):
        compare_shares([("black", 10, 5)])


def test_theme_prevalence_fills_zeros() -> None:
    result = theme_prevalence(
        [("white", 50), ("black", 20)], [("white", "Respect", 10), ("black", "Force", 5)]
    )
    table = {(p.group, p.theme): p for p in result}
    assert len(table) == 4
    assert table[("white", "Respect")].share == 0.2
    assert table[("white", "Force")].count == 0
    assert table[("white", "Force")].ci.high == pytest.approx(0.0714, abs=1e-4)
    with pytest.raises(ValueError):
        theme_prevalence([("white", 5)], [("white", "Force", 6)])


def test_trend_by_month_fills_gaps_across_years() -> None:
    rows = [("2023-12", 10, 5), (date(2024, 2, 14), 4, 1), ("2023-12-31", 10, 5)]
    points = trend_by_month(rows)
    assert [(p.month, p.n, p.count) for p in points] == [
        ("2023-12", 20, 10),
        ("2024-01", 0, 0),
        ("2024-02", 4, 1),
    ]
    assert points[0].group is None and points[1].share is None
    assert [p.month for p in trend_by_month(rows, fill=False)] == ["2023-12", "2024-02"]


def test_trend_by_month_per_group() -> None:
    rows = [
        {"month": "2024-01", "group": "black", "n": 10, "positives": 4},
        {"month": "2024-03", "group": "black", "n": 10, "positives": 6},
        {"month": "2024-01", "group": None, "n": 3, "positives": 1},
    ]
    points = trend_by_month(rows)
    assert [(p.group, p.month) for p in points] == [
        ("black", "2024-01"),
        ("black", "2024-02"),
        ("black", "2024-03"),
        (NOT_STATED, "2024-01"),
    ]
    with pytest.raises(ValueError, match="not a month"):
        trend_by_month([("2024-13", 1, 1)])


def test_mean_trend_by_month_from_sums() -> None:
    rows = [
        ("2024-01", "white", 5, 15.0, 55.0),
        ("2024-03", "white", 2, 1.0, 0.5),
        ("2024-01", "black", 1, -0.5, 0.25),
    ]
    points = mean_trend_by_month(rows, bounds=(0.0, 4.0))
    assert [(p.group, p.month, p.n) for p in points] == [
        ("white", "2024-01", 5),
        ("white", "2024-02", 0),
        ("white", "2024-03", 2),
        ("black", "2024-01", 1),
    ]
    january = points[0]
    assert (january.mean, january.sd) == (3.0, pytest.approx(2.5**0.5))
    assert (january.ci.low, january.ci.high) == (pytest.approx(1.0368, abs=1e-4), 4.0)  # clipped
    assert points[1].mean is None and points[3].ci is None
    overall = mean_trend_by_month([{"month": date(2024, 5, 1), "n": 2, "total": 1.0,
                                    "total_squares": 0.5}])  # fmt: skip
    assert overall[0].group is None and overall[0].mean == 0.5


SIZES = [("white", 120), ("black", 45), ("asian", 30), ("mixed", 4), ("other", 15),
         (NOT_STATED, 25)]  # fmt: skip


def test_primary_and_secondary_suppression() -> None:
    result = suppress(SIZES)
    cells = {cell.group: cell for cell in result.groups}
    assert cells["mixed"].suppressed and cells["mixed"].reason == "below_k"
    # exactly one group below k: the next-smallest goes too, or mixed = total - the rest
    assert cells["other"].suppressed and cells["other"].reason == "secondary"
    assert cells["mixed"].n is None and cells["other"].n is None
    assert result.shown == {"white", "black", "asian", NOT_STATED}
    assert [cell.group for cell in result.groups] == [group for group, _ in SIZES]


def test_no_secondary_when_the_suppressed_groups_already_reach_k() -> None:
    result = suppress([("white", 100), ("mixed", 4), ("other", 7), ("black", 30)])
    assert result.suppressed == {"mixed", "other"}
    assert {cell.reason for cell in result.groups if cell.suppressed} == {"below_k"}


def test_secondary_continues_until_the_suppressed_total_reaches_k() -> None:
    result = suppress([("white", 100), ("mixed", 2), ("other", 3), (NOT_STATED, 12)])
    assert result.suppressed == {"mixed", "other", NOT_STATED}


def test_a_cover_asked_for_first_goes_before_the_next_smallest() -> None:
    rows = [("white", 100), ("mixed", 3), ("asian", 12), (NOT_STATED, 15)]
    assert suppress(rows).suppressed == {"mixed", "asian"}
    chosen = suppress(rows, cover_first=[NOT_STATED])
    assert chosen.suppressed == {"mixed", NOT_STATED}
    assert {cell.group: cell.reason for cell in chosen.groups if cell.suppressed} == {
        "mixed": "below_k",
        NOT_STATED: "secondary",
    }
    # Only while more are needed, and the next-smallest after it when it is not enough.
    assert suppress([("white", 100), ("mixed", 12)], cover_first=[NOT_STATED]).suppressed == set()
    rows = [("white", 100), ("mixed", 3), ("asian", 12), (NOT_STATED, 2)]
    assert suppress(rows, cover_first=[NOT_STATED]).suppressed == {"mixed", NOT_STATED, "asian"}


def test_not_stated_is_kept_even_when_small() -> None:
    result = suppress([("white", 100), ("black", 50), (None, 3), ("asian", 40)])
    assert NOT_STATED in {cell.group for cell in result.groups}
    assert not result.is_shown(None)
    assert result.suppressed == {NOT_STATED, "asian"}


def test_empty_groups_need_no_secondary_suppression() -> None:
    result = suppress([("white", 100), ("black", 50), ("mixed", 0)])
    assert result.suppressed == {"mixed"}


def test_without_a_shown_total_only_primary_suppression() -> None:
    assert suppress(SIZES, total_shown=False).suppressed == {"mixed"}


def test_k_is_configurable_and_everything_can_be_suppressed() -> None:
    assert suppress(SIZES, k=30).suppressed == {"mixed", "other", NOT_STATED}
    assert suppress(SIZES, k=50).shown == {"white"}
    assert suppress([("white", 3), ("black", 2)]).shown == frozenset()
    with pytest.raises(ValueError):
        suppress(SIZES, k=0)


def test_keep_filters_figures_by_group() -> None:
    suppression = suppress([(s.group, s.n) for s in ROWS])
    kept = suppression.keep(shares(ROWS))
    assert [s.group for s in kept] == ["white", "black"]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["white", "mixed", "asian", "black", "other", NOT_STATED]),
        st.integers(min_value=0, max_value=60),
        min_size=1,
    ),
    st.integers(min_value=1, max_value=30),
)
def test_no_suppressed_group_can_be_recovered_from_the_total(sizes: dict[str, int], k: int) -> None:
    result = suppress(list(sizes.items()), k=k)
    hidden = {cell.group for cell in result.groups if cell.suppressed}
    assert {group for group, n in sizes.items() if n < k} <= hidden
    assert {cell.group for cell in result.groups} == set(sizes)
    hidden_total = sum(sizes[group] for group in hidden)
    if sum(sizes.values()) >= k:
        # what a reader can work out (total minus shown groups) is a group of 0 or >= k people
        assert hidden_total == 0 or hidden_total >= k
        assert len([g for g in hidden if sizes[g] > 0]) != 1
    for cell in result.groups:
        assert cell.n == (None if cell.suppressed else sizes[cell.group])
