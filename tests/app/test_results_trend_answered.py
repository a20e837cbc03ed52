"""The trend's table gives, beside each group's percentage in a quarter, how many in the group
answered that quarter, as the downloads and the API do. Without it, a group's line read as a
change ("26% to 51%") could not be told from chance: 26% of 12 moves a lot on one answer.

The survey: White 40 a quarter, 24 of them satisfied; Black 12 satisfied of 20 from January to
March, then 6 of 12 from April to June."""

from __future__ import annotations

import pytest

from app.services import api_tokens
from models import Scope
from tests.results_data import add_responses, group

BLACK = "Black, Black British, Caribbean or African"
SATISFIED = {"satisfaction": "satisfied"}
DISSATISFIED = {"satisfaction": "dissatisfied"}


@pytest.fixture
def two_quarters() -> None:
    for month in ("2026-02", "2026-05"):
        add_responses(group(24, "white", month=month, answers=SATISFIED))
        add_responses(group(16, "white", month=month, answers=DISSATISFIED))
    add_responses(group(12, "black", month="2026-02", answers=SATISFIED))
    add_responses(group(8, "black", month="2026-02", answers=DISSATISFIED))
    add_responses(group(6, "black", month="2026-05", answers=SATISFIED))
    add_responses(group(6, "black", month="2026-05", answers=DISSATISFIED))


@pytest.mark.parametrize("path", ["/results/stop-search", "/results/stop-search/report"])
def test_each_groups_figure_in_the_trend_says_how_many_answered(
    browser, analyst, two_quarters, path
):
    page = browser.get(path)
    caption = page.soup.find("caption", string=lambda text: "by quarter" in (text or ""))
    columns = [" ".join(th.get_text().split()) for th in caption.parent.select("thead th")]
    assert columns == ["Quarter", "All respondents", "Answered", "White", BLACK]
    assert page.table("Percentage answering") == {
        "January to March 2026": ["60%", "60", "60% of 40", "60% of 20"],
        "April to June 2026": ["58%", "52", "60% of 40", "50% of 12"],
    }
    # What the numbers mean is said where the table is read.
    assert "how many in that group answered in that quarter" in " ".join(page.text().split())


def test_the_trend_tables_numbers_are_the_apis(client, browser, analyst, two_quarters):
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    document = client.get(
        "/api/v1/surveys/stop-search/results", headers={"Authorization": f"Bearer {secret}"}
    ).get_json()
    table = browser.get("/results/stop-search").table("Percentage answering")
    periods = [period["label"] for period in document["trend"]["periods"]]
    for place, series in enumerate(document["trend"]["groups"], start=2):
        given = [table[period][place].split(" of ")[1] for period in periods]
        assert given == [str(point["answered"]) for point in series["points"]], series["label"]
