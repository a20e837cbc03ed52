"""The public You said, we did page in Welsh, with one action in Welsh and one only in English
(marked lang="en"), passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.services import actions, surveys
from tests.browser.accessibility import AccessibilityLog

pytestmark = pytest.mark.browser


def test_a_welsh_reader_gets_welsh_actions_and_english_ones_marked_as_english(phone: Page):
    survey = surveys.get_survey("stop-search")
    welsh = actions.ActionInput(
        you_said="Officers did not say why.",
        we_did="Training on the grounds.",
        you_said_cy="Ni ddywedodd swyddogion pam.",
        we_did_cy="Hyfforddiant ar y sail.",
        status="done",
    )
    english = actions.ActionInput(
        you_said="Searches took too long.", we_did="Shorter searches.", status="planned"
    )
    for made in (welsh, english):
        actions.set_published(actions.create(survey, made, None), True)
    axe = AccessibilityLog(phone)
    phone.goto("/you-said-we-did?lang=cy")
    main = phone.get_by_role("main")
    expect(main).to_contain_text("Ni ddywedodd swyddogion pam.")
    expect(main).not_to_contain_text("Officers did not say why.")
    expect(phone.locator("dd[lang='en']").first).to_contain_text("Searches took too long.")
    expect(main).to_contain_text("Yn Saesneg yn unig")
    axe.scan("you said, we did, in Welsh")
    axe.assert_clean()
