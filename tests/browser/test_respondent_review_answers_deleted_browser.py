"""Coming back the next day, in a real Chromium at phone size, to a stop and search survey left
open on a question page: the answers given were deleted unsent in the night. Pressing Continue
says so and offers to start again, instead of going on as if nothing had happened; the page
passes axe-core and can be used with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, func, select

from models import Journey, db
from tests.browser.test_bot_check_browser import violations
from tests.factories import create_link

pytestmark = pytest.mark.browser


def journeys() -> int:
    db.session.rollback()  # see what the live server committed through its own connection
    return db.session.scalar(select(func.count()).select_from(Journey))


def test_answers_deleted_overnight_are_said_to_be_and_the_survey_starts_again(phone: Page):
    token = create_link().token
    phone.goto(f"/r/{token}")
    phone.get_by_role("button", name="Start now").click()
    phone.locator("input[name='told_grounds'][value='no']").check()
    phone.wait_for_timeout(100)
    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/during-the-search$"))
    assert journeys() == 1

    # The night: the answers, never sent, are deleted as their time is up.
    db.session.execute(delete(Journey))
    db.session.commit()

    # The next morning, on the page still open.
    phone.locator("input[name='bwv_on'][value='yes']").check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your answers have been deleted")
    expect(phone).to_have_title(re.compile(r"^Your answers have been deleted – "))
    expect(phone.locator("main")).to_contain_text("Yours were not sent, so they will not be used.")
    assert journeys() == 0
    assert violations(phone) == []

    # The keyboard alone reaches "Start again", which starts afresh.
    start_again = phone.get_by_role("button", name="Start again")
    for _ in range(10):
        phone.keyboard.press("Tab")
        if start_again.evaluate("element => element === document.activeElement"):
            break
    expect(start_again).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(rf"/r/{token}$"))
    expect(phone.get_by_role("button", name="Start now")).to_be_visible()
    phone.get_by_role("button", name="Start now").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/what-you-were-told$"))
    expect(phone.locator("input[name='told_grounds'][value='no']")).not_to_be_checked()
