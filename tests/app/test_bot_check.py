"""Bot checks on the respondent's forms: the hidden box, the signed stamp, and the minimum time
for a whole journey (a person's speed against it: test_bot_check_people_speed.py).

A refused submission is a 400 with the GOV.UK error "Sorry, we could not …" (or, when
something else needs putting right, that alone), every answer still in the form, nothing stored,
and the stamp it was sent with, so that the person can send it again.
The clock is app.public.bot_check._now, moved by the tests instead of sleeping.
"""

from __future__ import annotations

import time

import pytest
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.public import bot_check
from models import Journey, Response, db
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser, Page

REFUSED = "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
# On Check your answers, where nothing was sent.
REFUSED_SEND = "Sorry, we could not send your answers. Press “Send answers” again."
# On the code box and the withdrawal page, which carry no answers to check.
REFUSED_CODE = "Sorry, we could not accept that. Press the button again."
THANK_YOU = "Thank you, your answers have been sent"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def journeys() -> list[dict]:
    return [dict(j.answers or {}) for j in db.session.scalars(select(Journey))]


def assert_refused(page: Page, said: str = REFUSED) -> None:
    assert page.status == 400
    assert page.title.startswith("Error:")
    items = page.soup.select(".govuk-error-summary li")
    assert [" ".join(item.get_text().split()) for item in items][:1] == [said]


# -- what the checks look like -----------------------------------------------------------------


@pytest.mark.parametrize("where", ["question page", "check page", "code box", "withdraw"])
def test_every_respondent_form_carries_a_hidden_box_and_a_signed_stamp(browser, where):
    link = create_link()
    if where == "check page":
        answer_stop_search(browser, link.token)
        page = browser.page
        assert page.url.endswith("/check")
    else:
        url = {
            "question page": f"/r/{link.token}/what-you-were-told",
            "code box": "/r",
            "withdraw": "/withdraw",
        }[where]
        page = browser.get(url)
    form = page.soup.select_one("main form")
    box = form.select_one("input[name='your-website']")
    wrapper = box.find_parent("div")
    assert wrapper.has_attr("hidden") and "app-bot-trap" in wrapper["class"]
    assert not wrapper.has_attr("style") and not box.has_attr("style")  # the CSP forbids it
    assert box["tabindex"] == "-1" and box["autocomplete"] == "off" and box.get("value", "") == ""
    label = form.select_one(f"label[for='{box['id']}']")
    assert label.get_text(strip=True) == "Leave this box empty"
    assert form.select_one("input[name='form-started'][type='hidden']")["value"]


def test_the_stylesheet_hides_the_box_from_everyone(client):
    css = client.get("/static/app.css").get_data(as_text=True)
    rule = css.split(".app-bot-trap", 1)[1].split("}", 1)[0]
    assert "display: none" in rule


def test_each_showing_of_a_form_gets_its_own_stamp(browser, clock):
    link = create_link()
    first = browser.get(f"/r/{link.token}/what-you-were-told").form_started()
    clock.tick(1)
    second = browser.get(f"/r/{link.token}/what-you-were-told").form_started()
    assert first and second and first != second


# -- the honeypot --------------------------------------------------------------------------------


