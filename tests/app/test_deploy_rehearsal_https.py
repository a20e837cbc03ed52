"""Forms work when the app is served over HTTPS through the reverse proxy in docs/deploy.md.

With nginx on the same host as gunicorn, gunicorn trusts nginx's `X-Forwarded-Proto: https`
(its --forwarded-allow-ips is 127.0.0.1 by default), so the app sees every request as HTTPS.
Its pages send `Referrer-Policy: no-referrer`, so a browser posts their forms with no
`Referer` header (Chromium sends `Origin: null`). A form must still be accepted: its CSRF token,
kept in the signed `__Host-` session cookie, is what proves it came from the service.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role
from tests.pages import Page
from tests.staff import PASSWORD, create_user, forget_request_state

HTTPS = "https://feedback.example-police.uk"


def _csrf_token(client: FlaskClient, path: str) -> str:
    forget_request_state()
    page = client.get(path, base_url=HTTPS)
    assert page.status_code == 200
    return Page(page.status_code, path, page.get_data(as_text=True)).csrf_token()


def test_an_officer_signs_in_over_https_when_the_browser_sends_no_referrer(client):
    user = create_user(Role.OFFICER, email="officer@example-police.uk")
    token = _csrf_token(client, "/sign-in")

    response = client.post(
        "/sign-in",
        base_url=HTTPS,
        headers={"Origin": "null"},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )

    assert "timed out" not in response.get_data(as_text=True)
    assert response.status_code == 302
    assert "/sign-in" not in response.headers["Location"]


def test_a_respondent_typing_a_wrong_code_over_https_is_told_about_the_code(client):
    token = _csrf_token(client, "/r")

    response = client.post("/r", base_url=HTTPS, data={"code": "ZZZZ-ZZZZ", "csrf_token": token})

    text = response.get_data(as_text=True)
    assert "timed out" not in text
    assert response.status_code in (200, 400)
    assert "govuk-error-summary" in text
    assert "code" in text.lower()
