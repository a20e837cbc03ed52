"""An admin on a phone raises the disclosure thresholds, found in the navigation's menu: the
page, its errors and the result pass axe-core and fit the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.browser.test_admin_phone_browser import fits_the_screen
from tests.staff import create_user

pytestmark = pytest.mark.browser


def test_an_admin_on_a_phone_raises_the_thresholds(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    # On a phone the navigation folds away behind its Menu button, however many items it has.
    navigation = phone.get_by_role("navigation", name="Menu")
    thresholds = navigation.get_by_role("link", name="Disclosure thresholds")
    expect(thresholds).to_be_hidden()
    fits_the_screen(phone, "admin-home")
    phone.get_by_role("button", name="Menu").click()
    thresholds.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Disclosure thresholds")
    figures = phone.get_by_label("Smallest group whose figures are shown")
    quotes = phone.get_by_label("Smallest group whose quotes are shown")
    expect(figures).to_have_value("10")
    fits_the_screen(phone, "disclosure-thresholds")
    axe.scan("disclosure thresholds")

    figures.fill("5")
    phone.get_by_role("button", name="Save thresholds").click()
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("must be 10 or more")
    expect(figures).to_have_value("5")
    fits_the_screen(phone, "disclosure-thresholds-error")
    axe.scan("disclosure thresholds: an error")

    summary.get_by_role("link").click()
    expect(figures).to_be_focused()
    figures.fill("15")
    quotes.fill("30")
    phone.get_by_role("button", name="Save thresholds").click()
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text(
        "groups of at least 15 respondents"
    )
    expect(phone.get_by_role("main")).to_contain_text("Shown for groups of 30 or more")
    axe.scan("disclosure thresholds: saved")
    axe.assert_clean()
