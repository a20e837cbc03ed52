"""An analyst asking "are Black respondents treated worse than White respondents, and is it
getting better?" on a desktop and on a 1,024 px laptop, in Chromium: grouped by detailed
ethnicity, the chart of each group's satisfaction is no taller than its labels need (one
group's six-line name made every row six lines tall: a chart of a few groups ran to several
screens), and the trend's table says how many in each group answered each quarter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import signed_in_tab
from tests.results_data import Made, add_responses
from tests.staff import create_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
LAPTOP = {"width": 1024, "height": 768}
#: (group, detailed ethnicity, responses each quarter, satisfied each quarter)
GROUPS = [
    ("white", "white_british", 30, 20),
    ("white", "white_irish", 12, 8),
    ("black", "black_caribbean", 14, 6),
    ("black", "black_african", 12, 6),
    ("black", "black_other", 12, 5),  # "Any other Black, Black British, or Caribbean background"
]
QUARTERS = ["2026-02", "2026-05"]


def _seed() -> None:
    made = []
    for ethnic_group, ethnicity, n, satisfied in GROUPS:
        for month in QUARTERS:
            for i in range(n):
                answer = "satisfied" if i < satisfied else "dissatisfied"
                made.append(
                    Made(
                        ethnic_group=ethnic_group,
                        ethnicity=ethnicity,
                        month=month,
                        answers={"satisfaction": answer},
                    )
                )
    add_responses(made)


@pytest.fixture(params=[DESKTOP, LAPTOP], ids=["desktop", "laptop"])
def analyst_page(chromium: Browser, live_server: str, request) -> Iterator[Page]:
    create_user(Role.ANALYST, "analyst@example.org")
    _seed()
    email = "analyst@example.org"
    with signed_in_tab(chromium, live_server, email, viewport=request.param) as page:
        expect(page).to_have_url(f"{live_server}/results/")
        yield page


def test_the_chart_by_detailed_ethnicity_fits_its_labels(analyst_page: Page):
    page = analyst_page
    axe = AccessibilityLog(page)
    page.goto("/results/stop-search?by=ethnicity")
    axe.scan("results by detailed ethnicity")
    chart = page.locator("#respondents figure svg[role=img]")
    expect(chart).to_have_count(1)
    shown = page.locator("#respondents table tbody tr").count() - 1  # less All respondents
    height = chart.evaluate("svg => svg.getBoundingClientRect().height")
    # Here the names take 1 to 6 lines. With every row as tall as the six-line one, as
    # before, the chart drew over 160 px a group; each row as tall as its own name, about 115.
    assert height <= 125 * shown, (height, shown)
    # Every group's name is on the chart, the long one too.
    drawn = " ".join(chart.evaluate("svg => svg.textContent").split())
    assert "or Caribbean background" in drawn
    axe.assert_clean()


def test_the_trend_table_says_how_many_in_each_group_answered(analyst_page: Page):
    page = analyst_page
    axe = AccessibilityLog(page)
    page.goto("/results/stop-search")
    trend = page.locator("#trend")
    trend.scroll_into_view_if_needed()
    axe.scan("results by ethnic group")
    rows = trend.locator("table tbody tr")
    expect(rows).to_have_count(2)
    first = [" ".join(cell.split()) for cell in rows.nth(0).locator("td").all_inner_texts()]
    # All respondents 56% of 80 (an answered column of its own), White 67% of 42, Black 45%
    # of 38.
    assert first == ["56%", "80", "67% of 42", "45% of 38"], first
    expect(trend).to_contain_text("how many in that group answered in that quarter")
    # The table, wider with the numbers, still fits beside the page, or scrolls on its own.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    axe.assert_clean()