def test_a_filled_in_hidden_box_on_a_question_page_is_refused_and_stores_nothing(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    page = browser.post(
        data={
            "told_grounds": "yes",
            "told_object": "no",
            "officer_identified": "not_sure",
            "your-website": "http://spam.example",
        }
    )
    assert_refused(page)
    assert page.url.endswith("/what-you-were-told")
    assert journeys() == []
    # Every answer is still ticked; the box is empty again.
    assert page.checked("told_grounds") == ["yes"]
    assert page.checked("told_object") == ["no"]
    assert page.checked("officer_identified") == ["not_sure"]
    assert page.soup.select_one("input[name='your-website']").get("value", "") == ""
    # Sent again as it is now shown, it goes through.
    answers = {"told_grounds": "yes", "told_object": "no", "officer_identified": "not_sure"}
    browser.post(data=answers)
    assert browser.page.url.endswith("/during-the-search")
    assert {k: journeys()[0][k] for k in answers} == answers


def test_the_hidden_box_sent_twice_is_refused_whichever_value_is_filled(browser, client):
    link = create_link()
    page = browser.get(f"/r/{link.token}/what-you-were-told")
    sent = MultiDict(
        [
            ("csrf_token", page.csrf_token()),
            ("form-started", page.form_started()),
            ("told_grounds", "yes"),
            ("your-website", ""),
            ("your-website", "http://spam.example"),
        ]
    )
    response = client.post(f"/r/{link.token}/what-you-were-told", data=sent)
    assert_refused(Page(response.status_code, "", response.get_data(as_text=True)))
    assert journeys() == []


def test_a_filled_in_hidden_box_on_the_check_page_sends_nothing(browser):
    link = create_link()
    answer_stop_search(browser, link.token)
    page = browser.post(data={"your-website": "buy now"})
    assert_refused(page, REFUSED_SEND)
    assert page.h1 == "Check your answers before sending them"
    assert count(Response) == 0
    assert "He explained everything." in page.text()  # the answers are all still there
    assert browser.post().h1 == THANK_YOU
    assert count(Response) == 1


def test_a_filled_in_hidden_box_in_the_code_box_keeps_the_code_typed(browser):
    link = create_link()
    browser.get("/r")
    page = browser.post(data={"code": link.token, "your-website": "x"})
    assert_refused(page, REFUSED_CODE)
    assert page.soup.select_one("input[name='code']")["value"] == link.token
    assert browser.post(data={"code": link.token}).url == f"/r/{link.token}"


def test_a_filled_in_hidden_box_withdraws_nothing(browser):
    link = create_link()
    answer_stop_search(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    page = browser.post(data={"code": code, "your-website": "x"})
    assert_refused(page, REFUSED_CODE)
    assert count(Response) == 1
    assert page.soup.select_one("input[name='code']")["value"] == code
    assert browser.post(data={"code": code}).h1 == "Your answers have been withdrawn"
    assert count(Response) == 0


# -- the minimum time, for the whole journey ---------------------------------------------------


def test_a_page_sent_at_once_is_accepted_as_no_page_is_timed_on_its_own(browser, clock, minimum):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    page = browser.post(data={"told_grounds": "yes", "told_object": "no"})
    assert page.status == 200 and page.url.endswith("/during-the-search")
    assert journeys()[0]["told_grounds"] == "yes"


def test_a_page_refused_keeps_the_stamp_of_its_first_showing(browser, clock, minimum):
    # A person whose browser filled the hidden box in is refused, and presses Continue again:
    # it goes through, and the page still says when it was first shown (on a journey's first
    # page, when the journey began).
    link = create_link()
    first = browser.get(f"/r/{link.token}/what-you-were-told").form_started()
    clock.tick(0.5)
    refused = browser.post(data={"told_grounds": "yes", "your-website": "example.org"})
    assert_refused(refused)
    assert refused.form_started() == first
    page = browser.post(data={"told_grounds": "yes"})
    assert page.status == 200 and page.url.endswith("/during-the-search")
    assert journeys()[0]["told_grounds"] == "yes"


def test_a_code_box_sent_empty_says_only_what_to_put_right(browser, clock, minimum):
    browser.get("/r")
    page = browser.post(data={"code": "", "your-website": "example.org"})
    assert page.status == 400
    items = [" ".join(li.get_text().split()) for li in page.soup.select(".govuk-error-summary li")]
    assert items == ["Enter the code"]
    link = create_link()
    assert browser.post(data={"code": link.token}).url == f"/r/{link.token}"


@pytest.mark.parametrize("where", ["/r", "/withdraw"])
def test_a_code_pasted_and_sent_at_once_goes_through(browser, clock, minimum, where):
    """The code box and the withdrawal page store nothing a script could spam, and a person
    pastes a code and presses the button at once: they are not timed (the rate limits bound
    guessing). The hidden box and the stamp are still checked."""
    link = create_link()
    browser.get(where)
    code = link.token if where == "/r" else "ABCD2345EFGH"
    page = browser.post(data={"code": code})
    assert REFUSED_CODE not in page.text()
    if where == "/r":
        assert page.url == f"/r/{link.token}"
    else:
        assert page.status == 400 and page.soup.select_one("input[name='code']")["value"] == code


def test_an_answer_too_long_with_the_box_filled_says_only_what_to_put_right(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": "x" * 2001, "your-website": "example.org"})
    assert page.status == 400
    items = [" ".join(li.get_text().split()) for li in page.soup.select(".govuk-error-summary li")]
    assert items == [
        "Your answer to “What, if anything, did the officer do well?” must be 2,000 characters "
        "or fewer"
    ]
    assert journeys() == []
    page = browser.post(data={"went_well": "x" * 2000})
    assert page.url.endswith("/community-panel")
    assert journeys()[0]["went_well"] == "x" * 2000


def test_answers_sent_faster_than_their_journey_allows_are_not_stored(
    app, browser, clock, monkeypatch
):
    link = create_link()
    answer_stop_search(browser, link.token)  # five pages answered, at machine speed
    minimum = 2.0
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", minimum)
    clock.tick(minimum)
    page = browser.post()
    assert_refused(page, REFUSED_SEND)
    assert count(Response) == 0 and len(journeys()) == 1
    assert "He explained everything." in page.text()  # the answers are all still there
    clock.tick(4 * minimum + 0.01)  # five pages' minimum since the first page was shown
    assert browser.post().h1 == THANK_YOU
    assert count(Response) == 1


def test_answers_sent_after_their_journeys_minimum_go_through_on_the_real_clock(
    app, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", 0.05)
    link = create_link()
    answer_stop_search(browser, link.token)
    time.sleep(0.3)  # five pages' minimum, and more; nothing here is timed or asserted on time
    assert browser.post().h1 == THANK_YOU
    assert count(Response) == 1


def test_withdrawing_at_once_withdraws(app, browser, clock, monkeypatch):
    link = create_link()
    answer_stop_search(browser, link.token)
    minimum = 2.0
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", minimum)
    clock.tick(10 * minimum)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    assert browser.post(data={"code": code}).h1 == "Your answers have been withdrawn"
    assert count(Response) == 0


# -- missing, forged and expired stamps ------------------------------------------------------------


def _signed(app: Flask, *, key: str | None = None, salt: str = bot_check.SALT, age: float = 0):
    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age)

    serializer = URLSafeTimedSerializer(
        key or app.config["SECRET_KEY"], salt=salt, signer=Backdated
    )
    return serializer.dumps(round((time.time() - age) * 1000))


FORGED = {
    "missing": lambda _app: None,
    "empty": lambda _app: "",
    "made up": lambda _app: "MTcwMDAwMDAwMDAwMA.ZZZZZZ.not-a-signature",
    "another key": lambda app: _signed(app, key="someone-elses-key"),
    "another salt": lambda app: _signed(app, salt="itsdangerous"),
    "a CSRF token": lambda _app: "csrf",
    "expired": lambda app: _signed(app, age=25 * 3600),
    "spliced": lambda app: _spliced(app),
}


def _spliced(app: Flask) -> str:
    """The payload of one genuine stamp with the signature of another."""
    now, older = _signed(app), _signed(app, age=100)
    return now.split(".", 1)[0] + "." + older.split(".", 1)[1]


@pytest.mark.parametrize("stamp", FORGED.values(), ids=FORGED.keys())
def test_a_missing_forged_or_expired_stamp_is_refused(app, client, stamp):
    link = create_link()
    browser = Browser(client)
    browser.get(f"/r/{link.token}/what-you-were-told")
    value = stamp(app)
    if value == "csrf":
        value = browser.page.csrf_token()
    data = {"csrf_token": browser.page.csrf_token(), "told_grounds": "yes"}
    if value is not None:
        data["form-started"] = value
    response = client.post(f"/r/{link.token}/what-you-were-told", data=data)
    page = Page(response.status_code, "", response.get_data(as_text=True))
    assert_refused(page)
    assert page.checked("told_grounds") == ["yes"]
    assert journeys() == []


def test_a_genuine_stamp_from_just_inside_the_limit_is_accepted(app, browser):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    stamp = _signed(app, age=23 * 3600)
    page = browser.post(data={"told_grounds": "yes", "form-started": stamp})
    assert page.url.endswith("/during-the-search")


# -- in Welsh -------------------------------------------------------------------------------------


def test_the_refusal_is_in_welsh_for_a_welsh_respondent(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told?lang=cy")
    page = browser.post(data={"told_grounds": "yes", "your-website": "x"})
    assert page.status == 400
    assert REFUSED not in page.text()
    summary = " ".join(page.soup.select_one(".govuk-error-summary").get_text().split())
    welsh = (
        "Mae'n ddrwg gennym, nid oedd modd i ni dderbyn hynny. Mae eich atebion yma o hyd: "
        "pwyswch “Parhau” eto."
    )
    assert welsh in summary
    assert page.soup.select_one("label[for='your-website']").get_text(strip=True) != (
        "Leave this box empty"
    )


@pytest.mark.parametrize("where", ["/r", "/withdraw"])
def test_the_code_pages_refusal_is_in_welsh_for_a_welsh_respondent(browser, where):
    browser.get(f"{where}?lang=cy")
    page = browser.post(data={"code": "ABCD2345", "your-website": "x"})
    assert page.status == 400 and page.soup.html["lang"] == "cy"
    summary = " ".join(page.soup.select_one(".govuk-error-summary").get_text().split())
    assert "Mae'n ddrwg gennym, nid oedd modd i ni dderbyn hynny. Pwyswch y botwm eto." in summary
    assert REFUSED_CODE not in summary
