"""Brute force for how many were asked a conditional question: no sum or difference of the
numbers the views give gives a count of 1 to k-1 people asked, or not asked.

Small surveys (2-3 areas, 3-4 months across quarters and reporting years, counts of people
asked and not asked 0 to 2k with k = 3) are put through
:func:`app.services.results_asked.figure_over`, the rule the page, exports and API use, for every
view the filters allow (as in ``test_results_disclosure_differencing``): unfiltered, each area,
each range of whole quarters, each area with each range of whole reporting years. A view's
respondents who had the question, when given, and its number asked, when given exactly, are
vectors over (asked or not, month, area); then every set of cells whose people asked, not
asked, or both number 1 to k-1 must not be a combination of them. The rule checks the cells of
each view's own kind (quarters, places, or years in a place), not quarters in each place, so
that views by area and year can give the number: these tests check that doing so gives
nothing small away, and that they would find a rule that did.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.results_asked import Asked, figure_over
from app.services.results_model import View
from tests.app.disclosure_brute_force import (
    ACROSS_YEARS,
    MONTHS,
    K,
    Space,
    derivable_small_counts,
    views_allowed,
)

ASKED, NOT_ASKED = "asked", "not asked"
QUESTION = Asked("told_why_handcuffed", "Were you told why?", "people who were handcuffed")


def shown(cells) -> tuple[Space, np.ndarray]:
    """Every number of people the views give, as rows over (asked or not, month, area)."""
    space = Space(cells)
    counted = {
        cell: [sizes.get(ASKED, 0) + sizes.get(NOT_ASKED, 0), sizes.get(NOT_ASKED, 0)]
        for cell, sizes in cells.items()
    }
    rows = []
    for kind, months, area in views_allowed(cells):
        view = View(months[0] if months else None, months[1] if months else None, area, None)
        figure = figure_over(QUESTION, counted, view, K, filtered=kind != "all")
        pairs = space.pairs(months, area)
        if figure.respondents is not None:
            rows.append(space.vector([ASKED, NOT_ASKED], pairs))
        if figure.asked is not None:
            rows.append(space.vector([ASKED], pairs))
    return space, np.array(rows) if rows else np.zeros((0, len(space.index)))


def _grid(months: int, areas: int, calendar: tuple[str, ...]):
    count = st.integers(0, 2 * K)
    cells = [(calendar[m], a + 1, None) for m in range(months) for a in range(areas)]
    return st.lists(st.tuples(count, count), min_size=len(cells), max_size=len(cells)).map(
        lambda found: {
            cell: {ASKED: asked, NOT_ASKED: not_asked}
            for cell, (asked, not_asked) in zip(cells, found, strict=True)
        }
    )


surveys = st.tuples(
    st.integers(3, 4), st.integers(2, 3), st.sampled_from([MONTHS, ACROSS_YEARS])
).flatmap(lambda shape: _grid(*shape))


@given(cells=surveys)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_combination_of_the_numbers_asked_gives_a_count_below_k(cells):
    space, figures = shown(cells)
    assert derivable_small_counts(space, figures, K) == []


def naive(cells) -> tuple[Space, np.ndarray]:
    """Leaks: each view gives its number asked whenever its own counts are 0 or at least k."""
    space = Space(cells)
    rows = []
    for _, months, area in views_allowed(cells):
        pairs = space.pairs(months, area)
        asked = sum(cells[(m, a, None)].get(ASKED, 0) for m, a in pairs)
        not_asked = sum(cells[(m, a, None)].get(NOT_ASKED, 0) for m, a in pairs)
        if all(n == 0 or n >= K for n in (asked, not_asked)):
            rows.append(space.vector([ASKED, NOT_ASKED], pairs))
            rows.append(space.vector([ASKED], pairs))
    return space, np.array(rows)


# Area 1 had 1 person asked from July to September 2026; every quarter over both areas, each
# area over all time and each reporting year in an area had none or at least k asked and not
# asked.
SMALL_IN_A_QUARTER_IN_AN_AREA = {
    ("2026-03", 1, None): {ASKED: 3, NOT_ASKED: 3},
    ("2026-04", 1, None): {ASKED: 3, NOT_ASKED: 3},
    ("2026-05", 1, None): {ASKED: 0, NOT_ASKED: 0},
    ("2026-07", 1, None): {ASKED: 1, NOT_ASKED: 3},
    ("2026-03", 2, None): {ASKED: 3, NOT_ASKED: 3},
    ("2026-04", 2, None): {ASKED: 3, NOT_ASKED: 3},
    ("2026-05", 2, None): {ASKED: 3, NOT_ASKED: 3},
    ("2026-07", 2, None): {ASKED: 2, NOT_ASKED: 3},
}


def test_a_view_by_area_and_year_gives_the_number_and_nothing_small_follows():
    cells = SMALL_IN_A_QUARTER_IN_AN_AREA
    counted = {cell: [s[ASKED] + s[NOT_ASKED], s[NOT_ASKED]] for cell, s in cells.items()}
    year = figure_over(QUESTION, counted, View("2026-04", "2027-03", 1, None), K, filtered=True)
    assert (year.respondents, year.asked) == (10, 4)
    assert derivable_small_counts(*shown(cells), K) == []


# One person was asked from July to September 2026, in area 1.
ONE_ASKED_IN_A_QUARTER = {
    **SMALL_IN_A_QUARTER_IN_AN_AREA,
    ("2026-07", 2, None): {ASKED: 0, NOT_ASKED: 3},
}


def test_the_check_finds_the_leak_of_a_rule_that_looks_only_at_the_view():
    found = derivable_small_counts(*naive(ONE_ASKED_IN_A_QUARTER), K)
    # January to September less January to June, both shown by that rule.
    assert ((ASKED,), (("2026-07", 1), ("2026-07", 2)), 1) in found
    assert derivable_small_counts(*shown(ONE_ASKED_IN_A_QUARTER), K) == []
