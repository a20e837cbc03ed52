"""Answering in Welsh from a test, and finding English left on a page that should be all
Welsh."""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog

from tests.pages import Page


def english_leftovers(page: Page, catalog: Catalog) -> list[str]:
    """English interface strings that appear on a page that should be all Welsh."""
    soup = page.soup
    for tag in soup(["script", "style"]):
        tag.decompose()
    # The hidden "Error:" before each field's message comes from a library macro: see
    # test_field_error_prefix_is_welsh.
    for tag in soup.select(".govuk-error-message .govuk-visually-hidden"):
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    text += " " + " ".join(str(el["aria-label"]) for el in soup.select("[aria-label]"))
    found = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or "%" in message.id:
            continue
        if message.string == message.id:
            continue
        if re.search(rf"(?<!\w){re.escape(message.id)}(?!\w)", text):
            found.append(message.id)
    return found


def answer_in_welsh(browser, token: str) -> None:
    """The stop-search journey, started in Welsh; no later request says which language."""
    browser.get(f"/r/{token}?lang=cy")
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes", "told_object": "not_sure"})
    browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    browser.post(data={"respect": "agree", "satisfaction": "satisfied"})
    browser.post(data={"went_well": "Roedd yn gwrtais iawn.", "improve": ""})
    browser.post(data={"scrutiny_interest": "yes"})
    browser.post(data={"ethnic_group": "white"})
    browser.post(data={"ethnicity": "white_british"})
    browser.post(data={"age_band": "25_34", "religion": "christian"})
    browser.post(data={"long_term_condition": "no"})
    browser.post(data={})
