"""The respondent's journey through the stop-search survey, page by page, as a person sees it."""

from __future__ import annotations

from sqlalchemy import func, select

from models import Answer, Journey, Link, Response, TextAnswer, db
from tests.factories import create_area, create_link, expire


def answer_stop_search(browser, token: str, *, equality: dict | None = None) -> None:
    browser.get(f"/r/{token}/what-you-were-told")
    browser.post(
        data={"told_grounds": "yes", "told_object": "no", "officer_identified": "not_sure"}
    )
    browser.post(data={"bwv_on": "yes", "handcuffed": "no"})
    browser.post(data={"respect": "agree", "fair": "disagree", "satisfaction": "satisfied"})
    browser.post(data={"went_well": "He explained everything.", "improve": "Nothing, he was fine"})
    browser.post(data={"scrutiny_interest": "yes"})
    equality = equality or {}
    browser.post(data={k: v for k, v in equality.items() if k == "ethnic_group"})
    if browser.page.url.endswith("ethnic-background"):
        browser.post(data={k: v for k, v in equality.items() if k == "ethnicity"})
    browser.post(data={k: v for k, v in equality.items() if k in ("age_band", "sex", "religion")})
    browser.post(data={k: v for k, v in equality.items() if k == "long_term_condition"})
    if browser.page.url.endswith("health-impact"):
        browser.post(data={k: v for k, v in equality.items() if k == "activity_limited"})
    if browser.page.url.endswith("identity"):
        browser.post(
            data={
                k: v for k, v in equality.items() if k in ("gender_identity", "sexual_orientation")
            }
        )


def test_start_page_says_who_is_asking_and_that_it_is_anonymous(browser):
    link = create_link()
    page = browser.get(f"/r/{link.token}")
    assert page.status == 200
    assert page.h1 == "Stop and search: tell us how it went"
    text = page.text()
    assert "Demoshire Police" in text
    assert "anonymous" in text
    assert "This is not a complaint" in text
    assert page.soup.select_one("a.govuk-button--start")["href"].endswith("/what-you-were-told")


def test_whole_journey_stores_one_anonymous_response(browser):
    area = create_area()
    link = create_link(area_code=area.code)
    answer_stop_search(
        browser,
        link.token,
        equality={
            "ethnic_group": "black",
            "ethnicity": "black_caribbean",
            "age_band": "25_34",
            "sex": "male",
            "religion": "christian",
            "long_term_condition": "yes",
            "activity_limited": "a_little",
            "gender_identity": "yes",
            "sexual_orientation": "straight",
        },
    )
    check = browser.page
    assert check.h1 == "Check your answers before sending them"
    text = check.text()
    assert "Satisfied" in text and "Nothing, he was fine" in text and "Caribbean" in text

    done = browser.post()
    assert done.h1 == "Thank you, your answers have been sent"
    code = done.soup.select_one("#withdrawal-code").get_text(strip=True)
    assert len(code.replace("-", "")) == 16
    assert "scrutiny panel" in done.text()

    response = db.session.scalars(select(Response)).one()
    assert (response.ethnic_group, response.ethnicity) == ("black", "black_caribbean")
    assert response.disability == "disabled_a_little"
    assert response.area_id == area.id
    answers = {(a.question_key, a.value) for a in db.session.scalars(select(Answer))}
    assert ("satisfaction", "satisfied") in answers and ("told_object", "no") in answers
    texts = {t.question_key: t.text for t in db.session.scalars(select(TextAnswer))}
    assert texts == {"went_well": "He explained everything.", "improve": "Nothing, he was fine"}
    assert db.session.scalar(select(func.count()).select_from(Journey)) == 0
    assert db.session.get(Link, link.id).used_on is not None


def test_required_question_shows_error_summary_and_keeps_answers(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    page = browser.post(data={"respect": "agree", "fair": "strongly_disagree"})
    assert page.status == 400
    assert page.title.startswith("Error:")
    assert page.error_summary() == ["Select how satisfied you are with how you were treated"]
    assert page.checked("respect") == ["agree"]
    assert page.checked("fair") == ["strongly_disagree"]
    assert db.session.scalar(select(func.count()).select_from(Journey)) == 0


def test_skipping_equality_questions_stores_not_stated(browser):
    link = create_link()
    answer_stop_search(browser, link.token)
    browser.post()
    response = db.session.scalars(select(Response)).one()
    assert response.ethnic_group == "not_stated"
    assert response.ethnicity == "not_stated"
    assert response.gender_identity == "not_asked"


def test_under_18s_are_not_asked_identity_questions(browser):
    link = create_link()
    answer_stop_search(
        browser, link.token, equality={"ethnic_group": "prefer_not_to_say", "age_band": "under_18"}
    )
    assert browser.page.h1 == "Check your answers before sending them"
    assert "sexual orientation" not in browser.page.text()


def test_double_submit_stores_one_response(browser, client):
    link = create_link(single_use=False)
    answer_stop_search(browser, link.token)
    sent = {"csrf_token": browser.page.csrf_token(), "form-started": browser.page.form_started()}
    first = client.post(f"/r/{link.token}/check", data=sent)
    second = client.post(f"/r/{link.token}/check", data=sent, follow_redirects=True)
    assert first.status_code == 302
    assert "Thank you, your answers have been sent" in second.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_used_single_use_link_gets_a_clear_page(browser, app):
    link = create_link()
    answer_stop_search(browser, link.token)
    browser.post()
    other = app.test_client()
    response = other.get(f"/r/{link.token}")
    assert response.status_code == 410
    assert "This link has already been used" in response.get_data(as_text=True)


def test_unknown_and_expired_links(browser):
    assert browser.get("/r/notarealtoken").status == 404
    assert browser.page.h1 == "We cannot find that survey link"
    link = expire(create_link())
    assert browser.get(f"/r/{link.token}").status == 410
    assert browser.page.h1 == "This survey has closed"


def test_withdrawal_deletes_the_response(browser):
    link = create_link()
    answer_stop_search(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    page = browser.post(data={"code": code.lower()})
    assert page.h1 == "Your answers have been withdrawn"
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert db.session.scalar(select(func.count()).select_from(TextAnswer)) == 0
    browser.get("/withdraw")
    again = browser.post(data={"code": code})
    assert again.status == 400
    assert "We could not find answers with that code" in again.error_summary()[0]
