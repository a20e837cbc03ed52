"""Rule 1 for a table of fewer than k people in all: every group in it is hidden and so is its
total. The pages reach this rule only through checks made before it (small months are left
out, a question answered by fewer than k is hidden whole), so it is checked here directly:
were those checks to change, this is what still stands between a table of 7 and its readers."""

from __future__ import annotations

from app.services.results_disclosure import decide_table


def test_a_table_of_fewer_than_k_hides_every_group_and_its_total():
    decided = decide_table({"white": 4, "black": 3, "mixed": 1, "asian": 0}, 10)
    assert not decided.total_shown
    assert decided.total_reason == "few"
    assert [g for g in ("white", "black", "mixed", "asian") if decided.shown(g)] == []
    assert set(decided.hidden) == {"white", "black", "mixed"}  # a group with nobody is not listed


def test_a_table_of_k_shows_its_total():
    decided = decide_table({"white": 10}, 10)
    assert decided.total_shown and decided.shown("white")
