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

from app.services import api_tokens
from app.services.results_disclosure import decide_table, decide_view
from models import Role, Scope
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
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
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
            "questions": {},
            "sentiment": None,
            "themes": {},
        }
    assert by_group["white"]["n"] == 60 and by_group["white"]["suppressed"] is False

    exported = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    lines = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    for line in lines:
        if line["Group code"] in ("other", "mixed"):
            assert line["n"] == line["Value"] == "[c]"
            assert line["Note"]


def test_a_filtered_view_never_differs_from_a_wider_one_by_a_small_group(client: FlaskClient):
    """Black: 12 in January, 3 in February. The whole survey shows 15; a January-only view
    showing 12 would give away the 3 February respondents, so filtered views hide Black; and
    Asian, the next-smallest group in February, so that February's total minus the groups
    shown does not give the 3 either."""
    add_responses(
        group(30, "white", month="2026-01", answers=SATISFIED)
        + group(30, "white", month="2026-02", answers=SATISFIED)
        + group(11, "asian", month="2026-01", answers=SATISFIED)
        + group(11, "asian", month="2026-02", answers=SATISFIED)
        + group(12, "black", month="2026-01", answers=UNHAPPY)
        + group(3, "black", month="2026-02", answers=SATISFIED)
    )
    everything = {g["group"]: g for g in _api(client)["groups"]}
    january = {g["group"]: g for g in _api(client, "?from=2026-01&to=2026-01")["groups"]}
    february = {g["group"]: g for g in _api(client, "?from=2026-02&to=2026-02")["groups"]}
    assert everything["black"]["n"] == 15 and everything["asian"]["n"] == 22
    for view in (january, february):
        assert view["black"]["suppressed"] is True and view["black"]["n"] is None
        assert view["asian"]["suppressed"] is True
        assert view["white"]["n"] == 30
    signed_in(client, Role.ANALYST)
    page = client.get("/results/stop-search?start=1&start=2026&end=1&end=2026")
    rows = _rows(page.get_data(as_text=True))
    # Each says which month is the trouble, though the view does not include it.
    # Black (3 in February) and Asian, its cover there, are said alike.
    said = (
        "(hidden in every view filtered by date: in February 2026, this group had "
        "fewer than 10 people, or was hidden with groups that had, so that the total there "
        "cannot give them away when views by date are compared"
    )
    assert said in rows["Black, Black British, Caribbean or African"]
    assert said in rows["Asian or Asian British"]


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

MONTHS = ("2026-01", "2026-02", "2026-03")
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
    ranges = [(a, b) for a, b in itertools.combinations_with_replacement(MONTHS, 2)]
    by_place = [(None, None, area) for area in AREAS]
    return by_place + [(a, b, area) for a, b in ranges for area in (*AREAS, None)]


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


def _small_in_one_early_month() -> tuple:
    """White: 6 in May 2025 (North), then 30 a month; Black and Asian never in May 2025.
    Mixed: 10 in May 2025 (South) only, so that May has enough responses to be counted."""
    north, south = create_area("north", "North"), create_area("south", "South")
    add_responses(
        group(6, "white", month="2025-05", area=north, answers=SATISFIED)
        + group(10, "mixed", month="2025-05", area=south, answers=SATISFIED)
        + group(30, "white", month="2026-01", area=north, answers=SATISFIED)
        + group(30, "white", month="2026-02", area=south, answers=UNHAPPY)
        + group(20, "black", month="2026-01", area=north, answers=UNHAPPY)
        + group(20, "black", month="2026-02", area=south, answers=SATISFIED)
        + group(12, "asian", month="2026-01", area=north, answers=SATISFIED)
        + group(12, "asian", month="2026-02", area=south, answers=SATISFIED)
    )
    return north, south


def _rows(html: str, table: int = 0) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        " ".join(tr.select_one("th").get_text().split()): " ".join(tr.get_text().split())
        for tr in soup.select("table")[table].select("tbody tr")
    }


