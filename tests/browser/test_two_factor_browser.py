"""Two-factor sign-in in a real Chromium, with axe-core on every page on the way.

A new analyst signs in, sets up two-factor sign-in by reading the key shown on the page into
an "app" (pyotp), saves the recovery codes, signs out, signs in again with a code from the app,
signs out, and signs in with a recovery code. Wrong codes are tried too, so that the pages are
also checked with their error summaries showing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from app.services import two_factor
from models import Role
from tests.browser.accessibility import AccessibilityLog
from tests.staff import PASSWORD, TOTP_KEYS, create_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
EMAIL = "new.analyst@example.org"


class AuthenticatorApp:
    """What the analyst's phone does: holds the key typed in, shows a code not yet used."""

    def __init__(self, key_as_shown: str) -> None:
        self.totp = pyotp.TOTP(key_as_shown.replace(" ", "").upper())
        self.last_step: int | None = None

    def code(self) -> str:
        # The app shows the current code; the service takes each 30-second step once, so a
        # second sign-in within the same step uses the next one (accepted as clock drift).
        step = int(time.time() // two_factor.STEP_SECONDS)
        if self.last_step is not None and step <= self.last_step:
            step = self.last_step + 1
        self.last_step = step
        return self.totp.at(step * two_factor.STEP_SECONDS)

    def wrong_code(self) -> str:
        now = time.time()
        window = {self.totp.at(now + drift) for drift in (-30, 0, 30, 60)}
        return next(code for code in ("123456", "654321", "111111") if code not in window)


@pytest.fixture
def desktop(chromium: Browser, live_server: str) -> Iterator[Page]:
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def sign_in_with_password(page: Page, axe: AccessibilityLog, name: str) -> None:
    page.goto("/sign-in")
    axe.scan(f"sign in ({name})")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def at(path: str) -> re.Pattern:
    """The page's address is this path (with or without a query)."""
    return re.compile(rf"^http://127\.0\.0\.1:\d+{re.escape(path)}(\?.*)?$")


def sign_out(page: Page, axe: AccessibilityLog, name: str) -> None:
    """The header's link asks first; the page's button signs out."""
    page.get_by_role("link", name="Sign out").click()
    expect(page).to_have_url(at("/sign-out"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out of Listening Post")
    axe.scan(f"sign out ({name})")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(at("/sign-in"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    axe.scan(f"signed out ({name})")


def test_an_analyst_sets_up_two_factor_and_signs_in_with_a_code_and_a_recovery_code(
    desktop: Page,
):
    page = desktop
    axe = AccessibilityLog(page)
    create_user(Role.ANALYST, EMAIL, two_factor_set_up=False)

    # First sign-in: the password, then straight to setting up two-factor sign-in.
    sign_in_with_password(page, axe, "first time")
    expect(page).to_have_url(at("/account/two-factor/set-up"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    axe.scan("set up")

    key = page.locator("#two-factor-key").inner_text()
    app = AuthenticatorApp(key)
    code_box = page.get_by_label("Code from your app")
    code_box.fill(app.wrong_code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Set up two-factor sign-in"))
    axe.scan("set up, with a wrong code")

    code_box.fill(app.code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    axe.scan("recovery codes")
    recovery_codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(recovery_codes) >= 2 and len(set(recovery_codes)) == len(recovery_codes)

    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page).to_have_url(at("/results/"))
    axe.scan("results, signed in after setting up")
    sign_out(page, axe, "after setting up")

    # Second sign-in: the password, then a code from the app.
    sign_in_with_password(page, axe, "with a code")
    expect(page).to_have_url(at("/sign-in/two-factor"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your app")
    axe.scan("two-factor code")
    page.get_by_label("Code").fill(app.wrong_code())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    axe.scan("two-factor code, with a wrong code")
    page.get_by_label("Code").fill(app.code())
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/results/"))
    sign_out(page, axe, "after a code")

    # Third sign-in: the phone is lost, so a recovery code instead.
    sign_in_with_password(page, axe, "with a recovery code")
    expect(page).to_have_url(at("/sign-in/two-factor"))
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/results/"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You signed in with a recovery code. You have {len(recovery_codes) - 1} left"
    )
    axe.scan("results, signed in with a recovery code")
    sign_out(page, axe, "after a recovery code")

    # A recovery code works once only.
    sign_in_with_password(page, axe, "with a used recovery code")
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/sign-in/two-factor"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "That recovery code has already been used"
    )

    assert len(axe.scanned) == 17  # 14, and the "Sign out" page each of 3 times
    assert not axe.problems, f"axe-core found {len(axe.problems)} violation(s):\n" + "\n".join(
        axe.problems
    )


def test_new_recovery_codes_ask_for_the_password_first(desktop: Page):
    """From Your account: a wrong password is refused with an error summary that leads to the
    box, and changes nothing; the right one shows new codes."""
    page = desktop
    create_user(Role.ANALYST, EMAIL)
    app = AuthenticatorApp(TOTP_KEYS[EMAIL])
    axe = AccessibilityLog(page)
    sign_in_with_password(page, axe, "for new recovery codes")
    page.get_by_label("Code").fill(app.code())
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(at("/results/"))

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Get new recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get new recovery codes")
    axe.scan("get new recovery codes")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Get new recovery codes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Your password is not right")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe.scan("get new recovery codes, wrong password")
    summary.get_by_role("link", name="Your password is not right").click()
    expect(page.get_by_label("Your password")).to_be_focused()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Get new recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(two_factor.RECOVERY_CODE_COUNT)
    axe.assert_clean()


def test_an_officer_choosing_two_factor_gives_their_password_too(desktop: Page):
    page = desktop
    create_user(Role.OFFICER, EMAIL)
    axe = AccessibilityLog(page)
    sign_in_with_password(page, axe, "an officer")
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    app = AuthenticatorApp(page.locator("#two-factor-key").inner_text())
    page.get_by_label("Code from your app").fill(app.code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your password")
    axe.scan("set up two-factor from Your account, no password")
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Your password")).to_be_focused()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Code from your app").fill(app.code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    axe.assert_clean()
