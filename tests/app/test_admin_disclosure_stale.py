"""Disclosure thresholds saved from a page opened before another admin changed them: refused,
with the values now in force, rather than quietly putting back lower thresholds that someone
had just raised to protect respondents."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import disclosure_settings
from models import Role, User
from tests.pages import Browser
from tests.staff import create_user, signed_in


def save(browser: Browser, k: str, k_text: str):
    """Press "Save thresholds" on the page last shown, with what its form holds, as a browser
    sends it: the two numbers typed, and the values in force when the page was shown."""
    seen = browser.page.soup.select_one("input[name=seen]")
    return browser.post(data={"k": k, "k_text": k_text, "seen": seen["value"] if seen else ""})


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_thresholds_changed_by_someone_else_meanwhile_are_not_overwritten(admin, browser: Browser):
    browser.get("/admin/disclosure-thresholds")  # 10 and 20 in force when the page is shown
    colleague = create_user(Role.ADMIN, "colleague@example.org")
    disclosure_settings.change(15, 30, colleague)  # raised meanwhile, in another office

    # Meaning only to raise quotes, from the page as it was: figures would go back to 10.
    page = save(browser, "10", "25")
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [
        "Someone else changed the thresholds while you had this page open: figures are now "
        "shown for groups of at least 15, and quotes for groups of at least 30. Check the "
        "numbers and save again"
    ]
    assert (disclosure_settings.current().k, disclosure_settings.current().k_text) == (15, 30)
    # What was typed is kept, beside the values now in force.
    assert page.soup.select_one("input[name=k]")["value"] == "10"
    assert page.soup.select_one("input[name=k_text]")["value"] == "25"

    # Saved again from the page that says so, the change is made: the admin has seen it.
    page = save(browser, "15", "35")
    assert page.status == 200
    assert (disclosure_settings.current().k, disclosure_settings.current().k_text) == (15, 35)


def test_a_save_from_a_fresh_page_is_not_refused(admin, browser: Browser):
    browser.get("/admin/disclosure-thresholds")
    page = save(browser, "12", "24")
    assert page.status == 200
    assert (disclosure_settings.current().k, disclosure_settings.current().k_text) == (12, 24)


def test_the_change_meanwhile_is_said_beside_a_mistake_too(admin, browser: Browser):
    browser.get("/admin/disclosure-thresholds")
    disclosure_settings.change(15, 30, create_user(Role.ADMIN, "colleague@example.org"))
    page = save(browser, "ten", "25")
    assert page.status == 400
    assert any(message.startswith("Someone else changed") for message in page.error_summary())
    # Put right and saved from the page that said so, the change is made.
    assert save(browser, "16", "32").status == 200
    assert (disclosure_settings.current().k, disclosure_settings.current().k_text) == (16, 32)
