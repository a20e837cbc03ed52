"""The trend by quarter on a phone and at 200% zoom, in a real Chromium: the table scrolls
sideways in its region, its caption wraps within the screen, and each quarter's name stays
beside its figures when the region is scrolled to the last group.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from models import Role
from tests.browser.signing_in import signed_in_tab
from tests.results_data import add_responses, group
from tests.staff import create_user

pytestmark = pytest.mark.browser

SATISFIED = {"satisfaction": "satisfied"}
#: A phone, and a 1280-pixel desktop zoomed to 200%.
NARROW = [{"width": 360, "height": 740}, {"width": 640, "height": 450}]
GROUPS = ("white", "mixed", "asian", "black", "not_stated")


@pytest.fixture
def narrow_analyst(chromium: Browser, live_server: str, request) -> Iterator[Page]:
    create_user(Role.ANALYST, "analyst@example.org")
    # Every group has at least 10 in each of two quarters, so each has a line and a column.
    for month in ("2026-01", "2026-04"):
        for code in GROUPS:
            add_responses(group(12, code, month=month, answers=SATISFIED))
    with signed_in_tab(
        chromium, live_server, "analyst@example.org", viewport=request.param
    ) as page:
        expect(page).to_have_url(f"{live_server}/results/")
        yield page


@pytest.mark.parametrize("narrow_analyst", NARROW, ids=["phone", "zoom-200"], indirect=True)
def test_the_trend_table_keeps_its_caption_and_quarters_in_view_when_scrolled(
    narrow_analyst: Page,
):
    page = narrow_analyst
    page.goto("/results/stop-search?start=1&start=2026&end=6&end=2026")
    width = page.viewport_size["width"]
    region = page.get_by_role("region", name="Table: trend by quarter")
    expect(region).to_be_visible()
    # Wider than the screen, so it scrolls sideways.
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    caption = region.locator("caption")
    box = caption.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    region.evaluate("r => { r.scrollIntoView({block: 'start'}); r.scrollLeft = r.scrollWidth; }")
    last = region.locator("thead th").last
    expect(last).to_have_text("Not stated")
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= width
    # Scrolled to the last group, the caption and each quarter's name are still on screen,
    # and nothing is drawn over them.
    box = caption.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    for quarter in ("January to March 2026", "April to June 2026"):
        header = region.get_by_role("rowheader", name=quarter)
        box = header.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (quarter, box)
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('th')?.textContent.trim()",
            [box["x"] + 5, box["y"] + box["height"] / 2],
        )
        assert on_top == quarter
