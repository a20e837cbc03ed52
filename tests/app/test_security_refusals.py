"""Every way the service refuses a request carries the same security headers as its pages, and
is never cached: too many requests (a respondent's, a sign-in's, the API's), a request too
large, a form without its CSRF token, a NUL in the address, a role without access, and the API
without a token, with a wrong one, or to an address it does not have."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app.services import api_tokens
from models import Role, Scope
from tests.app.test_rate_limits import limits_on
from tests.app.test_security_headers_every_route import header_problems
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(
        database_url,
        SUBMISSION_RATE_LIMIT="1 per minute",
        SIGN_IN_RATE_LIMIT="1 per minute",
        API_RATE_LIMIT="1 per minute",
    ) as app:
        yield app


def _second(send) -> object:
    """The response to the second of two sends, the first being all the limit allows."""
    send()
    return send()


def test_too_many_requests_carry_the_headers(limited: Flask):
    client = limited.test_client()
    browser = Browser(client)
    secret = api_tokens.create_token("Limited", list(Scope)).secret

    def withdraw():
        forget_request_state()
        page = browser.get("/withdraw")
        form = {
            "code": "ABCD-EFGH-JKMN-PQRS",
            "csrf_token": page.csrf_token(),
            "form-started": page.form_started(),
        }
        forget_request_state()
        return client.post("/withdraw", data=form)

    def sign_in():
        token = browser.get("/sign-in").csrf_token()
        forget_request_state()
        form = {"email": "a@example.org", "password": "x", "csrf_token": token}
        return client.post("/sign-in", data=form)

    def api():
        return client.get("/api/v1/links/nothing", headers={"Authorization": f"Bearer {secret}"})

    for name, send in (("withdraw", withdraw), ("sign in", sign_in), ("API", api)):
        response = _second(send)
        assert response.status_code == 429, name
        assert header_problems(response, "") == [], name


def test_every_other_refusal_carries_the_headers(app: Flask, client):
    link = create_link()
    officer = app.test_client()
    signed_in(officer, Role.OFFICER)
    forget_request_state()
    refusals = {
        "too large": (client.post("/r", data={"code": "x" * (2 * 1024 * 1024)}), 413),
        "no CSRF token": (client.post("/withdraw", data={"code": "ABCD"}), 400),
        "a NUL in the address": (client.get("/admin/users/%00"), 400),
        "a code that is not there": (client.get("/r/nothere"), 404),
        "a used or unknown page": (client.get(f"/r/{link.token}/no-such-page"), 404),
        "an officer on the results": (officer.get("/results/"), 403),
        "the API without a token": (client.get("/api/v1/links/x"), 401),
        "the API with a wrong token": (
            client.get("/api/v1/links/x", headers={"Authorization": "Bearer lp_wrong"}),
            401,
        ),
        "an API address it does not have": (client.get("/api/v1/nothing"), 404),
        "a method it does not take": (client.put("/api/v1/links"), 405),
    }
    for name, (response, status) in refusals.items():
        assert response.status_code == status, (name, response.status_code)
        assert header_problems(response, "") == [], name
