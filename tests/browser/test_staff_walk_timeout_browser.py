"""Two minutes before a staff session would time out, a dialog says so, with the focus on
"Stay signed in" (WCAG 2.2.1, Timing adjustable); pressing it, or Escape, keeps the person
signed in and shuts it. Near the longest a sign-in lasts it says that instead. The page's
clock is Playwright's, moved on by hand: nobody waits 28 minutes."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from app.auth.session import SIGNED_IN_AT
from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import signed_in_tab
from tests.staff import create_user

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _warning(page: Page):
    return page.get_by_role("dialog", name="You will be signed out soon")


def test_the_warning_opens_before_the_session_times_out_and_staying_shuts_it(
    chromium: Browser, live_server: str
):
    create_user(Role.OFFICER, "pc.jones@example.org")
    with signed_in_tab(chromium, live_server, "pc.jones@example.org", viewport=PHONE) as page:
        page.clock.install()
        page.goto("/officer/codes/new")
        expect(_warning(page)).to_be_hidden()

        page.clock.fast_forward("27:00")
        expect(_warning(page)).to_be_hidden()  # not yet: two minutes before the end
        page.clock.fast_forward("01:10")

        warning = _warning(page)
        expect(warning).to_be_visible()
        said = warning.locator("[data-timeout-can-stay]")
        expect(said).to_be_visible()
        expect(said).to_contain_text("you will be signed out in 2 minutes")
        expect(warning.locator("[data-timeout-cannot-stay]")).to_be_hidden()
        expect(warning.get_by_role("button", name="Continue")).to_be_hidden()
        expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
        axe = AccessibilityLog(page)
        axe.scan("the warning")
        axe.assert_clean()

        with page.expect_response(lambda response: response.url.endswith("/account")) as stay:
            page.get_by_role("button", name="Stay signed in").click()
        assert stay.value.status == 200  # a staff request: the idle time starts again
        expect(warning).to_be_hidden()
        assert page.url.endswith("/officer/codes/new")  # the page, and what was typed, stay

        # Half an hour later it warns again; Escape stays signed in, as the button does.
        page.clock.fast_forward("28:30")
        expect(warning).to_be_visible()
        with page.expect_response(lambda response: response.url.endswith("/account")):
            page.keyboard.press("Escape")
        expect(warning).to_be_hidden()


def test_near_the_longest_a_sign_in_lasts_the_warning_says_so(
    chromium: Browser, live_server: str, app
):
    create_user(Role.OFFICER, "pc.jones@example.org")
    with signed_in_tab(chromium, live_server, "pc.jones@example.org", viewport=PHONE) as page:
        # The session began 11 hours 55 minutes ago: the cookie says so, signed with the key.
        cookie = next(c for c in page.context.cookies() if c["name"] == "session")
        serializer = app.session_interface.get_signing_serializer(app)
        session = serializer.loads(cookie["value"])
        session[SIGNED_IN_AT] = int(time.time()) - (12 * 3600 - 5 * 60)
        page.context.add_cookies([{**cookie, "value": serializer.dumps(session)}])
        page.clock.install()
        page.goto("/officer/codes")

        page.clock.fast_forward("03:30")

        warning = _warning(page)
        expect(warning).to_be_visible()
        said = warning.locator("[data-timeout-cannot-stay]")
        expect(said).to_be_visible()
        expect(said).to_contain_text("You signed in 12 hours ago, the longest a sign-in lasts")
        expect(warning.locator("[data-timeout-can-stay]")).to_be_hidden()
        expect(warning.get_by_role("button", name="Stay signed in")).to_be_hidden()
        warning.get_by_role("button", name="Continue").click()
        expect(warning).to_be_hidden()
