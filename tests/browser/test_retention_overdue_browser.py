"""An admin on a phone, with responses past the retention period not yet deleted: the Users
page's warning links to the Retention page by saying where it goes, and the Retention page
warns too, before its heading, with what to do; axe-core finds nothing wrong with either."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from app.services import retention
from models import Role
from tests.app.test_retention import make_response
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.browser.test_admin_phone_browser import fits_the_screen
from tests.staff import create_user

pytestmark = pytest.mark.browser


def test_the_retention_page_warns_of_overdue_responses_and_says_what_to_do(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    make_response(retention.first_month_kept(24) - dt.timedelta(days=1))
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.goto("/admin/users")
    axe.scan("/admin/users")

    phone.get_by_role("region", name="Important").get_by_role("link", name="See retention").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Retention")
    warning = phone.get_by_role("region", name="Important")
    expect(warning).to_contain_text(
        "1 response is older than the retention period and not deleted yet."
    )
    expect(warning).to_contain_text(
        "Ask whoever runs this service to check that the job is running"
    )
    expect(phone.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        ["Important", "Responses", "Audit log", "Who sets these periods"]
    )
    fits_the_screen(phone, "admin-retention-overdue")
    axe.scan("/admin/retention")
    axe.assert_clean()
