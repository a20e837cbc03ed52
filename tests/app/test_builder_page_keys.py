"""A page key the builder keeps for its own pages (check, done, new) is refused as such: the
message says the word cannot be a page key, not that lowercase letters are the wrong format."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from models import Role
from tests.app.test_builder import DETAILS
from tests.pages import Browser
from tests.staff import signed_in

SUMMARY = f"/admin/surveys/{DETAILS['slug']}"


@pytest.mark.parametrize("key", ["check", "done", "new"])
def test_a_reserved_page_key_is_named_as_reserved(client: FlaskClient, browser: Browser, key):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get(f"{SUMMARY}/pages/new")
    page = browser.post(data={"key": key, "title_en": "Before you send"})
    assert page.status == 400
    assert page.error_summary() == [f"{key} cannot be a page key: choose another"]
    assert page.soup.select_one("#key")["value"] == key  # kept, to change


def test_a_page_key_in_the_wrong_format_is_still_told_the_format(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get(f"{SUMMARY}/pages/new")
    page = browser.post(data={"key": "Before You Send", "title_en": "Before you send"})
    assert page.error_summary() == [
        "Page key must be lowercase letters, numbers and hyphens, starting with a letter"
    ]
