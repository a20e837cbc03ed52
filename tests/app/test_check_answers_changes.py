"""Changing an answer from "Check your answers", and coming back to a journey part-way, as the
GOV.UK "Check answers" pattern has it: Back from a changed page returns to the check page, a
change that shows new questions asks them before returning there, and a respondent who comes
back carries on where they stopped."""

from __future__ import annotations

import copy

import pytest
from flask_babel import refresh

from app.services.definitions import load_built_in
from app.services.surveys import publish_version
from models import db
from tests.factories import create_link
from tests.pages import Browser, Page

CHECK = "Check your answers before sending them"
TOLD_WHY = "Were you told why you were handcuffed?"
ANSWERS = {
    "handcuffed": "no",
    "satisfaction": "satisfied",
    "role": "pcso",
    "stage": "not_planning",
    "ethnic_group": "prefer_not_to_say",
    "age_band": "under_18",
    "long_term_condition": "no",
}


def walk_to_check(browser: Browser, token: str, answers: dict | None = None) -> Page:
    """Answer every page shown from the start page's button on, with what ``answers`` has."""
    answers = ANSWERS if answers is None else answers
    page = browser.get(browser.get(f"/r/{token}").soup.select_one("a.govuk-button--start")["href"])
    while "/check" not in page.url:
        names = {i["name"] for i in page.soup.select("input[name], textarea[name]")}
        page = browser.post(data={k: v for k, v in answers.items() if k in names})
        assert page.status == 200, page.error_summary()
    return page


def change_link(check: Page, question: str) -> str:
    return next(
        a["href"]
        for a in check.soup.select(".govuk-summary-list__actions a")
        if question in a.get_text()
    )


def send(browser: Browser, url: str, data: dict) -> str:
    """Send the form on ``url`` (just fetched) and return where the service sends the
    respondent next, with its query string (which ``Page.url`` leaves out)."""
    refresh()
    payload = {"csrf_token": browser.page.csrf_token(), **data}
    if browser.page.form_started():
        payload["form-started"] = browser.page.form_started()
    response = browser.client.post(url, data=payload)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def back_link(page: Page) -> str:
    return page.soup.select_one("a.govuk-back-link")["href"]


@pytest.mark.parametrize("slug", ["stop-search", "say-to-stay", "listening-session"])
def test_back_from_every_changed_page_returns_to_check_your_answers(browser, slug):
    token = create_link(slug).token
    check = walk_to_check(browser, token)
    changes = {a["href"] for a in check.soup.select(".govuk-summary-list__actions a")}
    assert changes and all("change=1" in href for href in changes)
    # The first page's Change link is among them: its Back used to lead to the start page.
    assert any(
        href.startswith(f"/r/{token}/{load_built_in(slug)['pages'][0]['key']}?") for href in changes
    )
    for href in changes:
        page = browser.get(href)
        assert page.status == 200
        assert back_link(page) == f"/r/{token}/check", href


def test_back_stays_on_check_your_answers_when_a_changed_page_has_an_error(browser):
    token = create_link().token
    change = change_link(
        walk_to_check(browser, token), "satisfied are you with how you were treated"
    )
    browser.get(change)
    page = browser.post(change, data={"satisfaction": ""})
    assert page.status == 400
    assert back_link(page) == f"/r/{token}/check"


def test_back_from_a_changed_page_in_welsh(browser):
    token = create_link().token
    walk_to_check(browser, token)
    refresh()
    check = browser.get(f"/r/{token}/check?lang=cy")
    assert check.soup.html["lang"] == "cy"
    href = next(a["href"] for a in check.soup.select(".govuk-summary-list__actions a"))
    refresh()
    page = browser.get(href)
    assert page.soup.html["lang"] == "cy"
    back = page.soup.select_one("a.govuk-back-link")
    assert back.get_text(strip=True) == "Yn ôl"
    assert back["href"] == f"/r/{token}/check"


def test_changing_handcuffed_to_yes_asks_whether_you_were_told_why(browser):
    token = create_link().token
    check = walk_to_check(browser, token)
    assert TOLD_WHY not in check.text()
    change = change_link(check, "handcuffed")
    browser.get(change)
    revealed = send(browser, change, {"handcuffed": "yes"})
    assert revealed == f"/r/{token}/how-you-were-treated?change=1"
    page = browser.get(revealed)
    assert f"{TOLD_WHY} (optional)" in page.legends()
    assert page.checked("satisfaction") == ["satisfied"]
    assert back_link(page) == f"/r/{token}/check"
    assert send(browser, revealed, {"told_why_handcuffed": "yes", "satisfaction": "satisfied"}) == (
        f"/r/{token}/check"
    )
    check = browser.get(f"/r/{token}/check")
    row = next(r for r in check.soup.select(".govuk-summary-list__row") if TOLD_WHY in r.text)
    assert row.select_one(".govuk-summary-list__value").get_text(strip=True) == "Yes"

    # A change that shows nothing new goes straight back: another answer on a page that shows
    # the question leaves it shown, and a change that hides it shows nothing.
    change = change_link(check, "camera")
    browser.get(change)
    assert send(browser, change, {"bwv_on": "no", "handcuffed": "yes"}) == f"/r/{token}/check"
    change = change_link(browser.get(f"/r/{token}/check"), "handcuffed")
    browser.get(change)
    assert send(browser, change, {"handcuffed": "prefer_not_to_say"}) == f"/r/{token}/check"
    assert TOLD_WHY not in browser.get(f"/r/{token}/check").text()


