"""GET /api/v1/surveys/<slug>/results gives every figure the results page and its CSV export
give for the same view (counts, ratios to the reference group, adjusted p-values, What stands
out, distributions, themes, sentiment, the All respondents row and the trend), hidden as they
hide it, so that an analyst can reproduce the page's findings from the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from app.services import api_tokens
from models import Role, Scope
from tests.app.api_results_figures_helpers import (
    check_row,
    export_rows,
    figures_from_api,
    kind_of,
    page_query,
)
from tests.factories import create_area
from tests.pages import Browser
from tests.results_data import Made, add_responses, group
from tests.staff import signed_in

URL = "/api/v1/surveys/stop-search/results"
GROUNDS, RESPECT = "Explanation of grounds", "Respect and manner"
#: Views the cross-check covers: every grouping's kind of figure, filtered and not.
VIEWS = [
    "",
    "?by=sex",
    "?by=area",
    "?area=north",
    "?from=2026-04&to=2026-06",
    "?from=2025-04&to=2027-03&area=north",
    "?reference=black",
    "?by=area&reference=all_others",
]


def _people(
    n: int, ethnic_group: str, satisfied: int, *, month: str, area, sex: str, text: tuple
) -> list[Made]:
    """``n`` people of a group, ``satisfied`` of them satisfied, each writing ``text``."""
    made = []
    for i in range(n):
        pleased = i < satisfied
        answers = {
            "satisfaction": "satisfied" if pleased else "dissatisfied",
            "respect": "agree" if pleased or i % 3 else "disagree",
            "fair": "agree" if i % 2 else "disagree",
            "scrutiny_interest": "yes" if i % 4 else "no",
            "handcuffed": "no",
        }
        made.append(
            Made(
                ethnic_group=ethnic_group,
                month=month,
                area=area,
                sex=sex,
                answers=answers,
                texts=[text] if i % 5 else [],
            )
        )
    return made


@pytest.fixture
def seeded(client: FlaskClient) -> dict[str, str]:
    """Two quarters in two areas: White (the reference) mostly satisfied, Black much less,
    Asian in between, and 3 Mixed respondents, hidden (with a group hidden as cover). Returns
    the API's Authorization header, the client signed in as an analyst too."""
    north, south = create_area("north", "North District"), create_area("south", "South District")
    praise = ("went_well", "Polite and explained why", 0.6, [GROUNDS, RESPECT])
    complaint = ("improve", "Rude and no reason given", -0.7, [RESPECT])
    made = []
    for month, area in (("2026-02", north), ("2026-05", north), ("2026-05", south)):
        made += _people(30, "white", 24, month=month, area=area, sex="female", text=praise)
        made += _people(24, "black", 6, month=month, area=area, sex="male", text=complaint)
        made += _people(12, "asian", 7, month=month, area=area, sex="male", text=praise)
        made += _people(11, "not_stated", 6, month=month, area=area, sex="female", text=praise)
    made += _people(3, "mixed", 0, month="2026-05", area=north, sex="male", text=complaint)
    add_responses(made)
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    signed_in(client, Role.ANALYST)
    return {"Authorization": f"Bearer {secret}"}


