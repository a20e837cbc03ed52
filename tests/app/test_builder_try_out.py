"""An admin's own try-out of a draft keeps its answers server-side, like a test link, and
nothing of them in the cookie; an admin can cancel one test link, which then says so."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services import draft_tests
from models import AuditEvent, DraftTestJourney, DraftTestLink, Response, Role, User, db
from tests.app.test_builder import build_training_survey
from tests.app.test_builder_test_link import LONG_ANSWER, SLUG, answer_everything, path_of
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in

TRY = f"/admin/surveys/{SLUG}/try"
CANCELLED = "This test link has been cancelled"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def draft(admin, browser: Browser) -> str:
    build_training_survey(browser)
    return SLUG


def session_cookie(app: Flask, client: FlaskClient) -> dict:
    """What the browser's session cookie holds, decoded as the app reads it."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def make_test_links(browser: Browser, count: int) -> list[str]:
    for _ in range(count):
        browser.get(f"/admin/surveys/{SLUG}")
        page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link", data={})
    return [code.get_text() for code in page.soup.select("code.app-test-link")]


def test_the_admins_try_out_keeps_answers_server_side_and_not_in_the_cookie(
    app: Flask, draft: str, browser: Browser
):
    browser.get(f"{TRY}/the-session")
    page = browser.post(data={"useful": "very_useful", "recommend": "no"})
    assert page.url == f"{TRY}/why-not"
    page = browser.post(data={"improve": LONG_ANSWER})
    assert page.url == f"{TRY}/ethnic-group"

    held = db.session.scalars(select(DraftTestJourney)).one()
    assert held.answers == {
        "useful": "very_useful",
        "recommend": "no",
        "improve": LONG_ANSWER.strip(),
    }
    cookie = session_cookie(app, browser.client)
    stored = json.dumps(cookie)
    for answer in ("very_useful", "recommend", "improve", "trainer"):
        assert answer not in stored
    # The cookie names the journey, and nothing else about the try-out.
    assert list(cookie["test_journeys"].values()) == [held.id]

    # Going back shows the answers given, read from the server.
    page = browser.get(f"{TRY}/the-session")
    assert page.checked("useful") == ["very_useful"]
    page = browser.get(TRY)
    assert page.soup.select_one("a.govuk-button--start").get_text(strip=True) == "Continue"

    page = browser.get(f"{TRY}/check")
    assert LONG_ANSWER.strip() in page.text()
    page = browser.post(data={})
    assert page.h1 == "Test finished: your answers were not kept"
    assert "Back to the survey" in page.text()
    db.session.expire_all()
    assert rows(DraftTestJourney) == 0 and rows(Response) == 0
    assert session_cookie(app, browser.client)["test_journeys"] == {}


def test_the_admins_own_link_is_not_listed_and_has_no_address(
    draft: str, browser: Browser, client: FlaskClient
):
    page = browser.get(TRY)
    assert page.status == 200
    own = db.session.scalars(select(DraftTestLink)).one()
    assert own.created_by_id is not None
    page = browser.get(f"/admin/surveys/{SLUG}")
    assert page.soup.select("code.app-test-link") == []
    assert "Cancel this link" not in page.text()
    forget_request_state()
    assert client.get(f"/test/{own.token}").status_code == 404

    # Trying again uses the same link: one per admin and draft.
    browser.get(f"{TRY}/the-session")
    browser.post(data={"useful": "very_useful", "recommend": "yes"})
    assert rows(DraftTestLink) == 1


def test_each_admin_tries_with_their_own_answers(app: Flask, draft: str, browser: Browser):
    browser.get(f"{TRY}/the-session")
    browser.post(data={"useful": "very_useful", "recommend": "no"})
    forget_request_state()
    other = Browser(app.test_client())
    signed_in(other.client, Role.ADMIN, email="second-admin@example.org")
    page = other.get(f"{TRY}/the-session")
    assert page.checked("useful") == []
    page = other.post(data={"useful": "not_useful_at_all", "recommend": "yes"})
    assert page.url == f"{TRY}/ethnic-group"
    assert rows(DraftTestLink) == 2 and rows(DraftTestJourney) == 2
    assert browser.get(f"{TRY}/the-session").checked("useful") == ["very_useful"]
    assert other.get(f"{TRY}/the-session").checked("useful") == ["not_useful_at_all"]


def test_a_draft_that_cannot_be_shown_sends_the_admin_to_what_to_put_right(
    draft: str, browser: Browser
):
    browser.get(f"/admin/surveys/{SLUG}/pages/new")
    browser.post(data={"key": "empty-page", "title_en": "Nothing here yet"})
    page = browser.get(TRY)
    assert page.url == f"/admin/surveys/{SLUG}"
    assert page.status == 400 and page.error_summary()
    assert rows(DraftTestLink) == 0


