"""Someone who leaves the survey open on a single-use link (stop and search, Say to Stay) and
comes back after their unsent answers were deleted (JOURNEY_TTL_HOURS after the last page) is
told so, plainly, and can start again: not sent on silently with a new, empty set of answers, to
find at Check your answers that what they gave before is "Not answered", and never told that
answers were sent when they were deleted. (On a listening session's link, which stays open,
answers gone may have been sent by a press whose page never arrived: test_public_sent_twice.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from models import Journey, Response, db
from tests.factories import create_link
from tests.pages import Browser

DELETED = {
    "en": (
        "Your answers have been deleted",
        "Answers that are not sent within 24 hours of last going on to the next page are "
        "deleted, to keep them private. Yours were not sent, so they will not be used.",
        "Start again",
    ),
    "cy": (
        "Mae eich atebion wedi cael eu dileu",
        "Caiff atebion nad ydynt yn cael eu hanfon o fewn 24 awr i symud ymlaen i'r dudalen "
        "nesaf ddiwethaf eu dileu, er mwyn eu cadw'n breifat. Ni chafodd eich rhai chi eu "
        "hanfon, felly ni fyddant yn cael eu defnyddio.",
        "Dechrau eto",
    ),
}


def started_then_deleted(browser: Browser, token: str) -> None:
    """Two pages answered, then the answers deleted unsent, as the purge of stale ones does."""
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes"})
    browser.post(data={"bwv_on": "no"})
    assert browser.page.url == f"/r/{token}/how-you-were-treated"
    db.session.execute(delete(Journey))
    db.session.commit()


def journeys() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Journey))


def assert_deleted_page(page, token: str, language: str = "en") -> None:
    heading, says, button = DELETED[language]
    assert page.status == 200
    assert page.h1 == heading
    assert page.title.startswith(heading)
    assert says in page.text()
    start = page.soup.find("a", string=lambda s: s and s.strip() == button)
    assert start is not None and start["href"].split("?")[0] == f"/r/{token}"


def test_continue_after_the_answers_were_deleted_says_so_and_keeps_nothing(browser):
    token = create_link().token
    started_then_deleted(browser, token)
    page = browser.post(data={"satisfaction": "dissatisfied"})
    assert_deleted_page(page, token)
    assert journeys() == 0  # not a new set of answers started behind their back


@pytest.mark.parametrize("where", ["", "/in-your-own-words", "/check"])
def test_opening_the_survey_again_after_the_answers_were_deleted_says_so(browser, where):
    token = create_link().token
    started_then_deleted(browser, token)
    assert_deleted_page(browser.get(f"/r/{token}{where}"), token)


def test_starting_again_begins_afresh_and_is_told_only_once(browser):
    token = create_link().token
    started_then_deleted(browser, token)
    browser.get(f"/r/{token}/how-you-were-treated")
    start = browser.get(f"/r/{token}")
    assert start.h1 == "Stop and search: tell us how it went"
    assert "You have already started" not in start.text()
    assert start.soup.select_one(".govuk-button--start").get_text(strip=True) == "Start now"
    browser.get(f"/r/{token}/how-you-were-treated")
    page = browser.post(data={"satisfaction": "satisfied"})
    assert page.url == f"/r/{token}/in-your-own-words"
    assert journeys() == 1


FIRST_ANSWERS = {
    "stop-search": ("how-you-were-treated", {"satisfaction": "satisfied"}),
    "say-to-stay": ("about-your-role", {"role": "police_staff", "stage": "thinking"}),
}


@pytest.mark.parametrize("survey", FIRST_ANSWERS)
def test_sending_after_the_answers_were_deleted_does_not_say_they_were_sent(browser, survey):
    """Check your answers, shown minutes before the answers were deleted (a day after their last
    page was saved), then Send answers: the answers were not sent, and the page must not say
    they were.
    On a single-use link this is never a second press of the button, which finds the link used.
    (On a listening session's link, which stays open, the two cannot be told apart: a second
    press, much the likelier, is what it is taken for.)"""
    token = create_link(survey).token
    first, answers = FIRST_ANSWERS[survey]
    browser.get(f"/r/{token}/{first}")
    browser.post(data=answers)
    check = browser.get(f"/r/{token}/check")
    assert check.h1 == "Check your answers before sending them"
    db.session.execute(delete(Journey))
    db.session.commit()
    page = browser.post()
    assert_deleted_page(page, token)
    assert "were sent" not in page.text()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_page_is_in_welsh_for_a_welsh_respondent(browser):
    token = create_link().token
    started_then_deleted(browser, token)
    assert_deleted_page(browser.get(f"/r/{token}/how-you-were-treated?lang=cy"), token, "cy")


def test_a_second_person_at_a_listening_session_on_the_same_phone_just_starts(browser):
    token = create_link("listening-session", event_name="Town hall").token
    browser.get(f"/r/{token}/todays-session")
    browser.post(data={"listened_to": "agree"})
    browser.get(f"/r/{token}/check")
    assert browser.post().h1 == "Thank you, your answers have been sent"
    start = browser.get(f"/r/{token}")
    assert start.soup.select_one(".govuk-button--start").get_text(strip=True) == "Start now"
    assert "deleted" not in start.text()
