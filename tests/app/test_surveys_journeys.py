"""The listening-session and Say to Stay journeys, as respondents see them: event links, required
questions, the reasons page that only some people see, and the surveys in Welsh.
(The stop-search journey is in test_journey.py.)"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask_babel import refresh
from sqlalchemy import func, select

from app.services.definitions import load_built_in
from models import Journey, Link, Response, TextAnswer, db
from tests.factories import create_area, create_link, expire
from tests.pages import Browser, Page

CHECK = "Check your answers before sending them"
SENT = "Thank you, your answers have been sent"
ROLE = {"role": "police_officer", "service_band": "5_to_10"}


def journey_answers() -> dict:
    db.session.expire_all()
    return db.session.scalars(select(Journey)).one().answers


def the_response() -> Response:
    db.session.expire_all()
    return db.session.scalars(select(Response)).one()


def closed_answers(response: Response) -> list[tuple[str, str]]:
    return sorted((a.question_key, a.value) for a in response.answers)


def summary(page: Page) -> dict[str, str]:
    """The check-your-answers page as question -> answer shown."""
    rows = page.soup.select(".govuk-summary-list__row")
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one(".govuk-summary-list__value").get_text().split()
        )
        for row in rows
    }


# -- listening session ---------------------------------------------------------------------


def test_event_link_start_page_names_the_event(browser):
    area = create_area("riverside", "Riverside")
    link = create_link(
        "listening-session",
        area_code=area.code,
        event_name="Riverside Mosque listening session",
        event_date=dt.date.today() - dt.timedelta(days=1),  # open from the session's day
    )
    assert link.kind == "event" and not link.single_use
    page = browser.get(f"/r/{link.token}")
    assert page.status == 200
    assert page.h1 == "Community listening session feedback"
    held_on = link.event.held_on
    assert f"Riverside Mosque listening session, {held_on:%-d %B %Y}" in page.text()
    assert "Thank you for coming to the listening session." in page.text()
    start = page.soup.select_one("a.govuk-button--start")
    assert start["href"] == f"/r/{link.token}/todays-session"


@contextmanager
def respondent(app: Flask) -> Iterator[Browser]:
    """A person with their own browser; their requests get their own `g`, as on a server."""
    with app.app_context():
        yield Browser(app.test_client())
        db.session.remove()


def test_listening_session_stores_each_attendee_against_the_event(app):
    area = create_area("riverside", "Riverside")
    link = create_link("listening-session", area_code=area.code, event_name="Town hall")
    for listened, issue in (("agree", "Parking near the school."), ("disagree", "Knife crime.")):
        with respondent(app) as browser:
            browser.get(f"/r/{link.token}/todays-session")
            browser.post(data={"listened_to": listened, "useful": "very_useful"})
            browser.post(data={"trust_before": "some", "trust_after": "a_lot"})
            browser.post(data={"top_issues": issue, "do_differently": ""})
            page = browser.post(data={"attend_again": "yes", "hear_back": "yes"})
            assert page.url.endswith("/ethnic-group")
            check = browser.get(f"/r/{link.token}/check")
            assert check.h1 == CHECK
            question = "What are the biggest issues for you and your community?"
            assert summary(check)[question] == issue
            done = browser.post()
            assert done.h1 == SENT
            # hear_back = yes: the confirmation links to where results are published.
            published = done.soup.find("a", string=re.compile("“You said, we did” page"))
            assert published["href"] == "/you-said-we-did"

    db.session.rollback()
    responses = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert len(responses) == 2
    assert {r.event_id for r in responses} == {link.event_id}
    assert {r.area_id for r in responses} == {area.id}
    assert [sorted(t.text for t in r.text_answers) for r in responses] == [
        ["Parking near the school."],
        ["Knife crime."],
    ]
    assert ("listened_to", "agree") in closed_answers(responses[0])
    assert ("listened_to", "disagree") in closed_answers(responses[1])
    refreshed = db.session.get(Link, link.id)
    assert refreshed.used_on is None and refreshed.answered == 2


def test_listening_session_link_closes_after_the_event(browser):
    link = expire(create_link("listening-session", event_name="Old session"))
    page = browser.get(f"/r/{link.token}")
    assert page.status == 410
    assert page.h1 == "This survey has closed"


# -- Say to Stay -------------------------------------------------------------------------------


def start_say_to_stay(browser, stage: str = "thinking") -> str:
    link = create_link("say-to-stay")
    assert link.single_use
    token = link.token
    browser.get(f"/r/{token}")
    assert browser.page.h1 == "Say to Stay: thinking of leaving?"
    browser.get(f"/r/{token}/about-your-role")
    browser.post(data={**ROLE, "stage": stage})
    return token


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        ({"stage": "thinking"}, ["Select your role"]),
        ({"role": "pcso"}, ["Select where you are in your thinking"]),
        ({}, ["Select your role", "Select where you are in your thinking"]),
    ],
)
def test_role_and_stage_are_required(browser, sent, errors):
    link = create_link("say-to-stay")
    browser.get(f"/r/{link.token}/about-your-role")
    page = browser.post(data=sent)
    assert page.status == 400
    assert page.error_summary() == errors
    for key, value in sent.items():
        assert page.checked(key) == [value]
    assert db.session.scalar(select(func.count()).select_from(Journey)) == 0


def test_not_planning_to_leave_skips_the_reasons_page(browser):
    token = start_say_to_stay(browser, stage="not_planning")
    assert browser.page.url.endswith("/at-work")
    back = browser.page.soup.select_one("a.govuk-back-link")["href"]
    assert back.endswith("/about-your-role")
    # Typing the address of the skipped page moves on past it.
    page = browser.get(f"/r/{token}/reasons")
    assert page.url.endswith("/at-work")
    check = browser.get(f"/r/{token}/check")
    assert "Your reasons" not in [h.get_text(strip=True) for h in check.soup.select("h2")]
    assert "What is making you think about leaving?" not in summary(check)
    assert browser.post().h1 == SENT
    keys = {key for key, _ in closed_answers(the_response())}
    assert keys == {"role", "service_band", "stage"}


def test_reasons_are_stored_one_row_per_option(browser):
    token = start_say_to_stay(browser, stage="decided")
    assert browser.page.url.endswith("/reasons")
    legend = "What is making you think about leaving?"
    assert f"{legend} (optional)" in browser.page.legends()
    assert browser.page.soup.select("input[type='checkbox'][name='reasons']")
    browser.post(data={"reasons": ["workload", "pay", "culture"], "main_reason": "culture"})
    check = browser.get(f"/r/{token}/check")
    assert summary(check)[legend] == (
        "Workload and demand, Pay and reward, Culture, inclusion or discrimination"
    )
    assert browser.post().h1 == SENT
    response = the_response()
    reasons = [a.value for a in response.answers if a.question_key == "reasons"]
    assert sorted(reasons) == ["culture", "pay", "workload"]
    assert ("main_reason", "culture") in closed_answers(response)


def test_changing_stage_to_not_planning_drops_the_reasons(browser):
    token = start_say_to_stay(browser, stage="thinking")
    browser.post(data={"reasons": ["leadership", "pay"], "main_reason": "leadership"})
    browser.post(data={"valued": "disagree"})
    browser.post(data={"stay_factor": "A manager who listens."})
    check = browser.get(f"/r/{token}/check")
    assert "What is making you think about leaving?" in summary(check)

    # Change the stage from the check page, as a person would.
    change = next(
        a["href"]
        for a in check.soup.select(".govuk-summary-list__actions a")
        if "Where are you in your thinking?" in a.get_text()
    )
    assert "about-your-role" in change and "change=1" in change
    browser.get(change)
    page = browser.post(change, data={**ROLE, "stage": "not_planning"})
    assert page.h1 == CHECK
    assert "What is making you think about leaving?" not in summary(page)
    assert "reasons" not in journey_answers() and "main_reason" not in journey_answers()

    # Changing back does not bring the dropped answers back: the page starts empty.
    browser.get(change)
    browser.post(change, data={**ROLE, "stage": "thinking"})
    reasons_page = browser.get(f"/r/{token}/reasons")
    assert reasons_page.checked("reasons") == [] and reasons_page.checked("main_reason") == []
    browser.get(change)
    browser.post(change, data={**ROLE, "stage": "not_planning"})

    assert browser.get(f"/r/{token}/check").h1 == CHECK
    assert browser.post().h1 == SENT
    response = the_response()
    assert {key for key, _ in closed_answers(response)} == {
        "role",
        "service_band",
        "stage",
        "valued",
    }
    assert ("stage", "not_planning") in closed_answers(response)
    assert [t.text for t in response.text_answers] == ["A manager who listens."]


def test_asking_for_a_conversation_shows_how_to_book_one(browser):
    token = start_say_to_stay(browser, stage="notice")
    browser.get(f"/r/{token}/a-conversation")
    browser.post(data={"conversation": "yes"})
    browser.get(f"/r/{token}/check")
    done = browser.post()
    assert done.h1 == SENT
    assert "saytostay@example.org" in done.text()
    assert "Nobody in your line management chain will be told." in done.text()
    assert db.session.scalar(select(func.count()).select_from(TextAnswer)) == 0


# -- Welsh -------------------------------------------------------------------------------------


class FreshLocale(Browser):
    """Chooses the language afresh for each request, as a server does (Flask-Babel caches it on
    `g`, which every request of a test shares)."""

    def get(self, *args, **kwargs) -> Page:
        refresh()
        return super().get(*args, **kwargs)

    def post(self, *args, **kwargs) -> Page:
        refresh()
        return super().post(*args, **kwargs)


@pytest.fixture
def welsh_browser(client) -> FreshLocale:
    return FreshLocale(client)


def language_link(page: Page) -> tuple[str, str]:
    link = page.soup.select_one(".app-language-bar__link")  # a button on a question page
    return link.get_text(strip=True), link.get("href") or link["formaction"]


@pytest.mark.parametrize("slug", ["say-to-stay", "listening-session"])
def test_start_page_in_welsh_links_back_to_english(welsh_browser, slug):
    source = load_built_in(slug)
    link = create_link(slug, event_name="Sesiwn Caerdydd") if slug == "listening-session" else None
    token = (link or create_link(slug)).token
    page = welsh_browser.get(f"/r/{token}?lang=cy")
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == source["title"]["cy"]
    assert source["intro"]["cy"][0] in page.text()
    assert source["intro"]["en"][0] not in page.text()
    name, href = language_link(page)
    assert name == "English"
    assert href == f"/r/{token}?lang=en"

    english = welsh_browser.get(href)
    assert english.soup.html["lang"] == "en"
    assert english.h1 == source["title"]["en"]
    assert language_link(english) == ("Cymraeg", f"/r/{token}?lang=cy")


def test_say_to_stay_questions_and_errors_in_welsh(welsh_browser):
    link = create_link("say-to-stay")
    welsh_browser.get(f"/r/{link.token}?lang=cy")
    page = welsh_browser.get(f"/r/{link.token}/about-your-role")
    assert page.h1 == "Am eich rôl"
    assert "Beth yw eich rôl?" in page.legends()
    assert "Ble ydych chi arni yn eich meddwl?" in page.legends()
    labels = [" ".join(x.get_text().split()) for x in page.soup.select("label")]
    assert "Swyddog heddlu" in labels and "Ddim yn bwriadu gadael" in labels
    page = welsh_browser.post(data={})
    assert page.status == 400
    assert page.error_summary() == [
        "Dewiswch eich rôl",
        "Dewiswch ble rydych chi arni yn eich meddwl",
    ]
    page = welsh_browser.post(data={"role": "pcso", "stage": "decided"})
    assert page.url.endswith("/reasons")
    assert "Beth sy'n gwneud i chi feddwl am adael? (dewisol)" in page.legends()
    assert language_link(page) == ("English", f"/r/{link.token}/reasons?lang=en")
