"""The bot checks in a real Chromium: the hidden box is out of everyone's way, and a person whose
browser filled it in anyway is told clearly, keeps their answers and sends them again at once.
axe-core checks the refusal page as well as the pages around it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from models import Journey, Response, db
from tests.browser.accessibility import AXE
from tests.factories import create_link

pytestmark = pytest.mark.browser


REFUSED = "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
REFUSED_SEND = "Sorry, we could not send your answers. Press “Send answers” again."
# On the code box and the withdrawal page, which carry no answers to check.
REFUSED_CODE = "Sorry, we could not accept that. Press the button again."


def violations(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    return [
        f"{page.url}: {v['id']} [{v['impact']}] {v['help']}: "
        + "; ".join(", ".join(map(str, node["target"])) for node in v["nodes"])
        for v in AXE.run(page).response["violations"]
    ]


def count(model) -> int:
    db.session.rollback()  # see what the live server committed through its own connection
    return db.session.scalar(select(func.count()).select_from(model))


def autofill_hidden_box(page: Page) -> None:
    """What an over-eager autofill (or a bot) does: fill the box nobody can see."""
    page.locator("input[name='your-website']").evaluate("box => { box.value = 'example.org' }")


def test_the_hidden_box_cannot_be_seen_reached_or_read_out(phone: Page):
    token = create_link().token
    phone.goto(f"/r/{token}/what-you-were-told")
    box = phone.locator("input[name='your-website']")
    expect(box).to_be_hidden()
    expect(box).to_have_attribute("tabindex", "-1")
    # Tabbing through the whole page never lands on it.
    focused = set()
    for _ in range(40):
        phone.keyboard.press("Tab")
        focused.add(phone.evaluate("document.activeElement && document.activeElement.name"))
    assert "told_grounds" in focused and "your-website" not in focused
    # Nor is it in the accessibility tree that screen readers read.
    tree = phone.locator("main").aria_snapshot()
    assert "Did the officer tell you why you were searched?" in tree
    assert "Leave this box empty" not in tree


def test_a_person_whose_browser_filled_the_box_sends_again_at_once(phone: Page):
    token = create_link().token
    problems: list[str] = []

    phone.goto(f"/r/{token}/what-you-were-told")
    phone.locator("input[name='told_grounds'][value='yes']").check()
    autofill_hidden_box(phone)
    phone.get_by_role("button", name="Continue").click()

    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_contain_text(REFUSED)
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to it, for screen readers
    expect(phone).to_have_title(re.compile(r"^Error: "))
    expect(phone.locator("input[name='told_grounds'][value='yes']")).to_be_checked()
    expect(phone.locator("input[name='your-website']")).to_have_value("")
    problems += violations(phone)
    assert count(Journey) == 0

    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/during-the-search$"))
    # The rest of the survey, answering only the one question that must be answered.
    for _ in range(20):
        if phone.url.endswith("/check"):
            break
        required = phone.locator("input[name='satisfaction'][value='satisfied']")
        if required.count():
            required.check()
        here = phone.url
        phone.get_by_role("button", name="Continue").click()
        expect(phone).not_to_have_url(here)

    autofill_hidden_box(phone)
    phone.get_by_role("button", name="Send answers").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(REFUSED_SEND)
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    problems += violations(phone)
    assert count(Response) == 0

    phone.get_by_role("button", name="Send answers").click()
    expect(phone.locator(".govuk-panel__title")).to_have_text(
        "Thank you, your answers have been sent"
    )
    assert count(Response) == 1
    assert not problems, "axe-core found violations:\n" + "\n".join(problems)


def test_a_code_refused_in_the_code_box_goes_through_when_enter_is_pressed_again(phone: Page):
    token = create_link().token
    phone.goto("/r")
    phone.get_by_label("Code").fill(token)
    autofill_hidden_box(phone)
    phone.get_by_label("Code").press("Enter")

    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_contain_text(REFUSED_CODE)
    expect(summary).not_to_contain_text("answers")
    expect(summary).to_be_focused()
    expect(phone.get_by_label("Code")).to_have_value(token)
    problems = violations(phone)

    phone.get_by_label("Code").press("Enter")
    expect(phone).to_have_url(re.compile(rf"/r/{token}$"))
    assert not problems, "axe-core found violations:\n" + "\n".join(problems)
