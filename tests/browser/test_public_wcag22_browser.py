"""The respondent's pages against WCAG 2.2 AA on a phone, in a real Chromium: a question's long
words break rather than push the page sideways on a phone zoomed in (1.4.10, 1.4.4), and survey
text that a survey has no Welsh for is marked as English on a Welsh page (3.1.2)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from app.services import builder, builder_publish
from tests.app.test_builder_import import HATE_CRIME
from tests.browser.test_public_zoom_browser import WIDER_THAN_THE_PAGE, ZOOMED
from tests.factories import create_link

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("page_key", "language", "longest_word"),
    [
        ("at-work", "en", "discrimination,"),
        ("at-work", "cy", "gwahaniaethu,"),
        ("health-impact", "cy", "gweithgareddau"),
    ],
)
def test_a_question_s_long_words_break_rather_than_push_the_page_sideways(
    phone: Page, page_key: str, language: str, longest_word: str
):
    """A question is a fieldset's legend, which GOV.UK Frontend lays out as a table: no narrower
    than its longest word, however the words may break, so on a phone zoomed in to 200% a long
    word in a question made the whole page scroll sideways."""
    token = create_link("say-to-stay").token
    if page_key == "health-impact":  # asked only of someone with a condition
        phone.goto(f"/r/{token}/health")
        phone.locator("input[name='long_term_condition'][value='yes']").check()
        phone.locator("form#page-answers button.govuk-button").click()
        expect(phone).to_have_url(re.compile(r"/health-impact$"))
    phone.set_viewport_size(ZOOMED)
    phone.goto(f"/r/{token}/{page_key}?lang={language}")
    expect(phone.locator("legend").filter(has_text=longest_word)).to_have_count(1)
    assert phone.evaluate(WIDER_THAN_THE_PAGE) is None


#: A survey made in the builder with some of its Welsh left out, as the builder allows: the
#: introduction, two page titles, a question, a hint and an option are in English only.
PART_WELSH = {
    **HATE_CRIME,
    "pages": [
        {
            **HATE_CRIME["pages"][0],
            "questions": [
                *HATE_CRIME["pages"][0]["questions"],
                {
                    "key": "reported_how",
                    "type": "choice",
                    "required": False,
                    "text": {"en": "How did you report it?", "cy": "Sut wnaethoch chi riportio?"},
                    "hint": {"en": "The first way you used"},
                    "options": [
                        {"code": "phone", "label": {"en": "By phone"}},
                        {"code": "online", "label": {"en": "Online", "cy": "Ar-lein"}},
                    ],
                },
            ],
        },
        HATE_CRIME["pages"][1],
    ],
    "equality": False,
}


def marked_english(page: Page) -> list[str]:
    """The texts of the main content marked as English, in order."""
    return [text.strip() for text in page.locator("main [lang='en']").all_inner_texts()]


@pytest.fixture
def part_welsh_link() -> str:
    builder.import_source(json.dumps(PART_WELSH))
    builder_publish.publish(PART_WELSH["slug"])
    return create_link(PART_WELSH["slug"]).token


def test_survey_text_without_welsh_is_marked_as_english_on_welsh_pages(
    phone: Page, part_welsh_link: str
):
    """On a Welsh page, English words read with Welsh sounds make little sense to a screen
    reader's listener: the survey's text that it has no Welsh for is marked lang="en", and its
    Welsh, and everything the service itself says, is not."""
    token = part_welsh_link
    phone.goto(f"/r/{token}?lang=cy")
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Troseddau casineb: sut wnaethon ni?"
    )
    assert marked_english(phone) == ["Tell us how we dealt with your report."]

    phone.get_by_role("button", name="Dechrau nawr").click()
    expect(phone).to_have_url(re.compile(r"/your-report$"))
    assert marked_english(phone) == ["Your report", "The first way you used", "By phone"]
    expect(phone.get_by_role("group", name="Sut wnaethoch chi riportio?")).to_be_visible()
    expect(phone.get_by_label("By phone")).to_have_attribute("value", "phone")
    phone.get_by_label("Na", exact=True).check()
    phone.get_by_label("By phone").check()
    phone.get_by_role("button", name="Parhau").click()

    expect(phone).to_have_url(re.compile(r"/what-would-help$"))
    assert marked_english(phone) == [
        "What would have helped",
        "What would have helped you feel informed?",
    ]
    typed = "<b>A phone call</b>"
    phone.get_by_label("What would have helped you feel informed?").fill(typed)
    phone.get_by_role("button", name="Parhau").click()

    expect(phone).to_have_url(re.compile(r"/check$"))
    # "Sut wnaethoch chi riportio?" has its Welsh: only its answer is marked.
    assert marked_english(phone) == [
        "Your report",
        "By phone",
        "What would have helped",
        "What would have helped you feel informed?",
    ]
    expect(phone.get_by_role("main")).to_contain_text(typed)  # as typed, never as markup
    expect(phone.locator("main b")).to_have_count(0)

    # In English nothing is marked: the whole page is English.
    phone.goto(f"/r/{token}/your-report?lang=en")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert marked_english(phone) == []
