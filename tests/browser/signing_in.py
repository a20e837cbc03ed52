"""Staff signing in, in a real browser: the sign-in form, then the two-factor code for
analysts and admins."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect

from app.services import users
from tests.browser.accessibility import AccessibilityLog
from tests.staff import PASSWORD, totp_code


def sign_in(page: Page, email: str, axe: AccessibilityLog | None = None) -> None:
    page.goto("/sign-in")
    if axe:
        axe.scan("sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if users.by_email(email).has_two_factor:  # analysts and admins: the code their app shows
        expect(page).to_have_url(re.compile(r"/sign-in/two-factor"))
        page.get_by_label("Code").fill(totp_code(email))
        page.get_by_role("button", name="Continue").click()


@contextmanager
def signed_in_tab(
    chromium: Browser, live_server: str, email: str, **options: object
) -> Iterator[Page]:
    """A new browser tab (``options`` for its context: viewport, JavaScript) signed in as
    ``email``; closed afterwards."""
    context = chromium.new_context(base_url=live_server, **options)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, email)
        yield page
    finally:
        context.close()
