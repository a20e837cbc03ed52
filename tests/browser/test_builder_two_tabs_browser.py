"""One draft open in two tabs of a real Chromium: the change saved second is refused with an
error summary that takes focus, what was typed stays in the form, the link to the draft as
it is now opens in a new tab, and saving again after looking makes the change.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from app.services import builder
from models import Role, db
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.browser.test_builder_browser import OWN_CHOICE_SURVEY
from tests.staff import create_user

pytestmark = pytest.mark.browser

SLUG = OWN_CHOICE_SURVEY["slug"]
PAGE = f"/admin/surveys/{SLUG}/pages/the-training"


def page_title() -> str:
    db.session.expire_all()
    return builder.get_draft(SLUG).source["pages"][0]["title"]["en"]


def test_the_second_of_two_tabs_to_save_is_told_and_keeps_what_was_typed(phone: Page):
    builder.import_source(json.dumps(OWN_CHOICE_SURVEY))
    create_user(Role.ADMIN, "admin@example.org")
    sign_in(phone, "admin@example.org")
    other = phone.context.new_page()
    axe = AccessibilityLog(other)

    phone.goto(PAGE)
    other.goto(PAGE)
    phone.get_by_label("Page title in English").fill("The training day")
    phone.get_by_role("button", name="Save the page").click()
    expect(phone).to_have_url(re.compile(f"/admin/surveys/{SLUG}$"))

    other.get_by_label("Page title in English").fill("Your training")
    other.get_by_role("button", name="Save the page").click()
    summary = other.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Someone else changed this draft since you opened this page. "
        "Your change has not been saved."
    )
    expect(other.get_by_label("Page title in English")).to_have_value("Your training")
    axe.scan("change a page: changed by someone else")
    assert page_title() == "The training day"

    # The draft as it is now opens in a new tab, so what was typed is not lost.
    with other.context.expect_page() as opened:
        other.get_by_role("link", name="See the draft as it is now (opens in new tab)").click()
    now = opened.value
    expect(now.get_by_role("heading", name="Page 1: The training day")).to_be_visible()
    now.close()

    other.get_by_role("button", name="Save the page").click()
    expect(other).to_have_url(re.compile(f"/admin/surveys/{SLUG}$"))
    expect(other.get_by_role("heading", name="Page 1: Your training")).to_be_visible()
    assert page_title() == "Your training"
    axe.assert_clean()
