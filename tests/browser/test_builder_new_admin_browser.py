"""A new admin's walk through the builder in a real Chromium: the draft says where it has no
Welsh and leads to the box for it; trying the draft, changing language keeps what was ticked
and the test banner leads back to the draft; rewording an option a later page depends on is
refused on the question, saying so; publishing asks first. axe-core checks each page."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from app.services import builder
from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.browser.test_builder_browser import OWN_CHOICE_SURVEY
from tests.staff import create_user

pytestmark = pytest.mark.browser

SLUG = OWN_CHOICE_SURVEY["slug"]
SURVEY = f"/admin/surveys/{SLUG}"


def test_a_new_admin_finds_missing_welsh_keeps_answers_and_is_asked_before_publishing(
    phone: Page,
):
    builder.import_source(json.dumps(OWN_CHOICE_SURVEY))
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")

    # The draft says which texts have no Welsh, each linked to the box for it.
    phone.goto(SURVEY)
    welsh = phone.locator("#no-welsh")
    expect(welsh).to_contain_text("5 parts of this survey have no Welsh")
    expect(welsh.get_by_role("link")).to_have_count(5)
    axe.scan("draft with texts that have no Welsh")
    welsh.get_by_role("link", name="Page “The training”: no Welsh for the title").click()
    expect(phone).to_have_url(re.compile(f"{SURVEY}/pages/the-training#title_cy$"))
    phone.get_by_label("Page title in Welsh").fill("Yr hyfforddiant")
    phone.get_by_role("button", name=re.compile("Save")).click()
    # (A browser keeps the form's #title_cy through the redirect to the draft's page.)
    expect(phone).to_have_url(re.compile(f"{SURVEY}(#title_cy)?$"))
    expect(welsh).to_contain_text("4 parts of this survey have no Welsh")

    # Trying it: Cymraeg keeps the answer ticked; the banner leads back to the draft.
    phone.get_by_role("link", name="Try this draft as a respondent").click()
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_label("Too fast").check()
    phone.get_by_role("button", name="Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.get_by_role("heading", name="Yr hyfforddiant")).to_be_visible()
    expect(phone.get_by_label("Too fast")).to_be_checked()
    axe.scan("try: a page in Welsh after changing language")
    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_label("Too fast")).to_be_checked()
    phone.get_by_role("link", name="Back to the draft").click()
    expect(phone).to_have_url(re.compile(f"{SURVEY}$"))

    # Rewording an option that page 2 depends on, losing its code, is refused on the question.
    phone.goto(f"{SURVEY}/pages/the-training/questions/pace")
    options = phone.get_by_label("Options (single and multiple choice only)")
    expect(options).to_have_value(
        "about_right: About right\ntoo_fast: Too fast\ntoo_slow: Too slow"
    )
    options.fill("about_right: About right\nFar too fast\ntoo_slow: Too slow")
    phone.get_by_role("button", name="Save the question").click()
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Page 2 “What to change” is shown only to people who answered “Too fast” here: keep "
        "that option, with too_fast: at the start of its line, or first change who sees page 2"
    )
    axe.scan("question: rewording an option a later page uses")
    summary.get_by_role("link").click()
    expect(options).to_be_focused()
    options.fill("about_right: About right\ntoo_fast: Far too fast\ntoo_slow: Too slow")
    phone.get_by_role("button", name="Save the question").click()
    expect(phone).to_have_url(re.compile(f"{SURVEY}$"))

    # Publishing asks first, with the Welsh still missing named as a warning.
    phone.get_by_role("button", name="Publish").click()
    expect(
        phone.get_by_role("heading", name="Are you sure you want to publish version 1?")
    ).to_be_visible()
    expect(phone.locator("#no-welsh")).to_contain_text("4 parts of this survey have no Welsh")
    axe.scan("publish: are you sure?")
    phone.get_by_role("button", name="Publish version 1").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Version 1 is published")
    axe.assert_clean()
