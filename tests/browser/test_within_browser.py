"""Say to Stay's "Which one matters most?" on a 375 px phone: as reasons are ticked it offers
only those (all 15 while none is), says how many it offers to screen readers, and clears a
chosen one that is unticked; in Welsh too. Without JavaScript every option is offered and the
page asks again for one that was not ticked. axe-core checks each state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.accessibility import AccessibilityLog
from tests.factories import create_link

pytestmark = pytest.mark.browser

PHONE_375 = {"width": 375, "height": 740}
MESSAGE = "Select the reason that matters most from the ones you selected"


def reasons_page(page: Page, lang: str = "en") -> str:
    token = create_link("say-to-stay").token
    page.set_viewport_size(PHONE_375)
    page.goto(f"/r/{token}/about-your-role?lang={lang}")
    page.locator("input[name='role'][value='pcso']").check()
    page.locator("input[name='stage'][value='thinking']").check()
    page.locator("#page-answers button").click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/reasons$"))
    return token


def tick(page: Page, code: str, ticked: bool = True) -> None:
    page.locator(f"input[name='reasons'][value='{code}']").set_checked(ticked)


def main_reasons(page: Page) -> Locator:
    return page.locator("input[name='main_reason']")


def offered(page: Page) -> list[str]:
    """The main reasons a person sees on the page."""
    return [
        item.locator("input").get_attribute("value")
        for item in page.locator("[data-app-within] .govuk-radios__item").all()
        if item.is_visible()
    ]


def status(page: Page) -> Locator:
    return page.locator("[data-app-within] [aria-live='polite']")


def test_the_main_reason_offers_only_the_reasons_ticked(phone: Page):
    axe = AccessibilityLog(phone)
    token = reasons_page(phone)
    expect(main_reasons(phone)).to_have_count(15)
    assert len(offered(phone)) == 15
    axe.scan("reasons, none ticked")

    tick(phone, "workload")
    tick(phone, "caring")
    expect(status(phone)).to_have_text("Options shown: 2 of 15")
    assert offered(phone) == ["workload", "caring"]
    expect(phone.get_by_role("radio", name="Pension")).to_be_hidden()
    phone.get_by_role("radio", name="Caring responsibilities").check()
    axe.scan("reasons, two ticked")

    # The chosen one unticked: no longer offered, nor chosen.
    tick(phone, "caring", False)
    expect(status(phone)).to_have_text("Options shown: 1 of 15")
    assert offered(phone) == ["workload"]
    expect(phone.locator("input[name='main_reason']:checked")).to_have_count(0)

    # Nothing ticked: every reason again.
    tick(phone, "workload", False)
    expect(status(phone)).to_have_text("Options shown: 15 of 15")
    assert len(offered(phone)) == 15

    # Nothing is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]

    tick(phone, "pay")
    tick(phone, "pension")
    phone.get_by_role("radio", name="Pension").check()
    phone.locator("#page-answers button").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/at-work$"))
    axe.assert_clean()


def test_a_reason_ticked_before_is_still_filtered_when_the_page_is_shown_again(phone: Page):
    token = reasons_page(phone)
    tick(phone, "leadership")
    tick(phone, "culture")
    phone.get_by_role("radio", name="Culture").check()
    phone.locator("#page-answers button").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/at-work$"))
    phone.go_back()
    phone.goto(f"/r/{token}/reasons")
    assert offered(phone) == ["leadership", "culture"]
    expect(phone.get_by_role("radio", name="Culture")).to_be_checked()
    expect(status(phone)).to_have_text("")  # nothing announced until a box is ticked


def test_in_welsh_the_count_is_announced_in_welsh(phone: Page):
    axe = AccessibilityLog(phone)
    reasons_page(phone, lang="cy")
    tick(phone, "pay")
    expect(status(phone)).to_have_text("Opsiynau a ddangosir: 1 o 15")
    assert offered(phone) == ["pay"]
    expect(phone.get_by_role("radio", name="Tâl a gwobrwyo")).to_be_visible()
    axe.scan("reasons in Welsh, one ticked")
    axe.assert_clean()


def test_without_javascript_a_reason_not_ticked_is_asked_again(phone_without_javascript: Page):
    page = phone_without_javascript
    token = reasons_page(page)
    tick(page, "workload")
    assert len(offered(page)) == 15
    page.get_by_role("radio", name="Pension").check()
    page.locator("#page-answers button").click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/reasons$"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(MESSAGE)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("input[name='reasons'][value='workload']")).to_be_checked()
    expect(page.get_by_role("radio", name="Pension")).to_be_checked()

    page.get_by_role("radio", name="Workload and demand").check()
    page.locator("#page-answers button").click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/at-work$"))


def test_the_error_page_with_javascript_offers_only_the_reasons_ticked(phone: Page):
    """The page asked again (as it is when sent without JavaScript) is checked by axe-core;
    with JavaScript it offers only the reason ticked, the one not ticked no longer chosen."""
    axe = AccessibilityLog(phone)
    token = reasons_page(phone)
    tick(phone, "workload")
    # Sent as a page without JavaScript would send it: a reason chosen that was not ticked.
    phone.evaluate(
        "document.querySelector(\"input[name='main_reason'][value='pension']\").checked = true"
    )
    phone.locator("#page-answers button").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(MESSAGE)
    expect(phone).to_have_url(re.compile(rf"/r/{token}/reasons$"))
    expect(phone.locator("input[name='reasons'][value='workload']")).to_be_checked()
    assert offered(phone) == ["workload"]
    expect(phone.locator("input[name='main_reason']:checked")).to_have_count(0)
    axe.scan("reasons with the error")
    # The error summary's link still leads to the question.
    phone.locator(".govuk-error-summary a").click()
    expect(phone.get_by_role("radio", name="Workload and demand")).to_be_focused()

    # With the first option not offered, it leads to the first one that is.
    tick(phone, "workload", False)
    tick(phone, "caring")
    phone.evaluate(
        "document.querySelector(\"input[name='main_reason'][value='pension']\").checked = true"
    )
    phone.locator("#page-answers button").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(MESSAGE)
    assert offered(phone) == ["caring"]
    phone.locator(".govuk-error-summary a").click()
    expect(phone.get_by_role("radio", name="Caring responsibilities")).to_be_focused()
    axe.scan("reasons with the error, the first reason not ticked")
    axe.assert_clean()
