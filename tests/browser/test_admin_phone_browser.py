"""An admin on a 360 px phone: the admin pages' wide tables scroll inside labelled regions a
keyboard can reach, so the page itself never scrolls sideways; changing a role, resetting
two-factor sign-in and the password, and deactivating work there too. axe-core checks every
page on the way."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import Page, expect

from app.services import api_tokens, audit
from models import Role, Scope, db, utcnow
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.staff import PASSWORD, create_user

pytestmark = pytest.mark.browser

WIDTH = 360
# Set LP_SCREENSHOTS to a folder to keep a picture of each page for a person to look at.
SCREENSHOTS = os.environ.get("LP_SCREENSHOTS")


def fits_the_screen(page: Page, name: str, screen: int = WIDTH) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= screen, f"{name}: the page is {width} px wide on a {screen} px screen"


def on_the_screen_unscrolled(page: Page, link, screen: int) -> None:
    """``link`` is across the screen as the page opens, its table's region not scrolled."""
    box = link.evaluate(
        "element => { const box = element.getBoundingClientRect();"
        " return {left: box.left, right: box.right,"
        " scrolled: element.closest('.app-table-scroll').scrollLeft}; }"
    )
    assert box["scrolled"] == 0
    assert box["left"] >= 0 and box["right"] <= screen, f"{box} on a {screen} px screen"


def tab_to(page: Page, region) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if region.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("the table's region cannot be reached with the Tab key")


@pytest.mark.parametrize(
    ("url", "region", "last_column"),
    [
        ("/admin/users", "Everyone who can sign in", "Last signed in"),
        ("/admin/tokens", "API tokens", "Links made"),
        ("/admin/audit", "Events, newest first", "Details"),
        ("/admin/surveys/", "Surveys", "Status"),
    ],
)
def test_admin_tables_scroll_in_their_own_region_on_a_phone(
    phone: Page, url: str, region: str, last_column: str
):
    create_user(Role.ADMIN, "a.very.long.name.for.an.administrator@example.org")
    create_user(Role.OFFICER, "police.constable.with.a.long.name@example.org")
    api_tokens.create_token("Stop and search app (live)")
    audit.record(
        "results.export",
        "stop-search",
        {"format": "xlsx", "by": "ethnic_group", "area": "north", "reference": "white"},
    )
    axe = AccessibilityLog(phone)
    sign_in(phone, "a.very.long.name.for.an.administrator@example.org")
    phone.goto(url)
    fits_the_screen(phone, url.strip("/").replace("/", "-"))
    scroller = phone.get_by_role("region", name=region)
    expect(scroller.get_by_role("table")).to_be_visible()
    tab_to(phone, scroller)
    expect(scroller).to_be_focused()
    last = scroller.get_by_role("columnheader", name=last_column)
    for _ in range(40):
        phone.keyboard.press("ArrowRight")
    # All of it across the screen, to a fraction of a pixel. Only across: a table taller than
    # the screen (the audit log's, with a few events' details) is scrolled into view with its
    # header above the top, as the Tab key found it.
    phone.wait_for_function(
        "([cell, width]) => { const box = cell.getBoundingClientRect();"
        " return box.left >= -0.5 && box.right <= width + 0.5; }",
        arg=[last.element_handle(), WIDTH],
    )
    axe.scan(url)
    axe.assert_clean()


