"""A colleague's written answer to Say to Stay reaches the analysts who code answers only once
the month they gave it in is over, as the survey's figures do.

Coding shows answers one at a time, with how many are left to code. Offered at once, a manager
who gave one colleague a code could read that colleague's words the day they answered, or see
the count of answers to code go up by one. So a staff survey's answers from the month not yet
over are neither offered, nor counted, nor read for themes the list misses, and the message
after a theme change does not say how many answers will be given their themes again. Stop and
search offers each answer as it arrives, as before.

Today is 16 November 2026: October is over, November is not.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask

from app.services import coding, surveys
from tests.app.coding_helpers import add_answers
from tests.pages import Browser

SLUG = "say-to-stay"
QUESTION = "stay_factor"
TODAY = dt.date(2026, 11, 16)
OCTOBER, NOVEMBER = dt.date(2026, 10, 20), dt.date(2026, 11, 3)
HELD_BACK = "offered for coding once the month they were given in is over"


@pytest.fixture(autouse=True)
def mid_november(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.services.staff_survey_confidential.today", lambda: TODAY)


def _october_and_november() -> None:
    add_answers(
        ["Said in October, first.", "Said in October, second."],
        survey=SLUG,
        question=QUESTION,
        on=OCTOBER,
    )
    add_answers(["Said in November."], survey=SLUG, question=QUESTION, on=NOVEMBER)


def _progress(browser: Browser, slug: str = SLUG) -> dict[str, str]:
    page = browser.get(f"/results/{slug}/coding")
    assert page.status == 200
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.soup.select(".govuk-summary-list__row")
    }


def _index_row(browser: Browser, slug: str = SLUG) -> str:
    page = browser.get("/results/coding")
    link = page.soup.find("a", href=f"/results/{slug}/coding")
    return " ".join(link.find_parent("tr").get_text(" ").split())


def test_only_answers_of_months_that_are_over_are_offered_and_counted(analyst, browser):
    _october_and_november()
    assert _progress(browser)["Not coded yet"] == "2 answers"
    page = browser.get(f"/results/{SLUG}/coding")
    assert HELD_BACK in page.text()

    seen = []
    for _ in range(2):
        page = browser.get(f"/results/{SLUG}/coding/answer")
        assert page.h1 == "Code an answer"
        seen.append(next(t for t in ("first", "second", "November") if t in page.text()))
        page = browser.post(page.soup.select_one("main form")["action"], data={"sentiment": "0"})
    assert sorted(seen) == ["first", "second"]
    assert page.url == f"/results/{SLUG}/coding"
    assert (
        "Every answer to this survey from the months that are over has been coded." in page.text()
    )
    assert "Said in November" not in page.text()
    assert browser.get(f"/results/{SLUG}/coding/answer").url == f"/results/{SLUG}/coding"
    assert _progress(browser)["Not coded yet"] == "0 answers"


def test_nothing_on_the_coding_pages_moves_when_a_colleague_answers(analyst, browser):
    _october_and_november()
    before = (_progress(browser), _index_row(browser))
    add_answers(["Only I would say this."], survey=SLUG, question=QUESTION, on=TODAY)
    assert (_progress(browser), _index_row(browser)) == before
    for _ in range(10):
        assert "Only I would say this" not in browser.get(f"/results/{SLUG}/coding/answer").text()


def test_themes_the_list_misses_are_looked_for_in_months_that_are_over(analyst):
    _october_and_november()
    add_answers(["Said this month."] * 5, survey=SLUG, question=QUESTION, on=TODAY)
    assert coding.discover(surveys.get_survey(SLUG), 2).sample == 2


def test_once_the_month_is_over_its_answers_are_offered(analyst, browser, monkeypatch):
    _october_and_november()
    monkeypatch.setattr(
        "app.services.staff_survey_confidential.today", lambda: dt.date(2026, 12, 1)
    )
    assert _progress(browser)["Not coded yet"] == "3 answers"


def test_a_theme_change_does_not_say_how_many_answers_a_staff_survey_has(
    app: Flask, analyst, browser, monkeypatch
):
    _october_and_november()
    monkeypatch.setitem(app.config, "RESCORE_INLINE_LIMIT", 0)  # leave it to the run
    browser.get(f"/results/{SLUG}/coding/themes/new")
    page = browser.post(
        data={"name": "Weather", "description": "Talk of the weather.", "seeds": "weather"}
    )
    assert "Weather has been added." in page.text()
    message = page.soup.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "The survey's answers will be given their themes again" in message
    assert not re.search(r"\d", message.replace("(flask analysis run)", ""))

    monkeypatch.setitem(app.config, "RESCORE_INLINE_LIMIT", 1000)
    browser.get(f"/results/{SLUG}/coding/themes/new")
    page = browser.post(data={"name": "Rain", "description": "Talk of the rain.", "seeds": "rain"})
    message = page.soup.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "The survey's answers were given their themes again." in message
    assert not re.search(r"\d", message)


def test_stop_and_search_offers_each_answer_as_it_arrives(analyst, browser):
    add_answers(["Stopped last month."], on=OCTOBER)
    add_answers(["Stopped this week."], on=TODAY)
    assert _progress(browser, "stop-search")["Not coded yet"] == "2 answers"
    assert HELD_BACK not in browser.get("/results/stop-search/coding").text()
