"""Disclosure control on the results: a small group is hidden, and so is the group that would
give it away; no two views, filtered or not, differ by fewer than k people in a group shown in
both; and pages, exports and the API hide the same cells."""

from __future__ import annotations

import csv
import io
import itertools

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.results_disclosure import decide_table, decide_view
from models import Role, Scope
from tests.api_token_names import fresh_secret
from tests.factories import create_area
from tests.results_data import add_responses, group
from tests.staff import signed_in

K = 10
SATISFIED = {"satisfaction": "satisfied"}
UNHAPPY = {"satisfaction": "dissatisfied"}


def _nine_others() -> None:
    """White 60, Black 30, Mixed 12 (the next smallest), Other 9."""
    add_responses(
        group(40, "white", answers=SATISFIED)
        + group(20, "white", answers=UNHAPPY)
        + group(30, "black", answers=UNHAPPY)
        + group(12, "mixed", answers=SATISFIED)
        + group(9, "other", answers=UNHAPPY)
    )


def _api(client: FlaskClient, query: str = "") -> dict:
    secret = fresh_secret("Board pack", [Scope.RESULTS_READ])
    response = client.get(
        f"/api/v1/surveys/stop-search/results{query}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_group_of_nine_is_hidden_and_so_is_the_next_smallest(client: FlaskClient, browser):
    _nine_others()
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    rows = {
        " ".join(tr.select_one("th").get_text().split()): " ".join(tr.get_text().split())
        for tr in page.soup.select("table")[0].select("tbody tr")
    }
    assert "[c]" in rows["Other ethnic group"] and "9" not in rows["Other ethnic group"]
    assert "[c]" in rows["Mixed or Multiple ethnic groups"]
    assert "12" not in rows["Mixed or Multiple ethnic groups"]
    assert "60" in rows["White"] and "111" in rows["All respondents"]
    assert "fewer than 10 respondents" in page.text()
    # Hidden under every question too, with the reason for screen readers.
    satisfaction = page.soup.select_one("#table-satisfaction")
    other = next(tr for tr in satisfaction.select("tr") if "Other ethnic group" in tr.get_text())
    # The group of 9 and its cover are said alike: told apart, the total less the groups
    # shown would say what the two hold between them, each known to be small or not.
    alike = (
        "hidden: fewer than 10 respondents, or hidden with a group that has, so that neither "
        "can be worked out from the total"
    )
    assert alike in other.get_text()
    assert "%" not in other.get_text()
    mixed = next(tr for tr in satisfaction.select("tr") if "Mixed or Multiple" in tr.get_text())
    assert alike in mixed.get_text()
    assert "hidden: hidden" not in page.text()

    body = _api(client)
    by_group = {g["group"]: g for g in body["groups"]}
    for code in ("other", "mixed"):
        assert by_group[code] == {
            "group": code,
            "label": by_group[code]["label"],
            "n": None,
            "suppressed": True,
            # The page's words, the same for the group of 9 and its cover.
            "suppressed_reason": alike.removeprefix("hidden: "),
            "share_of_respondents": None,
            "questions": {},
            "sentiment": None,
            "themes": {},
            "theme_figures": None,
            "distributions": {},
        }
    assert by_group["white"]["n"] == 60 and by_group["white"]["suppressed"] is False

    exported = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    lines = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    for line in lines:
        if line["Group code"] in ("other", "mixed"):
            assert line["n"] == line["Value"] == "[c]"
            assert line["Note"]


def _small_in_one_area() -> None:
    """Asian: 20 in North and 4 in South; White and Black well above k in both."""
    north, south = create_area("north", "North"), create_area("south", "South")
    add_responses(
        group(40, "white", area=north, answers=SATISFIED)
        + group(40, "white", area=south, answers=SATISFIED)
        + group(20, "asian", area=north, answers=SATISFIED)
        + group(4, "asian", area=south, answers=SATISFIED)
        + group(12, "black", area=north, answers=SATISFIED)
        + group(12, "black", area=south, answers=SATISFIED)
    )


def test_an_area_filter_hides_a_group_small_in_some_area(client: FlaskClient):
    _small_in_one_area()
    north_view = {g["group"]: g for g in _api(client, "?area=north")["groups"]}
    assert north_view["white"]["n"] == 40
    # Asian has 4 in the South; Black is the next-smallest group there.
    assert north_view["asian"]["suppressed"] is True
    assert north_view["black"]["suppressed"] is True
    everything = {g["group"]: g for g in _api(client)["groups"]}
    assert everything["asian"]["n"] == 24 and everything["black"]["n"] == 24


# Property: any two views of the same cells, one inside the other, differ in each group they
# both show by none or at least k; and so do their totals when both are shown.

MONTHS = ("2026-01", "2026-02", "2026-04", "2026-05")
#: Views by date are whole quarters: January to March, April to June, or both.
RANGES = (("2026-01", "2026-03"), ("2026-04", "2026-06"), ("2026-01", "2026-06"))
AREAS = (1, 2)
GROUPS = ("white", "black", "asian", "other")
cells_strategy = st.fixed_dictionaries(
    {
        (month, area): st.dictionaries(
            st.sampled_from(GROUPS), st.integers(0, 25), min_size=1, max_size=len(GROUPS)
        )
        for month in MONTHS
        for area in AREAS
    }
)


def _views() -> list[tuple[str | None, str | None, int | None]]:
    by_place = [(None, None, area) for area in AREAS]
    return by_place + [(a, b, area) for a, b in RANGES for area in (*AREAS, None)]


def _kind(view) -> str:
    start, _, area = view
    return "both" if start and area else "date" if start else "place"


def _inside(view, cell) -> bool:
    start, end, area = view
    dated = start is None or start <= cell[0] <= end
    return dated and (area is None or cell[1] == area)


def _sizes(cells, view=None) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for cell, groups in cells.items():
        if view is None or _inside(view, cell):
            for g, n in groups.items():
                sizes[g] = sizes.get(g, 0) + n
    return sizes


def _nested(small, large) -> bool:
    months = large[0] is None or (
        small[0] is not None and large[0] <= small[0] and small[1] <= large[1]
    )
    return months and large[2] in (None, small[2])


@given(cells=cells_strategy)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_two_views_differ_by_a_small_group(cells):
    everywhere = decide_table(_sizes(cells), K)
    shown = {None: (everywhere, _sizes(cells))}
    for view in _views():
        sizes = _sizes(cells, view)
        decided = decide_view(sizes, cells, K, dict(everywhere.hidden), kind=_kind(view))
        shown[view] = (decided, sizes)
    for (small, (small_decision, small_sizes)), (
        large,
        (large_decision, large_sizes),
    ) in itertools.permutations(shown.items(), 2):
        if small is None or not (large is None or _nested(small, large)):
            continue
        for g in GROUPS:
            if small_decision.shown(g) and large_decision.shown(g):
                gap = large_sizes.get(g, 0) - small_sizes.get(g, 0)
                assert gap == 0 or gap >= K, (small, large, g, gap)
        if small_decision.total_shown and large_decision.total_shown:
            gap = sum(large_sizes.values()) - sum(small_sizes.values())
            assert gap == 0 or gap >= K
        # Within a view, the hidden groups together are none or at least k.
        if small_decision.total_shown:
            hidden = sum(n for g, n in small_sizes.items() if not small_decision.shown(g))
            assert hidden == 0 or hidden >= K
    # Filtered views of one kind whose totals are shown hide the same groups, so that no
    # view's hidden remainder can be split up with another view's figures of that kind
    # (across kinds: tests/app/test_results_disclosure_differencing.py).
    for kind in ("place", "date", "both"):
        hidden_somewhere, shown_somewhere = set(), set()
        for view, (decision, sizes) in shown.items():
            if view is not None and _kind(view) == kind and decision.total_shown:
                hidden_somewhere |= {g for g, n in sizes.items() if n and not decision.shown(g)}
                shown_somewhere |= {g for g, n in sizes.items() if n and decision.shown(g)}
        assert not hidden_somewhere & shown_somewhere


def test_nothing_is_shown_for_a_survey_with_fewer_than_k_responses(client: FlaskClient):
    # Six responses, all in March 2026: a month of fewer than k is counted in no figure.
    add_responses(group(6, "white", answers=SATISFIED))
    body = _api(client)
    assert body["groups"] == [] and body["months_not_counted"] == ["2026-03"]
    signed_in(client, Role.ANALYST)
    page = client.get("/results/stop-search").get_data(as_text=True)
    assert "6 responses" not in page and ">6<" not in page
    note = " ".join(
        BeautifulSoup(page, "html.parser").select_one(".app-left-out-note").text.split()
    )
    assert note.startswith(
        "Responses from March 2026 are not counted here: a month's responses are counted once "
        "it has at least 10, and March 2026 has fewer so far."
    )
    overview = client.get("/results/").get_data(as_text=True)
    assert "Responses from March 2026 are not counted here" in overview


def _rows(html: str, table: int = 0) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        " ".join(tr.select_one("th").get_text().split()): " ".join(tr.get_text().split())
        for tr in soup.select("table")[table].select("tbody tr")
    }


def test_a_group_small_in_one_area_is_hidden_in_every_view_by_place(client: FlaskClient):
    _small_in_one_area()
    signed_in(client, Role.ANALYST)
    quarter = "start=1&start=2026&end=3&end=2026"
    # With an area, views by date are whole reporting years, April to March.
    year = "start=4&start=2025&end=3&end=2026"
    for query in ("?area=north", "?area=south", f"?area=north&{year}"):
        rows = _rows(client.get(f"/results/stop-search{query}").get_data(as_text=True))
        assert "[c]" in rows["Asian or Asian British"], query
        assert "20" not in rows["Asian or Asian British"]
        assert (
            "(hidden in every view filtered by area or listening session: in South, "
            "this group had fewer than 10 people" in rows["Asian or Asian British"]
        ), query
    # Views by date alone cannot pick out an area: Asian is shown.
    dated = _rows(client.get(f"/results/stop-search?{quarter}").get_data(as_text=True))
    assert "24" in dated["Asian or Asian British"] and "[c]" not in dated["Asian or Asian British"]
