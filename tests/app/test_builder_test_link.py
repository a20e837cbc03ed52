"""Test links: an admin sends colleagues a link to a draft; they answer it exactly as a
respondent would, without signing in, every page says it is a test, and nothing is kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services import builder, draft_tests, retention
from app.services.links import ALPHABET
from models import (
    Answer,
    AuditEvent,
    DraftTestJourney,
    DraftTestLink,
    Journey,
    Link,
    QuestionNotShown,
    Response,
    Role,
    TextAnswer,
    TextAnswerTheme,
    User,
    db,
)
from tests.app.test_builder import build_training_survey
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

SLUG = "black-history-training"
BANNER = (
    "This is a test of a draft survey. Your answers are not kept and are not counted in any "
    "results."
)
WELSH_BANNER = (
    "Prawf o arolwg drafft yw hwn. Ni chaiff eich atebion eu cadw ac ni chânt eu cyfrif mewn "
    "unrhyw ganlyniadau."
)
LONG_ANSWER = "The trainer knew the history well but the room was far too small. " * 7


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def test_url(admin, browser: Browser) -> str:
    """A draft built through the builder's forms, and a test link made from its page."""
    build_training_survey(browser)
    browser.get(f"/admin/surveys/{SLUG}")
    page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link", data={})
    assert page.url == f"/admin/surveys/{SLUG}"
    assert "Test link made" in page.text()
    shown = [code.get_text() for code in page.soup.select("code.app-test-link")]
    assert len(shown) == 1
    return shown[0]


@pytest.fixture
def tester(app: Flask) -> Browser:
    """A colleague who was sent the link: another browser, not signed in."""
    forget_request_state()
    return Browser(app.test_client())


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def answer_everything(tester: Browser, path: str) -> Page:
    """Answer the draft from its start page to check your answers: a long free-text answer on
    the page only "no" shows, nothing on the optional equality pages."""
    page = tester.get(path)
    start = page.soup.select_one("a.govuk-button--start")["href"]
    page = tester.get(start)
    answers = {
        "the-session": {"useful": "very_useful", "recommend": "no"},
        "why-not": {"improve": LONG_ANSWER},
    }
    seen = []
    while not page.url.endswith("/check"):
        assert page.status == 200, page.text()
        assert BANNER in page.text(), page.url
        key = page.url.rsplit("/", 1)[1]
        seen.append(key)
        page = tester.post(data=answers.get(key, {}))
        assert len(seen) < 20
    assert seen[:3] == ["the-session", "why-not", "ethnic-group"]
    return page


def test_a_colleague_answers_a_draft_through_a_test_link_and_nothing_is_kept(
    test_url: str, tester: Browser
):
    path = path_of(test_url)
    assert re.fullmatch(rf"/test/[{ALPHABET}]{{26}}", path)
    offered_before = db.session.scalar(select(func.coalesce(func.sum(Link.answered), 0)))

    page = tester.get(path)
    assert page.status == 200
    assert page.h1 == "Learning from our Black History"
    assert BANNER in page.text()
    assert "Sign in" not in page.h1

    check = answer_everything(tester, path)
    # Held server-side between pages, not in the cookie.
    assert rows(DraftTestJourney) == 1
    journey = db.session.scalars(select(DraftTestJourney)).one()
    assert journey.answers["improve"] == LONG_ANSWER.strip()
    cookie = tester.client.get_cookie("session")
    assert cookie is not None and "trainer" not in cookie.value and len(cookie.value) < 1000

    assert BANNER in check.text()
    assert "What would make it worth recommending?" in check.text()
    assert LONG_ANSWER.strip() in check.text()
    done = tester.post(data={})
    assert done.url.endswith("/done")
    assert done.h1 == "Test finished: your answers were not kept"

    db.session.expire_all()
    for table in (
        Response,
        Answer,
        TextAnswer,
        TextAnswerTheme,
        QuestionNotShown,
        Journey,
        DraftTestJourney,
    ):
        assert rows(table) == 0, table.__tablename__
    assert db.session.scalar(select(func.coalesce(func.sum(Link.answered), 0))) == offered_before
    # The link still works for the next colleague, and for this one again.
    assert tester.get(path).status == 200


