"""What an attacker tried, and the review put right.

The CSRF token on the two-factor page is given to whoever has the password alone: once the
code is entered, the signed-in session's forms carry a new one (OWASP ASVS 3.2.1), so that a
token learnt before the second factor cannot press any button after it. The key on the set-up
page is shown in one session only: someone with the password alone who opens the page first
does not learn the key its owner then adds to their app. And the redirects
Werkzeug makes itself (a missing slash, slashes doubled) name the path only, never the host
the request named, so a made-up Host header cannot send a browser elsewhere.
"""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask, redirect
from flask.testing import FlaskClient

from app import security
from app.services import two_factor, users
from models import Role
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, totp_code

ANALYST = "analyst@example.org"


def _to_the_code_page(app: Flask, email: str) -> Browser:
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    page = browser.post(data={"email": email, "password": PASSWORD})
    assert page.url.startswith("/sign-in/two-factor") or page.url.startswith(
        "/account/two-factor/set-up"
    )
    return browser


def _new_recovery_codes(browser: Browser, token: str):
    forget_request_state()
    return browser.client.post(
        "/account/two-factor/recovery-codes", data={"csrf_token": token, "password": PASSWORD}
    )


def test_a_form_token_from_the_code_page_is_refused_once_the_code_is_entered(app: Flask):
    create_user(Role.ANALYST, ANALYST)
    browser = _to_the_code_page(app, ANALYST)
    before = browser.page.csrf_token()
    forget_request_state()
    assert browser.post(data={"code": totp_code(ANALYST)}).url == "/results/"
    analyst = users.by_email(ANALYST)
    left = two_factor.recovery_codes_left(analyst)

    refused = _new_recovery_codes(browser, before)
    assert refused.status_code == 400
    assert two_factor.recovery_codes_left(analyst) == left  # nothing was replaced

    forget_request_state()
    page = browser.get("/account/two-factor/recovery-codes")
    assert page.csrf_token() != before
    assert _new_recovery_codes(browser, page.csrf_token()).status_code == 200


def test_a_form_token_from_setting_up_two_factor_is_refused_once_it_is_set_up(app: Flask):
    """An analyst whose two-factor sign-in an administrator reset sets it up again at sign-in:
    the token on the set-up page, before the code, is not good after it."""
    create_user(Role.ANALYST, ANALYST, two_factor_set_up=False)
    browser = _to_the_code_page(app, ANALYST)
    forget_request_state()
    page = browser.get("/account/two-factor/set-up")
    before = page.csrf_token()
    analyst = users.by_email(ANALYST)
    key = two_factor.start_enrolment(analyst)  # the key the page shows, kept while unproved
    forget_request_state()
    shown = browser.post(data={"code": pyotp.TOTP(key).now()})
    assert shown.status == 200 and "recovery codes" in shown.text().lower()

    assert _new_recovery_codes(browser, before).status_code == 400


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/results", "/results/"),
        ("/officer", "/officer/"),
        ("/admin//users", "/admin/users"),
        ("/results?by=sex", "/results/?by=sex"),
    ],
)
def test_redirects_name_no_host_whatever_host_was_asked_for(
    client: FlaskClient, asked: str, sent_to: str
):
    response = client.get(asked, base_url="http://attacker.example")
    assert response.status_code in (301, 302, 307, 308)
    assert response.headers["Location"] == sent_to


def test_a_redirect_to_another_site_is_left_as_it_is(app: Flask):
    complaints = "https://www.policeconduct.gov.uk/complaints"
    with app.test_request_context("/", base_url="https://feedback.example.org"):
        response = security._set_headers(redirect(complaints))
    assert response.headers["Location"] == complaints


def _key_shown(browser: Browser) -> str:
    forget_request_state()
    page = browser.get("/account/two-factor/set-up")
    return page.soup.select_one("#two-factor-key").get_text().replace(" ", "")


def test_a_key_copied_from_the_set_up_page_in_another_session_is_never_the_one_set_up(
    app: Flask,
):
    create_user(Role.ANALYST, ANALYST, two_factor_set_up=False)
    someone_else = _to_the_code_page(app, ANALYST)  # has the password, not the phone
    copied = _key_shown(someone_else)

    owner = _to_the_code_page(app, ANALYST)
    key = _key_shown(owner)
    assert key != copied
    assert _key_shown(owner) == key  # a reload still shows the key already scanned
    forget_request_state()
    assert owner.post(data={"code": pyotp.TOTP(key).now()}).h1 == "Save your recovery codes"

    again = _to_the_code_page(app, ANALYST)
    forget_request_state()
    refused = again.post(data={"code": pyotp.TOTP(copied).now()})
    assert refused.status == 400 and refused.url.startswith("/sign-in/two-factor")


def test_a_code_from_a_key_shown_in_another_session_does_not_set_up_two_factor(app: Flask):
    create_user(Role.ANALYST, ANALYST, two_factor_set_up=False)
    someone_else = _to_the_code_page(app, ANALYST)
    copied = _key_shown(someone_else)

    owner = _to_the_code_page(app, ANALYST)
    forget_request_state()
    owner.get("/account/two-factor/set-up")
    _key_shown(someone_else)  # opened again there: a new key, not the owner's
    forget_request_state()
    refused = someone_else.post(data={"code": pyotp.TOTP(copied).now()})
    assert refused.status == 400
    assert not users.by_email(ANALYST).has_two_factor
