""" "Clear filters" clears the area, listening session and dates, and keeps how the analyst
chose to group the results and the group compared with: they are not filters. Before, it
went back to the page as first opened, grouped by ethnic group, and the analyst had to choose
the grouping again."""

from __future__ import annotations

from tests.factories import create_area
from tests.results_data import add_responses, group

SATISFIED = {"satisfaction": "satisfied"}


def test_clear_filters_keeps_the_grouping_and_the_group_compared_with(browser, analyst):
    north = create_area("north", "North")
    add_responses(group(15, "white", sex="female", area=north, month="2026-04", answers=SATISFIED))
    add_responses(group(15, "black", sex="male", area=north, month="2026-04", answers=SATISFIED))
    page = browser.get(
        "/results/stop-search?by=sex&compare=female&area=north&start=4&start=2026&end=3&end=2027"
    )
    assert page.status == 200
    (link,) = [a for a in page.soup.select("a") if a.get_text(strip=True) == "Clear filters"]
    cleared = browser.get(link["href"])
    assert cleared.status == 200
    chosen = {
        name: cleared.soup.select_one(f"#{name} option[selected]")
        for name in ("by", "compare", "area")
    }
    assert chosen["by"]["value"] == "sex"
    assert chosen["compare"]["value"] == "female"
    assert chosen["area"] is None or chosen["area"]["value"] == ""
    for box in ("start-month", "start-year", "end-month", "end-year"):
        assert not cleared.soup.select_one(f"#{box}").get("value"), box
    assert "Each group is compared with female respondents" in " ".join(cleared.text().split())


def test_clear_filters_after_a_refused_choice_keeps_what_was_valid(browser, analyst):
    add_responses(group(15, "white", sex="female", answers=SATISFIED))
    page = browser.get("/results/stop-search?by=sex&area=nowhere")
    assert page.status == 400
    (link,) = [a for a in page.soup.select("a") if a.get_text(strip=True) == "Clear filters"]
    assert link["href"] == "/results/stop-search?by=sex"