def test_making_a_test_link_says_when_it_stops_and_shows_it_as_a_link(admin, browser: Browser):
    build_training_survey(browser)
    browser.get(f"/admin/surveys/{SLUG}")
    page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link", data={})
    banner = page.soup.select_one(".govuk-notification-banner--success")
    assert " ".join(banner.get_text().split()) == (
        "Success Test link made. Anyone you send it to can try the draft without signing in. "
        "It works for 7 days, until the draft is published or discarded, or until you cancel "
        "it. Their answers are not kept."
    )
    (item,) = page.soup.select("#test-links + p + ul li")
    address = item.select_one("code.app-test-link").get_text()
    link = item.select_one("a.govuk-link")
    assert link["href"] == address and link.get_text(strip=True) == "Test link 1"
    # The link opens the test, like the address sent to a colleague.
    assert browser.get(path_of(link["href"])).status == 200


def test_every_page_of_a_test_is_marked_in_welsh_too(test_url: str, tester: Browser):
    page = tester.get(path_of(test_url) + "?lang=cy")
    assert WELSH_BANNER in page.text()
    page = tester.get(path_of(test_url) + "/the-session")
    assert WELSH_BANNER in page.text()
    assert "Pa mor ddefnyddiol oedd y sesiwn?" in page.legends()


def test_a_test_shows_the_draft_as_it_is_when_opened(admin, test_url: str, browser: Browser):
    browser.get(f"/admin/surveys/{SLUG}/pages/the-session/questions/useful")
    browser.post(
        data={
            "text_en": "How useful was today's session?",
            "key": "useful",
            "type": "scale:useful4",
            "required": "yes",
        }
    )
    forget_request_state()
    page = Browser(browser.client.application.test_client()).get(path_of(test_url) + "/the-session")
    assert "How useful was today's session?" in page.legends()


def test_required_questions_and_conditions_work_as_for_a_respondent(test_url: str, tester: Browser):
    tester.get(path_of(test_url) + "/the-session")
    page = tester.post(data={"recommend": "yes"})
    assert page.status == 400
    assert page.error_summary()
    assert BANNER in page.text()
    page = tester.post(data={"useful": "very_useful", "recommend": "yes"})
    # "yes" hides the why-not page.
    assert page.url.endswith("/ethnic-group")
    assert tester.get(path_of(test_url) + "/why-not").url.endswith("/ethnic-group")


@pytest.mark.parametrize("ending", ["publish", "discard"])
def test_a_test_link_stops_when_the_draft_is_published_or_discarded(
    test_url: str, tester: Browser, browser: Browser, ending: str
):
    path = path_of(test_url)
    tester.get(path + "/the-session")
    tester.post(data={"useful": "very_useful", "recommend": "no"})
    assert rows(DraftTestJourney) == 1

    browser.get(f"/admin/surveys/{SLUG}")
    browser.post(f"/admin/surveys/{SLUG}/{ending}", data={})
    assert builder.get_draft(SLUG) is None
    assert rows(DraftTestLink) == 0 and rows(DraftTestJourney) == 0

    for url in (path, path + "/the-session", path + "/check", path + "/done"):
        page = tester.get(url)
        assert page.status == 404, url
        assert page.h1 == "This test link does not work"
        assert "when the draft survey is published or discarded" in page.text()
    assert rows(Response) == 0


def test_a_test_link_expires_after_seven_days(test_url: str, tester: Browser):
    link = db.session.scalars(select(DraftTestLink)).one()
    made = link.created_at if link.created_at.tzinfo else link.created_at.replace(tzinfo=dt.UTC)
    expires = link.expires_at if link.expires_at.tzinfo else link.expires_at.replace(tzinfo=dt.UTC)
    assert expires - made == pytest.approx(dt.timedelta(days=7), abs=dt.timedelta(seconds=5))

    link.expires_at = made - dt.timedelta(seconds=1)
    db.session.commit()
    page = tester.get(path_of(test_url))
    assert page.status == 410
    assert "Test links stop working after 7 days" in page.text()
    assert draft_tests.purge_expired() == 1
    assert tester.get(path_of(test_url)).status == 404


