"""An officer on a phone makes a stop-search code, shows the QR code and prints a card; an
admin goes through the admin pages. axe-core checks every staff page on the way.

Uses the live server and Chromium from tests/browser/conftest.py (skipped with a reason when
/usr/bin/chromium is missing, unless LP_REQUIRE_ALL is set).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.services.links import create_links
from models import Link, Role, db
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.factories import create_area
from tests.staff import PASSWORD, create_user

pytestmark = pytest.mark.browser


def test_officer_on_a_phone_makes_a_code_shows_the_qr_and_prints_a_card(phone: Page):
    create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("north", "North District")
    axe = AccessibilityLog(phone)

    sign_in(phone, "pc.jones@example.org", axe)
    expect(phone).to_have_url(re.compile(r"/officer/codes/new$"))
    expect(phone.get_by_role("heading", name="Make a code")).to_be_visible()
    axe.scan("make a code")

    # Sent empty first: the GOV.UK error summary takes focus and is itself accessible.
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_be_focused()
    expect(phone).to_have_title("Error: Make a code – Listening Post")
    axe.scan("make a code with errors")

    phone.get_by_label("Stop and Search", exact=False).first.check()
    phone.get_by_role("button", name="Continue").click()
    axe.scan("make a code, second step")
    phone.get_by_label("Area").select_option("north")
    phone.get_by_label("One code", exact=False).check()
    phone.get_by_role("button", name="Make the code").click()

    qr = phone.locator(".app-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 280, "the QR code fills a phone screen"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "and fits on it"
    link = db.session.scalars(select(Link)).one()
    assert link.single_use
    expect(phone.locator("#typing-code")).to_have_text(
        "-".join(link.token.upper()[i : i + 4] for i in range(0, 26, 4))
    )
    expect(phone.locator("#short-link")).to_contain_text(f"/r/{link.token}")
    axe.scan("the code")

    phone.get_by_role("link", name="Print a card with this code").click()
    card = phone.locator(".app-card")
    expect(card).to_be_visible()
    expect(phone.get_by_role("button", name="Print the card")).to_be_visible()  # print.js ran
    axe.scan("card")

    phone.emulate_media(media="print")
    expect(card).to_be_visible()
    expect(card.locator("svg")).to_be_visible()
    expect(card).to_contain_text("Anonymous. Takes about 3 minutes.")
    expect(card).to_contain_text("policeconduct.gov.uk/complaints")
    expect(phone.locator(".govuk-service-navigation")).to_be_hidden()
    expect(phone.locator(".govuk-footer")).to_be_hidden()
    expect(phone.get_by_role("button", name="Print the card")).to_be_hidden()
    expect(phone.get_by_role("heading", name="Print a card")).to_be_hidden()
    # Printed for real (Chromium's PDF, print media), the card page is one page.
    pdf = phone.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    phone.emulate_media(media="screen")

    phone.get_by_role("button", name="Menu").click()  # the navigation is a menu on a phone
    phone.get_by_role("link", name="My codes").click()
    # The code just made is the first row of My codes, on the first screen, and it opens again.
    first = phone.locator("#recent-codes tbody tr").first
    expect(first).to_contain_text("North District")
    expect(first).to_be_in_viewport()
    weeks = phone.get_by_role("table", name="Codes offered and answered by week")
    expect(weeks.locator("tbody tr").first.locator("td").nth(1)).to_have_text("1")
    axe.scan("my codes")
    first.get_by_role("link").click()
    expect(phone.locator("#typing-code")).to_have_text(
        "-".join(link.token.upper()[i : i + 4] for i in range(0, 26, 4))
    )

    axe.assert_clean()


def test_a_sheet_of_cards_prints_without_the_page_around_it(phone: Page):
    create_user(Role.OFFICER, "pc.jones@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "pc.jones@example.org")
    phone.get_by_label("Say to Stay", exact=False).first.check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Area").select_option("none")
    # For a survey of police officers and staff the sheet is chosen already, and why is read
    # with the choice.
    expect(phone.get_by_label("A sheet of 10", exact=False)).to_be_checked()
    expect(phone.get_by_role("group", name="How many codes?")).to_have_accessible_description(
        re.compile("shuffled sheet, so that nobody, you included, knows which colleague")
    )
    phone.get_by_role("button", name="Make the code").click()
    expect(phone.locator(".app-sheet .app-card")).to_have_count(10)
    expect(phone.locator("#shuffle-advice")).to_be_visible()
    axe.scan("sheet")
    phone.emulate_media(media="print")
    expect(phone.locator(".app-sheet .app-card").first).to_be_visible()
    expect(phone.locator("#shuffle-advice")).to_be_hidden()
    expect(phone.locator(".govuk-service-navigation")).to_be_hidden()
    # Ten cards fit on one A4 page at the stylesheet's own page size and margins.
    pdf = phone.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    axe.assert_clean()


def test_one_say_to_stay_code_says_to_use_a_shuffled_sheet_instead(phone: Page):
    create_user(Role.OFFICER, "sgt.patel@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "sgt.patel@example.org")
    phone.goto("/officer/codes/new?survey=say-to-stay")
    phone.get_by_label("Area").select_option("none")
    phone.get_by_label("One code", exact=False).check()
    phone.get_by_role("button", name="Make the code").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Your code for one colleague")
    expect(phone.locator("#shuffle-advice")).to_contain_text("knows which colleague had which")
    expect(phone.locator(".app-qr svg")).to_be_visible()
    expect(phone.locator("#short-link")).to_have_count(0)
    expect(phone.locator("#typing-code")).to_have_count(0)
    axe.scan("a Say to Stay code for one colleague")

    phone.get_by_role("link", name="Make a sheet of cards instead").click()
    expect(phone.get_by_label("A sheet of 10", exact=False)).to_be_checked()
    axe.assert_clean()


#: CSS pixels in a millimetre: the cards' sizes are set in millimetres.
MM = 96 / 25.4

#: Where each card is and whether what it says fits inside it: [x, y, width, height, fits].
CARD_BOXES = """() => [...document.querySelectorAll(".app-sheet .app-card")].map(card => {
    const box = card.getBoundingClientRect();
    const fits = card.scrollWidth <= card.clientWidth && card.scrollHeight <= card.clientHeight;
    return [box.x, box.y, box.width, box.height, fits];
})"""


def test_a_sheet_of_cards_fits_a_phone_and_prints_on_a4_as_it_did(phone: Page):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    made = create_links("say-to-stay", count=10, created_by_id=officer.id)
    sign_in(phone, "pc.jones@example.org")
    tokens = "&".join(f"code={link.token}" for link in made)
    for url in (f"/officer/codes/sheets/{made[0].batch}", f"/officer/codes/sheet?{tokens}"):
        phone.emulate_media(media="screen")
        phone.goto(url)
        expect(phone.locator(".app-sheet .app-card")).to_have_count(10)
        # On the 360 px screen nothing is wider than the screen: no sideways scroll.
        wide = phone.evaluate(
            """() => [...document.querySelectorAll("main *")]
                .filter(e => e.getBoundingClientRect().right > 360)
                .slice(0, 5).map(e => e.tagName + "." + e.className)"""
        )
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, wide
        for x, _y, width, _height, fits in phone.evaluate(CARD_BOXES):
            assert x >= 0 and x + width <= 360 and fits, url

        # Printed, the cards are as they always were: 99 x 57 mm, two across, five down, on
        # one A4 page.
        phone.emulate_media(media="print")
        cards = phone.evaluate(CARD_BOXES)
        for _x, _y, width, height, fits in cards:
            assert (round(width / MM, 1), round(height / MM, 1), fits) == (99, 57, True)
        columns = sorted({round(x / MM) for x, *_ in cards})
        rows = sorted({round(y / MM) for _x, y, *_ in cards})
        assert (columns, rows) == ([0, 99], [0, 57, 114, 171, 228]), url
        pdf = phone.pdf(prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
        width_pt, height_pt = map(
            float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups()
        )
        assert (round(width_pt / 72 * 25.4), round(height_pt / 72 * 25.4)) == (210, 297)


def test_admin_pages_have_no_accessibility_violations(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("north", "North District")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    expect(phone.get_by_role("heading", name="Users")).to_be_visible()
    axe.scan("users")

    phone.goto("/admin/users/new")
    phone.get_by_role("button", name="Add user").click()
    expect(phone.locator(".govuk-error-summary")).to_be_visible()
    axe.scan("add a user, with errors")
    phone.get_by_label("Email address").fill("pc.new@example.org")
    phone.get_by_label("Officer", exact=False).check()
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Add user").click()
    expect(phone.locator("#temporary-password")).to_be_visible()
    axe.scan("temporary password")

    phone.goto(f"/admin/users/{officer.public_id}")
    axe.scan("a user")
    phone.get_by_role("button", name="Deactivate").click()
    axe.scan("deactivate a user: are you sure?")
    phone.get_by_role("button", name="Deactivate account").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("deactivated")
    axe.scan("a user, deactivated")

    for url, name in [
        ("/admin/areas", "areas"),
        ("/admin/areas/new", "add an area"),
        ("/admin/areas/north", "change an area"),
        ("/admin/tokens", "API tokens"),
        ("/admin/offered-and-answered", "offered and answered"),
    ]:
        phone.goto(url)
        axe.scan(name)

    phone.goto("/admin/tokens/new")
    phone.get_by_label("Name").fill("Stop and search app")
    phone.get_by_label("Make survey links").check()
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Create token").click()
    expect(phone.locator("#api-token")).to_contain_text("lp_")
    axe.scan("token created")
    phone.goto("/admin/tokens")
    axe.scan("API tokens, with one")

    # The service navigation collapses into a menu on a phone.
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("link", name="Sign out")).to_be_visible()
    phone.get_by_role("link", name="Sign out").click()
    expect(phone.get_by_role("heading", name="Sign out of Listening Post")).to_be_visible()
    # "Cancel" goes back to the page the link was pressed on.
    expect(phone.get_by_role("link", name="Cancel")).to_have_attribute("href", "/admin/tokens")
    axe.scan("sign out")
    phone.get_by_role("button", name="Sign out").click()
    expect(phone.get_by_role("heading", name="Sign in to Listening Post")).to_be_visible()
    axe.assert_clean()


def test_my_codes_fits_a_phone_without_scrolling_sideways(phone: Page):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("north", "North District")
    for survey in ("stop-search", "listening-session", "say-to-stay"):
        create_links(survey, area_code="north", created_by_id=officer.id)
    axe = AccessibilityLog(phone)
    sign_in(phone, "pc.jones@example.org")
    phone.goto("/officer/codes")
    # The page itself is no wider than the 360 px screen, and no heading is cut off.
    # (Anything wider, outside the scrolling tables, is named in the failure.)
    wide = phone.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter(e => !e.closest(".app-table-scroll") && e.getBoundingClientRect().right > 360)
            .slice(0, 5).map(e => e.tagName + ": " + e.textContent.trim().slice(0, 40))"""
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, wide
    for heading in phone.locator("main h1, main h2").all():
        box = heading.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, heading.inner_text()
    # The weekly table scrolls inside a labelled region that a keyboard user can tab to and
    # scroll with the arrow keys, until its last column is on screen.
    weeks = phone.get_by_role("region", name="Codes offered and answered by week")
    expect(weeks.get_by_role("table", name="Codes offered and answered by week")).to_be_visible()
    last = weeks.get_by_role("columnheader", name="Answers", exact=True)
    expect(last).not_to_be_in_viewport(ratio=1)  # at 360 px it is wider than the screen
    for _ in range(60):
        phone.keyboard.press("Tab")
        if weeks.evaluate("region => region === document.activeElement"):
            break
    expect(weeks).to_be_focused()
    for _ in range(20):
        phone.keyboard.press("ArrowRight")
    expect(last).to_be_in_viewport(ratio=1)
    expect(
        weeks.get_by_role("columnheader", name="Codes answered (%)", exact=True)
    ).to_be_in_viewport(ratio=1)
    # Recent codes fit the screen as they are.
    for cell in phone.locator("#recent-codes").locator("th, td").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= 360, cell.inner_text()
    axe.scan("my codes, with codes")
    axe.assert_clean()


