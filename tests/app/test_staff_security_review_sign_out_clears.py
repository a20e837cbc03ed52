"""Signing out, or being signed out for a session that ran out, tells the browser to forget
the staff pages it kept and anything the pages stored (OWASP ASVS 4.0, 8.2.3: authenticated
data is cleared from the browser when the session ends). Pages are sent "no-store" already;
this also empties the back-forward cache, so that Back after signing out on a shared computer
shows no results page, and leaves the cookie, which carries "You have signed out"."""

from __future__ import annotations

import time

from flask.testing import FlaskClient

from app.auth.session import LAST_SEEN
from models import Role
from tests.pages import Page
from tests.staff import forget_request_state, signed_in

CLEARED = {'"cache"', '"storage"'}


def _cleared(response) -> set[str]:
    header = response.headers.get("Clear-Site-Data", "")
    return {part.strip() for part in header.split(",") if part.strip()}


def test_signing_out_clears_what_the_browser_kept_but_says_so_first(client: FlaskClient):
    signed_in(client, Role.ANALYST)
    forget_request_state()
    asking = client.get("/sign-out")
    assert _cleared(asking) == set()  # only asking: nothing is cleared yet
    token = Page(asking.status_code, "/sign-out", asking.get_data(as_text=True)).csrf_token()

    forget_request_state()
    response = client.post("/sign-out", data={"csrf_token": token})

    assert response.status_code == 302
    assert _cleared(response) == CLEARED  # not "cookies": the message is kept in the cookie
    assert "You have signed out" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_session_that_ran_out_clears_what_the_browser_kept(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - 31 * 60
    forget_request_state()
    response = client.get("/officer/codes")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
    assert _cleared(response) == CLEARED


def test_pages_in_a_session_clear_nothing(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    assert _cleared(client.get("/officer/codes")) == set()
