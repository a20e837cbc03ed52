"""Results grouped by the detailed ethnic groups, in Chromium on a desktop and on a phone: each
question's table opens from its section, from a link to it, or all of them at once; a section
opened stays open when the results are shown again; the page never scrolls sideways; and
axe-core finds nothing wrong with the sections open or closed. Without JavaScript every table
is on the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from models import Role
from tests.app.test_results_many_groups import CARIBBEAN, RESPECT, _seed
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import signed_in_tab
from tests.staff import create_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
SATISFACTION = "Overall, how satisfied are you with how you were treated?"


@pytest.fixture
def analyst_tab(chromium: Browser, live_server: str, request) -> Iterator[Page]:
    viewport, javascript = request.param
    create_user(Role.ANALYST, "analyst@example.org")
    _seed()
    with signed_in_tab(
        chromium,
        live_server,
        "analyst@example.org",
        viewport=viewport,
        java_script_enabled=javascript,
    ) as page:
        yield page


def _table(page: Page, caption: str):
    return page.locator("#answers table").filter(has=page.locator("caption", has_text=caption))


@pytest.mark.parametrize(
    "analyst_tab", [(DESKTOP, True), (PHONE, True)], ids=["desktop", "phone"], indirect=True
)
def test_an_analyst_opens_the_questions_they_need(analyst_tab: Page):
    page = analyst_tab
    axe = AccessibilityLog(page)
    page.goto("/results/stop-search?by=ethnicity")
    expect(page.get_by_role("heading", name="Answers by group")).to_be_visible()
    respect = _table(page, RESPECT)
    expect(respect).to_be_hidden()
    expect(page.locator("#answers .app-charted-note")).to_contain_text(CARIBBEAN)
    axe.scan("sections closed")

    page.get_by_role("button", name=RESPECT).click()
    expect(respect).to_be_visible()
    expect(respect.get_by_role("row", name=CARIBBEAN)).to_contain_text("10%")
    expect(_table(page, SATISFACTION)).to_be_hidden()
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Shown again (the same view, or another), the section opened is still open.
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("heading", name="Answers by group")).to_be_visible()
    expect(_table(page, RESPECT)).to_be_visible()
    expect(_table(page, SATISFACTION)).to_be_hidden()

    # The link under the headline's chart opens the section its figures are in.
    page.get_by_role("link", name="the table under “Answers by group”").click()
    expect(_table(page, SATISFACTION)).to_be_visible()

    handcuffed = page.locator("#other-answers table").filter(
        has=page.locator("caption", has_text="Were you handcuffed?")
    )
    expect(handcuffed).to_be_hidden()
    page.get_by_role("button", name="Show all other questions").click()
    expect(handcuffed).to_be_visible()
    axe.scan("sections open")
    axe.assert_clean()


@pytest.mark.parametrize("analyst_tab", [(PHONE, False)], ids=["phone"], indirect=True)
def test_without_javascript_every_table_is_on_the_page(analyst_tab: Page):
    page = analyst_tab
    page.goto("/results/stop-search?by=ethnicity")
    # Each question's heading and summary, and its table under them, open.
    expect(page.locator("#answers .govuk-accordion__section-summary").first).to_contain_text(
        "Favourable overall: 69%."
    )
    expect(_table(page, RESPECT)).to_be_visible()
    expect(_table(page, SATISFACTION)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
