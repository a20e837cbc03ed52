"""A respondent who skips questions they do not want to answer presses Continue at once, page
after page (the equality questions, most of all): a question page sent with nothing answered
is not refused for being quick. No page is (the journey is timed as a whole, at "Send
answers", and pages sent with nothing answered add nothing to the time it asks for), and the
hidden box and the signed start time are still checked on a page sent empty.

The clock is app.public.bot_check._now, moved by hand (see tests/app/conftest.py).
"""

from __future__ import annotations

from sqlalchemy import select

from models import Journey, db
from tests.factories import create_link
from tests.pages import Browser

REFUSED = "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
EQUALITY_PAGES = ["ethnic-group", "about-you", "health"]


def refused(browser: Browser) -> bool:
    return browser.page.status == 400 and REFUSED in " ".join(browser.page.text().split())


def saved_answers() -> list[dict]:
    db.session.expire_all()
    return [dict(journey.answers or {}) for journey in db.session.scalars(select(Journey))]


def test_skipping_the_equality_questions_at_once_is_not_refused(browser, clock, minimum):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/{EQUALITY_PAGES[0]}")
    for page_key, following in zip(EQUALITY_PAGES, [*EQUALITY_PAGES[1:], "check"], strict=True):
        assert browser.page.url == f"/r/{token}/{page_key}"
        clock.tick(minimum / 4)  # the heading read, and Continue pressed
        page = browser.post()
        assert not refused(browser)
        assert page.status == 200 and page.url == f"/r/{token}/{following}"
    assert saved_answers()[0].get("ethnic_group") is None


def test_a_page_answered_as_quickly_goes_through_too(browser, clock, minimum):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/ethnic-group")
    clock.tick(minimum / 4)
    browser.post(data={"ethnic_group": "prefer_not_to_say"})
    assert not refused(browser)
    assert saved_answers()[0]["ethnic_group"] == "prefer_not_to_say"


def test_a_page_sent_empty_with_the_hidden_box_filled_is_still_refused(browser, clock, minimum):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/what-you-were-told")
    clock.tick(minimum + 1)
    browser.post(data={"your-website": "example.org"})
    assert refused(browser)
    assert saved_answers() == []


def test_a_page_sent_empty_without_its_start_time_is_still_refused(client, clock, minimum):
    token = create_link("stop-search").token
    browser = Browser(client)
    browser.get(f"/r/{token}/what-you-were-told")
    response = client.post(
        f"/r/{token}/what-you-were-told", data={"csrf_token": browser.page.csrf_token()}
    )
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert saved_answers() == []
