"""The two charts over time read on a 360 px phone: the overview's responses by month and a
survey's trend by quarter. Every word and number they draw is 11 px or more on the screen (as
the other charts' groups' names), their month or quarter labels ("May 2025", "Apr–Jun 2025")
do not run into each other, and neither chart makes the page scroll sideways."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_results_browser import PHONE, analyst_page  # noqa: F401
from tests.results_data import Made, add_responses

pytestmark = pytest.mark.browser

#: Rendered size in px of each piece of text the chart draws, and the box of each of its
#: month or quarter labels (each drawn as two lines, each its own text).
MEASURE = """svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    return {
        sizes: texts.map(t => [t.textContent, parseFloat(t.getAttribute('font-size')) * scale]),
        periods: [...svg.querySelectorAll('g[id*="xtick_"]')]
            .map(tick => [...tick.querySelectorAll('text')].map(t => t.getBoundingClientRect()))
            .filter(boxes => boxes.length)
            .map(boxes => [
                Math.min(...boxes.map(b => b.left)), Math.max(...boxes.map(b => b.right))
            ]),
        width: svg.getBoundingClientRect().width,
    };
}"""


def _a_year_and_a_half() -> None:
    """Answers in 18 months (7 quarters), so that the charts have many labels. (A month of 1 to k-1
    responses would hide every month's count, and the overview would draw no chart.)"""
    months = [f"{2025 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}" for m in range(5, 23)]
    made = [Made("white", months[0], answers={"satisfaction": "satisfied"})] * 10
    for month in months[1:]:
        made += [Made("white", month, answers={"satisfaction": "satisfied"})] * 12
        made += [Made("black", month, answers={"satisfaction": "dissatisfied"})] * 11
    add_responses(made)


def _check(page: Page, chart: Locator) -> list[str]:
    chart.scroll_into_view_if_needed()
    measured = chart.evaluate(MEASURE)
    small = [(text, round(size, 1)) for text, size in measured["sizes"] if size < 11]
    assert not small, small
    assert measured["width"] <= PHONE["width"]
    periods = measured["periods"]
    assert len(periods) >= 3, periods
    for (_, right), (left, _) in itertools.pairwise(periods):
        assert right <= left, periods  # labels side by side, never on top of each other
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    return [text for text, _ in measured["sizes"]]


@pytest.mark.parametrize("analyst_page", [(PHONE, True)], ids=["phone"], indirect=True)
def test_the_responses_by_month_chart_reads_on_a_phone(analyst_page: Page):  # noqa: F811
    _a_year_and_a_half()
    page = analyst_page
    page.goto("/results/")
    section = page.locator("section", has=page.locator("#survey-stop-search"))
    chart = section.get_by_role("img", name="Chart: responses to")
    expect(chart).to_be_visible()
    drawn = _check(page, chart)
    assert "[c]" not in drawn  # no month is small, so every month is drawn


@pytest.mark.parametrize("analyst_page", [(PHONE, True)], ids=["phone"], indirect=True)
def test_the_trend_chart_reads_on_a_phone(analyst_page: Page):  # noqa: F811
    _a_year_and_a_half()
    page = analyst_page
    page.goto("/results/stop-search")
    chart = page.locator("#trend").get_by_role("img", name="Chart: percentage")
    expect(chart).to_be_visible()
    drawn = " ".join(_check(page, chart))
    assert "All respondents" in drawn and "100%" in drawn
    # By quarter, the quarter's months on one line and its year beneath.
    assert "Apr–Jun 2025" in drawn and "Oct–Dec 2026" in drawn, drawn
    assert "May 2025" not in drawn
