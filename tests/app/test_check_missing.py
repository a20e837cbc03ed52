"""Check your answers with required answers missing: the page says what to answer and marks
each missing row; sending anyway shows a GOV.UK error summary (400) and stores nothing; once
the answers are given, sending works. In English and in Welsh."""

from __future__ import annotations

from typing import Any

from babel.messages.pofile import read_po
from sqlalchemy import func, select

from models import Journey, Response, db
from tests.app.test_welsh import WELSH_PO, english_leftovers
from tests.factories import create_link
from tests.pages import Browser, Page

MUST_ANSWER = "You need to answer these questions before you send your answers"
MARKED = "Not answered – you need to answer this question"
VALUED = "How much do you agree: “I feel valued at work”"


def stored_journey() -> dict[str, Any]:
    db.session.expire_all()
    return db.session.scalars(select(Journey)).one().answers


def responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def rows(page: Page, section: str) -> dict[str, tuple[str, str, str]]:
    """Under the heading ``section``: each question's (answer shown, link text, link href)."""
    heading = next(h for h in page.soup.select("main h2") if h.get_text(strip=True) == section)
    summary = heading.find_next_sibling("dl")
    found = {}
    for row in summary.select(".govuk-summary-list__row"):
        key = row.select_one(".govuk-summary-list__key").get_text(strip=True)
        value = " ".join(row.select_one(".govuk-summary-list__value").get_text().split())
        action = row.select_one(".govuk-summary-list__actions a")
        hidden = action.select_one(".govuk-visually-hidden").get_text(strip=True)
        assert hidden == key  # the link says which question it is for
        link_text = action.get_text(" ", strip=True).removesuffix(hidden).strip()
        found[key] = (value, link_text, action["href"])
    return found


def banner(page: Page) -> tuple[str, list[tuple[str, str]]] | None:
    shown = page.soup.select_one(".govuk-notification-banner")
    if shown is None:
        return None
    heading = shown.select_one(".govuk-notification-banner__heading").get_text(strip=True)
    return heading, [(a.get_text(strip=True), a["href"]) for a in shown.select("li a")]


def summary_links(page: Page) -> list[tuple[str, str]]:
    return [
        (" ".join(a.get_text().split()), a["href"])
        for a in page.soup.select(".govuk-error-summary li a")
    ]


def skip_to_at_work(browser: Browser, token: str, lang: str = "en") -> Page:
    """Straight to the third Say to Stay page, answered, then check your answers."""
    browser.get(f"/r/{token}/at-work?lang={lang}")
    page = browser.post(data={"valued": "agree"})
    assert page.status == 200 and page.url.endswith("/in-your-own-words"), page.error_summary()
    return browser.get(f"/r/{token}/check")


def test_check_answers_says_which_required_answers_are_missing(browser):
    token = create_link("say-to-stay").token
    page = skip_to_at_work(browser, token)
    assert page.status == 200
    assert not page.title.startswith("Error:")
    assert page.error_summary() == []  # nothing has gone wrong yet
    role_page = f"/r/{token}/about-your-role?change=1"
    assert banner(page) == (
        f"{MUST_ANSWER}:",
        [("What is your role?", role_page), ("Where are you in your thinking?", role_page)],
    )
    about = rows(page, "About your role")
    assert about["What is your role?"] == (MARKED, "Answer", role_page)
    assert about["Where are you in your thinking?"] == (MARKED, "Answer", role_page)
    # An optional question left out is only "Not answered", and can be changed as before.
    assert about["How long have you served?"] == ("Not answered", "Change", role_page)
    assert rows(page, "At work")[VALUED][:2] == ("Agree", "Change")


