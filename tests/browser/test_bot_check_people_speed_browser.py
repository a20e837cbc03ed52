"""A refusal at "Send answers", on a phone, where Check your answers is thousands of pixels tall:
the error summary at the top links to the "Send answers" button at the foot, the link takes the
person there with the button focused, and pressing it sends every answer.

The refusal here is the hidden box filled in (as a browser's autofill might): the live server
answers at TestConfig's minimum time of 0. The same message and link come with a journey sent
faster than its minimum (tests/app/test_bot_check_people_speed.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from models import Response
from tests.browser.test_bot_check_browser import autofill_hidden_box, count, violations
from tests.factories import create_link

pytestmark = pytest.mark.browser

REFUSED = "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
REFUSED_SEND = "Sorry, we could not send your answers. Press “Send answers” again."


def answer_to_the_end(phone: Page, token: str) -> None:
    """Answer the stop-and-search survey on a phone, a few answers on each of its own pages."""
    phone.goto(f"/r/{token}/what-you-were-told")
    chosen = {
        "told_grounds": "yes",
        "told_object": "no",
        "bwv_on": "yes",
        "handcuffed": "no",
        "respect": "agree",
        "satisfaction": "satisfied",
    }
    for _ in range(20):
        if phone.url.endswith("/check"):
            return
        for name, value in chosen.items():
            option = phone.locator(f"input[name='{name}'][value='{value}']")
            if option.count():
                option.check()
        words = phone.locator("textarea[name='went_well']")
        if words.count():
            words.fill("He explained why, and was polite throughout.")
        here = phone.url
        phone.get_by_role("button", name="Continue").click()
        expect(phone).not_to_have_url(here)
    raise AssertionError(f"never reached Check your answers: {phone.url}")


def test_the_refusal_links_to_the_send_answers_button_at_the_foot_of_the_page(phone: Page):
    token = create_link().token
    answer_to_the_end(phone, token)
    autofill_hidden_box(phone)
    phone.get_by_role("button", name="Send answers").click()

    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=REFUSED_SEND)
    expect(link).to_be_visible()
    assert count(Response) == 0
    button = phone.get_by_role("button", name="Send answers")
    assert phone.evaluate("document.documentElement.scrollHeight") > 3 * 740  # a long page
    expect(button).not_to_be_in_viewport()  # far below the message
    problems = violations(phone)

    link.click()
    expect(button).to_be_focused()
    expect(button).to_be_in_viewport()
    expect(phone.get_by_text("He explained why, and was polite throughout.")).to_have_count(1)

    phone.keyboard.press("Enter")
    expect(phone.locator(".govuk-panel__title")).to_have_text(
        "Thank you, your answers have been sent"
    )
    expect(phone).to_have_url(re.compile(rf"/r/{token}/done(#.*)?$"))
    assert count(Response) == 1
    assert not problems, "axe-core found violations:\n" + "\n".join(problems)


def test_the_page_after_a_refused_one_opens_at_its_top(phone: Page):
    """The link to the button puts its id in the address, which the browser keeps when the
    button sends the form: the next page has no button with that id, so it opens at the top,
    with its question in view, not scrolled to its Continue button."""
    token = create_link().token
    phone.goto(f"/r/{token}/how-you-were-treated")
    phone.locator("input[name='satisfaction'][value='satisfied']").check()
    autofill_hidden_box(phone)
    phone.get_by_role("button", name="Continue").click()
    link = phone.locator(".govuk-error-summary").get_by_role("link", name=REFUSED)
    link.click()
    continue_button = phone.get_by_role("button", name="Continue")
    expect(continue_button).to_be_focused()
    expect(phone.locator("input[name='satisfaction'][value='satisfied']")).to_be_checked()
    phone.keyboard.press("Enter")

    expect(phone).to_have_url(re.compile(rf"/r/{token}/in-your-own-words(#.*)?$"))
    expect(phone.get_by_role("heading", level=1)).to_be_in_viewport()
    assert phone.evaluate("window.scrollY") == 0
    expect(phone.locator("#form-button")).to_have_count(0)
