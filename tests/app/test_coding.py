"""Coding: analysts code answers without seeing who wrote them, and see how often the word
list agrees with them before any model is trained; officers and signed-out people cannot code.
Training is in test_coding_training.py, the agreement figures in test_coding_agreement.py."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, func, select

from analysis import sentiment as lexicon
from app.services import coding, retention, surveys, taxonomy
from models import AnalysisModel, CodedAnswer, Response, Role, db, today
from tests.app.coding_helpers import (
    GROUNDS,
    IMPROVE,
    RESPECT,
    add_answers,
    code_directly,
    synthetic_coded,
)
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in

# --- Coding answers -------------------------------------------------------------------------


def test_an_analyst_codes_an_answer_without_seeing_who_wrote_it(analyst, browser):
    add_answers(
        ["He was rude and never said why. Call me on 07700 900123."],
        ethnic_group="black",
    )
    page = browser.get("/results/stop-search/coding/answer")
    assert page.status == 200
    assert page.h1 == "Code an answer"
    text = page.text()
    assert IMPROVE in text
    assert "He was rude and never said why." in text
    assert "07700 900123" not in text and "[phone number removed]" in text
    for equality in ("Black", "African", "ethnic", "Ethnic"):
        assert equality not in text
    assert [i["value"] for i in page.soup.select("input[name='sentiment']")] == [
        "-2",
        "-1",
        "0",
        "1",
        "2",
    ]
    themes = [i["value"] for i in page.soup.select("input[name='themes']")]
    assert themes == taxonomy.theme_names(surveys.get_survey("stop-search"))

    form = page.soup.select_one("main form")
    page = browser.post(form["action"], data={"sentiment": "-2", "themes": [GROUNDS, RESPECT]})
    assert "Your coding has been saved" in page.text() or "Every answer" in page.text()
    coded = db.session.scalars(select(CodedAnswer)).one()
    assert coded.sentiment == -2
    assert coded.themes == [GROUNDS, RESPECT]
    assert coded.coded_by_id == analyst.id


def test_the_next_answer_is_one_nobody_has_coded(analyst, browser):
    answers = add_answers(["First answer", "Second answer", "Third answer"])
    survey = surveys.get_survey("stop-search")
    coding.save_code(survey, answers[0], 0, [], analyst)
    coding.save_code(survey, answers[2], 0, [], analyst)
    for _ in range(5):
        assert "Second answer" in browser.get("/results/stop-search/coding/answer").text()
    coding.save_code(survey, answers[1], 0, [], analyst)
    page = browser.get("/results/stop-search/coding/answer")
    assert page.url == "/results/stop-search/coding"
    assert "Every answer to this survey has been coded" in page.text()


def test_skipping_shows_another_answer(analyst, browser):
    add_answers(["Only this one", "Or this one"])
    page = browser.get("/results/stop-search/coding/answer")
    shown = "Only this one" if "Only this one" in page.text() else "Or this one"
    skip = page.soup.find("a", string=re.compile("Skip this answer"))["href"]
    assert shown not in browser.get(skip).text()


def test_coding_needs_a_sentiment_and_only_listed_themes(analyst, browser):
    add_answers(["Fine."])
    page = browser.get("/results/stop-search/coding/answer")
    action = page.soup.select_one("main form")["action"]
    page = browser.post(action, data={"themes": [GROUNDS]})
    assert page.status == 400
    assert page.error_summary() == ["Select how positive or negative the answer is"]
    assert page.checked("themes") == [GROUNDS]
    page = browser.post(action, data={"sentiment": "1", "themes": ["Made up"]})
    assert page.status == 400
    assert page.error_summary() == ["Select only the themes listed"]
    page = browser.post(action, data={"sentiment": "7"})
    assert page.status == 400
    assert db.session.scalar(select(func.count()).select_from(CodedAnswer)) == 0


def test_an_analyst_can_change_their_coding(analyst, browser):
    (answer,) = add_answers(["They were polite."])
    survey = surveys.get_survey("stop-search")
    coding.save_code(survey, answer, -1, [GROUNDS], analyst)
    page = browser.get("/results/stop-search/coding")
    change = page.soup.select_one("a[href*='/coding/answers/']")["href"]
    assert "Change" in page.soup.select_one("a[href*='/coding/answers/']").get_text()
    page = browser.get(change)
    assert page.checked("sentiment") == ["-1"]
    assert page.checked("themes") == [GROUNDS]
    browser.post(data={"sentiment": "1", "themes": [RESPECT]})
    db.session.expire_all()
    coded = db.session.get(CodedAnswer, answer.id)
    assert (coded.sentiment, coded.themes) == (1, [RESPECT])


def test_an_answer_reference_must_be_genuine_and_of_this_survey(analyst, browser):
    (answer,) = add_answers(["Listening session answer"], survey="listening-session",
                            question="top_issues")  # fmt: skip
    token = coding.answer_token(answer)
    assert browser.get(f"/results/listening-session/coding/answers/{token}").status == 200
    assert browser.get(f"/results/stop-search/coding/answers/{token}").status == 404
    assert browser.get("/results/stop-search/coding/answers/not-a-token").status == 404
    assert browser.get(f"/results/stop-search/coding/answers/{token[:-2]}xx").status == 404


def test_withdrawal_and_retention_delete_coded_answers(analyst):
    old = add_answers(["Old answer"], on=today() - dt.timedelta(days=800))
    new = add_answers(["New answer"])
    survey = surveys.get_survey("stop-search")
    for answer in old + new:
        coding.save_code(survey, answer, 1, [], analyst)
    retention.purge(retention_months=24, journey_ttl=dt.timedelta(days=1))
    assert list(db.session.scalars(select(CodedAnswer.text_answer_id))) == [new[0].id]
    db.session.execute(delete(Response))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CodedAnswer)) == 0


# --- Agreement before training --------------------------------------------------------------


def test_the_page_shows_the_word_lists_agreement_from_the_first_coded_answer(analyst, browser):
    rows = [
        ("He was rude and aggressive.", -2, {RESPECT}),
        ("The officer was polite and explained the grounds.", 2, {RESPECT, GROUNDS}),
        ("It was on a Tuesday.", 0, set()),
    ]
    code_directly(rows, analyst)
    page = browser.get("/results/stop-search/coding")
    text = page.text()
    scores = lexicon.score_texts([r[0] for r in rows], [IMPROVE] * 3)
    expected = coding.sentiment_agreement([r[1] for r in rows], scores)
    share = f"{round(expected.accuracy * 100)}%"
    assert (
        "The word list gave the same direction (negative, neutral or positive) as the coders "
        f"for {share} of 3 answers"
    ) in text
    assert "measured on only 3 answers" in text
    assert "Code 97 more answers to train the theme model" in text
    assert "Code 247 more answers to train the sentiment model" in text
    assert page.soup.select_one("form[action$='/train']") is None
    table = page.soup.find("caption", string=re.compile("Each theme")).find_parent("table")
    row = table.find("th", string=RESPECT).find_parent("tr")
    assert row.select("td")[0].get_text(strip=True) == "2"  # coders gave it


def test_training_below_the_threshold_says_how_many_more_are_needed(analyst, browser):
    code_directly(synthetic_coded(10), analyst)
    overview = browser.get("/results/stop-search/coding")
    assert overview.soup.select_one("form[action$='/train']") is None
    browser.get("/account/password")  # a page with a CSRF token: as if the form were stale
    page = browser.post("/results/stop-search/coding/train")
    assert "Code 90 more answers before training" in page.text()
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 0


def test_officers_and_signed_out_people_cannot_code_or_train(app):
    add_answers(["An answer"])
    urls = [
        "/results/coding",
        "/results/stop-search/coding",
        "/results/stop-search/coding/answer",
        "/results/stop-search/coding/themes",
        "/results/stop-search/coding/themes/new",
        "/results/stop-search/coding/discover",
    ]
    anonymous = app.test_client()
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], url
    officer = Browser(app.test_client())
    signed_in(officer.client, Role.OFFICER)
    for url in urls:
        assert officer.get(url).status == 403, url
    officer.get("/account/password")
    assert officer.post("/results/stop-search/coding/train").status == 403
    forget_request_state()
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 0


def test_one_coded_answer_is_one_answer_not_one_answers(analyst, browser):
    code_directly([("He was rude and aggressive.", -2, {RESPECT})], analyst)
    page = browser.get("/results/stop-search/coding")
    coded = page.soup.find("dt", string="Coded").find_next_sibling("dd")
    assert coded.get_text(strip=True) == "1 answer"
    text = page.text()
    assert "of 1 answer " in text and "measured on only 1 answer," in text
    assert "Compared with 1 coded answer:" in text
    assert "1 answers" not in text and "1 coded answers" not in text
