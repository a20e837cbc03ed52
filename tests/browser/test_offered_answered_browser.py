"""An analyst on a phone reads Offered and answered for stop and search, then chooses Say to
Stay and a longer period with the page's own controls; axe-core checks each view, and the
tables scroll sideways inside the page rather than widening it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.factories import create_area, create_link
from tests.staff import create_user

pytestmark = pytest.mark.browser


def test_an_analyst_chooses_a_survey_and_a_period_on_a_phone(phone: Page):
    create_user(Role.ANALYST, "analyst@example.org")
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("north", "North District")
    for _ in range(3):
        create_link(area_code="north", created_by_id=officer.id)
    create_link("say-to-stay", created_by_id=officer.id)
    axe = AccessibilityLog(phone)
    sign_in(phone, "analyst@example.org")

    phone.goto("/admin/offered-and-answered")
    totals = phone.get_by_role("table", name="Totals", exact=True)
    expect(totals.get_by_role("row", name="All codes")).to_contain_text("3")
    axe.scan("offered and answered, stop and search")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= phone.viewport_size["width"]

    phone.get_by_label("Survey").select_option(label="Say to Stay: thinking of leaving?")
    phone.get_by_label("Codes made in").select_option(label="Last 52 weeks")
    phone.get_by_role("button", name="Show the counts").click()
    expect(phone).to_have_url(re.compile(r"survey=say-to-stay&period=52-weeks"))
    expect(phone.get_by_role("heading", name="Say to Stay: thinking of leaving?")).to_be_visible()
    row = phone.get_by_role("table", name="Totals", exact=True).get_by_role("row", name="All codes")
    expect(row).to_contain_text("1")
    axe.scan("offered and answered, Say to Stay")
    axe.assert_clean()
