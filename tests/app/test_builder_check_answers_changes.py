"""A draft tried by its admin or through a test link follows the GOV.UK "Check answers" pattern
as a respondent's journey does (tests/app/test_check_answers_changes.py): Back from a changed
page returns to Check your answers, a change that shows new questions asks them before
returning there, and a tester who comes back carries on where they stopped."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import refresh

from models import Role
from tests.app.test_builder import build_training_survey
from tests.app.test_builder_test_link import BANNER, LONG_ANSWER, SLUG, path_of
from tests.app.test_check_answers_changes import back_link, change_link, send
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

WHY_NOT = "What would make it worth recommending?"
RECOMMEND = "Would you recommend it to a colleague?"
THE_SESSION = {"useful": "very_useful", "recommend": "yes"}


@pytest.fixture(params=["try-out", "test-link"])
def tried(request, app: Flask, client: FlaskClient, browser: Browser) -> tuple[Browser, str]:
    """Who tries the draft and the address of its start page: the admin from the builder, or
    a colleague (another browser, not signed in) through a test link the admin made."""
    signed_in(client, Role.ADMIN, email="admin@example.org")
    build_training_survey(browser)
    if request.param == "try-out":
        return browser, f"/admin/surveys/{SLUG}/try"
    browser.get(f"/admin/surveys/{SLUG}")
    page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link", data={})
    url = page.soup.select_one("code.app-test-link").get_text()
    forget_request_state()
    return Browser(app.test_client()), path_of(url)


def start_button(tester: Browser, base: str) -> tuple[str, str]:
    button = tester.get(base).soup.select_one("a.govuk-button--start")
    return button.get_text(" ", strip=True), button["href"]


def walk_to_check(tester: Browser, base: str, the_session: dict = THE_SESSION) -> Page:
    """Answer from the start page's button to Check your answers: ``the_session`` on the first
    page, the long answer on the page "no" shows, nothing on the optional equality pages."""
    page = tester.get(start_button(tester, base)[1])
    answers = {"the-session": the_session, "why-not": {"improve": LONG_ANSWER}}
    while not page.url.endswith("/check"):
        assert page.status == 200, page.error_summary()
        assert BANNER in page.text(), page.url
        page = tester.post(data=answers.get(page.url.rsplit("/", 1)[1], {}))
    return page


def test_back_from_every_changed_page_returns_to_check_your_answers(tried):
    tester, base = tried
    check = walk_to_check(tester, base, {"useful": "very_useful", "recommend": "no"})
    changes = {a["href"] for a in check.soup.select(".govuk-summary-list__actions a")}
    assert changes and all("change=1" in href for href in changes)
    # The first page's is among them: its Back used to lead to the start page.
    assert any(href.startswith(f"{base}/the-session?") for href in changes)
    assert any(href.startswith(f"{base}/why-not?") for href in changes)
    for href in changes:
        page = tester.get(href)
        assert page.status == 200
        assert BANNER in page.text()
        assert back_link(page) == f"{base}/check", href


def test_back_stays_on_check_your_answers_when_a_changed_page_has_an_error(tried):
    tester, base = tried
    change = change_link(walk_to_check(tester, base), "How useful was the session?")
    tester.get(change)
    page = tester.post(change, data={"useful": "", "recommend": "yes"})
    assert page.status == 400
    assert page.error_summary()
    assert back_link(page) == f"{base}/check"


def test_back_from_a_changed_page_in_welsh(tried):
    tester, base = tried
    walk_to_check(tester, base)
    refresh()
    tester.get(f"{base}/check?lang=cy")
    refresh()
    page = tester.get(f"{base}/the-session?change=1")
    assert page.soup.html["lang"] == "cy"
    back = page.soup.select_one("a.govuk-back-link")
    assert back.get_text(strip=True) == "Yn ôl"
    assert back["href"] == f"{base}/check"


def test_changing_recommend_to_no_asks_what_would_make_it_worth_recommending(tried):
    tester, base = tried
    check = walk_to_check(tester, base)
    assert WHY_NOT not in check.text()
    change = change_link(check, RECOMMEND)
    tester.get(change)
    revealed = send(tester, change, {"useful": "very_useful", "recommend": "no"})
    assert revealed == f"{base}/why-not?change=1"
    page = tester.get(revealed)
    assert WHY_NOT in page.text()
    assert BANNER in page.text()
    assert back_link(page) == f"{base}/check"
    assert send(tester, revealed, {"improve": "A bigger room."}) == f"{base}/check"
    assert "A bigger room." in tester.get(f"{base}/check").text()

    # A change that shows nothing new goes straight back: another answer that leaves the
    # question shown, and one that hides it.
    change = change_link(tester.page, RECOMMEND)
    tester.get(change)
    answer = {"useful": "very_useful", "recommend": "not_sure"}
    assert send(tester, change, answer) == f"{base}/check"
    assert "A bigger room." in tester.get(f"{base}/check").text()
    tester.get(change)
    assert send(tester, change, THE_SESSION) == f"{base}/check"
    assert WHY_NOT not in tester.get(f"{base}/check").text()


def test_a_page_still_to_be_asked_after_a_change_is_carried_on_to(tried):
    tester, base = tried
    walk_to_check(tester, base)
    # The first revealed page was answered; the one named by reveal is asked next, in change
    # mode, and only then Check your answers.
    tester.get(f"{base}/the-session?change=1&reveal=ethnic-group")
    after = send(tester, f"{base}/the-session?change=1&reveal=ethnic-group", THE_SESSION)
    assert after == f"{base}/ethnic-group?change=1"
    assert back_link(tester.get(after)) == f"{base}/check"
    assert send(tester, after, {}) == f"{base}/check"


# -- coming back -------------------------------------------------------------------------------


def test_coming_back_continues_at_the_first_page_with_nothing_answered(tried):
    tester, base = tried
    # A new tester starts at the first page.
    assert start_button(tester, base) == ("Start now", f"{base}/the-session")
    assert "Your answers so far have been kept" not in tester.page.text()
    tester.get(f"{base}/the-session")
    assert tester.post(data={"useful": "very_useful", "recommend": "no"}).url == f"{base}/why-not"
    text, href = start_button(tester, base)
    assert (text, href) == ("Continue", f"{base}/why-not")
    assert "Your answers so far have been kept" in tester.page.text()
    assert BANNER in tester.page.text()
    # What was answered is still there.
    assert tester.get(f"{base}/the-session").checked("recommend") == ["no"]


def test_coming_back_with_every_page_answered_goes_to_check_your_answers(tried):
    tester, base = tried
    page = tester.get(start_button(tester, base)[1])
    while not page.url.endswith("/check"):
        # The first option of every question on the page.
        names = {i["name"]: i["value"] for i in reversed(page.soup.select("input[type=radio]"))}
        texts = {t["name"]: "Yes." for t in page.soup.select("textarea[name]")}
        page = tester.post(data=names | texts)
        assert page.status == 200, page.error_summary()
    text, href = start_button(tester, base)
    assert (text, href) == ("Continue", f"{base}/check")
    assert tester.get(href).h1 == "Check your answers before sending them"


def test_coming_back_in_welsh(tried):
    tester, base = tried
    refresh()
    tester.get(f"{base}/the-session?lang=cy")
    refresh()
    tester.post(data=THE_SESSION)
    refresh()
    page = tester.get(base)
    assert page.soup.html["lang"] == "cy"
    button = page.soup.select_one("a.govuk-button--start")
    assert button.get_text(" ", strip=True) == "Parhau"
    assert button["href"] == f"{base}/ethnic-group"
    assert "Mae eich atebion hyd yma wedi'u cadw" in page.text()


def _background(check: Page) -> str:
    for row in check.soup.select(".govuk-summary-list__row"):
        if "describes your background" in row.select_one(".govuk-summary-list__key").get_text():
            return row.select_one(".govuk-summary-list__value").get_text(strip=True)
    raise AssertionError("no ethnic background row")


def test_a_changed_ethnic_group_no_longer_shows_the_old_background(tried):
    tester, base = tried
    page = tester.get(start_button(tester, base)[1])
    answers = {
        "the-session": THE_SESSION,
        "ethnic-group": {"ethnic_group": "white"},
        "ethnic-background": {"ethnicity": "white_irish"},
    }
    while not page.url.endswith("/check"):
        page = tester.post(data=answers.get(page.url.rsplit("/", 1)[1], {}))
    assert _background(page) == "Irish"
    change = change_link(page, "ethnic group")
    tester.get(change)
    following = send(tester, change, {"ethnic_group": "black"})
    assert following == f"{base}/ethnic-background?change=1"
    # Back to the check page without choosing a background: the Irish one is not shown.
    check = tester.get(f"{base}/check")
    assert check.status == 200
    assert _background(check) == "Not answered"
    assert "Irish" not in check.text()
    # Choosing one of the new group's backgrounds shows it.
    after = send(tester, following, {"ethnicity": "black_african"})
    assert after == f"{base}/check"
    assert _background(tester.get(after)) == "African"
