"""On a Welsh page, an error summary's link that names a question the survey has no Welsh for
holds the question marked as English (tests/app/test_welsh_error_language_of_parts.py): tapping
or clicking those English words, most of the link, still moves the focus to the question's box
and brings the question into sight, as tapping the link anywhere else does (WCAG 2.4.3, 3.3.1),
in a real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_welsh_error_language_of_parts import PARTLY_WELSH, publish

pytestmark = pytest.mark.browser

#: Where in the element its first line's words are: the middle of its first line box.
FIRST_LINE = """e => {
  const box = e.getClientRects()[0];
  return {x: box.left + box.width / 2, y: box.top + box.height / 2};
}"""


def test_clicking_the_english_question_in_the_error_summary_moves_to_its_question(phone: Page):
    token = publish(PARTLY_WELSH)
    phone.goto(f"/r/{token}/your-roads?lang=cy")
    phone.get_by_role("button", name="Parhau").click()
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    # A screen reader hears each link's words as the page shows them.
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Dewiswch ateb i “Did you feel safe on the road?”",
            "Dewiswch o leiaf un ateb i “How do you travel?”",
            "Rhowch eich ateb i “What worries you most?”",
        ]
    )
    questions = {
        "felt_safe": "Did you feel safe on the road?",
        "travel": "How do you travel?",
        "worry": "What worries you most?",
    }
    for key, question in questions.items():
        words = summary.locator(f"a[href='#{key}'] [lang='en']")
        expect(words).to_have_text(question)
        words.scroll_into_view_if_needed()
        point = words.evaluate(FIRST_LINE)
        phone.mouse.click(point["x"], point["y"])
        expect(phone.locator(f"#{key}")).to_be_focused()
        # With its question in sight, as GOV.UK Frontend scrolls to it: the browser's own jump
        # to the address's #… would put the box at the top, its question out of sight above.
        shown = phone.locator("legend, label.govuk-label").filter(has_text=question)
        expect(shown).to_be_in_viewport(ratio=1)
        expect(phone).not_to_have_url(re.compile("#"))
