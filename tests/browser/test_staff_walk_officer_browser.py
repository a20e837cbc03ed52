"""An officer's codes on a 320 px screen (a small phone with large text, or 400% zoom: WCAG
1.4.10, Reflow): the list of codes scrolls in its own region a keyboard can reach, and the page
itself never scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser

from app.services.links import create_links
from models import Role
from tests.browser.signing_in import signed_in_tab
from tests.factories import create_area
from tests.staff import create_user

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def test_my_codes_fits_a_320_px_screen(chromium: Browser, live_server: str):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("harbour", "Harbour and Waterfront Neighbourhood")
    create_links("stop-search", area_code="harbour", created_by_id=officer.id)
    create_links(
        "listening-session",
        area_code="harbour",
        event_name="Youth club",
        event_date=dt.date.today() + dt.timedelta(days=20),
        created_by_id=officer.id,
    )
    with signed_in_tab(chromium, live_server, officer.email, viewport=NARROW) as page:
        page.goto("/officer/codes")

        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"the page is {width} px wide on a 320 px screen"
        region = page.get_by_role("region", name="Your recent codes")
        assert region.evaluate(
            "element => element.contains(document.getElementById('recent-codes'))"
        )
        for _ in range(30):
            page.keyboard.press("Tab")
            if region.evaluate("element => element === document.activeElement"):
                break
        else:
            raise AssertionError("the list of codes cannot be reached with the Tab key")
