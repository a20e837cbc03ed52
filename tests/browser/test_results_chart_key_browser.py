"""The key of the questions' chart names every group it draws in full, inside the chart: the
detailed ethnic groups' names are longer than the chart is wide, and the key once ran off its
right edge ("White: English, Welsh, Scottish, Northern Irish or British (re")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from models import Role
from tests.app.test_results_many_groups import _seed
from tests.browser.signing_in import signed_in_tab
from tests.staff import create_user

pytestmark = pytest.mark.browser

# For each text of the chart, how far its right edge is past the chart's own right edge.
OVERHANG = """svg => {
  const width = svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map(text => {
    const box = text.getBBox();
    return [text.textContent, box.x + box.width - width];
  });
}"""


def test_every_name_in_the_questions_charts_key_is_inside_the_chart(
    chromium: Browser, live_server: str
):
    create_user(Role.ANALYST, "analyst@example.org")
    _seed()
    with signed_in_tab(chromium, live_server, "analyst@example.org") as page:
        page.goto("/results/stop-search?by=ethnicity")
        chart = page.locator("svg[role=img]").filter(
            has=page.locator("title", has_text="percentage giving the favourable answer to each")
        )
        texts = chart.evaluate(OVERHANG)
    shown = " ".join(text for text, _ in texts)
    assert "White: English, Welsh, Scottish, Northern Irish or" in shown
    assert "British (reference)" in shown
    assert [(text, over) for text, over in texts if over > 0.5] == []
