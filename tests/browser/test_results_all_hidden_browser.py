"""An analyst on a phone opens a view filtered by area and date where every group is hidden:
the page says why, offers the wider view that shows groups, fits a 360 px screen and passes
axe-core, as do the report and the wider view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.browser.test_admin_phone_browser import fits_the_screen
from tests.factories import create_area
from tests.results_data import add_responses, group
from tests.staff import create_user

pytestmark = pytest.mark.browser

SATISFIED = {"satisfaction": "satisfied"}
#: With an area chosen, views by date are whole reporting years, April to March.
VIEW = "/results/stop-search?start=4&start=2026&end=3&end=2027&area=north"


def _seed() -> None:
    """North, April 2026 to March 2027: 3 White and 2 Asian respondents, so every group is
    hidden there; the North at any date shows both groups."""
    north, south = create_area("north", "North"), create_area("south", "South")
    add_responses(group(12, "white", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(3, "white", month="2026-04", area=north, answers=SATISFIED))
    add_responses(group(20, "white", month="2026-01", area=south, answers=SATISFIED))
    add_responses(group(12, "asian", month="2026-01", area=north, answers=SATISFIED))
    add_responses(group(2, "asian", month="2026-04", area=north, answers=SATISFIED))
    add_responses(group(20, "asian", month="2026-04", area=south, answers=SATISFIED))


def test_a_view_hiding_every_group_reads_well_on_a_phone(phone: Page):
    create_user(Role.ANALYST, "analyst@example.org")
    _seed()
    axe = AccessibilityLog(phone)
    sign_in(phone, "analyst@example.org")
    phone.goto(VIEW)
    summary = phone.locator(".app-results-summary")
    expect(summary).to_contain_text("The number of responses in this view is hidden: not shown")
    expect(summary).to_contain_text(
        "Every group is hidden in this view, so there is nothing to compare."
    )
    expect(summary).not_to_contain_text("Compare with")
    # The share beside a hidden count is "[c]" on screen, and says where its reason is.
    share = phone.get_by_role("row", name="White").get_by_role("cell").nth(1)
    expect(share).to_have_text("[c] (hidden, see the count for why)")
    # Only "[c]" takes up room on screen: the rest is for screen readers.
    assert share.locator(".govuk-visually-hidden").evaluate(
        "e => e.getBoundingClientRect().width <= 1"
    )
    fits_the_screen(phone, "results-all-hidden")
    axe.scan("results: every group hidden")

    phone.goto(VIEW.replace("/results/stop-search?", "/results/stop-search/report?"))
    expect(phone.get_by_role("heading", name="Headline")).to_be_visible()
    fits_the_screen(phone, "report-all-hidden")
    axe.scan("report: every group hidden")

    phone.go_back()
    phone.get_by_role("link", name="Drop the dates: North, all dates").click()
    table = phone.get_by_role("table", name="Respondents by ethnic group")
    expect(table.get_by_role("row", name="White")).to_contain_text("15")
    expect(table.get_by_role("row", name="Asian or Asian British")).to_contain_text("14")
    fits_the_screen(phone, "results-wider-view")
    axe.scan("results: the wider view")
    axe.assert_clean()
