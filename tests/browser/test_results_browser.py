"""An analyst reads a survey's results in a real Chromium, on a desktop and on a phone: the
charts draw under the Content Security Policy, the page works without JavaScript, and axe-core
finds no accessibility problems.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from models import Role
from tests.browser.accessibility import AXE
from tests.browser.signing_in import signed_in_tab
from tests.factories import create_area
from tests.results_data import Made, add_responses
from tests.staff import create_user

pytestmark = pytest.mark.browser


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
SATISFACTION = ["very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied"]
THEMES = ["Explanation of grounds", "Respect and manner", "Body-worn video"]
#: Two quarters: October to December 2025 and January to March 2026.
MONTHS = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]


def _seed() -> None:
    rng = random.Random(3)
    north = create_area("north", "North District")
    made = []
    for ethnic_group, n in (("white", 80), ("black", 50), ("asian", 30), ("not_stated", 25)):
        for _ in range(n):
            made.append(
                Made(
                    ethnic_group=ethnic_group,
                    month=rng.choice(MONTHS),
                    area=north,
                    answers={
                        "satisfaction": rng.choice(SATISFACTION),
                        "respect": rng.choice(["agree", "disagree"]),
                        "handcuffed": rng.choice(["yes", "no"]),
                    },
                    texts=[
                        (
                            "improve",
                            "He was rude, ring 07700 900123",
                            rng.uniform(-1, 1),
                            rng.sample(THEMES, 2),
                        )
                    ],
                )
            )
    made += [Made(ethnic_group="other", answers={"satisfaction": "satisfied"})] * 4
    add_responses(made)


@pytest.fixture
def analyst_page(chromium: Browser, live_server: str, request) -> Iterator[Page]:
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
        expect(page).to_have_url(f"{live_server}/results/")
        yield page


def _violations(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    found = AXE.run(page).response["violations"]
    return [
        f"{v['id']} [{v['impact']}] {v['help']}: "
        + "; ".join(", ".join(map(str, node["target"])) for node in v["nodes"])
        for v in found
    ]


@pytest.mark.parametrize(
    "analyst_page", [(DESKTOP, True), (PHONE, True)], ids=["desktop", "phone"], indirect=True
)
def test_results_pages_draw_their_charts_and_pass_axe(analyst_page: Page):
    page = analyst_page
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text))
    problems = [f"overview: {v}" for v in _violations(page)]

    page.get_by_role("link", name="Stop and search: tell us how it went").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stop and search: tell us how it went"
    )
    charts = page.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 4
    # Drawn, not blank: the presentation attributes survive the Content Security Policy.
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    fill = charts.first.locator("path").nth(1).evaluate("p => getComputedStyle(p).fill")
    assert fill not in ("", "none")
    assert page.locator("table").count() >= 6
    assert page.get_by_text("[c]").count() > 0  # the 4 "Other ethnic group" respondents
    problems += [f"results: {v}" for v in _violations(page)]

    page.get_by_label("Theme", exact=True).select_option("Respect and manner")
    page.get_by_label("Group (ethnic group)").select_option("white")
    page.get_by_role("button", name="Show answers").click()
    expect(page.locator(".app-quote").first).to_contain_text("[phone number removed]")

    page.get_by_label("Group by", exact=True).select_option("age_band")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("table").first).to_contain_text("Respondents by age")
    page.goto("/results/stop-search?by=age_band&start=13&start=2026")
    expect(page.locator(".govuk-error-summary")).to_contain_text("From must be a real month")
    problems += [f"results with an error: {v}" for v in _violations(page)]
    # Views by date are whole quarters: a From in February is an error beside the field.
    page.goto("/results/stop-search?start=2&start=2026&end=3&end=2026")
    quarter = "From must be the first month of a quarter: January, April, July or October"
    expect(page.locator(".govuk-error-summary")).to_contain_text(quarter)
    expect(page.locator(".govuk-error-message")).to_contain_text(quarter)
    problems += [f"results with a date error: {v}" for v in _violations(page)]
    # With an area chosen, whole reporting years: the same quarter is an error, saying why,
    # and the area stays chosen.
    page.goto("/results/stop-search?area=north&start=1&start=2026&end=3&end=2026")
    year = (
        "With an area or listening session chosen, results by date are in whole years from "
        "April to March: From must be an April (4), for example 4 2025"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(year)
    expect(page.locator(".govuk-error-message")).to_contain_text(year)
    expect(page.get_by_label("Area", exact=True)).to_have_value("north")
    problems += [f"results with a year error: {v}" for v in _violations(page)]

    page.goto("/results/stop-search/report")
    expect(page.get_by_role("heading", name="Headline")).to_be_visible()
    problems += [f"report: {v}" for v in _violations(page)]

    assert not [m for m in blocked if "Content Security Policy" in m], blocked
    assert not problems, "axe-core found violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("analyst_page", [(DESKTOP, False)], ids=["no-js"], indirect=True)
def test_results_work_without_javascript(analyst_page: Page):
    page = analyst_page
    page.goto("/results/stop-search?by=sex")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.get_by_label("Group by", exact=True).select_option("ethnic_group")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("table").first).to_contain_text("Respondents by ethnic group")


QUESTIONS_SHOWN = (
    "Overall, how satisfied are you with how you were treated?",
    "“I was treated with respect”",
)


@pytest.mark.parametrize(
    "analyst_page", [(DESKTOP, True), (PHONE, True)], ids=["desktop", "phone"], indirect=True
)
def test_chart_labels_are_whole_and_readable(analyst_page: Page):
    page = analyst_page
    page.goto("/results/stop-search")
    for name in ("#answers", "#respondents", "#trend"):
        chart = page.locator(f"{name} svg[role=img]").first
        chart.scroll_into_view_if_needed()
        outside = chart.evaluate(
            """svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')]
                    .map(t => [t.textContent, t.getBoundingClientRect()])
                    .filter(([s, r]) => s.trim() && (r.left < box.left - 1
                        || r.right > box.right + 1 || r.top < box.top - 1
                        || r.bottom > box.bottom + 1))
                    .map(([s]) => s);
            }"""
        )
        assert not outside, f"{name}: text cut off at the chart's edge: {outside}"
    # The trend's axis names quarters, each with its year beneath.
    trend = page.locator("#trend svg[role=img]").first
    axis = [" ".join(t.split()) for t in trend.locator("text").all_text_contents()]
    assert "Oct–Dec" in axis and "Jan–Mar" in axis, axis
    assert "2025" in axis and "2026" in axis, axis
    answers = page.locator("#answers svg[role=img]").first
    drawn = " ".join(answers.evaluate("svg => svg.textContent").split())
    assert "…" not in drawn
    for question in QUESTIONS_SHOWN:
        assert question in drawn
    # Big enough to read: the questions' text is drawn at 11px or more, on a phone too.
    smallest = answers.evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')]
                .filter(t => t.textContent.includes('?'))
                .map(t => parseFloat(t.getAttribute('font-size')) * scale);
            return Math.min(...sizes);
        }"""
    )
    assert smallest >= 11, smallest
