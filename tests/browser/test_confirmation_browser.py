"""In Chromium: check your answers has a Back link, and says which required answers are
missing; the confirmation page shows the withdrawal code and what the answers asked about once,
and not again on Back, refresh or the link reopened (in the language chosen then); the scrutiny
panel follow-up is a link that reads as words. axe-core checks each new state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import AccessibilityLog
from tests.browser.test_journeys import STOP_SEARCH, continue_, give, on_page
from tests.factories import create_link

pytestmark = pytest.mark.browser

PAGES = {**STOP_SEARCH.pages, "community-panel": {"scrutiny_interest": "yes"}}
PANEL_LINK = "Find out more about the scrutiny panel, or join it"
SHOWN_ONCE = "For your privacy, we showed your withdrawal code only once"
ASKED_SHOWN_ONCE = "For your privacy, if you asked us about anything in your answers"
ASKED_SHOWN_ONCE_CY = "os gwnaethoch ofyn i ni am unrhyw beth yn eich atebion"


def expect_code_not_shown(page: Page, token: str, code: str) -> None:
    on_page(page, token, "done")
    expect(page.locator(".govuk-panel__title")).to_have_text(
        re.compile("Thank you, your answers have been sent|Diolch, mae eich atebion")
    )
    expect(page.locator("#withdrawal-code")).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text(code)


def test_back_from_check_answers_and_the_code_shown_only_once(phone: Page):
    token = create_link("stop-search").token
    axe = AccessibilityLog(phone)
    phone.goto(f"/r/{token}")
    phone.get_by_role("button", name="Start now").click()
    for key, answers in PAGES.items():
        on_page(phone, token, key)
        give(phone, answers)
        continue_(phone)

    on_page(phone, token, "check")
    axe.scan("check answers")
    phone.get_by_role("link", name="Back", exact=True).click()
    on_page(phone, token, "identity")
    expect(
        phone.locator("input[name='sexual_orientation'][value='prefer_not_to_say']")
    ).to_be_checked()
    continue_(phone)
    on_page(phone, token, "check")
    phone.get_by_role("button", name="Send answers").click()

    on_page(phone, token, "done")
    code = phone.locator("#withdrawal-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code
    main = phone.get_by_role("main")
    expect(main).to_contain_text(
        "The stop and search scrutiny panel is the community panel that reviews searches"
    )
    panel = main.get_by_role("link", name=f"{PANEL_LINK} (opens in new tab)")
    expect(panel).to_have_attribute("href", "/about/scrutiny-panel")
    axe.scan("confirmation")

    # Following a link while the code is shown leaves it on screen: the link opens a new tab.
    with phone.expect_popup() as opened:
        panel.click()
    expect(opened.value.get_by_role("heading", level=1)).to_have_text(
        "Stop and search scrutiny panel"
    )
    opened.value.close()
    expect(phone.locator("#withdrawal-code")).to_have_text(code)

    # Away and Back, as someone else picking up the phone might.
    phone.goto("/withdraw")
    expect(phone).to_have_url(re.compile(r"/withdraw$"))
    phone.go_back()
    expect_code_not_shown(phone, token, code)
    expect(main).to_contain_text(SHOWN_ONCE)
    expect(main).to_contain_text(ASKED_SHOWN_ONCE)
    expect(main.get_by_role("link", name=PANEL_LINK)).to_have_count(0)
    expect(main.get_by_role("link", name="Withdraw your answers")).to_be_visible()
    axe.scan("confirmation seen again")

    phone.reload()
    expect_code_not_shown(phone, token, code)

    # The link reopened, in Welsh: the confirmation page, in Welsh, still without the code.
    phone.goto(f"/r/{token}?lang=cy")
    expect_code_not_shown(phone, token, code)
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.get_by_role("heading", level=2).first).to_have_text("Eich cod tynnu'n ôl")
    # What they asked about was shown once too: the page says so, in the language chosen now.
    expect(phone.get_by_role("main")).to_contain_text(ASKED_SHOWN_ONCE_CY)
    expect(phone.get_by_role("link", name="Dysgwch fwy am y panel craffu")).to_have_count(0)

    # The code read the first time still withdraws the answers.
    phone.goto("/withdraw?lang=en")
    phone.get_by_label("Withdrawal code").fill(code)
    phone.get_by_role("button", name="Withdraw my answers").click()
    expect(phone.locator(".govuk-panel__title")).to_have_text("Your answers have been withdrawn")
    axe.assert_clean()


def test_check_answers_with_required_answers_missing(phone: Page):
    token = create_link("say-to-stay").token
    axe = AccessibilityLog(phone)
    phone.goto(f"/r/{token}/at-work")
    give(phone, {"valued": "agree"})
    continue_(phone)
    phone.goto(f"/r/{token}/check")

    banner = phone.get_by_role("region", name="Important")
    expect(banner).to_contain_text(
        "You need to answer these questions before you send your answers"
    )
    expect(banner.get_by_role("link")).to_have_text(
        ["What is your role?", "Where are you in your thinking?"]
    )
    missing = "Not answered – you need to answer this question"
    expect(phone.locator(".govuk-summary-list__value", has_text=missing)).to_have_count(2)
    axe.scan("check answers, answers missing")

    phone.get_by_role("button", name="Send answers").click()
    on_page(phone, token, "check")
    expect(phone).to_have_title(re.compile(r"^Error: "))
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to it
    expect(summary.get_by_role("link")).to_have_text(
        ["Select your role", "Select where you are in your thinking"]
    )
    expect(phone.get_by_role("main")).to_contain_text("Agree")  # nothing lost
    axe.scan("check answers, sent with answers missing")

    summary.get_by_role("link", name="Select your role").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/about-your-role\?change=1$"))
    give(phone, {"role": "police_staff", "stage": "not_planning"})
    continue_(phone)
    on_page(phone, token, "check")
    expect(phone.get_by_role("region", name="Important")).to_have_count(0)
    expect(phone.get_by_role("main")).not_to_contain_text(missing)
    phone.get_by_role("button", name="Send answers").click()
    on_page(phone, token, "done")
    axe.assert_clean()


# Where each of the withdrawal code's groups of four sits, and whether any is split over lines.
CODE_LINES = """() => {
  const groups = [...document.querySelectorAll('#withdrawal-code .app-withdrawal-code__group')];
  return {
    tops: [...new Set(groups.map(g => Math.round(g.getBoundingClientRect().top)))].length,
    split: groups.filter(g => g.getClientRects().length > 1).length,
    overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  };
}"""


def test_the_withdrawal_code_is_on_one_line_of_a_small_phone(phone: Page):
    token = create_link("stop-search").token
    phone.set_viewport_size({"width": 320, "height": 740})
    phone.goto(f"/r/{token}/how-you-were-treated")
    give(phone, {"satisfaction": "dissatisfied"})
    continue_(phone)
    phone.goto(f"/r/{token}/check")
    phone.get_by_role("button", name="Send answers").click()
    on_page(phone, token, "done")

    code = phone.locator("#withdrawal-code")
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code.inner_text().strip())
    assert phone.evaluate(CODE_LINES) == {"tops": 1, "split": 0, "overflow": False}

    # Zoomed in (a screen half as wide), it breaks between groups and never inside one.
    phone.set_viewport_size({"width": 160, "height": 740})
    lines = phone.evaluate(CODE_LINES)
    assert lines["tops"] > 1 and lines["split"] == 0


def test_the_conversation_note_is_shown_once_and_kept_through_the_language_button(phone: Page):
    # Say to Stay on a shared station PC: the next person must not find the note.
    axe = AccessibilityLog(phone)
    token = create_link("say-to-stay").token
    phone.goto(f"/r/{token}/about-your-role")
    give(phone, {"role": "police_officer", "stage": "thinking"})
    continue_(phone)
    phone.goto(f"/r/{token}/a-conversation")
    give(phone, {"conversation": "yes"})
    continue_(phone)
    phone.goto(f"/r/{token}/check")
    phone.get_by_role("button", name="Send answers").click()
    on_page(phone, token, "done")
    main = phone.get_by_role("main")
    expect(main.get_by_role("link", name="saytostay@example.org")).to_be_visible()

    phone.get_by_role("button", name="Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(main).to_contain_text("E-bostiwch dîm annibynnol Dweud i Aros")
    expect(main.get_by_role("link", name="saytostay@example.org")).to_be_visible()
    axe.scan("confirmation, in Welsh, with the conversation note still shown")

    phone.goto(f"/r/{token}/done")  # opened again, from the history, say
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(main).not_to_contain_text("saytostay@example.org")
    expect(main).to_contain_text(ASKED_SHOWN_ONCE_CY)
    axe.scan("confirmation seen again, in Welsh")
    axe.assert_clean()