@pytest.mark.parametrize(
    ("expires_at", "shown"),
    [
        (dt.datetime(2099, 12, 6, 13, 45, tzinfo=dt.UTC), "1:45pm on 6 December 2099"),
        (dt.datetime(2099, 7, 6, 13, 45, tzinfo=dt.UTC), "2:45pm on 6 July 2099"),  # BST
    ],
)
def test_a_test_link_says_when_it_stops_in_uk_time(
    test_url: str, browser: Browser, expires_at: dt.datetime, shown: str
):
    link = db.session.scalars(select(DraftTestLink)).one()
    link.expires_at = expires_at
    db.session.commit()
    (item,) = browser.get(f"/admin/surveys/{SLUG}").soup.select("#test-links + p + ul li")
    text = " ".join(item.get_text().split())
    assert f"Test link 1 (works until {shown})" in text
    assert f"Cancel this link (test link 1, works until {shown})" in text


def test_an_expired_link_is_not_listed_and_making_a_new_one_clears_it(
    test_url: str, browser: Browser
):
    old = db.session.scalars(select(DraftTestLink)).one()
    old.expires_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    db.session.commit()
    page = browser.get(f"/admin/surveys/{SLUG}")
    assert page.soup.select("code.app-test-link") == []
    page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link", data={})
    shown = [code.get_text() for code in page.soup.select("code.app-test-link")]
    assert len(shown) == 1 and shown[0] != test_url
    assert rows(DraftTestLink) == 1


def test_a_draft_being_changed_says_so_instead_of_failing(
    test_url: str, tester: Browser, browser: Browser
):
    browser.get(f"/admin/surveys/{SLUG}/pages/new")
    browser.post(data={"key": "empty-page", "title_en": "Nothing here yet"})
    page = tester.get(path_of(test_url))
    assert page.status == 409
    assert page.h1 == "This draft survey is being changed"


def test_unknown_and_malformed_test_links_are_a_clear_404(client: FlaskClient):
    for token in ("0" * 26, "not-a-token", "x" * 200):
        response = client.get(f"/test/{token}")
        assert response.status_code == 404
        assert "This test link does not work" in response.get_data(as_text=True)


def test_tokens_are_random_and_never_logged(admin, browser: Browser):
    build_training_survey(browser)
    made = [draft_tests.create_test_link(SLUG) for _ in range(3)]
    tokens = {link.token for link in made}
    assert len(tokens) == 3
    assert all(len(t) == 26 and set(t) <= set(ALPHABET) for t in tokens)  # 130 random bits
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "survey.test_link_create")
    ).all()
    assert len(events) == 3
    logged = " ".join(f"{e.target} {e.detail}" for e in events)
    assert not any(t in logged for t in tokens)


def test_no_test_link_for_a_draft_that_cannot_be_shown(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(
        data={
            "slug": "half-made",
            "title_en": "Half made",
            "intro_en": "Not finished.",
            "audience": "public",
            "link_kind": "standing",
            "equality": "no",
        }
    )
    page = browser.get("/admin/surveys/half-made")
    assert "Make a test link" not in page.text()
    # Sent all the same, from a page with a form (the draft's page has none to send it from).
    browser.get("/admin/surveys/half-made/details")
    page = browser.post("/admin/surveys/half-made/draft/test-link", data={})
    assert page.status == 400
    assert page.error_summary() == ["Add at least one page of questions"]
    assert rows(DraftTestLink) == 0


def test_the_retention_purge_deletes_expired_test_links_and_their_answers(
    test_url: str, tester: Browser
):
    tester.get(path_of(test_url) + "/the-session")
    tester.post(data={"useful": "very_useful", "recommend": "no"})
    link = db.session.scalars(select(DraftTestLink)).one()
    link.expires_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    db.session.commit()
    retention.purge(retention_months=24, journey_ttl=dt.timedelta(days=1))
    assert rows(DraftTestLink) == 0 and rows(DraftTestJourney) == 0
    assert builder.get_draft(SLUG) is not None
