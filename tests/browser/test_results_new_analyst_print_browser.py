"""The printed report reads from large to small as the screen does: a figure's interval is
no larger than the figure, a question's note ("Favourable: …") no larger than the question,
keys and notes no larger than the body text; and it does not tell paper to scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, expect

from models import Role
from tests.browser.signing_in import signed_in_tab
from tests.browser.test_results_report_print_browser import PRINTED_WIDTH
from tests.results_data import add_responses, group
from tests.staff import create_user

pytestmark = pytest.mark.browser

SATISFIED = {"satisfaction": "satisfied"}
DISSATISFIED = {"satisfaction": "dissatisfied"}


def _size(locator: Locator) -> float:
    return locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_the_printed_report_keeps_its_sizes_in_order(chromium: Browser, live_server: str):
    create_user(Role.ANALYST, "analyst@example.org")
    texts = [("improve", "Words", -0.2, ["Respect and manner"])]
    add_responses(group(25, "white", answers=SATISFIED, texts=texts))
    add_responses(group(10, "white", answers=DISSATISFIED, texts=texts))
    add_responses(group(15, "black", answers=SATISFIED, texts=texts))
    add_responses(group(15, "black", answers=DISSATISFIED, texts=texts))
    # Hidden, and so the next smallest group with them: the key says why, in a list.
    add_responses(group(3, "asian", answers=SATISFIED) + group(12, "other", answers=SATISFIED))
    viewport = {"width": PRINTED_WIDTH, "height": 1000}
    with signed_in_tab(chromium, live_server, "analyst@example.org", viewport=viewport) as page:
        page.goto("/results/stop-search/report")
        page.emulate_media(media="print")
        table = page.locator(".app-report table", has=page.locator(".app-caption-note")).first
        expect(table).to_be_visible()
        ratio_cell = table.locator("td", has=page.locator(".govuk-body-s")).first
        interval = ratio_cell.locator(".govuk-body-s")
        expect(interval).to_contain_text(" to ")
        assert _size(interval) < _size(ratio_cell)
        caption = table.locator("caption")
        note = caption.locator(".app-caption-note")
        expect(note).to_contain_text("Favourable:")
        assert _size(note) < _size(caption)
        body = _size(page.locator(".app-report p.govuk-body").first)
        small_list = page.locator(".app-report .govuk-list.govuk-body-s").first
        expect(small_list).to_be_attached()
        assert _size(small_list) < body
        assert _size(page.locator(".app-report p.govuk-body-s").first) < body
        # The heat map is printed whole: no word of scrolling on paper; on screen there is.
        caption = page.locator("#heat-map-caption")
        expect(caption).to_contain_text("darker is fewer")
        assert "scroll" not in caption.inner_text()
        page.emulate_media(media="screen")
        assert "scroll it sideways" in caption.inner_text()
