"""Signing out: the "Sign out" link only asks, and only the page's button (a POST with its CSRF
token) signs out, so a link or an image on any other page cannot sign staff out."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from models import AuditEvent, Role, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, signed_in


def sign_outs() -> list[str | None]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(AuditEvent.target).where(AuditEvent.action == "sign_out"))
    )


def still_signed_in(client: FlaskClient) -> bool:
    forget_request_state()
    return client.get("/officer/codes").status_code == 200


def test_visiting_the_sign_out_address_only_asks(browser: Browser):
    signed_in(browser.client, Role.OFFICER)
    page = browser.get("/sign-out")  # as an <img src> or a link on any page would
    assert page.status == 200
    assert page.title == "Sign out – Listening Post"
    assert page.h1 == "Sign out of Listening Post"
    assert "signed out on this device and on any other device" in page.text()
    form = page.soup.select_one("main form")
    assert (form["method"], form["action"]) == ("post", "/sign-out")
    assert page.csrf_token()
    assert [button.get_text(strip=True) for button in form.select("button")] == ["Sign out"]

    assert still_signed_in(browser.client)
    assert sign_outs() == []


def test_the_button_signs_out(app: Flask, browser: Browser):
    signed_in(browser.client, Role.OFFICER, email="pc.jones@example.org")
    browser.get("/sign-out")
    page = browser.post()
    assert page.url == "/sign-in"
    assert "You have signed out" in page.text()
    assert sign_outs() == ["pc.jones@example.org"]
    assert not still_signed_in(browser.client)


@pytest.mark.parametrize("token", [None, "not-the-token"], ids=["no token", "wrong token"])
def test_a_post_without_the_csrf_token_signs_no_one_out(browser: Browser, token: str | None):
    # What a form on another site could send: it cannot read the token.
    signed_in(browser.client, Role.OFFICER)
    browser.get("/officer/codes")
    data = {} if token is None else {"csrf_token": token}
    page = browser.post("/sign-out", data=data, csrf=False)
    assert page.status == 400
    assert page.h1 == "Sorry, this page timed out"
    assert still_signed_in(browser.client)
    assert sign_outs() == []


def test_someone_signed_out_is_sent_to_sign_in(client: FlaskClient):
    response = client.get("/sign-out")
    assert response.status_code == 302
    assert response.location == "/sign-in"


def test_the_header_link_leads_to_the_page_and_cancel_leads_back(browser: Browser):
    signed_in(browser.client, Role.OFFICER)
    page = browser.get("/officer/codes")
    link = page.soup.find("a", string=lambda text: text and text.strip() == "Sign out")
    page = browser.get(link["href"])
    assert page.h1 == "Sign out of Listening Post"
    assert page.soup.find("a", string="Cancel")["href"] == "/officer/codes"


@pytest.mark.parametrize("target", ["", "https://example.com/", "//example.com/"])
def test_cancel_goes_home_when_there_is_nowhere_safe_to_go_back_to(browser: Browser, target: str):
    signed_in(browser.client, Role.OFFICER)
    page = browser.get(f"/sign-out?next={target}")
    assert page.soup.find("a", string="Cancel")["href"] == "/officer/codes/new"


def test_halfway_through_sign_in_the_page_says_only_this_device(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org")
    browser.get("/sign-in")
    page = browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    assert page.url == "/sign-in/two-factor"
    page = browser.get("/sign-out")
    assert "You will be signed out on this device." in page.text()
    assert "any other device" not in page.text()