@pytest.mark.parametrize("screen", [320, 375, 768])
def test_revoke_is_on_the_screen_without_scrolling_sideways(phone: Page, screen: int):
    # A token that got out is revoked from a phone: each "Revoke" is beside the token's name,
    # on the screen as the page opens, not in a last column off it (at x=320 on a user's page
    # at 320 px, and at x=663 on the list of tokens, even at 768 px).
    admin = create_user(Role.ADMIN, "a.very.long.name.for.an.administrator@example.org")
    made = api_tokens.create_token(
        "Stop and search app (live)",
        [Scope.LINKS_WRITE, Scope.LINKS_READ, Scope.RESULTS_READ],
        admin,
    )
    other = api_tokens.create_token("Force performance dashboard", [Scope.RESULTS_READ], admin)
    db.session.commit()
    phone.set_viewport_size({"width": screen, "height": 740})
    axe = AccessibilityLog(phone)
    sign_in(phone, admin.email)
    every_token = ["Name", "Action", "Starts with", "May", "Created", "Expiry", "Last used"]
    for url, region, headers in (
        ("/admin/tokens", "API tokens", [*every_token, "Links made"]),
        (
            f"/admin/users/{admin.public_id}",
            "API tokens you made that still work",
            ["Name", "Action", "Starts with", "Created"],
        ),
    ):
        phone.goto(url)
        fits_the_screen(phone, f"revoke-{screen}-{url.strip('/').replace('/', '-')}", screen)
        table = phone.get_by_role("region", name=region).get_by_role("table")
        for token in (made, other):
            link = table.get_by_role(
                "link", name=f"Revoke {token.token.name} (starts with {token.token.prefix})"
            )
            expect(link).to_be_visible()
            on_the_screen_unscrolled(phone, link, screen)
        # Each column has its header ("Action" hidden but read out), in the order read.
        expect(table.get_by_role("columnheader")).to_have_text(headers)
        axe.scan(f"{url} at {screen} px")
    phone.get_by_role(
        "link", name=f"Revoke Stop and search app (live) (starts with {made.token.prefix})"
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to revoke this API token?"
    )
    fits_the_screen(phone, f"revoke-{screen}-question", screen)
    axe.assert_clean()


