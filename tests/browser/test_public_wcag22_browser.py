"""The respondent's pages against WCAG 2.2 AA on a phone, in a real Chromium: a question's long
words break rather than push the page sideways on a phone zoomed in (1.4.10, 1.4.4); survey text
that a survey has no Welsh for is marked as English on a Welsh page (3.1.2); a whole survey is
answered with the keyboard alone at 400% zoom, the focus always in sight (2.1.1, 2.4.3, 2.4.11,
3.3.1); and text spacing cuts nothing off (1.4.12)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from app.services import builder, builder_publish
from tests.app.test_builder_import import HATE_CRIME
from tests.browser.test_journeys import SAY_TO_STAY, assert_stored_as_given, stored_responses
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
#: introduction, two page titles, two questions, a hint and an option are in English only. Both
#: questions of its first page must be answered.
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
                    "required": True,
                    "text": {"en": "How did you report it?"},
                    "hint": {"en": "The first way you used"},
                    "options": [
                        {"code": "phone", "label": {"en": "By phone"}},
                        {"code": "online", "label": {"en": "Online", "cy": "Ar-lein"}},
                    ],
                },
            ],
        },
        HATE_CRIME["pages"][1],
        {
            "key": "anything-else",
            "title": {"en": "Anything else", "cy": "Unrhyw beth arall"},
            "questions": [
                {
                    "key": "anything_else",
                    "type": "text",
                    "required": False,
                    "text": {"en": "Anything else?", "cy": "Unrhyw beth arall?"},
                }
            ],
        },
    ],
    "equality": False,
}


def marked_english(page: Page) -> list[str]:
    """The texts of the main content marked as English, in order, once the page has loaded (a
    URL already changed may still show the page before it, or none of the new one)."""
    page.wait_for_load_state("load")
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
    assert marked_english(phone) == [
        "Your report",
        "How did you report it?",
        "The first way you used",
        "By phone",
    ]
    expect(phone.get_by_role("group", name="A gawsoch wybod?")).to_be_visible()
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

    expect(phone).to_have_url(re.compile(r"/anything-else$"))
    assert marked_english(phone) == []
    phone.get_by_role("button", name="Parhau").click()

    expect(phone).to_have_url(re.compile(r"/check$"))
    # "A gawsoch wybod?" has its Welsh, and is not marked. A question without is marked twice:
    # as the row's key, and in its link, "Newid" ("Change") and the question for screen
    # readers; "By phone" is an answer chosen.
    assert marked_english(phone) == [
        "Your report",
        "How did you report it?",
        "By phone",
        "How did you report it?",
        "What would have helped",
        "What would have helped you feel informed?",
        "What would have helped you feel informed?",
    ]
    expect(phone.get_by_role("link", name="Newid What would have helped")).to_have_count(1)
    expect(phone.get_by_role("main")).to_contain_text(typed)  # as typed, never as markup
    expect(phone.locator("main b")).to_have_count(0)

    # In English nothing is marked: the whole page is English.
    phone.goto(f"/r/{token}/your-report?lang=en")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert marked_english(phone) == []


#: A desktop browser 1280 px wide zoomed in to 400%: 320 CSS px by 256 (WCAG 1.4.10's measure).
ZOOMED_400 = {"width": 320, "height": 256}

#: The focused element, and whether all of it that can be seen is in the window and on top
#: (nothing such as a sticky header covers it): for a radio or checkbox, its label, which is
#: what GOV.UK Frontend draws as the control and rings with the focus style.
FOCUSED = """() => {
  const e = document.activeElement;
  const shown = e.labels && e.labels.length && ['radio', 'checkbox'].includes(e.type)
    ? e.labels[0] : e;
  const box = shown.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + 8, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 10), 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '', value: e.value || '',
    type: e.type || '', checked: !!e.checked, text: (e.innerText || '').trim(),
    classes: e.className || '',
    seen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth
      && !!top && (shown.contains(top) || top.contains(shown) || e === top),
  };
}"""


def tab_to(page: Page, matches) -> dict:
    """Press Tab until the focused element is the one wanted; every element focused on the
    way must be in view and not covered (WCAG 2.4.11)."""
    # The address changes as the next page starts to load; a Tab pressed before it has
    # loaded leaves the focus on the body of a page not yet there.
    page.wait_for_load_state()
    passed = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["seen"], f"focused but out of sight: {focused}"
        if matches(focused):
            return focused
        passed.append(focused["text"] or focused["name"] or focused["tag"])
    raise AssertionError(f"Tab never reached it; it passed {passed}")


def choose_by_keys(page: Page, name: str, value: str) -> None:
    """A checkbox: Tab to it and press Space. A radio: Tab into its group, then the arrow keys
    (which choose as they move) or Space on the first."""
    focused = tab_to(page, lambda f: f["name"] == name and f["tag"] == "input")
    if focused["type"] == "checkbox":
        while focused["value"] != value:
            focused = tab_to(page, lambda f: f["name"] == name)
        page.keyboard.press("Space")
        return
    for _ in range(20):
        if focused["value"] == value:
            if not focused["checked"]:
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
    raise AssertionError(f"no option {value} in {name}")


def answer_by_keys(page: Page, answers: dict) -> None:
    for name, value in answers.items():
        for one in value if isinstance(value, list) else [value]:
            page.evaluate("document.activeElement.blur()")  # Tab from the top of the page
            if page.locator(f"textarea[name='{name}']").count():
                tab_to(page, lambda f, name=name: f["name"] == name)
                page.keyboard.type(one)
            else:
                choose_by_keys(page, name, one)


def press(page: Page, text: str) -> None:
    tab_to(page, lambda f: f["text"] == text)
    page.keyboard.press("Enter")


def test_a_survey_is_answered_with_the_keyboard_alone_zoomed_in_to_400_percent(phone: Page):
    """Say to Stay, whose pages have radios, checkboxes, a "which one matters most" that offers
    only what was ticked, and text boxes: from its start page to the withdrawal code, on a
    screen zoomed in to 400%, with nothing but the keyboard. A problem takes the focus to the
    error summary, whose link takes it to the question."""
    phone.set_viewport_size(ZOOMED_400)
    token = create_link("say-to-stay").token
    phone.goto(f"/r/{token}")
    press(phone, "Start now")
    for key, answers in SAY_TO_STAY.pages.items():
        expect(phone).to_have_url(re.compile(rf"/{key}$"))
        if key == SAY_TO_STAY.error_page:
            answer_by_keys(phone, SAY_TO_STAY.bad_answers)
            press(phone, "Continue")
            expect(phone).to_have_title(re.compile("^Error: "))
            assert "govuk-error-summary" in phone.evaluate(FOCUSED)["classes"]
            press(phone, SAY_TO_STAY.error)
            focused = phone.evaluate(FOCUSED)
            assert (focused["name"], focused["seen"]) == ("role", True)
            answers = {"role": answers["role"]}  # the stage chosen before the error is kept
        answer_by_keys(phone, answers)
        press(phone, "Continue")
    expect(phone).to_have_url(re.compile(r"/check$"))
    press(phone, "Send answers")
    expect(phone.locator("#withdrawal-code")).to_have_text(re.compile(r"^[0-9A-Z-]{19}$"))
    [response] = stored_responses("say-to-stay")
    assert_stored_as_given(response, SAY_TO_STAY)


#: WCAG 1.4.12's text spacing, as a reader's own style sheet would set it.
TEXT_SPACING = """css => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [sheet];
}"""
SPACED = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""

#: Text cut off: an element that hides what overflows it, with more in it than it shows.
CUT_OFF = """() => [...document.querySelectorAll('main *, header *, footer *')]
  .filter(e => !e.closest('.govuk-visually-hidden, .govuk-skip-link, [hidden]'))
  .filter(e => { const s = getComputedStyle(e);
    return (['hidden', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
        || (['hidden', 'clip'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1); })
  .map(e => e.textContent.trim().slice(0, 60))"""


def loses_nothing_spaced(page: Page) -> None:
    page.evaluate(TEXT_SPACING, SPACED)
    assert page.evaluate(WIDER_THAN_THE_PAGE) is None
    assert page.evaluate(CUT_OFF) == []


def test_text_spacing_on_a_phone_loses_nothing(phone: Page):
    """A question page with an error (in Welsh, whose words are longer), check your answers and
    the withdrawal code, 320 px wide with WCAG's text spacing: nothing is cut off, and the page
    does not scroll sideways."""
    phone.set_viewport_size({"width": 320, "height": 640})
    token = create_link("stop-search").token
    phone.goto(f"/r/{token}/how-you-were-treated?lang=cy")
    phone.get_by_role("button", name="Parhau").click()
    expect(phone).to_have_title(re.compile("^Gwall: "))
    loses_nothing_spaced(phone)

    phone.locator("input[name='satisfaction'][value='satisfied']").check()
    phone.get_by_role("button", name="Parhau").click()
    phone.goto(f"/r/{token}/check?lang=en")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    loses_nothing_spaced(phone)

    phone.get_by_role("button", name="Send answers").click()
    expect(phone.locator("#withdrawal-code")).to_be_visible()
    loses_nothing_spaced(phone)


def test_a_required_question_without_welsh_is_marked_as_english_among_those_to_answer(
    phone: Page, part_welsh_link: str
):
    """Check your answers lists the questions that must be answered before sending, each a link
    to its page: in Welsh, the one the survey has no Welsh for is marked as English."""
    phone.goto(f"/r/{part_welsh_link}/anything-else?lang=cy")
    phone.get_by_label("Unrhyw beth arall?").fill("Dim byd")
    phone.get_by_role("button", name="Parhau").click()
    expect(phone).to_have_url(re.compile(r"/check$"))
    banner = phone.locator(".govuk-notification-banner")
    expect(banner.get_by_role("link")).to_have_text(["A gawsoch wybod?", "How did you report it?"])
    expect(banner.locator("[lang='en']")).to_have_text(["How did you report it?"])
