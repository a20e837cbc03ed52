"""Views by date cover whole quarters, the cells of their disclosure control: a group small in
a quarter is hidden in every view by date, with the quarter named, and a group small in one
month but not in its quarter is shown, since no view can hold that month alone. The trend is
by quarter, with the same rule for a group's line."""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from analysis.rows import NOT_STATED
from app.services import api_tokens
from app.services.results_disclosure import decide_table, protect
from models import Role, Scope
from tests.app.disclosure_brute_force import K, cells_from, leaks, service_rule, sizes_in
from tests.app.test_results_disclosure import _api, _rows
from tests.factories import create_area
from tests.results_data import add_responses, group
from tests.staff import signed_in

SATISFIED = {"satisfaction": "satisfied"}
UNHAPPY = {"satisfaction": "dissatisfied"}


def test_a_filtered_view_never_differs_from_a_wider_one_by_a_small_group(client: FlaskClient):
    """Black: 12 in January to March, 3 in April to June. The whole survey shows 15; a view of
    the first quarter showing 12 would give away the 3 of the second, so filtered views hide
    Black; and Asian, the next-smallest group in the second quarter, so that its total minus
    the groups shown does not give the 3 either."""
    add_responses(
        group(30, "white", month="2026-01", answers=SATISFIED)
        + group(30, "white", month="2026-04", answers=SATISFIED)
        + group(11, "asian", month="2026-01", answers=SATISFIED)
        + group(11, "asian", month="2026-04", answers=SATISFIED)
        + group(12, "black", month="2026-01", answers=UNHAPPY)
        + group(3, "black", month="2026-04", answers=SATISFIED)
    )
    everything = {g["group"]: g for g in _api(client)["groups"]}
    first = {g["group"]: g for g in _api(client, "?from=2026-01&to=2026-03")["groups"]}
    second = {g["group"]: g for g in _api(client, "?from=2026-04&to=2026-06")["groups"]}
    assert everything["black"]["n"] == 15 and everything["asian"]["n"] == 22
    for view in (first, second):
        assert view["black"]["suppressed"] is True and view["black"]["n"] is None
        assert view["asian"]["suppressed"] is True
        assert view["white"]["n"] == 30
    signed_in(client, Role.ANALYST)
    page = client.get("/results/stop-search?start=1&start=2026&end=3&end=2026")
    rows = _rows(page.get_data(as_text=True))
    # Each says which quarter is the trouble, though the view does not include it.
    # Black (3 in April to June) and Asian, its cover there, are said alike.
    said = (
        "(hidden in every view filtered by date: in April to June 2026, this group had "
        "fewer than 10 people, or was hidden with groups that had, so that the total there "
        "cannot give them away when views by date are compared"
    )
    assert said in rows["Black, Black British, Caribbean or African"]
    assert said in rows["Asian or Asian British"]