def test_an_admin_on_a_phone_changes_a_role_and_deactivates_after_confirming(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    officer = create_user(Role.OFFICER, "pc.jones@example.org", two_factor_set_up=True)
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.goto(f"/admin/users/{officer.public_id}")
    fits_the_screen(phone, "user")
    axe.scan("a user")

    phone.get_by_role("link", name="Change role").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Change their role")
    expect(phone.get_by_role("radio", name=re.compile("^Officer"))).to_be_checked()
    fits_the_screen(phone, "user-role")
    axe.scan("change role")
    phone.get_by_role("radio", name=re.compile("^Analyst")).check()
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Change role").click()
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text(
        "pc.jones@example.org is now an analyst"
    )
    axe.scan("role changed")

    # Resetting two-factor sign-in and the password each ask first, and say what will happen.
    phone.get_by_role("button", name="Reset two-factor sign-in").click()
    expect(phone).to_have_url(re.compile(r"/reset-two-factor$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to reset their two-factor sign-in?"
    )
    expect(phone.get_by_role("main")).to_contain_text("must set up two-factor sign-in again")
    fits_the_screen(phone, "user-reset-two-factor")
    axe.scan("reset two-factor: are you sure?")
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Reset two-factor sign-in").click()
    # The reset gives a temporary password too, shown once, as a password reset does.
    expect(phone.locator("#temporary-password")).not_to_be_empty()
    expect(phone.get_by_role("main")).to_contain_text("must also set up two-factor sign-in")
    fits_the_screen(phone, "temporary-password-two-factor-reset")
    axe.scan("temporary password after a two-factor reset")
    phone.goto(f"/admin/users/{officer.public_id}")
    expect(phone.locator(".govuk-summary-list")).to_contain_text("Not set up")

    phone.get_by_role("button", name="Reset password").click()
    expect(phone).to_have_url(re.compile(r"/reset-password$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to reset their password?"
    )
    fits_the_screen(phone, "user-reset-password")
    axe.scan("reset password: are you sure?")
    # Without the admin's own password right, nothing is reset: the question again, with why.
    phone.get_by_label("Your password").fill("not my password")
    phone.get_by_role("button", name="Reset password").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Your password is not right")
    expect(phone.get_by_label("Your password")).to_have_value("")
    fits_the_screen(phone, "user-reset-password-wrong-password")
    axe.scan("reset password: wrong password")
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Reset password").click()
    expect(phone.locator("#temporary-password")).not_to_be_empty()
    fits_the_screen(phone, "temporary-password")
    axe.scan("temporary password")
    phone.goto(f"/admin/users/{officer.public_id}")
    expect(phone.locator(".govuk-summary-list")).to_contain_text("Must change password Yes")

    phone.get_by_role("button", name="Deactivate").click()
    expect(phone).to_have_url(re.compile(r"/deactivate$"))
    fits_the_screen(phone, "user-deactivate")
    axe.scan("deactivate: are you sure?")
    phone.get_by_role("button", name="Deactivate account").click()
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text(
        "has been deactivated"
    )
    expect(phone.locator(".govuk-summary-list")).to_contain_text("Deactivated")

    phone.goto("/account")
    fits_the_screen(phone, "account")
    axe.scan("your account")
    phone.goto("/admin/no-such-page")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe.scan("staff page not found")
    axe.assert_clean()


def test_an_admin_on_a_phone_revokes_a_token_after_confirming(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    made = api_tokens.create_token("Stop and search app (live)")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.goto("/admin/tokens")
    phone.get_by_role(
        "link", name=f"Revoke Stop and search app (live) (starts with {made.token.prefix})"
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to revoke this API token?"
    )
    fits_the_screen(phone, "token-revoke")
    axe.scan("revoke a token: are you sure?")
    phone.get_by_role("button", name="Revoke token").click()
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text("has been revoked")
    expect(phone.locator("tbody")).to_contain_text("Revoked")
    axe.scan("token revoked")
    axe.assert_clean()


def test_an_admin_on_a_phone_chooses_how_long_a_token_works(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    soon = api_tokens.create_token("Board pack", expires_in_days=10)
    # Made for a year, with 10 days left: pointed out as expiring soon.
    soon.token.created_at = utcnow() - dt.timedelta(days=355)
    db.session.commit()
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.goto("/admin/tokens")
    expect(phone.locator("#tokens-expiring-soon")).to_contain_text(
        "1 token stops working soon: Board pack on "
    )
    fits_the_screen(phone, "tokens-expiring-soon")
    axe.scan("API tokens, one expiring soon")

    phone.goto("/admin/tokens/new")
    lifetime = phone.get_by_role("group", name="How long will it work?")
    expect(lifetime.get_by_role("radio", name="1 year")).to_be_checked()
    expect(lifetime.get_by_role("radio", name="Does not expire")).to_have_accessible_description(
        re.compile(r"^Not recommended\.")
    )
    fits_the_screen(phone, "token-new")
    axe.scan("create a token")

    # A name a working token has is refused, keeping the lifetime chosen.
    phone.get_by_label("Name").fill("board pack")
    phone.get_by_label("Make survey links").check()
    lifetime.get_by_role("radio", name="90 days").check()
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Create token").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(
        "A working token is already called Board pack."
    )
    expect(phone.get_by_role("radio", name="90 days")).to_be_checked()
    fits_the_screen(phone, "token-new-name-taken")
    axe.scan("create a token: name taken")

    phone.get_by_label("Name").fill("Board pack (2027)")
    phone.get_by_label("Your password").fill(PASSWORD)  # never shown again on the page
    phone.get_by_role("button", name="Create token").click()
    expect(phone.locator("#token-expires")).to_contain_text("It works until ")
    fits_the_screen(phone, "token-created")
    axe.scan("token created, for 90 days")
    phone.goto("/admin/tokens")
    expect(phone.get_by_role("region", name="API tokens")).to_contain_text(
        f"Revoke Board pack (starts with {soon.token.prefix})"
    )
    axe.assert_clean()


def test_the_audit_log_of_a_kind_with_no_events_yet_and_of_an_unknown_kind(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.goto("/admin/retention")
    phone.locator("a[href='/admin/audit?action=retention.purge']").click()
    expect(phone.get_by_label("Show")).to_have_value("retention.purge")
    expect(phone.locator("#audit-count")).to_contain_text("No events of this kind yet.")
    fits_the_screen(phone, "audit-no-purges-yet")
    axe.scan("audit log: no purges yet")

    phone.goto("/admin/audit?action=retention.purges")
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is no kind of event called “retention.purges”")
    summary.get_by_role("link").click()
    expect(phone.get_by_label("Show")).to_be_focused()
    expect(phone.get_by_label("Show")).to_have_value("")
    fits_the_screen(phone, "audit-unknown-kind")
    axe.scan("audit log: an unknown kind")
    axe.assert_clean()


def test_the_retention_page_reads_in_order_on_a_phone(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.get_by_role("link", name="Retention").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Retention")
    expect(phone.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        ["Responses", "Audit log", "Who sets these periods"]
    )
    fits_the_screen(phone, "admin-retention")
    axe.scan("/admin/retention")
    axe.assert_clean()
