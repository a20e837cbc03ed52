""" "Send answers" pressed twice before the first press's page arrived (a slow connection, or
JavaScript off): the browser sends the second press with the cookie it had before the first
was answered, which names the answers in progress but not the confirmation. The respondent is
told that their answers were sent, once, and why no withdrawal code can be shown; not that the
link "has already been used", and not (on a listening session's link, which stays open) the
start page, inviting them to answer again."""

from __future__ import annotations

import datetime as dt

from flask_babel import refresh

from models import Response, db
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser, Page

SENT_ONCE = "Your answers were sent once, when you first pressed “Send answers”."


def press_send_twice(browser: Browser, token: str) -> Page:
    """Press "Send answers" on the check page just shown, then again with the cookie the
    browser had before the first press was answered; the page the second press leads to."""
    check = browser.page
    assert check.h1 == "Check your answers before sending them"
    form = {"csrf_token": check.csrf_token(), "form-started": check.form_started()}
    before = browser.client.get_cookie("session").value
    first = browser.client.post(f"/r/{token}/check", data=form)
    assert first.headers["Location"] == f"/r/{token}/done"
    browser.client.set_cookie("session", before)  # the first press's answer never arrived
    refresh()
    return browser.post(f"/r/{token}/check", data=form, csrf=False)


def answer_listening_session(browser: Browser, token: str) -> None:
    page = browser.get(f"/r/{token}/todays-session")
    while "/check" not in page.url:
        page = browser.post(data={})
        assert page.status == 200, page.error_summary()


def test_a_single_use_link_sent_twice_says_the_answers_were_sent_once(browser):
    token = create_link().token
    answer_stop_search(browser, token)
    page = press_send_twice(browser, token)
    assert page.status == 200 and page.url == f"/r/{token}/done"
    assert page.h1 == "Thank you, your answers have been sent"
    assert SENT_ONCE in page.text()
    assert "we cannot show it to you" in page.text()
    assert "already been used" not in page.text()
    assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 1

    # The page can be read again, and in Welsh; Back to the check page leads to it too.
    refresh()
    again = browser.get(f"/r/{token}/done?lang=cy")
    assert again.status == 200 and again.soup.select_one("#sent-twice")
    assert browser.get(f"/r/{token}/check").url == f"/r/{token}/done"


def test_a_listening_session_sent_twice_does_not_offer_to_start_again(browser):
    event_day = dt.date.today()
    token = create_link("listening-session", event_name="Town hall", event_date=event_day).token
    answer_listening_session(browser, token)
    page = press_send_twice(browser, token)
    assert page.url == f"/r/{token}/done"
    assert SENT_ONCE in page.text()
    assert "Start now" not in page.text()
    assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 1


def test_a_listening_session_check_page_sent_long_after_it_was_shown_starts_again(browser, clock):
    """Answers gone from a check page shown long ago may have been deleted unsent: the
    respondent is not told they were sent, but taken to the start page, as before."""
    token = create_link("listening-session", event_date=dt.date.today()).token
    answer_listening_session(browser, token)
    check = browser.page
    form = {"csrf_token": check.csrf_token(), "form-started": check.form_started()}
    before = browser.client.get_cookie("session").value
    assert browser.client.post(f"/r/{token}/check", data=form).status_code == 302
    browser.client.set_cookie("session", before)
    clock.tick(3600)
    refresh()
    later = browser.client.post(f"/r/{token}/check", data=form)
    assert later.headers["Location"] == f"/r/{token}"


def test_a_withdrawal_code_shown_once_is_still_shown_when_sent_once(browser):
    token = create_link().token
    answer_stop_search(browser, token)
    done = browser.post()
    assert done.soup.select_one("#withdrawal-code") is not None
    assert not done.soup.select_one("#sent-twice")
