"""With JavaScript, "Compare with" offers the groups of the grouping chosen under "Group by"
as soon as it is chosen; without it, one press of "Show results" after changing the grouping
shows it compared with its usual reference group, with no "Important" banner."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from models import Role
from tests.browser.signing_in import signed_in_tab
from tests.results_data import add_responses, group
from tests.staff import create_user

pytestmark = pytest.mark.browser

SATISFIED = {"satisfaction": "satisfied"}
BLACK = "Black, Black British, Caribbean or African"


def _seed() -> None:
    create_user(Role.ANALYST, "analyst@example.org")
    add_responses(group(20, "white", sex="female", answers=SATISFIED))
    add_responses(group(12, "black", sex="male", answers=SATISFIED))


def _options(page) -> list[str]:
    return page.get_by_label("Compare with").locator("option").all_inner_texts()


def test_compare_with_follows_group_by(chromium: Browser, live_server: str):
    _seed()
    with signed_in_tab(chromium, live_server, "analyst@example.org") as page:
        page.goto("/results/stop-search")
        page.get_by_label("Compare with").select_option(label=BLACK)
        page.get_by_label("Group by", exact=True).select_option("sex")
        expect(page.get_by_label("Compare with")).to_have_value("")
        options = _options(page)
        assert options[0] == "The usual reference group"
        assert options[-1] == "All other groups together"
        assert "Male" in options and "Female" in options and BLACK not in options

        page.get_by_label("Compare with").select_option(label="Male")
        # Back to a grouping without it: the usual reference group again.
        page.get_by_label("Group by", exact=True).select_option("ethnic_group")
        expect(page.get_by_label("Compare with")).to_have_value("")
        assert BLACK in _options(page)

        page.get_by_label("Compare with").select_option("all_others")
        page.get_by_label("Group by", exact=True).select_option("sex")
        expect(page.get_by_label("Compare with")).to_have_value("all_others")
        page.get_by_label("Compare with").select_option(label="Male")
        page.get_by_role("button", name="Show results").click()
        expect(page.locator("main")).to_contain_text("Each group is compared with male respondents")
        expect(page.locator(".govuk-notification-banner")).to_have_count(0)


def test_without_javascript_one_press_shows_the_new_grouping(chromium: Browser, live_server: str):
    _seed()
    tab = signed_in_tab(chromium, live_server, "analyst@example.org", java_script_enabled=False)
    with tab as page:
        page.goto("/results/stop-search")
        page.get_by_label("Compare with").select_option(label=BLACK)
        page.get_by_role("button", name="Show results").click()
        page.get_by_label("Group by", exact=True).select_option("sex")
        # The options are still the ethnic groups: the page cannot know the new ones yet.
        expect(page.get_by_label("Compare with")).to_have_value("black")
        page.get_by_role("button", name="Show results").click()
        expect(page.locator("main")).to_contain_text(
            "Each group is compared with female respondents"
        )
        expect(page.locator(".govuk-notification-banner")).to_have_count(0)
        expect(page.get_by_label("Compare with")).to_have_value("")
        assert "Male" in _options(page)