@pytest.mark.parametrize(
    ("slug", "question", "answer", "shown"),
    [
        (
            "stop-search",
            "physical or mental health conditions",
            {"long_term_condition": "yes"},
            "health-impact",
        ),
        ("listening-session", "age", {"age_band": "25_34"}, "identity"),
        ("say-to-stay", "ethnic group", {"ethnic_group": "asian"}, "ethnic-background"),
        (
            "say-to-stay",
            "Where are you in your thinking?",
            {"role": "pcso", "stage": "decided"},
            "reasons",
        ),
    ],
)
def test_a_change_that_shows_a_page_takes_the_respondent_there(
    browser, slug, question, answer, shown
):
    token = create_link(slug).token
    change = change_link(walk_to_check(browser, token), question)
    browser.get(change)
    revealed = send(browser, change, answer)
    assert revealed == f"/r/{token}/{shown}?change=1"
    page = browser.get(revealed)
    assert page.status == 200 and back_link(page) == f"/r/{token}/check"
    assert send(browser, revealed, {}) == f"/r/{token}/check"


def test_a_change_that_shows_two_pages_asks_both_in_turn(browser):
    definition = copy.deepcopy(load_built_in("stop-search"))
    words = next(p for p in definition["pages"] if p["key"] == "in-your-own-words")
    words["show_if"] = {"question": "handcuffed", "in": ["yes"]}
    publish_version("stop-search", definition)
    db.session.commit()
    token = create_link().token
    check = walk_to_check(browser, token)
    assert "/in-your-own-words" not in str(check.soup)
    change = change_link(check, "handcuffed")
    browser.get(change)
    first = send(browser, change, {"handcuffed": "yes"})
    assert first.startswith(f"/r/{token}/how-you-were-treated?change=1")
    page = browser.get(first)
    assert f"{TOLD_WHY} (optional)" in page.legends()
    second = send(browser, first, {"told_why_handcuffed": "no", "satisfaction": "satisfied"})
    assert second.startswith(f"/r/{token}/in-your-own-words?change=1")
    browser.get(second)
    assert back_link(browser.page) == f"/r/{token}/check"
    assert send(browser, second, {"went_well": "Calm."}) == f"/r/{token}/check"
    text = browser.get(f"/r/{token}/check").text()
    assert "Calm." in text


def test_a_revealed_page_in_welsh(browser):
    token = create_link().token
    walk_to_check(browser, token)
    refresh()
    browser.get(f"/r/{token}/check?lang=cy")
    change = f"/r/{token}/ethnic-group?change=1"
    refresh()
    browser.get(change)
    revealed = send(browser, change, {"ethnic_group": "white"})
    assert revealed == f"/r/{token}/ethnic-background?change=1"
    refresh()
    page = browser.get(revealed)
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == load_built_in("stop-search")["pages"][6]["title"]["cy"]
    assert back_link(page) == f"/r/{token}/check"


# -- coming back -------------------------------------------------------------------------------


def start_button(browser: Browser, token: str) -> tuple[str, str]:
    button = browser.get(f"/r/{token}").soup.select_one("a.govuk-button--start")
    return button.get_text(" ", strip=True), button["href"]


def test_coming_back_continues_at_the_first_page_with_nothing_answered(browser):
    token = create_link().token
    # A new respondent starts at the first page.
    assert start_button(browser, token) == ("Start now", f"/r/{token}/what-you-were-told")
    assert "Your answers so far have been kept" not in browser.page.text()
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes"})
    browser.post(data={"handcuffed": "no"})
    text, href = start_button(browser, token)
    assert text == "Continue"
    assert href == f"/r/{token}/how-you-were-treated"
    assert "Your answers so far have been kept" in browser.page.text()
    # What was answered is still there.
    assert browser.get(f"/r/{token}/during-the-search").checked("handcuffed") == ["no"]


def test_coming_back_with_every_page_answered_goes_to_check_your_answers(browser):
    token = create_link("say-to-stay").token
    answers = {"role": "pcso", "stage": "not_planning", "valued": "agree", "stay_factor": "Pay."}
    answers |= {"conversation": "no", "ethnic_group": "white", "ethnicity": "white_british"}
    answers |= {"age_band": "under_18", "long_term_condition": "no"}
    walk_to_check(browser, token, answers)
    text, href = start_button(browser, token)
    assert (text, href) == ("Continue", f"/r/{token}/check")
    assert browser.get(href).h1 == CHECK


def test_coming_back_in_welsh(browser):
    token = create_link().token
    refresh()
    browser.get(f"/r/{token}/what-you-were-told?lang=cy")
    refresh()
    browser.post(data={"told_grounds": "yes"})
    refresh()
    page = browser.get(f"/r/{token}")
    assert page.soup.html["lang"] == "cy"
    button = page.soup.select_one("a.govuk-button--start")
    assert button.get_text(" ", strip=True) == "Parhau"
    assert button["href"] == f"/r/{token}/during-the-search"
    assert "Mae eich atebion hyd yma wedi'u cadw" in page.text()