def test_a_group_small_in_one_month_but_not_its_quarter_is_shown_by_date(client: FlaskClient):
    """Black: 12 in January and 3 in February, 15 in the quarter; 10 in April. The 3 are no
    longer hidden behind every view by date: no view can hold February alone."""
    add_responses(
        group(30, "white", month="2026-01", answers=SATISFIED)
        + group(30, "white", month="2026-02", answers=SATISFIED)
        + group(30, "white", month="2026-04", answers=SATISFIED)
        + group(12, "black", month="2026-01", answers=UNHAPPY)
        + group(3, "black", month="2026-02", answers=SATISFIED)
        + group(10, "black", month="2026-04", answers=SATISFIED)
    )
    first = {g["group"]: g for g in _api(client, "?from=2026-01&to=2026-03")["groups"]}
    second = {g["group"]: g for g in _api(client, "?from=2026-04&to=2026-06")["groups"]}
    assert first["black"]["n"] == 15 and first["black"]["suppressed"] is False
    assert second["black"]["n"] == 10 and first["white"]["n"] == 60
    signed_in(client, Role.ANALYST)
    page = client.get("/results/stop-search?start=1&start=2026&end=3&end=2026")
    rows = _rows(page.get_data(as_text=True))
    # 15 of the quarter's 75.
    assert rows["Black, Black British, Caribbean or African"] == (
        "Black, Black British, Caribbean or African 1520%"
    )
    assert not any("[c]" in row for row in rows.values()), rows
    # January alone (12, beside the quarter's 15) is a view no one can ask for.
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    january = client.get(
        "/api/v1/surveys/stop-search/results?from=2026-01&to=2026-01",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert january.status_code == 422 and "12" not in january.get_data(as_text=True)
    refused = client.get("/results/stop-search?start=1&start=2026&end=1&end=2026")
    soup = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    assert "To must be the last month of a quarter" in " ".join(soup.text.split())
    assert refused.status_code == 400 and not soup.select("table"), soup.select("table")


def _small_in_an_early_quarter(june: int = 0) -> tuple:
    """White: 6 in May 2025 (North) and ``june`` in June 2025, then 30 a month; Black and
    Asian never in April to June 2025. Mixed: 10 in May 2025 (South) only, so that May has
    enough responses to be counted."""
    north, south = create_area("north", "North"), create_area("south", "South")
    add_responses(
        group(6, "white", month="2025-05", area=north, answers=SATISFIED)
        + group(june, "white", month="2025-06", area=north, answers=SATISFIED)
        + group(10, "mixed", month="2025-05", area=south, answers=SATISFIED)
        + group(30, "white", month="2026-01", area=north, answers=SATISFIED)
        + group(30, "white", month="2026-02", area=south, answers=UNHAPPY)
        + group(20, "black", month="2026-01", area=north, answers=UNHAPPY)
        + group(20, "black", month="2026-02", area=south, answers=SATISFIED)
        + group(12, "asian", month="2026-01", area=north, answers=SATISFIED)
        + group(12, "asian", month="2026-02", area=south, answers=SATISFIED)
    )
    return north, south


def test_a_group_small_in_an_early_quarter_is_shown_in_area_views(client: FlaskClient):
    _small_in_an_early_quarter()
    signed_in(client, Role.ANALYST)
    north = client.get("/results/stop-search?area=north").get_data(as_text=True)
    rows = _rows(north)
    # An area filter cannot pick out a quarter: White's 36 in the North are shown, and so is
    # the North's total.
    assert "36" in rows["White"] and "[c]" not in rows["White"]
    assert "[c]" not in rows["All respondents"] and "68" in rows["All respondents"]
    by_area = {g["group"]: g for g in _api(client, "?area=north")["groups"]}
    assert by_area["white"]["n"] == 36 and by_area["white"]["suppressed"] is False
    exported = client.get("/results/stop-search/export.csv?area=north").get_data(as_text=True)
    # (The trend is by quarter: White has no line there, and the export says so, as the page.)
    white = [
        line
        for line in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))
        if line["Group code"] == "white" and not line["Section"].startswith("Trend:")
    ]
    assert white and all(line["n"] != "[c]" for line in white)
    assert any(line["n"] == "36" for line in white)

    # A range of quarters can: comparing January to March 2026 with the whole survey would
    # give April to June 2025's 6, so views by date hide White, naming that quarter.
    quarter = "start=1&start=2026&end=3&end=2026"
    dated = client.get(f"/results/stop-search?{quarter}")
    rows = _rows(dated.get_data(as_text=True))
    assert "[c]" in rows["White"] and "60" not in rows["White"]
    assert (
        "(hidden in every view filtered by date: in April to June 2025, this group had fewer "
        "than 10 people, or was hidden with groups that had" in rows["White"]
    )
    # Read out once, not "hidden: hidden in every view…".
    assert "hidden: hidden" not in dated.get_data(as_text=True)
    assert "6" not in rows["White"]
    # Every quarter has at least k responses, so views by date show their totals, and the
    # other groups' shares of them.
    assert rows["Asian or Asian British"] == "Asian or Asian British 2419%"
    by_date = {g["group"]: g for g in _api(client, "?from=2026-01&to=2026-03")["groups"]}
    assert by_date["white"]["suppressed"] is True and by_date["black"]["n"] == 40
    exported = client.get(f"/results/stop-search/export.csv?{quarter}").get_data(as_text=True)
    for line in csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))):
        if line["Group code"] == "white" and not line["Measure"].startswith("Trend"):
            assert line["n"] == "[c]"


