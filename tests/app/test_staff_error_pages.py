"""Staff pages speak to staff: their footer has no links meant for respondents, and error pages
on staff addresses are worded for staff, with the staff navigation."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import users
from models import Role
from tests.pages import Browser, Page
from tests.staff import signed_in

PUBLIC_ONLY = ("Withdraw your answers", "Make a complaint", "Staff sign in")


def footer_links(page: Page) -> list[str]:
    return [
        " ".join(a.get_text().split())
        for a in page.soup.select("footer .govuk-footer__inline-list a")
    ]


def navigation(page: Page) -> list[str]:
    return [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__item a")]


def test_staff_pages_have_a_staff_footer(client: FlaskClient, browser: Browser):
    assert footer_links(browser.get("/sign-in")) == ["Privacy", "Accessibility"]
    signed_in(client, Role.ADMIN)
    for url in ("/admin/users", "/results/", "/account"):
        assert footer_links(browser.get(url)) == ["Privacy", "Accessibility"], url
    # The public pages keep theirs.
    public = footer_links(browser.get("/"))
    assert all(text in public for text in PUBLIC_ONLY)


def test_a_missing_staff_page_is_worded_for_staff(client: FlaskClient, browser: Browser):
    signed_in(client, Role.OFFICER)
    page = browser.get("/officer/codes/no-such-code")
    assert page.status == 404
    assert page.h1 == "Page not found"
    assert "code from a card" not in page.text()
    assert "Go to your Listening Post home page" in page.text()
    assert page.soup.select_one("main a[href='/officer/codes/new']")
    assert "Your account" in navigation(page)  # still among their own pages
    assert footer_links(page) == ["Privacy", "Accessibility"]
    assert page.title == "Page not found – Listening Post"


def test_a_missing_staff_address_when_signed_out_offers_sign_in(browser: Browser):
    page = browser.get("/admin/no-such-page")
    assert page.status == 404
    assert "code from a card" not in page.text()
    assert page.soup.select_one("main a[href='/sign-in']").get_text() == "Sign in to Listening Post"
    assert footer_links(page) == ["Privacy", "Accessibility"]


def test_public_missing_pages_still_speak_to_respondents(browser: Browser):
    page = browser.get("/no-such-page")
    assert "If you have a code from a card" in page.text()
    assert "Withdraw your answers" in footer_links(page)


def test_a_staff_form_that_timed_out_says_so_for_staff(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ADMIN)
    browser.get("/admin/users/new")
    page = browser.post(data={"email": "a@example.org", "role": "officer"}, csrf=False)
    assert page.status == 400
    assert page.h1 == "Sorry, this page timed out"
    assert "Answers you already continued past" not in page.text()
    assert "Nothing on the form was saved" in page.text()
    assert "Users" in navigation(page)
    assert footer_links(page) == ["Privacy", "Accessibility"]


def test_a_staff_server_error_is_worded_for_staff(
    app, client: FlaskClient, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    signed_in(client, Role.ADMIN)

    def broken() -> list:
        raise RuntimeError("secret-detail")

    monkeypatch.setattr(users, "all_users", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    page = browser.get("/admin/users")
    assert page.status == 500
    assert page.h1 == "Sorry, there is a problem"
    assert "tell your Listening Post administrator" in page.text()
    assert "secret-detail" not in page.html
    assert footer_links(page) == ["Privacy", "Accessibility"]
