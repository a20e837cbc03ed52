"""An analyst on a phone deletes a published "You said, we did" action; axe-core checks the
confirmation page, and the public page no longer shows the action.

Uses the live server and Chromium from tests/browser/conftest.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.services import actions, surveys
from models import Action, Role, db
from tests.browser.accessibility import AccessibilityLog
from tests.browser.signing_in import sign_in
from tests.factories import create_area
from tests.staff import create_user

pytestmark = pytest.mark.browser

YOU_SAID = "Officers did not say why they searched people."


def test_analyst_deletes_a_published_action_on_a_phone(phone: Page):
    create_user(Role.ANALYST, "analyst@example.org")
    create_area("north", "North District")
    action = actions.create(
        surveys.get_survey("stop-search"),
        actions.ActionInput(
            you_said=YOU_SAID,
            we_did="Training on explaining the grounds.",
            status="done",
            area_code="north",
        ),
        None,
    )
    actions.set_published(action, True)
    axe = AccessibilityLog(phone)

    sign_in(phone, "analyst@example.org")
    phone.goto("/results/stop-search/actions")
    phone.get_by_role("link", name="Delete this action").click()
    expect(
        phone.get_by_role("heading", name="Are you sure you want to delete this action?")
    ).to_be_visible()
    expect(phone.get_by_text("Deleting it takes it off the page straight away")).to_be_visible()
    axe.scan("delete an action")

    phone.get_by_role("link", name="Cancel").click()
    expect(phone).to_have_url(re.compile(r"/results/stop-search/actions$"))
    assert db.session.scalars(select(Action)).one().published

    phone.get_by_role("link", name="Change this action").click()
    phone.get_by_role("link", name="Delete this action").click()
    phone.get_by_role("button", name="Delete the action").click()
    expect(
        phone.get_by_text("The action has been deleted and taken off the public page")
    ).to_be_visible()
    axe.scan("actions after a delete")
    db.session.expire_all()
    assert db.session.scalars(select(Action)).all() == []

    phone.goto("/you-said-we-did")
    expect(phone.get_by_text("North District")).to_have_count(0)
    response = phone.goto("/you-said-we-did/north")
    assert response is not None and response.status == 200
    expect(phone.get_by_text(YOU_SAID)).to_have_count(0)
    axe.assert_clean()