def test_a_page_the_draft_no_longer_has_says_so(draft: str, browser: Browser):
    page = browser.get(f"{TRY}/no-such-page")
    assert page.status == 404
    assert page.h1 == "Page not found"
    start = page.soup.find("a", string="Start the survey again")
    assert start["href"] == TRY


def test_an_admin_cancels_one_test_link(app: Flask, draft: str, browser: Browser):
    first, second = make_test_links(browser, 2)
    forget_request_state()
    tester = Browser(app.test_client())
    answer_everything(tester, path_of(second))
    assert rows(DraftTestJourney) == 1

    page = browser.get(f"/admin/surveys/{SLUG}")
    buttons = page.soup.select("#test-links ~ ul form")
    assert [b.find("button").get_text(" ", strip=True).split(" (")[0] for b in buttons] == [
        "Cancel this link",
        "Cancel this link",
    ]
    link_id = db.session.scalar(
        select(DraftTestLink.id).where(DraftTestLink.token == path_of(second).rsplit("/")[-1])
    )
    page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link/cancel", data={"link": link_id})
    assert page.url == f"/admin/surveys/{SLUG}"
    assert "Test link cancelled" in page.text()
    assert [code.get_text() for code in page.soup.select("code.app-test-link")] == [first]

    db.session.expire_all()
    assert rows(DraftTestJourney) == 0
    for suffix in ("", "/the-session", "/check", "/done"):
        shown = tester.get(path_of(second) + suffix)
        assert shown.status == 410, suffix
        assert shown.h1 == CANCELLED
        assert "Any answers you gave through it have been deleted" in shown.text()
    assert tester.get(path_of(second) + "?lang=cy").h1 == "Mae'r ddolen brawf hon wedi'i chanslo"
    assert tester.get(path_of(first)).status == 200

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "survey.test_link_cancel")
    ).all()
    assert [(e.target, e.actor) for e in events] == [(SLUG, "admin@example.org")]
    assert path_of(second).rsplit("/")[-1] not in json.dumps(events[0].detail)

    # Cancelling again, or a link that is not there, says so rather than failing.
    for sent in (link_id, 999_999, "not-a-number", 2**40):
        browser.get(f"/admin/surveys/{SLUG}")
        page = browser.post(f"/admin/surveys/{SLUG}/draft/test-link/cancel", data={"link": sent})
        assert page.status == 200, sent
        assert "That test link had already stopped working" in page.text()
    assert tester.get(path_of(first)).status == 200


def test_a_cancelled_link_goes_with_its_draft(app: Flask, draft: str, browser: Browser):
    (address,) = make_test_links(browser, 1)
    link = db.session.scalars(select(DraftTestLink)).one()
    assert draft_tests.cancel_test_link(SLUG, link.id)
    browser.get(f"/admin/surveys/{SLUG}")
    browser.post(f"/admin/surveys/{SLUG}/discard", data={})
    forget_request_state()
    page = Browser(app.test_client()).get(path_of(address))
    assert page.status == 404 and page.h1 == "This test link does not work"


def test_an_admins_own_try_out_link_cannot_be_cancelled(draft: str, browser: Browser):
    browser.get(TRY)
    own = db.session.scalars(select(DraftTestLink)).one()
    assert not draft_tests.cancel_test_link(SLUG, own.id)
    assert not draft_tests.cancel_test_link("another-survey", own.id)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ANALYST])
def test_only_admins_can_cancel_a_test_link(app: Flask, draft: str, browser: Browser, role):
    (address,) = make_test_links(browser, 1)
    link = db.session.scalars(select(DraftTestLink)).one()
    forget_request_state()
    client = app.test_client()
    signed_in(client, role, email=f"{role.value}@example.org")
    forget_request_state()
    token = Browser(client).get("/account/password").csrf_token()
    response = client.post(
        f"/admin/surveys/{SLUG}/draft/test-link/cancel",
        data={"link": link.id, "csrf_token": token},
    )
    assert response.status_code == 403
    forget_request_state()
    signed_out = app.test_client()
    token = Browser(signed_out).get("/sign-in").csrf_token()
    response = signed_out.post(
        f"/admin/surveys/{SLUG}/draft/test-link/cancel",
        data={"link": link.id, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    db.session.expire_all()
    assert db.session.get(DraftTestLink, link.id).token == path_of(address).rsplit("/")[-1]
    forget_request_state()
    assert app.test_client().get(path_of(address)).status_code == 200
