"""Trying a draft, or answering it through a test link, changing language keeps what was
chosen or typed on the page, as a respondent's page does; and an admin has a way back from the
test to the draft."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import refresh

from models import Role, User
from tests.app.test_builder import build_training_survey
from tests.app.test_builder_test_link import SLUG, path_of, test_url, tester  # noqa: F401
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

TRY = f"/admin/surveys/{SLUG}/try/the-session"
WELSH_QUESTION = "Pa mor ddefnyddiol oedd y sesiwn?"


def language_button(page: Page):
    return page.soup.select_one("button.app-language-bar__link")


def change_language(browser: Browser, data: dict[str, Any]) -> Page:
    """Press the page's language button with ``data`` in the page's form, as a browser does:
    the form's fields and the button's own name and value, sent to the button's formaction."""
    refresh()
    button = language_button(browser.page)
    assert button is not None, f"no language button on {browser.page.url}"
    assert button["form"] == browser.page.soup.select_one("main form")["id"]
    return browser.post(button["formaction"], data={**data, button["name"]: button["value"]})


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_changing_language_while_trying_a_draft_keeps_the_answers_ticked(admin, browser):
    build_training_survey(browser)
    english = browser.get(TRY)
    button = language_button(english)
    assert button is not None and button.get_text(strip=True) == "Cymraeg"

    welsh = change_language(browser, {"useful": "very_useful", "recommend": "no"})
    assert welsh.status == 200 and welsh.url == TRY
    assert welsh.soup.html["lang"] == "cy"
    assert WELSH_QUESTION in welsh.legends()
    assert welsh.checked("useful") == ["very_useful"]
    assert welsh.checked("recommend") == ["no"]
    assert welsh.error_summary() == []  # nothing checked until Continue

    # Continue saves them: "No" shows the page that asks why.
    page = browser.post(data={"useful": "very_useful", "recommend": "no"})
    assert page.url == f"/admin/surveys/{SLUG}/try/why-not"


def test_changing_language_on_a_test_link_keeps_what_was_typed(test_url, tester):  # noqa: F811
    path = path_of(test_url)
    tester.get(f"{path}/the-session")
    tester.post(data={"useful": "very_useful", "recommend": "not_sure"})
    page = tester.get(f"{path}/why-not")
    assert language_button(page) is not None
    typed = "A bigger room, please."
    welsh = change_language(tester, {"improve": typed})
    assert welsh.status == 200 and welsh.url == f"{path}/why-not"
    assert welsh.soup.html["lang"] == "cy"
    assert welsh.textarea("improve") == typed


def test_the_try_out_banner_leads_back_to_the_draft(admin, browser: Browser):
    build_training_survey(browser)
    for path in (f"/admin/surveys/{SLUG}/try", TRY):
        page = browser.get(path)
        back = page.soup.select_one(".app-test-banner__back a")
        assert back is not None, path
        assert back["href"] == f"/admin/surveys/{SLUG}"
        assert back.get_text(strip=True) == "Back to the draft"


def test_only_an_admin_gets_a_way_back_from_a_test_link(
    app: Flask,
    test_url,  # noqa: F811
    tester,  # noqa: F811
    browser: Browser,
):
    path = path_of(test_url)
    # The admin who made the link, signed in, opening it.
    page = browser.get(f"{path}/the-session")
    assert page.soup.select_one(".app-test-banner__back a")["href"] == f"/admin/surveys/{SLUG}"
    # A colleague it was sent to, not signed in, sees the test without it.
    forget_request_state()
    page = tester.get(f"{path}/the-session")
    assert page.status == 200
    assert page.soup.select_one(".app-test-banner__back") is None
