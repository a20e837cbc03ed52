"""A group hidden for having fewer than k and one hidden with it as cover are said alike, on
the page, in its key, in the exports and in filtered views. Told apart, the total less the
groups shown would give counts back: two groups each said to have fewer than 10, holding 18
between them, have 9 each; one said to have fewer than 10 and one said to be its cover,
holding 11, have 1 and 10."""

from __future__ import annotations

import csv
import io

import pytest

from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}
MIXED = "Mixed or Multiple ethnic groups"
BLACK = "Black, Black British, Caribbean or African"
IN_TABLE = (
    "fewer than 10 respondents, or hidden with a group that has, so that neither can be "
    "worked out from the total"
)
CARRIED = (
    "hidden in every filtered view, as it is with no filter, where it has fewer than 10 "
    "respondents or is hidden with a group that has"
)


def _notes(client, query: str = "") -> dict[str, set[str]]:
    """Each group's Notes in the CSV export's Respondents rows."""
    text = client.get(f"/results/stop-search/export.csv{query}").get_data(as_text=True)
    notes: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        if row["Section"] == "Respondents" and row["n"] == "[c]":
            notes.setdefault(row["Group code"], set()).add(row["Note"])
    return notes


@pytest.mark.parametrize(
    ("mixed", "black"),
    [
        (9, 9),  # both below 10, 18 between them: said apart, 9 and 9
        (1, 10),  # one below 10 and its cover, 11 between them: said apart, 1 and 10
    ],
)
def test_two_hidden_groups_read_the_same(browser, client, analyst, mixed, black):
    for month in ("2026-01", "2026-04"):
        add_responses(group(20, "white", month=month, answers=SATISFIED))
        add_responses(group(15, "asian", month=month, answers=SATISFIED))
    add_responses(group(mixed, "mixed", month="2026-01", answers=SATISFIED))
    add_responses(group(black, "black", month="2026-04", answers=SATISFIED))

    page = browser.get("/results/stop-search")
    table = page.table("Respondents by ethnic group")
    assert table[MIXED][0] == table[BLACK][0] == f"[c] (hidden: {IN_TABLE})"
    assert "All respondents" in table and str(70 + mixed + black) in table["All respondents"][0]
    key = " ".join(page.soup.select_one("#respondents .app-key").get_text().split())
    assert f"{MIXED}, {BLACK}: {IN_TABLE}." in key
    assert "smaller hidden group" not in page.text()
    assert _notes(client) == {"mixed": {IN_TABLE}, "black": {IN_TABLE}}

    # Filtered by date, each is hidden for being hidden with no filter, and said alike again,
    # in the quarter where it has nobody as in the quarter where it has some.
    for first, last in (("1", "3"), ("4", "6")):
        query = f"?start={first}&start=2026&end={last}&end=2026"
        dated = browser.get(f"/results/stop-search{query}")
        table = dated.table("Respondents by ethnic group")
        assert table[MIXED][0] == table[BLACK][0] == f"[c] ({CARRIED})", query
        notes = _notes(client, query)
        assert notes["mixed"] == notes["black"] == {CARRIED}
