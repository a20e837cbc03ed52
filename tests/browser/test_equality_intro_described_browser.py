"""The equality questions' first page does not mark "What is your ethnic group?" as optional,
since the introduction above it says the questions are: so the introduction is the question's
description, which Chromium gives a screen reader on moving into the options, in English and
Welsh, and with an error message too. axe-core checks the page each way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.services.definitions import load_built_in, localised
from tests.browser.accessibility import AccessibilityLog
from tests.factories import create_link

pytestmark = pytest.mark.browser

STOP_SEARCH = load_built_in("stop-search")
QUESTION = next(
    question["text"]
    for page in STOP_SEARCH["pages"]
    for question in page["questions"]
    if question["key"] == "ethnic_group"
)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_moving_into_the_ethnic_groups_a_screen_reader_hears_they_are_optional(
    phone: Page, language: str
):
    axe = AccessibilityLog(phone)
    intro = localised(STOP_SEARCH["equality_intro"], language)
    token = create_link().token
    phone.goto(f"/r/{token}/ethnic-group?lang={language}")
    group = phone.get_by_role("group", name=localised(QUESTION, language))

    expect(group).to_have_accessible_description(intro)
    axe.scan("ethnic group")

    # An answer the page does not offer: the message joins the introduction.
    phone.locator("input[name='ethnic_group'][value='white']").evaluate("box => box.value = 'x'")
    phone.locator("input[name='ethnic_group']").first.check()
    phone.locator("#page-answers button").click()
    expect(phone.locator(".govuk-error-summary")).to_be_visible()
    message = phone.locator(".govuk-error-summary__list a").inner_text().strip()
    # "Error: …" ("Gwall: …"), after the introduction.
    expect(group).to_have_accessible_description(
        re.compile("^" + re.escape(intro) + r"\s+\w+:\s+" + re.escape(message) + r"\s*$")
    )
    axe.scan("ethnic group, with an error")
    axe.assert_clean()
