"""The themes heat map reads on a phone: its text is as large as the page's body text, and it
scrolls sideways inside its own labelled region, which a keyboard can reach, instead of
shrinking to the screen or pushing the page wider; and the printable report fits a phone too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_results_browser import DESKTOP, PHONE, analyst_page  # noqa: F401

pytestmark = pytest.mark.browser

SMALLEST_TEXT = """svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim())
        .map(t => parseFloat(t.getAttribute('font-size')) * scale));
}"""


@pytest.mark.parametrize(
    "analyst_page", [(PHONE, True), (DESKTOP, True)], ids=["phone", "desktop"], indirect=True
)
def test_the_heat_map_is_readable_at_its_own_size(analyst_page: Page):  # noqa: F811
    page = analyst_page
    page.goto("/results/stop-search")
    region = page.get_by_role("region", name="Heat map")
    expect(region).to_be_visible()
    caption = page.locator("#themes figcaption")
    expect(caption).to_contain_text("Heat map: the share of written answers raising each theme")
    heat_map = region.locator("svg[role=img]")
    heat_map.scroll_into_view_if_needed()
    body = page.locator("#themes p.govuk-body").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    smallest = heat_map.evaluate(SMALLEST_TEXT)
    assert smallest >= body - 0.5, (smallest, body)
    # Every group's column, the overall one included, is drawn whole.
    drawn = " ".join(heat_map.evaluate("svg => svg.textContent").split())
    for group in ("White", "Black, Black British", "Not stated", "All respondents"):
        assert group in drawn
    # The page itself never scrolls sideways; the heat map's region does when it must.
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    scrolls = region.evaluate("r => r.scrollWidth > r.clientWidth")
    if width == PHONE["width"]:
        assert scrolls
        region.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("End")
        expect(region).to_be_focused()
        # Keyboard scrolling may be animated: wait for it to move.
        page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())


@pytest.mark.parametrize("analyst_page", [(PHONE, True)], ids=["phone"], indirect=True)
def test_the_report_never_scrolls_sideways_on_a_phone(analyst_page: Page):  # noqa: F811
    page = analyst_page
    for url in ("/results/stop-search/report", "/results/stop-search/report?start=1&start=2026"):
        page.goto(url)
        expect(page.get_by_role("heading", name="Headline")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        # The tables that are wider than a phone scroll in their own regions instead.
        expect(page.get_by_role("region", name="Respondents by ethnic group")).to_be_visible()


@pytest.mark.parametrize("analyst_page", [(PHONE, True)], ids=["phone"], indirect=True)
def test_the_interval_charts_text_is_big_enough_on_a_phone(analyst_page: Page):  # noqa: F811
    page = analyst_page
    page.goto("/results/stop-search")
    for name in ("#respondents", "#sentiment"):
        chart = page.locator(f"{name} svg[role=img]").first
        chart.scroll_into_view_if_needed()
        drawn = " ".join(chart.evaluate("svg => svg.textContent").split())
        assert "Black, Black British, Caribbean or African" in drawn
        # The groups' names, on a phone too, at 11px or more (as the questions' chart).
        smallest = chart.evaluate(
            """svg => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return Math.min(...[...svg.querySelectorAll('text')]
                    .filter(t => /[A-Za-z]{3}/.test(t.textContent))
                    .map(t => parseFloat(t.getAttribute('font-size')) * scale));
            }"""
        )
        assert smallest >= 11, (name, smallest)
