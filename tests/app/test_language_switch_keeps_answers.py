"""Changing language on a question page keeps what the respondent has chosen or typed but not
yet sent. The language control there is a button of the page's form: the answers go with it,
are kept with the journey in progress (not in the cookie) without being checked, and the same
page comes back in the other language with them filled in. Only Continue checks and saves them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask_babel import refresh
from sqlalchemy import select

from app.services.definitions import load_built_in
from models import Journey, db
from tests.app.bad_input_helpers import count, journeys
from tests.app.test_check_answers_changes import change_link, walk_to_check
from tests.factories import create_link
from tests.pages import Browser, Page

TREATED = "/how-you-were-treated"
OWN_WORDS = "/in-your-own-words"
REFUSED_CY = (
    "Mae'n ddrwg gennym, nid oedd modd i ni dderbyn hynny. Mae eich atebion yma o hyd: "
    "pwyswch “Parhau” eto."
)
TOO_LONG_CY = (
    "Rhaid i'ch ateb i “Beth allai'r swyddog fod wedi'i wneud yn well?” fod yn 2,000 nod neu lai"
)


def title(slug: str, page_key: str, language: str) -> str:
    page = next(p for p in load_built_in(slug)["pages"] if p["key"] == page_key)
    return page["title"][language]


def language_button(page: Page):
    return page.soup.select_one("button.app-language-bar__link")


def change_language(browser: Browser, data: dict[str, Any] | None = None, **extra: str) -> Page:
    """Press the page's language button with ``data`` in the page's form, as a browser does:
    the form's fields and the button's own name and value, sent to the button's formaction."""
    refresh()
    button = language_button(browser.page)
    assert button is not None, f"no language button on {browser.page.url}"
    assert button["form"] == browser.page.soup.select_one("main form")["id"]
    payload = {**(data or {}), button["name"]: button["value"], **extra}
    return browser.post(button["formaction"], data=payload)


def continue_(browser: Browser, data: dict[str, Any]) -> Page:
    refresh()
    return browser.post(data=data)


def assert_shown_without_errors(page: Page, language: str) -> None:
    assert page.status == 200
    assert page.soup.html["lang"] == language
    assert page.error_summary() == [] and page.field_errors() == []
    assert not page.title.startswith(("Error:", "Gwall:"))


def test_options_chosen_come_back_chosen_in_welsh_and_english_and_continue_saves_them(browser):
    token = create_link().token
    english = browser.get(f"/r/{token}{TREATED}")
    button = language_button(english)
    assert button.get_text(strip=True) == "Cymraeg" and button["lang"] == "cy"

    welsh = change_language(browser, {"respect": "agree", "satisfaction": "satisfied"})
    assert welsh.url == f"/r/{token}{TREATED}"
    assert_shown_without_errors(welsh, "cy")
    assert welsh.h1 == title("stop-search", "how-you-were-treated", "cy")
    assert welsh.checked("respect") == ["agree"]
    assert welsh.checked("satisfaction") == ["satisfied"]
    assert language_button(welsh).get_text(strip=True) == "English"
    # Kept, not saved: Check your answers has nothing answered yet.
    assert "Cytuno" not in browser.get(f"/r/{token}/check").text()

    browser.get(f"/r/{token}{TREATED}")  # read again later: still there
    assert browser.page.checked("respect") == ["agree"]
    english = change_language(
        browser, {"respect": "agree", "fair": "disagree", "satisfaction": "satisfied"}
    )
    assert_shown_without_errors(english, "en")
    assert english.h1 == "How you were treated"
    assert english.checked("fair") == ["disagree"]
    assert english.checked("satisfaction") == ["satisfied"]

    page = continue_(browser, {"respect": "agree", "fair": "disagree", "satisfaction": "satisfied"})
    assert page.url == f"/r/{token}{OWN_WORDS}"
    assert journeys() == [{"respect": "agree", "fair": "disagree", "satisfaction": "satisfied"}]