def test_a_group_small_in_one_early_month_is_shown_in_area_views(client: FlaskClient):
    _small_in_one_early_month()
    signed_in(client, Role.ANALYST)
    north = client.get("/results/stop-search?area=north").get_data(as_text=True)
    rows = _rows(north)
    # An area filter cannot pick out a month: White's 36 in the North are shown, and so is
    # the North's total.
    assert "36" in rows["White"] and "[c]" not in rows["White"]
    assert "[c]" not in rows["All respondents"] and "68" in rows["All respondents"]
    by_area = {g["group"]: g for g in _api(client, "?area=north")["groups"]}
    assert by_area["white"]["n"] == 36 and by_area["white"]["suppressed"] is False
    exported = client.get("/results/stop-search/export.csv?area=north").get_data(as_text=True)
    # (The trend is by month: White has no line there, and the export says so, as the page.)
    white = [
        line
        for line in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))
        if line["Group code"] == "white" and not line["Section"].startswith("Trend:")
    ]
    assert white and all(line["n"] != "[c]" for line in white)
    assert any(line["n"] == "36" for line in white)

    # A range of months can: comparing January-February with the whole survey would give
    # May's 6, so views by date hide White, saying it is a month that is small.
    dated = client.get("/results/stop-search?start=1&start=2026&end=2&end=2026")
    rows = _rows(dated.get_data(as_text=True))
    assert "[c]" in rows["White"] and "60" not in rows["White"]
    assert (
        "(hidden in every view filtered by date: in May 2025, this group had fewer "
        "than 10 people, or was hidden with groups that had" in rows["White"]
    )
    # Read out once, not "hidden: hidden in every view…".
    assert "hidden: hidden" not in dated.get_data(as_text=True)
    assert "6" not in rows["White"]
    # Every month has at least k responses, so views by date show their totals, and the
    # other groups' shares of them.
    assert rows["Asian or Asian British"] == "Asian or Asian British 2419%"
    by_date = {g["group"]: g for g in _api(client, "?from=2026-01&to=2026-02")["groups"]}
    assert by_date["white"]["suppressed"] is True and by_date["black"]["n"] == 40
    exported = client.get(
        "/results/stop-search/export.csv?start=1&start=2026&end=2&end=2026"
    ).get_data(as_text=True)
    for line in csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))):
        if line["Group code"] == "white" and not line["Measure"].startswith("Trend"):
            assert line["n"] == "[c]"


def test_a_group_small_in_one_early_month_has_no_trend_line_and_says_why(client: FlaskClient):
    # A line with a gap would let its total (shown elsewhere) minus the months shown give the
    # small month back, so the group has no line; the others keep theirs.
    _small_in_one_early_month()
    signed_in(client, Role.ANALYST)
    page = client.get("/results/stop-search").get_data(as_text=True)
    trend = BeautifulSoup(page, "html.parser").select_one("#trend")
    headers = [" ".join(th.get_text().split()) for th in trend.select("thead th")]
    assert "White" not in headers
    text = " ".join(trend.get_text().split())
    assert (
        "No line for White (in May 2025, this group had fewer than 10 answers, or its line is "
        "hidden with groups that had, and the line's other months, taken from its total, "
        "would give that number away)" in text
    )
    assert len(headers) > 2, headers  # the month, all respondents and other groups' lines


def test_a_group_small_in_one_area_is_hidden_in_every_view_by_place(client: FlaskClient):
    _small_in_one_area()
    signed_in(client, Role.ANALYST)
    for query in ("?area=north", "?area=south", "?area=north&start=3&start=2026&end=3&end=2026"):
        rows = _rows(client.get(f"/results/stop-search{query}").get_data(as_text=True))
        assert "[c]" in rows["Asian or Asian British"], query
        assert "20" not in rows["Asian or Asian British"]
        assert (
            "(hidden in every view filtered by area or listening session: in South, "
            "this group had fewer than 10 people" in rows["Asian or Asian British"]
        ), query
    # Views by date alone cannot pick out an area: Asian is shown.
    dated = _rows(
        client.get("/results/stop-search?start=3&start=2026&end=3&end=2026").get_data(as_text=True)
    )
    assert "24" in dated["Asian or Asian British"] and "[c]" not in dated["Asian or Asian British"]
