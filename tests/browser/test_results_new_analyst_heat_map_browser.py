"""Grouped by ethnic group, the themes heat map fits the page on a laptop's screen (1280
pixels wide): every column, "All respondents" included, is in sight without scrolling, and its
text is still as large as the page's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from models import Role
from tests.browser.signing_in import signed_in_tab
from tests.browser.test_results_heat_map_browser import SMALLEST_TEXT
from tests.results_data import add_responses, group
from tests.staff import create_user

pytestmark = pytest.mark.browser

GROUPS = ["white", "mixed", "asian", "black", "other", "not_stated"]
THEMES = ["Explanation of grounds", "Officer professionalism", "Respect and manner"]


def test_the_heat_map_by_ethnic_group_fits_a_laptop_screen(chromium: Browser, live_server: str):
    create_user(Role.ANALYST, "analyst@example.org")
    for n, ethnic_group in enumerate(GROUPS):
        texts = [("improve", "Words", -0.2, [THEMES[n % len(THEMES)]])]
        add_responses(group(12, ethnic_group, texts=texts))
    laptop = {"width": 1280, "height": 800}
    with signed_in_tab(chromium, live_server, "analyst@example.org", viewport=laptop) as page:
        page.goto("/results/stop-search")
        region = page.get_by_role("region", name="Heat map")
        heat_map = region.locator("svg[role=img]")
        heat_map.scroll_into_view_if_needed()
        expect(heat_map).to_contain_text("All respondents")
        assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
        # The last column, all respondents, is inside the region's edge.
        edge = region.evaluate("r => r.getBoundingClientRect().right")
        last = heat_map.locator("text", has_text="respondents").last
        assert last.evaluate("t => t.getBoundingClientRect().right") <= edge
        body = page.locator("#themes p.govuk-body").first.evaluate(
            "p => parseFloat(getComputedStyle(p).fontSize)"
        )
        assert heat_map.evaluate(SMALLEST_TEXT) >= body - 0.5
