"""Changing language keeps a form's signed start time (app/public/bot_check.py).

A person who pressed the language button on a question page, the code box (/r) or the
withdrawal page has been on that page since it was first shown: the page shown again in the
other language keeps the signed start time it was sent with, so the journey's first page still
says when the journey began (the journey is timed as a whole, at "Send answers"), and pressing
Continue soon after the switch is never refused. A stamp that is missing, forged or from the
future is not kept: the page gets a new one. The clock is app.public.bot_check._now, moved by
the tests.
"""

from __future__ import annotations

import time

import pytest
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.public import bot_check
from models import Response
from tests.app.bad_input_helpers import count, journeys
from tests.app.conftest import BOT_MINIMUM
from tests.app.test_journey import answer_stop_search
from tests.app.test_language_switch_keeps_answers import change_language
from tests.factories import create_link
from tests.pages import Browser, Page

REFUSED = "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
REFUSED_CODE = "Sorry, we could not accept that. Press the button again."
ANSWERS = {"told_grounds": "yes", "told_object": "no", "officer_identified": "no"}


def signed_stamp(app: Flask, *, seconds_from_now: float) -> str:
    """A genuine stamp (this app's key and salt) for a time other than now."""

    class Shifted(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() + max(seconds_from_now, 0))

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=bot_check.SALT, signer=Shifted
    )
    return serializer.dumps(round((time.time() + seconds_from_now) * 1000))


def refused(browser: Browser) -> bool:
    """Refused by the bot checks, in the words of a form of answers or of a code page."""
    text = browser.page.text()
    return REFUSED in text or REFUSED_CODE in text


def test_continue_soon_after_changing_language_on_a_question_page_is_accepted(
    browser, clock, minimum
):
    token = create_link().token
    first = browser.get(f"/r/{token}/what-you-were-told").form_started()
    clock.tick(BOT_MINIMUM + 0.5)  # an answer chosen, and the page read, before switching
    welsh = change_language(browser, {"told_grounds": "yes"})
    assert welsh.soup.html["lang"] == "cy" and welsh.status == 200
    assert welsh.checked("told_grounds") == ["yes"]
    assert welsh.form_started() == first  # the clock was not restarted
    clock.tick(0.5)  # Continue half a second after the page came back in Welsh
    page = browser.post(data=ANSWERS)
    assert not refused(browser)
    assert page.url == f"/r/{token}/during-the-search"
    assert journeys()[0]["told_grounds"] == "yes"


def test_a_switch_on_the_first_page_does_not_restart_the_journeys_clock(browser, clock, minimum):
    token = create_link().token
    browser.get(f"/r/{token}/what-you-were-told")
    clock.tick(10 * BOT_MINIMUM)  # the first page read for a while
    change_language(browser)  # nothing chosen yet: nothing to keep, no journey made
    assert journeys() == []
    page = browser.post(data=ANSWERS)  # the journey is made now, from the first showing
    while not page.url.endswith("/check"):
        assert not refused(browser)
        page = browser.post(data={"satisfaction": "satisfied"})
    # Every other page at machine speed: the journey still took a person's time in all.
    page = browser.post()
    assert page.soup.select_one(".govuk-panel__title") is not None
    assert count(Response) == 1


def test_the_kept_start_time_is_used_once_and_only_by_the_page_it_came_from(client, clock):
    token = create_link().token
    browser = Browser(client)
    first = browser.get(f"/r/{token}/what-you-were-told").form_started()
    clock.tick(1)
    button = browser.page.soup.select_one("button.app-language-bar__link")
    sent = {
        "csrf_token": browser.page.csrf_token(),
        "form-started": first,
        button["name"]: button["value"],
    }
    response = client.post(button["formaction"], data=sent)
    assert response.status_code == 303
    # Another page is shown next: it gets its own stamp, and the kept one is gone.
    other = browser.get(f"/r/{token}/during-the-search").form_started()
    assert other != first
    assert browser.get(f"/r/{token}/what-you-were-told").form_started() != first


@pytest.mark.parametrize("where", ["/r", "/withdraw"])
def test_continue_soon_after_changing_language_on_a_code_page_is_accepted(
    app, browser, clock, monkeypatch, where
):
    link = create_link()
    if where == "/withdraw":
        answer_stop_search(browser, link.token)
        code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    else:
        code = link.token
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", BOT_MINIMUM)
    first = browser.get(where).form_started()
    clock.tick(1.5)
    welsh = change_language(browser, {"code": code})
    assert welsh.soup.html["lang"] == "cy" and welsh.url == where
    assert welsh.form_started() == first
    clock.tick(1)  # 2.5 seconds on the page in all, 1 since it came back in Welsh
    page = browser.post(data={"code": code})
    assert not refused(browser)
    if where == "/r":
        assert page.url == f"/r/{link.token}"
    else:
        assert page.status == 200 and count(Response) == 0  # withdrawn


FORGED = {
    "missing": lambda _app: None,
    "made up": lambda _app: "MTcwMDAwMDAwMDAwMA.ZZZZZZ.not-a-signature",
    "from the future": lambda app: signed_stamp(app, seconds_from_now=3600),
}


@pytest.mark.parametrize("stamp", FORGED.values(), ids=FORGED.keys())
@pytest.mark.parametrize("where", ["/r", "/withdraw", "question page"])
def test_a_missing_forged_or_future_stamp_is_not_kept_by_a_switch(app, client, clock, stamp, where):
    token = create_link().token
    url = f"/r/{token}/what-you-were-told" if where == "question page" else where
    browser = Browser(client)
    browser.get(url)
    button = browser.page.soup.select_one("button.app-language-bar__link")
    sent = {"csrf_token": browser.page.csrf_token(), button["name"]: button["value"]}
    value = stamp(app)
    if value is not None:
        sent["form-started"] = value
    clock.tick(5)
    # Sent as it is, not with the page's own stamp as a browser would.
    response = client.post(button["formaction"], data=sent, follow_redirects=True)
    page = Page(response.status_code, response.request.path, response.get_data(as_text=True))
    assert page.status == 200 and page.soup.html["lang"] == "cy"
    shown = page.form_started()
    assert shown and shown != value
    with app.test_request_context():
        # A new stamp, issued as the page came back (to the millisecond).
        assert abs(bot_check.stamp_age(shown)) < 0.01
