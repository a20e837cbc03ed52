"""An analyst asking "are Black respondents treated worse than White respondents, and is it
getting better?" on a desktop and on a 1,024 px laptop, in Chromium: grouped by detailed
ethnicity, the chart of each group's satisfaction is no taller than its labels need (one
group's six-line name made every row six lines tall: a chart of a few groups ran to several
screens), the trend's table says how many in each group answered each quarter, and the trend
can follow another question ("Did the officer tell you why you were searched?") after a change
the force made."""

from __future__ import annotations

import re
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
                # Told the grounds: half of each group before the change, in February; all
                # but one of each group after it, in May.
                told = i < n // 2 if month == QUARTERS[0] else i > 0
                made.append(
                    Made(
                        ethnic_group=ethnic_group,
                        ethnicity=ethnicity,
                        month=month,
                        answers={"satisfaction": answer, "told_grounds": "yes" if told else "no"},
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


def test_the_trend_of_another_question_is_chosen_beside_the_trend(analyst_page: Page):
    """Officers now explain the grounds for a search: did "Did the officer tell you why you
    were searched?" move, for Black respondents as for White?"""
    page = analyst_page
    axe = AccessibilityLog(page)
    page.goto("/results/stop-search?by=ethnic_group&compare=black")
    trend = page.locator("#trend")
    choice = trend.get_by_label("Trend of")
    expect(choice).to_have_value("satisfaction")
    choice.select_option(label="Did the officer tell you why you were searched?")
    trend.get_by_role("button", name="Show trend").click()
    # The page opens at the trend, every other choice kept.
    expect(page).to_have_url(re.compile(r"trend=told_grounds.*#trend$"))
    assert "compare=black" in page.url
    trend = page.locator("#trend")
    axe.scan("the trend of told_grounds")
    expect(trend.locator("p strong")).to_have_text(
        "Did the officer tell you why you were searched?"
    )
    expect(trend.locator("caption")).to_contain_text(
        "Percentage answering Yes, by quarter: Did the officer tell you why you were searched?"
    )
    # The chart is named by its question, for those who hear it.
    chart = trend.get_by_role(
        "img",
        name="Chart: percentage answering Yes, by quarter (Did the officer tell you why you "
        "were searched?); table follows.",
    )
    expect(chart).to_have_count(1)
    rows = trend.locator("table tbody tr")
    expect(rows).to_have_count(2)
    cells = [
        [" ".join(c.split()) for c in rows.nth(i).locator("td").all_inner_texts()] for i in (0, 1)
    ]
    # White 21 of 42 (15 + 6) then 40 of 42; Black 19 of 38 (7 + 6 + 6) then 35 of 38.
    assert cells[0] == ["50%", "80", "50% of 42", "50% of 38"], cells
    assert cells[1] == ["94%", "80", "95% of 42", "92% of 38"], cells
    expect(page.locator("#compare")).to_have_value("black")
    # The printable report follows the same question.
    page.get_by_role("link", name="Printable report").click()
    expect(page.locator("caption", has_text="by quarter")).to_contain_text(
        "Did the officer tell you why you were searched?"
    )
    axe.assert_clean()
