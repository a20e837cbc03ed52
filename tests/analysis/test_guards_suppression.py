"""Secondary suppression stops as soon as the hidden groups hold k between them.

Hiding more than that protects nobody and takes a group's figures away from the people who
read them: with k = 10, two groups of 5 hidden together hold 10, and "total minus the groups
shown" gives back only their sum, which is not a small number.
"""

from __future__ import annotations

from analysis.disclosure import suppress


def test_hidden_groups_holding_exactly_k_need_no_cover() -> None:
    result = suppress([("white", 100), ("mixed", 5), ("other", 5), ("asian", 12)], k=10)
    assert result.suppressed == {"mixed", "other"}
    assert result.shown == {"white", "asian"}


def test_one_short_of_k_still_hides_the_next_smallest() -> None:
    result = suppress([("white", 100), ("mixed", 5), ("other", 4), ("asian", 12)], k=10)
    assert result.suppressed == {"mixed", "other", "asian"}
    assert {c.group: c.reason for c in result.groups if c.suppressed}["asian"] == "secondary"