def test_text_typed_comes_back_typed_and_continue_saves_it(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    typed = {"went_well": "He was calm.\nHe explained why.", "improve": "Say who you are 👮🏾"}

    welsh = change_language(browser, typed)
    assert_shown_without_errors(welsh, "cy")
    assert welsh.h1 == title("stop-search", "in-your-own-words", "cy")
    assert welsh.textarea("went_well") == typed["went_well"]
    assert welsh.textarea("improve") == typed["improve"]

    english = change_language(browser, typed)
    assert_shown_without_errors(english, "en")
    assert english.textarea("improve") == typed["improve"]

    page = continue_(browser, typed)
    assert page.url == f"/r/{token}/community-panel"
    check = browser.get(f"/r/{token}/check")
    assert "Say who you are 👮🏾" in check.text()
    assert journeys() == [{"went_well": typed["went_well"], "improve": typed["improve"]}]


def test_boxes_ticked_come_back_ticked(browser):
    token = create_link("say-to-stay").token
    browser.get(f"/r/{token}/about-your-role")
    browser.post(data={"role": "police_staff", "stage": "thinking"})
    assert browser.page.url == f"/r/{token}/reasons"

    welsh = change_language(browser, {"reasons": ["pay", "workload"], "main_reason": "pay"})
    assert_shown_without_errors(welsh, "cy")
    assert welsh.h1 == title("say-to-stay", "reasons", "cy")
    assert sorted(welsh.checked("reasons")) == ["pay", "workload"]
    assert welsh.checked("main_reason") == ["pay"]


def test_a_cleared_answer_stays_cleared(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    browser.post(data={"went_well": "Saved before.", "improve": "Also saved."})
    browser.get(f"/r/{token}{OWN_WORDS}")

    welsh = change_language(browser, {"went_well": "", "improve": "Changed."})
    assert welsh.textarea("went_well") == ""
    assert welsh.textarea("improve") == "Changed."
    # Not yet sent: the saved answers are still the ones Check your answers shows.
    assert "Saved before." in browser.get(f"/r/{token}/check").text()

    browser.get(f"/r/{token}{OWN_WORDS}")
    continue_(browser, {"went_well": "", "improve": "Changed."})
    assert journeys() == [{"improve": "Changed."}]


def test_changing_language_with_nothing_entered_changes_nothing(browser):
    token = create_link().token
    browser.get(f"/r/{token}/what-you-were-told")
    welsh = change_language(browser, {})
    assert_shown_without_errors(welsh, "cy")
    assert count(Journey) == 0
    start = browser.get(f"/r/{token}")
    assert start.soup.select_one("a.govuk-button--start").get_text(strip=True) == "Dechrau nawr"

    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes"})
    browser.get(f"/r/{token}/what-you-were-told")
    before = db.session.scalars(select(Journey)).one()
    stamp = before.updated_at
    english = change_language(browser, {"told_grounds": "yes"})
    assert english.checked("told_grounds") == ["yes"]
    db.session.expire_all()
    after = db.session.scalars(select(Journey)).one()
    assert (after.answers, after.updated_at) == ({"told_grounds": "yes"}, stamp)


def test_text_over_the_limit_is_kept_as_typed_and_refused_only_by_continue(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    too_long = ("Far too long. " * 150).strip()  # over 2,000 characters, the limit
    welsh = change_language(browser, {"went_well": "Fine.", "improve": too_long})
    assert_shown_without_errors(welsh, "cy")
    assert welsh.textarea("improve") == too_long

    refused = continue_(browser, {"went_well": "Fine.", "improve": too_long})
    assert refused.status == 400
    assert refused.error_summary() == [TOO_LONG_CY]
    assert refused.textarea("improve") == too_long
    assert refused.textarea("went_well") == "Fine."
    # Nothing was saved: the only thing the journey holds is the page's text, not yet sent.
    assert all(set(answers) == {"unsent-page"} for answers in journeys())


def test_text_far_over_the_limit_is_kept_only_up_to_five_times_the_limit(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    pasted = "0123456789" * 30_000  # 300,000 characters
    welsh = change_language(browser, {"improve": pasted})
    assert_shown_without_errors(welsh, "cy")
    assert welsh.textarea("improve") == pasted[:10_000]
    assert len(json.dumps(journeys())) < 11_000


def test_an_option_the_page_does_not_offer_is_dropped_and_the_rest_kept(browser):
    token = create_link().token
    browser.get(f"/r/{token}{TREATED}")
    welsh = change_language(
        browser, {"respect": "adore", "fair": ["agree", "nonsense"], "satisfaction": "satisfied"}
    )
    assert_shown_without_errors(welsh, "cy")
    assert welsh.checked("respect") == []
    assert welsh.checked("fair") == ["agree"]
    assert welsh.checked("satisfaction") == ["satisfied"]


def test_hidden_control_characters_are_taken_out_and_the_rest_kept(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    typed = "Bell\x07 and nul\x00 inside"
    welsh = change_language(browser, {"went_well": typed})
    assert_shown_without_errors(welsh, "cy")
    assert welsh.textarea("went_well") == "Bell and nul inside"
    page = continue_(browser, {"went_well": welsh.textarea("went_well")})
    assert page.status == 200, page.error_summary()
    assert journeys()[0]["went_well"] == "Bell and nul inside"


def test_change_mode_is_kept_and_a_new_question_is_still_asked(browser):
    token = create_link().token
    check = walk_to_check(browser, token)
    browser.get(change_link(check, "handcuffed"))
    refresh()
    button = language_button(browser.page)
    assert "change=1" in button["formaction"]
    response = browser.client.post(
        button["formaction"],
        data={
            "csrf_token": browser.page.csrf_token(),
            "form-started": browser.page.form_started(),
            "handcuffed": "yes",
            button["name"]: button["value"],
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/r/{token}/during-the-search?change=1"
    welsh = browser.get(response.headers["Location"])
    assert welsh.checked("handcuffed") == ["yes"]
    assert welsh.soup.select_one("a.govuk-back-link")["href"] == f"/r/{token}/check"

    # Continue: the change shows a new question, which is asked before Check your answers.
    page = continue_(browser, {"bwv_on": "no", "handcuffed": "yes"})
    assert page.url == f"/r/{token}{TREATED}"
    assert page.soup.html["lang"] == "cy"
    assert "A gawsoch wybod pam y cawsoch eich rhoi mewn gefynnau? (dewisol)" in page.legends()


def test_without_the_csrf_token_nothing_is_kept(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    button = language_button(browser.page)
    refresh()
    page = browser.post(
        button["formaction"],
        data={"went_well": "Lost?", button["name"]: button["value"]},
        csrf=False,
    )
    assert page.status == 400
    assert count(Journey) == 0


def test_the_bot_checks_still_apply(browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    page = change_language(browser, {"went_well": "Typed by a bot?"}, **{"your-website": "x"})
    assert page.status == 400
    assert page.soup.html["lang"] == "cy"
    assert page.error_summary() == [REFUSED_CY]  # linked to the Continue button
    assert page.textarea("went_well") == "Typed by a bot?"  # nothing lost: still in the box
    assert count(Journey) == 0

    page = change_language(browser, {"went_well": "Typed by a bot?"}, **{"form-started": "forged"})
    assert page.status == 400
    assert count(Journey) == 0

    # A person sends it again from the page shown: it goes through.
    page = continue_(browser, {"went_well": "Typed by a person."})
    assert page.url == f"/r/{token}/community-panel"
    assert journeys() == [{"went_well": "Typed by a person."}]


def test_the_answers_are_kept_on_the_server_not_in_the_cookie(app: Flask, browser):
    token = create_link().token
    browser.get(f"/r/{token}{OWN_WORDS}")
    change_language(browser, {"went_well": "Something private"})
    cookie = browser.client.get_cookie("session")
    held = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert "Something private" not in json.dumps(held)
    assert held["lang"] == "cy"


def test_enter_in_a_field_still_continues(browser):
    """Enter in a field presses the form's first button, in page order: the header's language
    button comes before Continue, so a hidden Continue comes before it."""
    token = create_link().token
    page = browser.get(f"/r/{token}{TREATED}")
    form_id = page.soup.select_one("main form")["id"]
    buttons = [
        b
        for b in page.soup.select("button")
        if b.get("form") == form_id or b.find_parent("form", id=form_id)
    ]
    first = buttons[0]
    assert first.get("formaction") is None and first.get("name") is None
    assert first.get_text(strip=True) == "Continue"
    assert first["aria-hidden"] == "true" and first["tabindex"] == "-1"
    assert buttons[1] is not None and buttons[1].get("name") == "change-language"


@pytest.mark.parametrize("path", ["", "/check", "/no-such-page"])
def test_other_pages_keep_the_plain_link(browser, path):
    token = create_link().token
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes"})
    page = browser.get(f"/r/{token}{path}")
    assert language_button(page) is None
    link = page.soup.select_one("a.app-language-bar__link")
    assert link["hreflang"] == "cy" and "lang=cy" in link["href"]
