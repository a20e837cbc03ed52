"""The printable report of Say to Stay in a real Chromium: its headline gives the main
reasons for leaving, its table of every reason fits the width of an A4 page when printed,
and axe-core finds no accessibility problems.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from models import Role
from tests.browser.accessibility import AXE
from tests.browser.signing_in import signed_in_tab
from tests.results_data import add_responses, group
from tests.staff import create_user

pytestmark = pytest.mark.browser

#: An A4 page's width less the report's 12 mm margins, in CSS pixels.
PRINTED_WIDTH = round((210 - 2 * 12) / 25.4 * 96)


def test_say_to_stays_report_prints_its_reasons_within_the_page(
    chromium: Browser, live_server: str
):
    create_user(Role.ANALYST, "analyst@example.org")
    made = []
    # Each group gives each reason 10 times: an answer chosen by fewer than k would be hidden.
    for ethnic_group, n in (("white", 40), ("asian", 40), ("not_stated", 40)):
        for i in range(n):
            reason = ("workload", "pay", "culture", "work_life")[i % 4]
            made += group(1, ethnic_group, answers={"stage": "thinking", "main_reason": reason})
    add_responses(made, slug="say-to-stay")

    viewport = {"width": PRINTED_WIDTH, "height": 1000}
    with signed_in_tab(chromium, live_server, "analyst@example.org", viewport=viewport) as page:
        page.goto("/results/say-to-stay/report")
        expect(page.locator(".govuk-body-l").first).to_contain_text(
            "Main reasons for thinking of leaving: Workload and demand (25%)"
        )
        violations = AXE.run(page).response["violations"]
        assert not violations, [v["id"] for v in violations]

        page.emulate_media(media="print")
        table = page.locator("#table-main_reason")
        expect(table).to_be_visible()
        box = table.bounding_box()
        assert box is not None and box["width"] <= PRINTED_WIDTH, box
