"""Changing an earlier coding, from "Your latest coded answers": the page says it is a change,
and saving goes back to the list it came from, not on to a new answer."""

from __future__ import annotations

from app.services import coding, surveys
from models import CodedAnswer, db
from tests.app.coding_helpers import GROUNDS, RESPECT, add_answers


def test_changing_a_coding_says_so_and_returns_to_the_list(analyst, browser):
    first, _ = add_answers(["They were polite.", "Nobody told me why."])
    coding.save_code(surveys.get_survey("stop-search"), first, -1, [GROUNDS], analyst)
    page = browser.get("/results/stop-search/coding")
    page = browser.get(page.soup.select_one("a[href*='/coding/answers/']")["href"])
    assert page.h1 == "Change the coding of an answer"
    assert page.soup.select_one("main form button").get_text(strip=True) == "Save changes"
    assert "Skip this answer" not in page.text()

    page = browser.post(data={"sentiment": "1", "themes": [RESPECT]})
    assert page.url == "/results/stop-search/coding"
    assert "Your change to the coding has been saved." in page.text()
    assert "Here is another answer" not in page.text()
    db.session.expire_all()
    coded = db.session.get(CodedAnswer, first.id)
    assert (coded.sentiment, coded.themes) == (1, [RESPECT])


def test_a_new_answer_is_still_coded_and_followed_by_another(analyst, browser):
    add_answers(["They were polite.", "Nobody told me why."])
    page = browser.get("/results/stop-search/coding/answer")
    assert page.h1 == "Code an answer"
    page = browser.post(
        page.soup.select_one("main form")["action"], data={"sentiment": "1", "themes": [RESPECT]}
    )
    assert page.h1 == "Code an answer"
    assert "Your coding has been saved. Here is another answer." in page.text()
