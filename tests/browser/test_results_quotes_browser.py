"""Reading what people said, at the foot of a long results page: "Show answers" opens the
answers where the analyst is, not at the top of the page, and says whose answers they are."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from models import Role
from tests.browser.signing_in import signed_in_tab
from tests.results_data import Made, add_responses
from tests.staff import create_user

pytestmark = pytest.mark.browser


def _seed() -> None:
    made = []
    for ethnic_group, n in (("white", 40), ("black", 30)):
        for i in range(n):
            themes = ["Fairness and profiling"] if ethnic_group == "black" and i < 6 else []
            made.append(
                Made(
                    ethnic_group=ethnic_group,
                    answers={"satisfaction": "satisfied" if i % 2 else "dissatisfied"},
                    texts=[("improve", f"Answer {ethnic_group} {i}", -0.5, themes)],
                )
            )
    add_responses(made)


def test_show_answers_opens_the_answers_in_place_and_names_the_group(
    chromium: Browser, live_server: str
):
    create_user(Role.ANALYST, "analyst@example.org")
    _seed()
    viewport = {"width": 1280, "height": 800}
    with signed_in_tab(chromium, live_server, "analyst@example.org", viewport=viewport) as page:
        page.goto("/results/stop-search")
        page.get_by_label("Theme", exact=True).select_option("Fairness and profiling")
        page.get_by_label("Group (ethnic group)").select_option("black")
        page.get_by_role("button", name="Show answers").click()

        heading = page.get_by_role("heading", name="wrote about")
        expect(heading).to_have_text(
            "What Black, Black British, Caribbean or African respondents wrote about "
            "“Fairness and profiling”: all 6 answers"
        )
        expect(page.locator(".app-quote")).to_have_count(6)
        # The answers are on the screen, not thousands of pixels below the top of the page.
        expect(page).to_have_url(page.url.split("#")[0] + "#quotes")
        expect(heading).to_be_in_viewport()
        # The choices of the view and of the answers are kept.
        expect(page.get_by_label("Group (ethnic group)")).to_have_value("black")
