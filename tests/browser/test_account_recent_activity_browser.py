"""An analyst told of activity on their account, in a real Chromium on a 360 px phone: a wrong
password first, then the sign-in; the first page's banner says there were failed attempts
since the last sign-in and links to Your account, whose recent activity lists them and the
latest changes to how they sign in. axe-core checks both pages."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import Page, expect

from models import Role
from tests.app.account_activity_helpers import happened
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.staff import create_user

pytestmark = pytest.mark.browser

WIDTH = 360
# Set LP_SCREENSHOTS to a folder to keep a picture of each page for a person to look at.
SCREENSHOTS = os.environ.get("LP_SCREENSHOTS")
EMAIL = "analyst.with.a.long.name@example.org"


def looked_at(page: Page, axe: AccessibilityLog, name: str) -> None:
    axe.scan(name)
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name}: the page is {width} px wide on a {WIDTH} px screen"


def test_failed_attempts_since_the_last_sign_in_are_told_and_listed(phone: Page):
    admin = create_user(Role.ADMIN, "a.very.long.name.for.an.administrator@example.org")
    analyst = create_user(Role.ANALYST, EMAIL)
    last = dt.datetime(2020, 7, 1, 12, 5, tzinfo=dt.UTC)
    happened("two_factor.reset", analyst, last - dt.timedelta(days=30), by=admin)
    happened("two_factor.set_up", analyst, last - dt.timedelta(days=29), by=analyst)
    happened("sign_in.password", analyst, last, by=analyst, second_factor="required")
    happened("sign_in.two_factor", analyst, last, by=analyst, method="app")
    wrong = "wrong email address or password"
    happened("sign_in.failed", analyst, last + dt.timedelta(days=2), reason=wrong)
    happened("sign_in.two_factor_failed", analyst, last + dt.timedelta(days=3), by=analyst)
    axe = AccessibilityLog(phone)

    sign_in(phone, EMAIL)
    banner = phone.locator(".govuk-notification-banner")
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text(
        "Since you last signed in, there were 2 failed attempts to sign in to your account."
    )
    looked_at(phone, axe, "first page after signing in")

    banner.get_by_role("link", name="Check the recent activity on your account").click()
    expect(phone).to_have_url(re.compile(r"/account#recent-activity$"))
    expect(phone.locator(".govuk-notification-banner")).to_have_count(0)
    heading = phone.get_by_role("heading", name="Recent activity on your account", level=2)
    expect(heading).to_be_in_viewport()
    expect(phone.locator("#sign-ins")).to_contain_text("1:05pm on 1 July 2020")
    expect(phone.locator("#sign-ins li")).to_have_text(
        ["1 wrong password at sign-in", "1 wrong two-factor code"]
    )
    changes = phone.get_by_role("table", name="Latest changes to how you sign in, newest first")
    expect(changes.locator("tbody tr")).to_have_count(3)
    expect(changes.locator("tbody tr").last).to_contain_text(
        "An administrator reset your two-factor sign-in"
    )
    looked_at(phone, axe, "your account with recent activity")
    axe.assert_clean()