def _api(client: FlaskClient, auth: dict[str, str], query: str = "") -> dict[str, Any]:
    response = client.get(URL + query, headers=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize("query", VIEWS)
def test_every_figure_agrees_with_the_csv_export_of_the_same_view(
    client: FlaskClient, seeded, query: str
):
    doc = _api(client, seeded, query)
    figures, suppressed = figures_from_api(doc)
    exported = [
        row
        for row in export_rows(client, page_query(doc))
        if row["Section"] != "About these figures"
        and row["Measure"] != "People asked the question"
        and not (row["Measure"] == "% choosing" and row["Item"] == "")  # a grouping question
    ]
    # The same view: the export names its filters as the API does.
    assert {row["Filters"] for row in exported} == {doc["filters"]["description"]}
    matched = set()
    for row in exported:
        key = (row["Section"], kind_of(row["Measure"], row["Section"]), row["Item"])
        key = (*key, row["Group code"])
        if row["Group code"] in suppressed:
            # A hidden group: hidden in the export, and no figure of it in the API; only the
            # trend names it, to say it has no line and why.
            assert row["n"] == "[c]" and row["Note"], key
            if row["Item"] not in ("Every quarter", "Every year"):
                assert key not in figures
                continue
        assert key in figures, key
        check_row(row, figures[key])
        matched.add(key)
    # Every figure the API gives is in the export: neither gives more than the other.
    assert matched == set(figures)
    assert len(matched) > 50


def test_the_reference_group_and_what_stands_out_are_the_pages(
    client: FlaskClient, seeded, browser: Browser
):
    doc = _api(client, seeded)
    assert doc["reference"] == {"group": "white", "label": "White"}
    page = browser.get("/results/stop-search")
    shown = [
        " ".join(li.get_text().split())
        for li in page.soup.select("#findings > ul > li, #findings details li")
    ]
    assert doc["findings"] == shown
    assert any(finding.startswith("Black") for finding in doc["findings"])
    # Each finding is beside its figures: significant, lower, and the ratio the page gives.
    groups = {g["group"]: g for g in doc["groups"]}
    satisfaction = groups["black"]["questions"]["satisfaction"]
    assert satisfaction["finding"] in doc["findings"]
    assert (satisfaction["significant"], satisfaction["direction"]) == (True, "lower")
    assert satisfaction["difference"] == "Lower"
    assert (satisfaction["answered"], satisfaction["favourable"]) == (72, 18)
    assert satisfaction["ratio"] == 0.3125  # 25% against 80%
    assert 0 < satisfaction["p_adjusted"] < 0.05
    low, high = satisfaction["ratio_ci"]
    assert low < 0.3125 < high < 1
    table = page.soup.select_one("#table-satisfaction")
    row = next(tr for tr in table.select("tbody tr") if "Black" in tr.select_one("th").get_text())
    assert " ".join(row.select("td")[3].get_text().split()).startswith("0.31 (")
    white = groups["white"]["questions"]["satisfaction"]
    assert (white["ratio"], white["significant"], white["finding"]) == (None, None, None)
    assert doc["comparisons"] > 0


def test_each_theme_difference_has_its_interval_and_adjusted_p_value(client: FlaskClient, seeded):
    """Black respondents wrote about the grounds for the search far less often than White ones:
    a significant difference, with its Holm-adjusted p-value below 5%, as the page's ▼ says.
    Every compared cell's p-value and significance agree, and its ratio is inside its
    interval."""
    groups = {g["group"]: g for g in _api(client, seeded)["groups"]}
    grounds = groups["black"]["theme_figures"]["themes"][GROUNDS]
    assert grounds["ratio"] < 0.1
    assert (grounds["significant"], grounds["direction"]) == (True, "lower")
    assert 0 <= grounds["p_adjusted"] < 0.05
    compared = [
        cell
        for group in groups.values()
        if group["theme_figures"]
        for cell in group["theme_figures"]["themes"].values()
        if cell["ratio"] is not None
    ]
    assert compared
    for cell in compared:
        assert (cell["p_adjusted"] < 0.05) is cell["significant"], cell
        if cell["ratio_ci"] is not None:
            low, high = cell["ratio_ci"]
            assert low <= cell["ratio"] <= high, cell
    assert any(cell["ratio_ci"] is not None for cell in compared)
    white = groups["white"]["theme_figures"]["themes"][GROUNDS]
    assert (white["ratio"], white["ratio_ci"], white["p_adjusted"]) == (None, None, None)


@pytest.mark.parametrize("query", VIEWS)
def test_a_group_hidden_on_the_page_has_no_figure_anywhere_in_the_document(
    client: FlaskClient, seeded, query: str
):
    doc = _api(client, seeded, query)
    hidden = [g for g in doc["groups"] if g["suppressed"]]
    if query == "":
        assert {g["group"] for g in hidden} == {"mixed", "not_stated"}  # 3, and its cover
    for g in hidden:
        assert g["suppressed_reason"]
        assert (g["n"], g["share_of_respondents"], g["sentiment"], g["theme_figures"]) == (
            (None,) * 4
        )
        assert (g["questions"], g["distributions"], g["themes"]) == ({}, {}, {})
    # Named in the trend only to say it has no line, and why.
    trend = doc["trend"] or {"groups": [], "without_line": []}
    lines = {series["group"] for series in trend["groups"]}
    assert not lines & {g["group"] for g in hidden}
    named = {line["group"] for line in trend["without_line"]}
    assert named >= {g["group"] for g in hidden} or doc["by"] == "month"
    # Nowhere else: not in What stands out, nor anywhere else in the document.
    elsewhere = {key: value for key, value in doc.items() if key not in ("groups", "trend")}
    elsewhere["trend"] = {**trend, "without_line": []}
    text = json.dumps(elsewhere)
    for g in hidden:
        assert g["label"] not in text and f'"{g["group"]}"' not in text, g["group"]


def test_a_figure_hidden_within_a_shown_group_is_null_with_the_pages_reason(
    client: FlaskClient,
):
    """White is shown (25), but only 5 of them were asked about respect: every figure of that
    cell is null, with the reason the export gives; the total is shown."""
    add_responses(group(20, "white", answers={"satisfaction": "satisfied"}))
    add_responses(group(5, "white", answers={"satisfaction": "satisfied", "respect": "agree"}))
    add_responses(group(20, "black", answers={"satisfaction": "satisfied", "respect": "agree"}))
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    doc = _api(client, {"Authorization": f"Bearer {secret}"})
    white = next(g for g in doc["groups"] if g["group"] == "white")
    respect = white["questions"]["respect"]
    reason = respect.pop("hidden_reason")
    assert reason and set(respect.values()) == {None}
    signed_in(client, Role.ANALYST)
    row = next(
        row
        for row in export_rows(client)
        if row["Group code"] == "white" and row["Section"] == _text(doc, "respect")
    )
    assert (row["Value"], row["Note"]) == ("[c]", reason)
    assert white["questions"]["satisfaction"]["answered"] == 25


def _text(doc: dict[str, Any], key: str) -> str:
    return next(d["text"] for d in doc["question_details"] if d["key"] == key)


def test_the_all_respondents_row_and_the_trend_are_the_pages(
    client: FlaskClient, seeded, browser: Browser
):
    doc = _api(client, seeded)
    total = doc["total"]
    assert (total["group"], total["label"], total["n"]) == ("all", "All respondents", 234)
    assert total["questions"]["satisfaction"]["answered"] == 234
    assert total["questions"]["satisfaction"]["ratio"] is None
    trend = doc["trend"]
    assert trend["question"] == "satisfaction"
    assert [p["period"] for p in trend["periods"]] == ["2026-Q1", "2026-Q2"]
    assert [p["answered"] for p in trend["total"]["points"]] == [77, 157]
    page = browser.get("/results/stop-search")
    quarters = page.soup.select("#trend table tbody tr")
    assert [" ".join(tr.select_one("th").get_text().split()) for tr in quarters] == [
        p["label"] for p in trend["periods"]
    ]
    assert [tr.select("td")[1].get_text(strip=True) for tr in quarters] == ["77", "157"]
    columns = [" ".join(th.get_text().split()) for th in page.soup.select("#trend thead th")]
    assert columns[3:] == [series["label"] for series in trend["groups"]]
    assert {"white", "black"} <= {series["group"] for series in trend["groups"]}


def test_filters_still_work_and_are_given_back(client: FlaskClient, seeded):
    doc = _api(client, seeded, "?from=2026-04&to=2027-03&area=south&by=sex")
    assert doc["by"] == "sex"
    assert doc["filters"]["area"] == "south"
    assert doc["filters"]["session"] is None
    assert doc["filters"]["description"].endswith("South District")
    assert (doc["filters"]["from"], doc["filters"]["to"]) == ("2026-04", "2027-03")
    assert doc["total"]["n"] == 77  # the south's May respondents
    everything = _api(client, seeded)
    assert everything["filters"] == {
        "from": None,
        "to": None,
        "area": None,
        "session": None,
        "description": "All responses",
    }
    assert everything["total"]["n"] == 234


@pytest.mark.parametrize(
    "query", ["", "?by=area", "?from=2026-04&to=2026-06", "?area=north", "?by=month"]
)
def test_the_document_matches_its_openapi_schema(client: FlaskClient, seeded, query: str):
    spec = client.get("/api/v1/openapi.json").get_json()
    validator = Draft202012Validator({**spec, "$ref": "#/components/schemas/Results"})
    doc = _api(client, seeded, query)
    assert [error.message for error in validator.iter_errors(doc)] == []
    # Each property the document has is described, and each described one is there.
    results = spec["components"]["schemas"]["Results"]
    assert set(doc) == set(results["properties"])
    assert set(results["required"]) >= set(doc) - {"counted_at", "months_not_counted"}
    group = spec["components"]["schemas"]["Group"]
    for g in doc["groups"]:
        assert set(g) == set(group["properties"]) == set(group["required"])
    assert set(doc["total"]) == set(spec["components"]["schemas"]["Total"]["properties"])


@pytest.mark.parametrize("reference", ["black", "all_others"])
def test_the_group_compared_with_is_chosen_as_on_the_page(
    client: FlaskClient, seeded, browser: Browser, reference: str
):
    """reference= is the page's Compare with (compare=), and gives its findings."""
    doc = _api(client, seeded, f"?reference={reference}")
    assert doc["reference"]["group"] == reference
    page = browser.get(f"/results/stop-search?compare={reference}")
    shown = [
        " ".join(li.get_text().split())
        for li in page.soup.select("#findings > ul > li, #findings details li")
    ]
    assert doc["findings"] == shown and shown
    groups = {g["group"]: g for g in doc["groups"]}
    if reference == "black":
        assert groups["black"]["questions"]["satisfaction"]["ratio"] is None
        assert groups["white"]["questions"]["satisfaction"]["direction"] == "higher"
    else:
        assert groups["white"]["questions"]["satisfaction"]["ratio"] is not None


def test_a_hidden_reference_group_compares_nothing(client: FlaskClient, seeded):
    doc = _api(client, seeded, "?reference=mixed")
    assert (doc["reference"], doc["findings"], doc["comparisons"]) == (None, [], 0)
    assert all(
        q["ratio"] is None
        for g in doc["groups"]
        if not g["suppressed"]
        for q in g["questions"].values()
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?reference=", "reference must be a group of the grouping"),
        ("?reference=martian", "'martian' is not a group of by=ethnic_group"),
        ("?by=sex&reference=white", "'white' is not a group of by=sex"),
        ("?reference=white&reference=black", "reference is given more than once"),
    ],
)
def test_a_reference_that_is_no_group_of_the_grouping_is_a_422(
    client: FlaskClient, seeded, query: str, message: str
):
    response = client.get(URL + query, headers=seeded)
    assert (response.status_code, response.mimetype) == (422, "application/problem+json")
    (error,) = response.get_json()["errors"]
    assert error["field"] == "reference" and message in error["message"]