def test_sending_with_answers_missing_shows_the_errors_and_stores_nothing(browser):
    token = create_link("say-to-stay").token
    skip_to_at_work(browser, token)
    before = stored_journey()

    page = browser.post()
    assert page.status == 400
    assert page.url == f"/r/{token}/check"
    assert page.title.startswith("Error: Check your answers before sending them")
    summary = page.soup.select_one(".govuk-error-summary")
    assert summary.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "There is a problem"
    )
    assert MUST_ANSWER in summary.get_text()
    role_page = f"/r/{token}/about-your-role?change=1"
    assert summary_links(page) == [
        ("Select your role", role_page),
        ("Select where you are in your thinking", role_page),
    ]
    assert banner(page) is None  # the error summary says it instead
    assert rows(page, "About your role")["What is your role?"][0] == MARKED
    # Nothing sent, nothing lost.
    assert responses() == 0
    assert stored_journey() == before == {"valued": "agree"}
    assert rows(page, "At work")[VALUED][0] == "Agree"


def test_after_answering_the_missing_questions_sending_works(browser):
    token = create_link("say-to-stay").token
    skip_to_at_work(browser, token)
    browser.post()
    role_page = summary_links(browser.page)[0][1]

    # The error's link leads to the page; answering it comes back to check your answers.
    page = browser.get(role_page)
    assert page.h1 == "About your role"
    # A browser posts the form back to its own address, query string included.
    page = browser.post(role_page, data={"role": "police_officer", "stage": "not_planning"})
    assert page.url == f"/r/{token}/check"
    assert banner(page) is None
    assert MARKED not in page.text()
    assert rows(page, "About your role")["What is your role?"][:2] == ("Police officer", "Change")

    done = browser.post()
    assert done.h1 == "Thank you, your answers have been sent"
    assert responses() == 1
    answers = {a.question_key: a.value for a in db.session.scalars(select(Response)).one().answers}
    assert answers["role"] == "police_officer" and answers["valued"] == "agree"


def test_one_missing_answer_is_named_as_one_question(browser):
    token = create_link("say-to-stay").token
    browser.get(f"/r/{token}/about-your-role")
    browser.post(data={"role": "police_staff", "stage": "not_planning"})
    browser.get(f"/r/{token}/check")
    assert banner(browser.page) is None  # every required answer given

    # A stop-search journey that skipped the satisfaction question has exactly one missing.
    token = create_link().token
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(data={"told_grounds": "yes"})
    page = browser.get(f"/r/{token}/check")
    treated = f"/r/{token}/how-you-were-treated?change=1"
    assert banner(page) == (
        "You need to answer this question before you send your answers:",
        [("Overall, how satisfied are you with how you were treated?", treated)],
    )
    page = browser.post()
    assert page.status == 400
    assert summary_links(page) == [
        ("Select how satisfied you are with how you were treated", treated)
    ]


def test_the_missing_answers_in_welsh(browser):
    with open(WELSH_PO, "rb") as handle:
        welsh_po = read_po(handle, locale="cy")
    token = create_link("say-to-stay").token
    page = skip_to_at_work(browser, token, lang="cy")
    assert page.soup.html["lang"] == "cy"
    role_page = f"/r/{token}/about-your-role?change=1"
    heading, links = banner(page)
    assert heading == "Mae angen i chi ateb y cwestiynau hyn cyn i chi anfon eich atebion:"
    assert [href for _, href in links] == [role_page, role_page]
    assert page.soup.select_one(".govuk-notification-banner__title").get_text(strip=True) == (
        "Pwysig"
    )
    marked = "Heb ateb – mae angen i chi ateb y cwestiwn hwn"
    about = rows(page, "Am eich rôl")
    assert [about[q][:2] for q in ("Beth yw eich rôl?", "Ble ydych chi arni yn eich meddwl?")] == [
        (marked, "Ateb"),
        (marked, "Ateb"),
    ]
    assert english_leftovers(page, welsh_po) == []

    page = browser.post()
    assert page.status == 400
    assert page.title.startswith("Gwall:")
    assert summary_links(page) == [
        ("Dewiswch eich rôl", role_page),
        ("Dewiswch ble rydych chi arni yn eich meddwl", role_page),
    ]
    assert "Mae problem" in page.soup.select_one(".govuk-error-summary").get_text()
    assert english_leftovers(page, welsh_po) == []
    assert responses() == 0
