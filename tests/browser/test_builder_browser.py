"""An admin makes a survey in the builder in a real Chromium, tries it, publishes it; a
respondent answers it end to end and it appears in the results. axe-core checks every builder
page and every page of the new survey on the way.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

import json
import re

import pytest
from flask import current_app
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.services import builder
from models import DraftTestJourney, QuestionNotShown, Response, Role, Survey, db
from tests.browser.accessibility import AccessibilityLog
from tests.browser.conftest import PHONE
from tests.browser.layout import boxes_when_still
from tests.browser.signing_in import sign_in
from tests.factories import create_link
from tests.staff import create_user

pytestmark = pytest.mark.browser

SLUG = "scrutiny-panel"
TITLE = "Scrutiny panel: your views"


def _add_question(phone: Page, text: str, key: str, kind: str, **extra) -> None:
    phone.get_by_label("Question in English").fill(text)
    phone.get_by_label("Question key").fill(key)
    phone.get_by_role("radio", name=kind).check()
    if "max_length" in extra:
        phone.get_by_label("Longest answer").fill(extra["max_length"])
    for answer in extra.get("condition", []):
        phone.get_by_label(answer).check()
    phone.get_by_label("No", exact=True).check()
    phone.get_by_role("button", name="Save the question").click()


def test_an_admin_builds_a_survey_that_a_respondent_answers(phone: Page):
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")

    phone.goto("/admin/surveys/")
    expect(phone.get_by_role("heading", name="Surveys")).to_be_visible()
    axe.scan("survey list")
    phone.get_by_role("button", name="Create a survey").click()
    axe.scan("create a survey")
    phone.get_by_role("button", name="Save and continue").click()
    expect(phone.locator(".govuk-error-summary")).to_be_focused()
    axe.scan("create a survey with errors")

    phone.get_by_label("Short name").fill(SLUG)
    phone.get_by_label("Title in English").fill(TITLE)
    phone.get_by_label("Title in Welsh").fill("Panel craffu: eich barn")
    phone.get_by_label("Introduction in English").fill(
        "Tell us how the panel meeting went.\n\nIt takes 2 minutes and is anonymous."
    )
    phone.get_by_label("Members of the public").check()
    phone.get_by_label("A standing code", exact=False).check()
    phone.get_by_label("Yes, ask ethnicity", exact=False).check()
    phone.get_by_role("button", name="Save and continue").click()
    expect(phone).to_have_url(re.compile(f"/admin/surveys/{SLUG}$"))
    axe.scan("draft summary, empty")

    phone.get_by_role("button", name="Add a page").click()
    phone.get_by_label("Page key").fill("the-meeting")
    phone.get_by_label("Page title in English").fill("The meeting")
    axe.scan("add a page")
    phone.get_by_role("button", name="Save and add a question").click()
    axe.scan("add a question")
    _add_question(
        phone,
        "Did the panel see the footage it asked for?",
        "saw_footage",
        "A scale: Yes / No / Not sure",
    )

    phone.get_by_role("button", name="Add a page").click()
    phone.get_by_label("Page key").fill("what-was-missing")
    phone.get_by_label("Page title in English").fill("What was missing")
    phone.get_by_label("Did the panel see the footage it asked for?: No", exact=True).check()
    phone.get_by_role("button", name="Save and add a question").click()
    phone.get_by_role("button", name="Save the question").click()
    expect(phone.locator(".govuk-error-summary")).to_be_focused()
    axe.scan("add a question with errors")
    _add_question(
        phone, "What footage was missing?", "missing_footage", "Free text", max_length="500"
    )
    expect(
        phone.get_by_text(
            "Shown only to people who answered “Did the panel see the footage it asked for?” "
            "with No"
        )
    ).to_be_visible()
    axe.scan("draft summary, two pages")

    # Try the draft: the respondent's pages; the answers held server-side until the end.
    phone.get_by_role("link", name="Try this draft as a respondent").click()
    axe.scan("try: start")
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_label("No", exact=True).check()
    axe.scan("try: question page")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_label("What footage was missing?")).to_be_visible()
    phone.get_by_label("What footage was missing?").fill("The second officer's camera")
    phone.get_by_role("button", name="Continue").click()
    while "/check" not in phone.url:
        phone.get_by_role("button", name="Continue").click()
    axe.scan("try: check your answers")
    phone.get_by_role("button", name="Send answers").click()
    expect(
        phone.get_by_role("heading", name="Test finished: your answers were not kept")
    ).to_be_visible()
    axe.scan("try: finished")
    db.session.expire_all()
    assert db.session.scalars(select(Response)).all() == []

    phone.get_by_role("link", name="Back to the survey").click()
    # Publishing asks first, saying what will happen; Cancel leaves the draft as it is.
    phone.get_by_role("button", name="Publish").click()
    expect(
        phone.get_by_role("heading", name="Are you sure you want to publish version 1?")
    ).to_be_visible()
    axe.scan("publish: are you sure?")
    phone.get_by_role("link", name="Cancel").click()
    expect(phone).to_have_url(re.compile(f"/admin/surveys/{SLUG}$"))
    assert db.session.scalars(select(Survey).where(Survey.slug == SLUG)).first() is None
    phone.get_by_role("button", name="Publish").click()
    phone.get_by_role("button", name="Publish version 1").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Version 1 is published")
    axe.scan("published survey")

    # A respondent answers it through a link, in their own browser context.
    phone.context.clear_cookies()
    link = create_link(SLUG)
    phone.goto(f"/r/{link.token}")
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    axe.scan("new survey: start")
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_label("Yes", exact=True).check()
    axe.scan("new survey: question")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text("What footage was missing?")).to_have_count(0)
    expect(phone).to_have_url(re.compile(r"/ethnic-group$"))
    axe.scan("new survey: equality")
    while "/check" not in phone.url:
        phone.get_by_role("button", name="Continue").click()
    axe.scan("new survey: check your answers")
    phone.get_by_role("button", name="Send answers").click()
    expect(phone.get_by_text("Thank you, your answers have been sent")).to_be_visible()
    axe.scan("new survey: sent")

    db.session.expire_all()
    survey = db.session.scalar(select(Survey).where(Survey.slug == SLUG))
    response = db.session.scalars(select(Response)).one()
    assert response.survey_id == survey.id
    hidden = db.session.scalars(select(QuestionNotShown.question_key)).all()
    assert hidden == ["missing_footage"]

    # It appears in the results, with everyone else's surveys.
    sign_in(phone, "admin@example.org")
    phone.goto("/results/")
    expect(phone.get_by_role("link", name=TITLE)).to_be_visible()
    axe.scan("results overview")
    phone.goto(f"/results/{SLUG}")
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    axe.scan("new survey results")
    axe.assert_clean()


OWN_CHOICE_SURVEY = {
    "slug": "training-feedback",
    "audience": "staff",
    "equality": True,
    "link_defaults": {"kind": "event", "single_use": False},
    "title": {"en": "Training: your feedback", "cy": "Hyfforddiant: eich adborth"},
    "intro": {"en": ["Tell us how the training went."]},
    "pages": [
        {
            "key": "the-training",
            "title": {"en": "The training"},
            "questions": [
                {
                    "key": "pace",
                    "type": "choice",
                    "required": True,
                    "text": {"en": "How was the pace?", "cy": "Sut oedd y cyflymder?"},
                    "options": [
                        {"code": "about_right", "label": {"en": "About right"}},
                        {"code": "too_fast", "label": {"en": "Too fast"}},
                        {"code": "too_slow", "label": {"en": "Too slow"}},
                    ],
                }
            ],
        },
        {
            "key": "what-to-change",
            "title": {"en": "What to change"},
            "show_if": {"question": "pace", "in": ["too_fast", "too_slow"]},
            "questions": [
                {
                    "key": "change",
                    "type": "text",
                    "max_length": 500,
                    "text": {"en": "What should we change?"},
                }
            ],
        },
    ],
}


def test_colleagues_try_a_draft_through_a_test_link(
    phone: Page, chromium: Browser, live_server: str
):
    builder.import_source(json.dumps(OWN_CHOICE_SURVEY))
    slug = OWN_CHOICE_SURVEY["slug"]
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")

    # Favourable answers of the admin's own single-choice question.
    phone.goto(f"/admin/surveys/{slug}/pages/the-training/questions/pace")
    expect(
        phone.get_by_role("group", name=re.compile("Answers that count as favourable"))
    ).to_be_visible()
    axe.scan("change a question: favourable answers")
    phone.get_by_role("checkbox", name="About right").check()
    phone.get_by_role("button", name="Save the question").click()
    expect(phone.get_by_text("Favourable in results: About right")).to_be_visible()

    phone.get_by_role("button", name="Make a test link").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Test link made")
    axe.scan("draft summary with a test link")
    address = phone.locator("code.app-test-link").inner_text()
    # The address the service is published at, like the codes on cards.
    found = re.fullmatch(r"(https?://[^/]+)(/test/[0-9a-z]{26})", address)
    assert found and found.group(1) == current_app.config["PUBLIC_BASE_URL"], address
    address = live_server + found.group(2)

    # A colleague opens it in their own browser, not signed in.
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(10_000)
    colleague = context.new_page()
    seen = AccessibilityLog(colleague)
    banner = "This is a test of a draft survey"
    colleague.goto(address)
    expect(colleague.get_by_role("heading", name="Training: your feedback")).to_be_visible()
    expect(colleague.get_by_text(banner)).to_be_visible()
    seen.scan("test link: start")
    colleague.get_by_role("button", name="Start now").click()
    colleague.get_by_role("button", name="Continue").click()
    expect(colleague.locator(".govuk-error-summary")).to_be_focused()
    seen.scan("test link: question with errors")
    colleague.get_by_label("Too fast").check()
    colleague.get_by_role("button", name="Continue").click()
    colleague.get_by_label("What should we change?").fill("Fewer slides, more discussion")
    expect(colleague.get_by_text(banner)).to_be_visible()
    seen.scan("test link: free text")
    colleague.get_by_role("button", name="Continue").click()
    while "/check" not in colleague.url:
        expect(colleague.get_by_text(banner)).to_be_visible()
        colleague.get_by_role("button", name="Continue").click()
    expect(colleague.get_by_text("Fewer slides, more discussion")).to_be_visible()
    seen.scan("test link: check your answers")
    colleague.get_by_role("button", name="Send answers").click()
    expect(
        colleague.get_by_role("heading", name="Test finished: your answers were not kept")
    ).to_be_visible()
    seen.scan("test link: finished")

    # Skipping the required question, as a respondent is, the colleague is told to answer it.
    colleague.goto(address + "/ethnic-group")
    while "/check" not in colleague.url:
        colleague.get_by_role("button", name="Continue").click()
    expect(colleague.locator(".govuk-notification-banner")).to_contain_text(
        "You need to answer this question before you send your answers"
    )
    seen.scan("test link: check your answers with one missing")
    colleague.get_by_role("button", name="Send answers").click()
    summary = colleague.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    seen.scan("test link: sent with one missing")
    summary.get_by_role("link", name="Select an answer to “How was the pace?”").click()
    colleague.get_by_label("About right").check()
    colleague.get_by_role("button", name="Continue").click()
    expect(colleague).to_have_url(re.compile(r"/check$"))
    expect(colleague.locator(".govuk-notification-banner")).to_have_count(0)
    colleague.get_by_role("button", name="Send answers").click()
    expect(
        colleague.get_by_role("heading", name="Test finished: your answers were not kept")
    ).to_be_visible()
    colleague.goto(address + "?lang=cy")
    expect(colleague.get_by_text("Prawf o arolwg drafft yw hwn")).to_be_visible()
    seen.scan("test link: start in Welsh")

    # The admin cancels the link; the colleague is told so.
    phone.reload()
    phone.get_by_role("button", name=re.compile("^Cancel this link")).click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Test link cancelled")
    expect(phone.locator("code.app-test-link")).to_have_count(0)
    axe.scan("draft summary after cancelling its test link")
    colleague.goto(address + "?lang=en")
    expect(
        colleague.get_by_role("heading", name="This test link has been cancelled")
    ).to_be_visible()
    seen.scan("test link: cancelled")
    context.close()

    db.session.expire_all()
    assert db.session.scalars(select(Response)).all() == []
    assert db.session.scalars(select(DraftTestJourney)).all() == []
    axe.assert_clean()
    seen.assert_clean()


def test_removing_and_discarding_ask_first_then_say_what_went(phone: Page):
    builder.import_source(json.dumps(OWN_CHOICE_SURVEY))
    slug = OWN_CHOICE_SURVEY["slug"]
    create_user(Role.ADMIN, "admin@example.org")
    axe = AccessibilityLog(phone)
    sign_in(phone, "admin@example.org")
    phone.goto(f"/admin/surveys/{slug}")
    success = phone.locator(".govuk-notification-banner--success")

    # Buttons in a group line up, whether or not a button sits in a form of its own.
    page_one = phone.get_by_role("region", name=re.compile("^Page 1"))
    page_buttons = [
        page_one.get_by_role("button", name="Move down page 1"),
        page_one.get_by_role("button", name="Remove page 1"),
    ]
    last_buttons = [
        phone.get_by_role("button", name="Publish"),
        phone.get_by_role("button", name="Discard the draft"),
    ]
    # On a phone they stack, each as wide as the column.
    for group in (page_buttons, last_buttons):
        widths = {box["width"] for box in boxes_when_still(phone, group)}
        assert len(widths) == 1, widths
    phone.set_viewport_size({"width": 1024, "height": 900})
    for group in (page_buttons, last_buttons):
        tops = [box["top"] for box in boxes_when_still(phone, group)]
        assert max(tops) - min(tops) <= 2, tops
    phone.set_viewport_size(PHONE)

    phone.get_by_role("link", name="Remove What should we change?").click()
    expect(
        phone.get_by_role("heading", name="Are you sure you want to remove this question?")
    ).to_be_visible()
    axe.scan("remove a question: are you sure?")
    phone.get_by_role("link", name="Cancel").click()
    expect(phone).to_have_url(re.compile(f"/admin/surveys/{slug}$"))
    expect(phone.get_by_role("term").filter(has_text="What should we change?")).to_be_visible()
    phone.get_by_role("link", name="Remove What should we change?").click()
    phone.get_by_role("button", name="Remove the question").click()
    expect(success).to_contain_text("The question “What should we change?” has been removed.")
    expect(phone.get_by_text("No questions yet")).to_be_visible()
    axe.scan("draft summary after removing a question")

    phone.get_by_role("button", name="Remove page 2").click()
    expect(
        phone.get_by_role("heading", name="Are you sure you want to remove this page?")
    ).to_be_visible()
    axe.scan("remove a page: are you sure?")
    phone.get_by_role("button", name="Remove the page").click()
    expect(success).to_contain_text("Page 2: What to change has been removed.")
    expect(phone.get_by_role("heading", name=re.compile("^Page 2"))).to_have_count(0)

    phone.get_by_role("button", name="Discard the draft").click()
    expect(
        phone.get_by_role("heading", name="Are you sure you want to discard this draft?")
    ).to_be_visible()
    axe.scan("discard a draft: are you sure?")
    phone.get_by_role("button", name="Discard the draft").click()
    expect(phone).to_have_url(re.compile("/admin/surveys/$"))
    expect(success).to_contain_text("The draft of Training: your feedback has been discarded.")
    axe.scan("survey list after discarding a draft")
    assert builder.get_draft(slug) is None
    axe.assert_clean()
