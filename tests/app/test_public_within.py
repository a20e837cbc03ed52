"""Say to Stay's "Which one matters most?" must be one of the reasons ticked above it
("within"): the page asks again, keeping what was given, when it is not; it is free while no
reason is ticked; and a reason unticked from Check your answers asks it again."""

from __future__ import annotations

import copy

from app.services.definitions import load_built_in
from app.services.surveys import publish_version
from models import Answer, db
from tests.app.test_check_answers_changes import change_link, send
from tests.factories import create_link
from tests.pages import Browser, Page

SLUG = "say-to-stay"
MESSAGE = "Select the reason that matters most from the ones you selected"
WELSH_MESSAGE = "Dewiswch y rheswm sydd bwysicaf o blith y rhai a ddewisoch chi"
MAIN = "Which one matters most?"
ROLE = {"role": "pcso", "stage": "thinking"}


def reasons_page(browser: Browser, token: str, *, lang: str = "en") -> Page:
    browser.get(f"/r/{token}?lang={lang}")
    browser.get(f"/r/{token}/about-your-role")
    page = browser.post(data=ROLE)
    assert page.url == f"/r/{token}/reasons", page.error_summary()
    return page


def stored(key: str) -> list[str]:
    return sorted(db.session.scalars(db.select(Answer.value).where(Answer.question_key == key)))


def main_reason_row(check: Page) -> str:
    for row in check.soup.select(".govuk-summary-list__row"):
        if MAIN in row.select_one(".govuk-summary-list__key").get_text():
            return row.select_one(".govuk-summary-list__value").get_text(strip=True)
    raise AssertionError("no row for the main reason")


def finish(browser: Browser) -> Page:
    """From the page after the reasons, through to Check your answers, answering nothing."""
    page = browser.page
    while "/check" not in page.url:
        page = browser.post(data={})
        assert page.status == 200, page.error_summary()
    return page


def test_a_main_reason_not_ticked_is_asked_again_keeping_the_ticks(browser):
    token = create_link(SLUG).token
    reasons_page(browser, token)
    page = browser.post(data={"reasons": ["workload", "pay"], "main_reason": "pension"})
    assert page.status == 400
    assert page.url == f"/r/{token}/reasons"
    assert page.title.startswith("Error:")
    assert page.error_summary() == [MESSAGE]
    assert page.field_errors() == [MESSAGE]
    assert page.checked("reasons") == ["workload", "pay"]
    # The summary's link leads to the question's first radio.
    link = page.soup.select_one(".govuk-error-summary a")["href"]
    assert page.soup.select_one(link)["name"] == "main_reason"

    # One of the ticked reasons is accepted, and only it is stored.
    page = browser.post(data={"reasons": ["workload", "pay"], "main_reason": "pay"})
    assert page.url == f"/r/{token}/at-work"
    check = finish(browser)
    assert main_reason_row(check) == "Pay and reward"
    assert browser.post(data={}).h1 == "Thank you, your answers have been sent"
    assert stored("main_reason") == ["pay"]
    assert stored("reasons") == ["pay", "workload"]


def test_with_no_reason_ticked_any_main_reason_may_be_chosen(browser):
    token = create_link(SLUG).token
    reasons_page(browser, token)
    page = browser.post(data={"main_reason": "pension"})
    assert page.url == f"/r/{token}/at-work", page.error_summary()
    assert main_reason_row(finish(browser)) == "Pension"


def test_the_message_is_welsh_on_the_welsh_page(browser):
    token = create_link(SLUG).token
    reasons_page(browser, token, lang="cy")
    page = browser.post(data={"reasons": ["caring"], "main_reason": "relocation"})
    assert page.status == 400
    assert page.error_summary() == [WELSH_MESSAGE]
    assert page.field_errors() == [f"Gwall: {WELSH_MESSAGE}"]
    assert page.checked("reasons") == ["caring"]


def test_unticking_the_main_reason_on_its_own_page_from_check_your_answers(browser):
    token = create_link(SLUG).token
    reasons_page(browser, token)
    browser.post(data={"reasons": ["workload", "pay"], "main_reason": "workload"})
    check = finish(browser)
    change = change_link(check, "think about leaving")
    page = browser.get(change)
    page = browser.post(change, data={"reasons": ["pay"], "main_reason": "workload"})
    assert page.status == 400
    assert page.error_summary() == [MESSAGE]
    assert send(browser, change, {"reasons": ["pay"], "main_reason": "pay"}) == f"/r/{token}/check"


def _main_reason_on_its_own_page() -> None:
    """Say to Stay with "Which one matters most?" on a page of its own after the reasons."""
    definition = copy.deepcopy(load_built_in(SLUG))
    pages = definition["pages"]
    at = next(i for i, page in enumerate(pages) if page["key"] == "reasons")
    main = pages[at]["questions"].pop()
    assert main["key"] == "main_reason" and main["within"] == "reasons"
    title = {"en": "The main reason", "cy": "Y prif reswm"}
    pages.insert(at + 1, {"key": "main-reason", "title": title, "questions": [main]})
    publish_version(SLUG, definition)
    db.session.commit()


def test_a_main_reason_asked_later_offers_only_the_reasons_ticked(browser):
    _main_reason_on_its_own_page()
    token = create_link(SLUG).token
    reasons_page(browser, token)
    page = browser.post(data={"reasons": ["workload", "caring"]})
    assert page.url == f"/r/{token}/main-reason"
    offered = [i["value"] for i in page.soup.select("input[name='main_reason']")]
    assert offered == ["workload", "caring"]
    # One not offered, sent anyway, is refused.
    page = browser.post(data={"main_reason": "pension"})
    assert page.status == 400
    assert MESSAGE in page.field_errors()


def test_unticking_the_main_reason_from_check_your_answers_asks_it_again(browser):
    _main_reason_on_its_own_page()
    token = create_link(SLUG).token
    reasons_page(browser, token)
    browser.post(data={"reasons": ["workload", "caring"]})
    browser.post(data={"main_reason": "caring"})
    check = finish(browser)
    assert main_reason_row(check) == "Caring responsibilities"
    change = change_link(check, "think about leaving")
    browser.get(change)
    following = send(browser, change, {"reasons": ["workload", "pay"]})
    assert following == f"/r/{token}/main-reason?change=1"
    page = browser.get(following)
    assert [i["value"] for i in page.soup.select("input[name='main_reason']")] == [
        "workload",
        "pay",
    ]
    assert page.checked("main_reason") == []
    # Left unanswered, the check page shows it as not answered, and it is not stored.
    check = browser.get(f"/r/{token}/check")
    assert main_reason_row(check) == "Not answered"
    assert browser.post(data={}).h1 == "Thank you, your answers have been sent"
    assert stored("main_reason") == []
    assert stored("reasons") == ["pay", "workload"]


def test_a_main_reason_still_ticked_goes_straight_back_to_check(browser):
    _main_reason_on_its_own_page()
    token = create_link(SLUG).token
    reasons_page(browser, token)
    browser.post(data={"reasons": ["workload", "caring"]})
    browser.post(data={"main_reason": "caring"})
    change = change_link(finish(browser), "think about leaving")
    browser.get(change)
    assert send(browser, change, {"reasons": ["caring"]}) == f"/r/{token}/check"
