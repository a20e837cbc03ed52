"""Brute force: no sum or difference of figures shown anywhere gives a count of 1 to k-1.

Small surveys (2-3 groups, 2-3 areas, 3-4 months in two or three calendar quarters and one or
two reporting years, counts 0 to 2k with k = 3) are put through the disclosure decisions the
pages, exports and API use, for every view they allow: the unfiltered one, each area, each
range of whole quarters, each area with each range of whole reporting years (April to March),
the trend (by quarter unfiltered and by date, by year in a view by area), and, in each view,
its rows when grouped by month or by area. Every figure shown is a count of people: a shown group's
respondents in a view, a view's total, a point of the trend, a month's row. Each is a vector
over (group, month, area) cells, so "total minus the groups shown" (the hidden groups
together) is one too. A group a view leaves out (neither shown nor listed as hidden) has
nobody there, a shown zero, so its count in the view is a figure as well; and the overview
shows responses by month. Then, for every set of groups and every set of (month, area) cells,
if the people of those groups in those cells are a rational combination of the shown figures
(numpy's rank), their count must be none or at least k: months, finer than the quarters
views by date use, and quarters in one area, finer than the years of views by date and area,
included. The figures of different kinds of view are checked together, so a quarter over all
areas less a year in one area, or an area over all time less its years, is checked too.

A rule known to leak (hide only the groups below k in each view) is checked too, so that the
check is seen to find leaks; so are views by date and area allowed to take any quarters while
their cells are years, which is why their dates must run from an April to a March. The
results leave a month of fewer than k responses out of every figure (``left_out_months``); the
rules are checked both on the survey as it is and on what is left once small months are left
out.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.rows import NOT_STATED
from app.services.results_disclosure import decide_table, protect
from tests.app.disclosure_brute_force import (
    ACROSS_YEARS,
    MONTHS,
    K,
    cells_from,
    counted,
    leaks,
    months_of_cells,
    naive_rule,
    overview,
    service_rule,
    sizes_in,
)

# White is small in one early month only: 1 in January, in area 1; its quarter is not small.
WHITE_SMALL_IN_A_MONTH = cells_from(
    {
        "white": [[1, 0], [4, 3], [3, 4]],
        "black": [[3, 4], [3, 3], [0, 5]],
        "asian": [[4, 3], [5, 0], [3, 3]],
    },
    3,
    2,
)
# White is small in a whole quarter: 1 from January to March, in area 1.
WHITE_SMALL_IN_A_QUARTER = cells_from(
    {
        "white": [[1, 0], [0, 0], [3, 4], [4, 3]],
        "black": [[3, 4], [3, 3], [0, 5], [4, 4]],
        "asian": [[4, 3], [5, 0], [3, 3], [3, 4]],
    },
    4,
    2,
)


# Found by a wider random search than the property test below makes. Here b has 2 in March
# (below k = 3): with every month's count shown but March's (the trend's line of all
# respondents, the overview's bars), the whole survey less February gave January and March.
MONTH_TOTALS_GIVE_A_SMALL_GROUP_AWAY = cells_from(
    {"a": [[3, 2], [3, 5], [0, 0]], "b": [[0, 0], [3, 2], [1, 1]]}, 3, 2
)
# Here b is hidden in views by area and date; leaving it out where it has nobody placed the 1
# it has in area 2 in January.
ABSENCE_GIVES_A_SMALL_GROUP_AWAY = cells_from(
    {
        "a": [[5, 0, 4], [0, 3, 0], [3, 4, 3]],
        "b": [[4, 1, 5], [5, 4, 6], [1, 1, 5]],
        "c": [[6, 2, 1], [0, 4, 0], [5, 0, 4]],
    },
    3,
    3,
)


@pytest.mark.parametrize(
    "cells",
    [MONTH_TOTALS_GIVE_A_SMALL_GROUP_AWAY, ABSENCE_GIVES_A_SMALL_GROUP_AWAY],
    ids=["month-totals", "absence"],
)
def test_cases_that_once_leaked_leak_no_more(cells):
    assert leaks(cells, K, service_rule) == []


@pytest.mark.parametrize(
    ("rule", "leaky"), [(service_rule, False), (naive_rule, True)], ids=["service", "naive"]
)
def test_the_check_finds_a_leak_in_a_naive_rule_and_none_in_the_service(rule, leaky):
    found = leaks(WHITE_SMALL_IN_A_QUARTER, K, rule)
    assert bool(found) is leaky, found[:5]
    if leaky:
        # White's 1 respondent from January to March: the whole survey minus April to June.
        first_quarter = (("2026-01", 1), ("2026-01", 2), ("2026-02", 1), ("2026-02", 2))
        assert (("white",), first_quarter, 1) in found


def test_white_small_in_one_month_is_shown_by_area_and_by_date():
    everywhere = decide_table(sizes_in(WHITE_SMALL_IN_A_MONTH), K)
    rule2 = protect(WHITE_SMALL_IN_A_MONTH, K, everywhere.hidden)
    # Views by date are whole quarters, and White's first quarter has 8: shown by date too.
    assert "white" not in rule2.hidden["place"]
    assert "white" not in rule2.hidden["date"]
    # By date and area, January to March in area 2 has 3 and in area 1 has 5: shown.
    assert "white" not in rule2.hidden["both"]
    assert leaks(WHITE_SMALL_IN_A_MONTH, K, service_rule) == []


def test_white_small_in_one_quarter_is_shown_by_area_and_hidden_by_date():
    everywhere = decide_table(sizes_in(WHITE_SMALL_IN_A_QUARTER), K)
    rule2 = protect(WHITE_SMALL_IN_A_QUARTER, K, everywhere.hidden)
    assert "white" not in rule2.hidden["place"]
    assert rule2.hidden["date"]["white"] == "differencing_month"
    assert rule2.hidden["date"]["white"].cells == ("January to March 2026",)
    assert rule2.hidden["both"]["white"] == "differencing_month"


def _strategy():
    # Those who did not state their group are the first cover in views by date (COVER_FIRST).
    groups = st.sampled_from([("a", "b"), ("a", "b", "c"), ("a", "b", NOT_STATED)])
    calendars = st.sampled_from([MONTHS, ACROSS_YEARS])
    shape = st.tuples(groups, st.integers(3, 4), st.integers(2, 3), calendars)

    def grid(found):
        names, months, areas, calendar = found
        return st.fixed_dictionaries(
            {
                g: st.lists(
                    st.lists(st.integers(0, 2 * K), min_size=areas, max_size=areas),
                    min_size=months,
                    max_size=months,
                )
                for g in names
            }
        ).map(lambda counts: cells_from(counts, months, areas, calendar))

    return shape.flatmap(grid)


@given(cells=_strategy())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_combination_of_shown_figures_gives_a_count_below_k(cells):
    assert leaks(cells, K, service_rule) == []


@given(cells=_strategy())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_with_small_months_left_out_every_month_is_shown_and_nothing_leaks(cells):
    kept = counted(cells, K)
    if not any(kept.values()):
        return
    assert leaks(kept, K, service_rule) == []
    # The overview shows every month counted: none is small any more.
    assert overview(kept, K, service_rule) == {
        m for m in months_of_cells(kept) if sizes_in(kept, (m, m))
    }
