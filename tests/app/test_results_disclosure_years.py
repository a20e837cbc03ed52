"""Views by date and area count in whole reporting years, April to March: a group small in a
quarter in one area, but not in that quarter over all areas, in the area over all time or in
any year in an area, is shown in every kind of view, and no figure shown anywhere gives its
small count back (the brute force of ``test_results_disclosure_differencing``). Were views by
date and area to take any quarters, it would."""

from __future__ import annotations

from app.services.periods import year_of
from app.services.results_disclosure import cells_of_kind, decide_table, protect
from tests.app.disclosure_brute_force import (
    ACROSS_YEARS,
    K,
    cells_from,
    leaks,
    service_rule,
    sizes_in,
)

# White has 1 in area 1 from April to June 2026 (a quarter in one area), but 7 from April to
# June over both areas, 8 in area 1 over all time, and 3 and 5 in area 1 in each reporting
# year (March 2026 is in the year before April).
WHITE_SMALL_IN_A_QUARTER_IN_AN_AREA = cells_from(
    {
        "white": [[3, 3], [1, 3], [0, 3], [4, 3]],
        "black": [[3, 3], [3, 3], [3, 3], [3, 3]],
    },
    4,
    2,
    ACROSS_YEARS,
)


def test_cells_of_views_by_date_and_area_are_years_in_an_area():
    cells = cells_of_kind(WHITE_SMALL_IN_A_QUARTER_IN_AN_AREA, "both")
    assert set(cells) == {
        ("2025/26", 1, None),
        ("2025/26", 2, None),
        ("2026/27", 1, None),
        ("2026/27", 2, None),
    }
    assert cells[("2026/27", 1, None)]["white"] == 5
    # Views by date alone keep their quarters, over every area.
    assert set(cells_of_kind(WHITE_SMALL_IN_A_QUARTER_IN_AN_AREA, "date")) == {
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    }
    assert year_of("2026-03") == "2025/26" and year_of("2026-04") == "2026/27"


def test_a_group_small_in_a_quarter_in_one_area_is_shown_in_every_kind_of_view():
    cells = WHITE_SMALL_IN_A_QUARTER_IN_AN_AREA
    everywhere = decide_table(sizes_in(cells), K)
    rule2 = protect(cells, K, everywhere.hidden)
    for kind in ("place", "date", "both"):
        assert "white" not in rule2.hidden[kind], kind
        assert rule2.totals[kind], kind
    # And nothing shown, in any view of any kind, their trends and rows by month or area,
    # gives the 1 back: a quarter over all areas less a year in one area, say.
    assert leaks(cells, K, service_rule) == []


def test_views_by_date_and_area_taking_any_quarters_would_give_it_away():
    found = leaks(WHITE_SMALL_IN_A_QUARTER_IN_AN_AREA, K, service_rule, quarters_with_a_place=True)
    # Area 1 from April to June 2026: White's 1, shown outright.
    assert (("white",), (("2026-04", 1), ("2026-05", 1)), 1) in found
