"""A respondent who answers and presses the button quickly (one tap on a one-question page, then
Continue) is never refused: no page is timed on its own. A refusal by the bot checks (the hidden
box filled in by a browser's autofill, or "Send answers" sooner than the whole journey allows)
finds nothing wrong with the answers, so the message must not send them looking for a mistake:
it says that their answers are still there and which button to press again, in English and
Welsh, and links to that button.

The clock is app.public.bot_check._now, moved by hand (see tests/app/conftest.py).
"""

from __future__ import annotations

import pytest

from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Page

SAYS = {
    "en": {
        "page": "Sorry, we could not accept that. Your answers are still here: press “Continue” "
        "again.",
        "send": "Sorry, we could not send your answers. Press “Send answers” again.",
        "not": "check your answers",
    },
    "cy": {
        "page": "Mae'n ddrwg gennym, nid oedd modd i ni dderbyn hynny. Mae eich atebion yma o "
        "hyd: pwyswch “Parhau” eto.",
        "send": "Mae'n ddrwg gennym, nid oedd modd i ni anfon eich atebion. Pwyswch “Anfon "
        "atebion” eto.",
        "not": "gwiriwch eich atebion",
    },
}


def summary(page: Page) -> list[str]:
    return [
        " ".join(item.get_text().split()) for item in page.soup.select(".govuk-error-summary li")
    ]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_quick_tap_on_a_question_page_goes_through(browser, clock, minimum, language):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/community-panel?lang={language}")
    clock.tick(minimum / 2)  # "Yes" tapped, then Continue
    page = browser.post(data={"scrutiny_interest": "yes"})
    assert page.status == 200 and page.url == f"/r/{token}/ethnic-group"
    assert summary(page) == []


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_refused_question_page_says_to_press_continue_again(browser, clock, minimum, language):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/community-panel?lang={language}")
    page = browser.post(data={"scrutiny_interest": "yes", "your-website": "autofilled"})
    assert page.status == 400
    assert summary(page) == [SAYS[language]["page"]]
    assert SAYS[language]["not"] not in page.text().lower()
    assert page.soup.select_one("input[name=scrutiny_interest][value=yes]").has_attr("checked")
    button = page.soup.select_one(page.soup.select_one(".govuk-error-summary li a")["href"])
    assert button.name == "button" and button.find_parent("form")["id"] == "page-answers"
    # Doing what it says goes through.
    page = browser.post(data={"scrutiny_interest": "yes"})
    assert page.status == 200 and page.url == f"/r/{token}/ethnic-group"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_send_answers_pressed_quickly_says_to_press_send_answers_again(
    app, browser, clock, monkeypatch, language
):
    token = create_link("stop-search").token
    answer_stop_search(browser, token)  # the pages answered before the minimum is set
    minimum = 2.0
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", minimum)
    browser.get(f"/r/{token}/check?lang={language}")
    clock.tick(minimum / 2)  # the whole journey in a second: faster than its pages allow
    page = browser.post()
    assert page.status == 400 and page.title.startswith(("Error:", "Gwall:"))
    assert summary(page) == [SAYS[language]["send"]]  # not "check your answers", the page's name
    # The message links to the button it names, at the foot of a long page.
    link = page.soup.select_one(".govuk-error-summary li a")
    assert link.get_text(strip=True) == SAYS[language]["send"]
    button = page.soup.select_one(link["href"])
    assert button.name == "button" and button.find_parent("form")["method"] == "post"