def test_my_codes_fits_a_phone_with_a_session_that_opens_in_september(phone: Page):
    # A session code made ahead says when it opens; the longest month's name must not push
    # the table past a 360 px screen.
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("north", "North District")
    held_on = dt.date(dt.date.today().year + 1, 9, 30)
    create_links(
        "listening-session",
        area_code="north",
        event_name="Autumn open meeting",
        event_date=held_on,
        created_by_id=officer.id,
    )
    axe = AccessibilityLog(phone)
    sign_in(phone, "pc.jones@example.org")
    phone.goto("/officer/codes")
    status = phone.locator("#recent-codes tbody tr").first.locator("td").last
    # On screen the month is short; a screen reader hears it in full.
    expect(status.locator("[aria-hidden=true]")).to_have_text(f"30 Sep {held_on.year}")
    expect(status).to_match_aria_snapshot(f'- cell "Opens on 30 September {held_on.year}"')
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    for cell in phone.locator("#recent-codes").locator("th, td").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= 360, cell.inner_text()
    axe.scan("my codes, a session that opens later")
    axe.assert_clean()


def test_a_session_code_asks_for_the_session_and_not_how_many(phone: Page):
    create_user(Role.OFFICER, "pc.jones@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "pc.jones@example.org")
    expect(phone.get_by_label("Name of the listening session")).to_have_count(0)
    phone.get_by_label("Community listening session", exact=False).first.check()
    phone.get_by_role("button", name="Continue").click()
    name = phone.get_by_label("Name of the listening session")
    expect(name).to_be_visible()
    expect(phone.get_by_role("group", name="Date of the listening session")).to_be_visible()
    expect(phone.get_by_role("group", name="How many codes?")).to_have_count(0)
    axe.scan("make a code, listening session")
    name.fill("Northtown youth club")
    today = dt.date.today()
    phone.get_by_label("Day").fill(str(today.day))
    phone.get_by_label("Month").fill(str(today.month))
    phone.get_by_label("Year").fill(str(today.year))
    phone.get_by_label("Area").select_option("none")
    phone.get_by_role("button", name="Make the code").click()
    expect(
        phone.get_by_role("heading", name="Show this QR code to everyone at the session")
    ).to_be_visible()
    axe.scan("a listening session's code")
    axe.assert_clean()