def _trend(client: FlaskClient) -> tuple[list[str], dict[str, str], str]:
    """The trend's column headers, its rows by quarter, and its words."""
    page = client.get("/results/stop-search").get_data(as_text=True)
    trend = BeautifulSoup(page, "html.parser").select_one("#trend")
    headers = [" ".join(th.get_text().split()) for th in trend.select("thead th")]
    rows = {
        " ".join(tr.select_one("th").get_text().split()): " ".join(tr.get_text().split())
        for tr in trend.select("tbody tr")
    }
    return headers, rows, " ".join(trend.get_text().split())


def test_a_group_small_in_an_early_quarter_has_no_trend_line_and_says_why(client: FlaskClient):
    # A line with a gap would let its total (shown elsewhere) minus the quarters shown give
    # the small quarter back, so the group has no line; the others keep theirs.
    _small_in_an_early_quarter()
    signed_in(client, Role.ANALYST)
    headers, rows, text = _trend(client)
    assert "White" not in headers
    assert (
        "No line for White (in April to June 2025, this group had fewer than 10 answers, or "
        "its line is hidden with groups that had, and the line's other quarters, taken from "
        "its total, would give that number away)" in text
    )
    assert headers[0] == "Quarter" and len(headers) > 3, headers  # and other groups' lines
    assert "April to June 2025" in rows and "January to March 2026" in rows


def test_a_group_small_in_one_month_but_not_its_quarter_has_a_line_and_is_shown_by_date(
    client: FlaskClient,
):
    # White's 6 in May 2025 and 10 in June: 16 in the quarter, and no view holds May alone.
    _small_in_an_early_quarter(june=10)
    signed_in(client, Role.ANALYST)
    headers, rows, text = _trend(client)
    assert "White" in headers and "No line for White" not in text
    # April to June 2025: all respondents 26, all satisfied; White's 16 (the first group's
    # column) and Mixed's 10 too, each with how many answered; Asian and Black had nobody then.
    assert rows["April to June 2025"] == "April to June 2025 100% 26 100% of 16100% of 10––", rows
    dated = _rows(
        client.get("/results/stop-search?start=1&start=2026&end=3&end=2026").get_data(as_text=True)
    )
    assert dated["White"] == "White 6048%" and "[c]" not in dated["All respondents"]
    early = {g["group"]: g for g in _api(client, "?from=2025-04&to=2025-06")["groups"]}
    assert early["white"]["n"] == 16 and early["white"]["suppressed"] is False


# White has 1 from January to March (in area 1); those who did not state a group (8 then)
# cover it in views by date, though Black (7) is the next-smallest.
NOT_STATED_COVERS = cells_from(
    {
        "white": [[1, 0], [0, 0], [3, 4], [4, 3]],
        "black": [[4, 3], [0, 0], [3, 3], [4, 4]],
        NOT_STATED: [[3, 0], [2, 3], [0, 3], [3, 3]],
    },
    4,
    2,
)


def test_not_stated_covers_by_date_and_nothing_leaks():
    everywhere = decide_table(sizes_in(NOT_STATED_COVERS), K)
    rule2 = protect(NOT_STATED_COVERS, K, everywhere.hidden)
    assert rule2.hidden["date"] == {
        "white": "differencing_month",
        NOT_STATED: "differencing_month_cover",
    }
    assert leaks(NOT_STATED_COVERS, K, service_rule) == []
