"""An analyst on a phone codes answers, edits a theme and records an action; axe-core checks
every page on the way, including the public "You said, we did" page it ends up on.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from models import Action, CodedAnswer, Role, db
from tests.app.test_coding import add_answers, code_directly, synthetic_coded
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in, signed_in_tab
from tests.factories import create_area
from tests.staff import create_user

pytestmark = pytest.mark.browser


def test_analyst_codes_on_a_phone_with_no_accessibility_violations(phone: Page):
    create_user(Role.ANALYST, "analyst@example.org")
    create_area("north", "North District")
    code_directly(synthetic_coded(5))
    add_answers(["He was rude to me and never said why I was stopped."])
    axe = AccessibilityLog(phone)

    sign_in(phone, "analyst@example.org")
    phone.goto("/results/coding")
    axe.scan("coding surveys")
    phone.get_by_role("link", name="Stop and search: tell us how it went").click()
    expect(phone.get_by_role("heading", name="Coding", exact=True)).to_be_visible()
    expect(phone.get_by_text("The word list gave the same direction")).to_be_visible()
    axe.scan("coding overview")

    phone.get_by_role("button", name="Code answers").click()
    expect(phone.get_by_role("heading", name="Code an answer")).to_be_visible()
    expect(phone.get_by_text("never said why I was stopped")).to_be_visible()
    axe.scan("code an answer")

    # Sent without a sentiment first: the error summary takes focus and is accessible.
    phone.get_by_role("button", name="Save and code another").click()
    expect(phone.locator(".govuk-error-summary")).to_be_focused()
    expect(phone).to_have_title(re.compile(r"^Error: Code an answer"))
    axe.scan("code an answer with errors")

    phone.get_by_label("Very negative").check()
    phone.get_by_label("Respect and manner").check()
    phone.get_by_label("Explanation of grounds").check()
    phone.get_by_role("button", name="Save and code another").click()
    expect(phone.get_by_text("Every answer to this survey has been coded.")).to_be_visible()
    coded = db.session.scalars(select(CodedAnswer).where(CodedAnswer.sentiment == -2)).all()
    wanted = {"Respect and manner", "Explanation of grounds"}
    assert any(set(c.themes) == wanted for c in coded), coded

    phone.get_by_role("link", name="Change the themes").click()
    axe.scan("themes")
    phone.get_by_role("button", name="Add a theme").click()
    phone.get_by_label("Theme name").fill("Dogs")
    phone.get_by_label("Description").fill("Police dogs at the search.")
    phone.get_by_label("Seed terms").fill("dog\nsniffer dog")
    axe.scan("add a theme")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Dogs has been added.")).to_be_visible()

    phone.goto("/results/stop-search/coding/discover")
    axe.scan("discovered themes")

    phone.goto("/results/stop-search/actions/new")
    phone.get_by_label("You said", exact=True).fill("Officers did not say why.")
    phone.get_by_label("We did", exact=True).fill("Training on explaining the grounds.")
    phone.get_by_label("Theme").select_option("Explanation of grounds")
    phone.get_by_label("Area").select_option("north")
    phone.get_by_label("Done").check()
    axe.scan("record an action")
    phone.get_by_role("button", name="Save").click()
    # Saving lands on the list of actions, where it is published.
    expect(phone.get_by_text("The action has been saved.")).to_be_visible()
    phone.get_by_role("button", name="Publish").click()
    axe.scan("actions")
    assert db.session.scalars(select(Action)).one().published

    phone.goto("/you-said-we-did/north")
    expect(phone.get_by_text("Training on explaining the grounds.")).to_be_visible()
    axe.scan("public you said, we did")
    phone.goto("/you-said-we-did/north?lang=cy")
    expect(phone.get_by_text("Beth ddywedoch chi")).to_be_visible()
    axe.scan("public you said, we did in Welsh")
    axe.assert_clean()


def test_the_coding_figures_fit_a_phone_320_pixels_wide(chromium: Browser, live_server: str):
    # WCAG 2.2 reflow: at 320 CSS pixels the page does not scroll sideways; a table wider than
    # that scrolls in its own region, which a keyboard can reach.
    create_user(Role.ANALYST, "analyst@example.org")
    code_directly(synthetic_coded(5))
    narrow = {"width": 320, "height": 640}
    with signed_in_tab(chromium, live_server, "analyst@example.org", viewport=narrow) as page:
        page.goto("/results/stop-search/coding")
        table = page.get_by_role("table", name="Each theme, on the coded answers")
        expect(table).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        region = page.get_by_role("region", name="Each theme, on the coded answers")
        expect(region).to_have_attribute("tabindex", "0")
