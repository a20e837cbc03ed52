"""A button pressed twice on a slow connection sends its form once.

On a phone at the roadside, or a busy office network, a second press while the page is still
loading is common. Sent twice, "Make the code" would make a second code nobody is given (one
more offered and never answered, in the officer's counts), and "Add user" or "Turn on
two-factor sign-in" would show their one-time password or recovery codes to a request whose
page the browser then throws away. GOV.UK Frontend's button ignores a second press within a
second (preventDoubleClick); these tests press twice, a tenth of a second apart, while the
server is made slow, and count what was made."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable

import pyotp
import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select

from app.services import links, two_factor, users
from models import Link, Role, User, db
from tests.browser.signing_in import sign_in
from tests.factories import create_area
from tests.staff import PASSWORD, create_user

pytestmark = pytest.mark.browser

#: Long enough for the second press to come while the first is still being answered.
SLOW_SECONDS = 0.6


def slowed(function: Callable) -> Callable:
    """``function``, answering as a slow connection would."""

    @functools.wraps(function)
    def slow(*args, **kwargs):
        time.sleep(SLOW_SECONDS)
        return function(*args, **kwargs)

    return slow


def press_twice(button: Locator) -> None:
    """Two presses a tenth of a second apart: the second while the first is on its way."""
    button.evaluate("button => { button.click(); setTimeout(() => button.click(), 100); }")


def test_an_officer_pressing_make_the_code_twice_makes_one_code(
    phone: Page, monkeypatch: pytest.MonkeyPatch
):
    officer = create_user(Role.OFFICER, "pc.hurried@example.org")
    create_area("north", "North District")
    sign_in(phone, officer.email)
    phone.goto("/officer/codes/new?survey=stop-search")
    phone.get_by_label("Area").select_option("north")
    monkeypatch.setattr(links, "create_links", slowed(links.create_links))

    press_twice(phone.get_by_role("button", name="Make the code"))

    expect(phone.get_by_role("heading", name="Show this QR code to the person")).to_be_visible()
    db.session.expire_all()
    made = select(func.count()).select_from(Link).where(Link.created_by_id == officer.id)
    assert db.session.scalar(made) == 1


def test_an_admin_pressing_add_user_twice_sees_the_temporary_password(
    chromium, live_server: str, monkeypatch: pytest.MonkeyPatch
):
    create_user(Role.ADMIN, "admin@example.org")
    context = chromium.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, "admin@example.org")
        page.goto("/admin/users/new")
        page.get_by_label("Email address").fill("pc.new@example.org")
        page.get_by_label("Officer").check()
        page.get_by_label("Your password").fill(PASSWORD)
        monkeypatch.setattr(
            users,
            "create_with_temporary_password",
            slowed(users.create_with_temporary_password),
        )

        press_twice(page.get_by_role("button", name="Add user"))

        expect(page).to_have_title(re.compile(r"^Temporary password"))
        shown = page.locator("#temporary-password").inner_text()
        db.session.expire_all()
        added = db.session.scalars(select(User).where(User.email == "pc.new@example.org")).one()
        assert users.verify_password(added.password_hash, shown), "the password shown works"
    finally:
        context.close()


def test_pressing_turn_on_two_factor_twice_still_shows_the_recovery_codes(
    phone: Page, monkeypatch: pytest.MonkeyPatch
):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    phone.goto("/sign-in")
    phone.get_by_label("Email address").fill("analyst@example.org")
    phone.get_by_label("Password", exact=True).fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone).to_have_url(re.compile(r"/account/two-factor/set-up"))
    key = phone.locator("#two-factor-key").inner_text().replace(" ", "")
    phone.get_by_label("Code from your app").fill(pyotp.TOTP(key).now())
    monkeypatch.setattr(two_factor, "confirm_enrolment", slowed(two_factor.confirm_enrolment))

    press_twice(phone.get_by_role("button", name="Turn on two-factor sign-in"))

    expect(phone.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(phone.locator("#recovery-codes li")).to_have_count(10)
