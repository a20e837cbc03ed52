"""The respondent's pages against WCAG 2.2 AA on a phone, in a real Chromium: a question's long
words break rather than push the page sideways on a phone zoomed in (1.4.10, 1.4.4)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_public_zoom_browser import WIDER_THAN_THE_PAGE, ZOOMED
from tests.factories import create_link

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("page_key", "language", "longest_word"),
    [
        ("at-work", "en", "discrimination,"),
        ("at-work", "cy", "gwahaniaethu,"),
        ("health-impact", "cy", "gweithgareddau"),
    ],
)
def test_a_question_s_long_words_break_rather_than_push_the_page_sideways(
    phone: Page, page_key: str, language: str, longest_word: str
):
    """A question is a fieldset's legend, which GOV.UK Frontend lays out as a table: no narrower
    than its longest word, however the words may break, so on a phone zoomed in to 200% a long
    word in a question made the whole page scroll sideways."""
    token = create_link("say-to-stay").token
    if page_key == "health-impact":  # asked only of someone with a condition
        phone.goto(f"/r/{token}/health")
        phone.locator("input[name='long_term_condition'][value='yes']").check()
        phone.locator("form#page-answers button.govuk-button").click()
        expect(phone).to_have_url(re.compile(r"/health-impact$"))
    phone.set_viewport_size(ZOOMED)
    phone.goto(f"/r/{token}/{page_key}?lang={language}")
    expect(phone.locator("legend").filter(has_text=longest_word)).to_have_count(1)
    assert phone.evaluate(WIDER_THAN_THE_PAGE) is None
