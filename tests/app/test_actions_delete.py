"""Deleting a "You said, we did" action: analysts and admins are asked first, only the
confirming form deletes, the audit log says who deleted which action, and the public page
stops showing it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Action, AuditEvent, Role, db
from tests.app.test_actions import publish, record
from tests.factories import create_area
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in

YOU_SAID = "Officers did not explain why they were searching people."
WE_DID = "Every officer in the area has had a refresher on explaining the grounds."


def delete_url(action: Action) -> str:
    return f"/results/stop-search/actions/{action.public_id}/delete"


def action_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Action))


@pytest.fixture
def published_action(app) -> Action:
    """A published action in North District, recorded by another analyst."""
    create_area("north", "North District")
    staff = Browser(app.test_client())
    signed_in(staff.client, Role.ANALYST, email="recorder@example.org")
    action = record(staff)
    publish(staff, action)
    forget_request_state()
    assert YOU_SAID in Browser(app.test_client()).get("/you-said-we-did/north").text()
    return action


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_analysts_and_admins_delete_an_action_after_confirming(
    app, client, browser, published_action, role
):
    user = signed_in(client, role)
    listed = browser.get("/results/stop-search/actions")
    link = listed.soup.find("a", href=delete_url(published_action))
    assert link is not None and "Delete" in link.get_text()

    confirm = browser.get(delete_url(published_action))
    assert confirm.status == 200
    assert confirm.h1 == "Are you sure you want to delete this action?"
    assert YOU_SAID in confirm.text()
    assert "on the public You said, we did page" in confirm.text()
    assert action_count() == 1  # asking is not deleting

    done = browser.post(data={})
    assert done.status == 200
    assert done.url == "/results/stop-search/actions"
    assert "The action has been deleted and taken off the public page" in done.text()
    assert YOU_SAID not in done.text()
    assert action_count() == 0

    forget_request_state()
    public = Browser(app.test_client())
    assert YOU_SAID not in public.get("/you-said-we-did/north").text()
    assert "North District" not in public.get("/you-said-we-did").text()

    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "action.delete")).one()
    assert (event.target, event.actor, event.actor_id) == (
        published_action.public_id,
        user.email,
        user.id,
    )
    assert event.occurred_at is not None
    assert event.detail == {"survey": "stop-search", "was_published": True}
    assert YOU_SAID not in repr(event.detail) and WE_DID not in repr(event.detail)


def test_the_edit_page_leads_to_the_confirmation(client, browser, published_action):
    signed_in(client, Role.ANALYST)
    page = browser.get(f"/results/stop-search/actions/{published_action.public_id}")
    link = page.soup.find("a", string="Delete this action")
    assert link["href"] == delete_url(published_action)


def _summary(scope) -> dict[str, str]:
    """A summary list's rows as {key: value}, in the order shown."""
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in scope.select(".govuk-summary-list__row")
    }


def test_the_confirmation_describes_the_action_as_the_list_does(client, browser, published_action):
    signed_in(client, Role.ANALYST)
    card = browser.get("/results/stop-search/actions").soup.select_one(".govuk-summary-card")
    where = " ".join(card.select_one(".govuk-summary-card__title").get_text().split())
    assert where == "Explanation of grounds · North District"
    listed = _summary(card)
    assert list(listed.items()) == [
        ("You said", YOU_SAID),
        ("We did", WE_DID),
        ("Status", "Done"),
        ("Public", "Published"),
    ]
    confirm = _summary(browser.get(delete_url(published_action)).soup.select_one("main"))
    assert list(confirm.items()) == [
        ("You said", YOU_SAID),
        ("We did", WE_DID),
        ("Theme and area", where),
        ("Status", "Done"),
    ]


def test_an_unpublished_action_is_deleted_without_a_word_about_the_public_page(client, browser):
    signed_in(client, Role.ANALYST)
    create_area("north", "North District")
    action = record(browser)
    confirm = browser.get(delete_url(action))
    assert "not published" in confirm.text()
    done = browser.post(data={})
    assert done.text().count("The action has been deleted") == 1
    assert "taken off the public page" not in done.text()
    assert action_count() == 0


def test_getting_the_confirmation_page_never_deletes(client, browser, published_action):
    signed_in(client, Role.ANALYST)
    for _ in range(2):
        assert browser.get(delete_url(published_action)).status == 200
    assert action_count() == 1
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "action.delete")) is None


def test_a_post_without_the_csrf_token_deletes_nothing(client, browser, published_action):
    signed_in(client, Role.ANALYST)
    browser.get(delete_url(published_action))
    assert browser.post(data={}, csrf=False).status == 400
    assert browser.post(data={"csrf_token": "forged"}, csrf=False).status == 400
    assert action_count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_officers_are_refused_and_signed_out_people_sent_to_sign_in(app, published_action, method):
    officer = Browser(app.test_client())
    signed_in(officer.client, Role.OFFICER)
    officer.get("/account/password")  # a page with a CSRF token, to post a valid form
    forget_request_state()
    if method == "get":
        assert officer.get(delete_url(published_action)).status == 403
    else:
        assert officer.post(delete_url(published_action)).status == 403

    forget_request_state()
    signed_out = Browser(app.test_client())
    signed_out.get("/sign-in")  # for a CSRF token: it is not the token that stops them
    forget_request_state()
    if method == "get":
        page = signed_out.get(delete_url(published_action))
    else:
        page = signed_out.post(delete_url(published_action))
    assert page.url == "/sign-in"
    assert action_count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_missing_action_is_a_not_found_page(client, browser, published_action, method):
    signed_in(client, Role.ANALYST)
    token = browser.get(delete_url(published_action)).csrf_token()
    missing = "/results/stop-search/actions/no-such-action/delete"
    other_survey = f"/results/say-to-stay/actions/{published_action.public_id}/delete"
    for url in (missing, other_survey):
        if method == "get":
            page = browser.get(url)
        else:
            page = browser.post(url, data={"csrf_token": token}, csrf=False)
        assert page.status == 404
        assert page.title.startswith("Page not found")
    assert action_count() == 1


def test_the_same_confirmation_sent_twice_deletes_once_then_is_not_found(client, browser):
    signed_in(client, Role.ANALYST)
    create_area("north", "North District")
    action = record(browser)
    token = browser.get(delete_url(action)).csrf_token()
    assert browser.post(data={"csrf_token": token}, csrf=False).status == 200
    # Back to the confirmation page, and Delete again (or another analyst deleted it first).
    again = browser.post(delete_url(action), data={"csrf_token": token}, csrf=False)
    assert again.status == 404
    events = select(func.count()).where(AuditEvent.action == "action.delete")
    assert db.session.scalar(events) == 1
