"""Changing language on a question page, and on the pages where a code is typed, in a real
Chromium on a phone screen: what was typed or chosen is still there on the page in the other
language, with JavaScript on and off; the language button looks and reads like the link it
replaces; Enter in a field still continues.
axe-core checks the pages on the way (with JavaScript on: it is a script)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from models import Journey, Response, db
from tests.app.test_journey import answer_stop_search
from tests.browser.accessibility import AccessibilityLog
from tests.factories import create_link
from tests.pages import Browser

pytestmark = pytest.mark.browser

TYPED = "The officer was calm and explained why.\nThank you."
OWN_WORDS_CY = "Yn eich geiriau eich hun"


def stored_answers() -> list[dict]:
    db.session.rollback()  # see what the live server committed through its own connection
    return [journey.answers for journey in db.session.scalars(select(Journey))]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_text_typed_is_still_there_after_changing_language(
    request: pytest.FixtureRequest, javascript: bool
):
    phone: Page = request.getfixturevalue("phone" if javascript else "phone_without_javascript")
    axe = AccessibilityLog(phone)
    token = create_link().token
    phone.goto(f"/r/{token}/in-your-own-words")
    box = phone.get_by_label("What, if anything, did the officer do well?")
    box.fill(TYPED)

    phone.get_by_role("button", name="Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.get_by_role("heading", level=1)).to_have_text(OWN_WORDS_CY)
    expect(phone).to_have_url(re.compile(rf"/r/{token}/in-your-own-words$"))
    expect(phone.locator("textarea[name='went_well']")).to_have_value(TYPED)
    expect(phone.locator(".govuk-error-summary")).to_have_count(0)
    if javascript:
        axe.scan("in your own words, in Welsh, with the text kept")

    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("In your own words")
    expect(phone.locator("textarea[name='went_well']")).to_have_value(TYPED)

    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/community-panel$"))
    assert stored_answers() == [{"went_well": TYPED.replace("\n", "\r\n")}]  # as browsers send it
    axe.assert_clean()


def test_options_chosen_are_still_chosen_and_enter_continues(phone: Page):
    axe = AccessibilityLog(phone)
    token = create_link().token
    phone.goto(f"/r/{token}/how-you-were-treated")
    axe.scan("how you were treated, with the language button")
    language = phone.get_by_role("button", name="Cymraeg")
    # It looks like the link it is on every other page: link colour, underlined, no box.
    looks = language.evaluate(
        """button => {
            const style = getComputedStyle(button);
            return [style.color, style.textDecorationLine, style.borderTopWidth,
                    style.backgroundColor];
        }"""
    )
    assert looks == ["rgb(26, 101, 166)", "underline", "0px", "rgba(0, 0, 0, 0)"]
    expect(language).to_have_attribute("lang", "cy")

    phone.locator("input[name='respect'][value='agree']").check()
    phone.locator("input[name='satisfaction'][value='satisfied']").check()
    language.click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.locator("input[name='respect'][value='agree']")).to_be_checked()
    expect(phone.locator("input[name='satisfaction'][value='satisfied']")).to_be_checked()
    axe.scan("how you were treated, in Welsh, with the options kept")

    # Enter on a chosen option presses the form's first button, Continue, not the language.
    phone.locator("input[name='satisfaction'][value='satisfied']").press("Enter")
    expect(phone).to_have_url(re.compile(rf"/r/{token}/in-your-own-words$"))
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    assert stored_answers() == [{"respect": "agree", "satisfaction": "satisfied"}]
    axe.assert_clean()


# -- the code pages: "Enter the code from your card" and "Withdraw your answers" ---------------


def sent_withdrawal_code(app: Flask) -> str:
    """A stop-search response sent (through the app in this process, on the same database as
    the live server) and its withdrawal code."""
    browser = Browser(app.test_client())
    token = create_link().token
    answer_stop_search(browser, token)
    return browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)


def responses_stored() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Response))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_code_typed_from_a_card_is_still_there_after_changing_language(
    request: pytest.FixtureRequest, javascript: bool
):
    phone: Page = request.getfixturevalue("phone" if javascript else "phone_without_javascript")
    axe = AccessibilityLog(phone)
    token = create_link().token
    phone.goto("/r")
    box = phone.get_by_label("Enter the code from your card")
    box.fill(token.upper())

    phone.get_by_role("button", name="Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone).to_have_url(re.compile(r"/r\?lang=cy$"))
    box = phone.get_by_label("Rhowch y cod o'ch cerdyn")
    expect(box).to_have_value(token.upper())
    expect(phone.locator(".govuk-error-summary")).to_have_count(0)
    if javascript:
        axe.scan("enter the code, in Welsh, with the code kept")

    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_label("Enter the code from your card")).to_have_value(token.upper())

    # Enter in the box still sends the code.
    phone.get_by_label("Enter the code from your card").press("Enter")
    expect(phone).to_have_url(re.compile(rf"/r/{token}$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Stop and search: tell us how it went"
    )
    axe.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_withdrawal_code_typed_is_still_there_after_changing_language_and_only_there(
    app: Flask, request: pytest.FixtureRequest, javascript: bool
):
    phone: Page = request.getfixturevalue("phone" if javascript else "phone_without_javascript")
    axe = AccessibilityLog(phone)
    code = sent_withdrawal_code(app)
    phone.goto("/withdraw?lang=cy")
    phone.get_by_label("Cod tynnu'n ôl").fill(code)
    if javascript:
        axe.scan("withdraw, in Welsh, with the language button")

    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Withdraw your answers")
    expect(phone.get_by_label("Withdrawal code")).to_have_value(code)
    expect(phone.locator(".govuk-error-summary")).to_have_count(0)
    # In the form only: not in the address, and not in any cookie.
    assert code not in phone.url and code.replace("-", "") not in phone.url
    cookies = " ".join(cookie["value"] for cookie in phone.context.cookies())
    assert code not in cookies and code.replace("-", "") not in cookies
    assert responses_stored() == 1  # changing language withdraws nothing
    if javascript:
        axe.scan("withdraw, in English, with the code kept")

    phone.get_by_role("button", name="Cymraeg").click()
    expect(phone.get_by_label("Cod tynnu'n ôl")).to_have_value(code)
    phone.get_by_role("button", name="Tynnu fy atebion yn ôl").click()
    expect(phone.locator(".govuk-panel__title")).to_have_text(
        "Mae eich atebion wedi cael eu tynnu'n ôl"
    )
    assert responses_stored() == 0
    axe.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_withdrawal_code_stays_on_the_confirmation_when_the_language_changes(
    request: pytest.FixtureRequest, javascript: bool
):
    phone: Page = request.getfixturevalue("phone" if javascript else "phone_without_javascript")
    axe = AccessibilityLog(phone)
    token = create_link().token
    phone.goto(f"/r/{token}/how-you-were-treated")
    phone.locator("input[name='satisfaction'][value='satisfied']").check()
    phone.get_by_role("button", name="Continue").click()
    phone.goto(f"/r/{token}/check")
    phone.get_by_role("button", name="Send answers").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/done$"))
    code = phone.locator("#withdrawal-code").inner_text().strip()

    phone.get_by_role("button", name="Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.get_by_role("heading", level=2).first).to_have_text("Eich cod tynnu'n ôl")
    expect(phone.locator("#withdrawal-code")).to_have_text(code)
    assert code not in phone.url
    cookies = " ".join(cookie["value"] for cookie in phone.context.cookies())
    assert code not in cookies
    if javascript:
        axe.scan("confirmation, in Welsh, with the code still shown")

    phone.get_by_role("button", name="English").click()
    expect(phone.locator("#withdrawal-code")).to_have_text(code)
    # Still shown only once: opened again, the page no longer shows it.
    phone.goto(f"/r/{token}/done")
    expect(phone.locator("#withdrawal-code")).to_have_count(0)
    axe.assert_clean()
