"""Staff are warned before their session times out, and can stay signed in (WCAG 2.2.1,
Timing adjustable): every signed-in staff page carries the warning, shut, with how long the
session has left, which its script opens two minutes before the end (the browser test
test_staff_walk_timeout_browser sees it open)."""

from __future__ import annotations

import time

from flask.testing import FlaskClient

from app.auth.session import LAST_SEEN, SIGNED_IN_AT
from models import Role
from tests.pages import Page
from tests.staff import signed_in

# The requests below take a moment: the seconds left are checked to within this many.
LEEWAY = 10


def _warning(client: FlaskClient, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return Page(200, url, response.get_data(as_text=True)).soup.select_one("dialog#timeout-warning")


def _age(client: FlaskClient, key: str, seconds: int) -> None:
    with client.session_transaction() as session:
        session[key] = int(time.time()) - seconds


def test_every_signed_in_staff_page_has_the_warning_shut_until_it_is_due(client: FlaskClient):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    for url in ("/admin/users", "/results/", "/account", "/admin/surveys/"):
        dialog = _warning(client, url)
        assert dialog is not None and not dialog.has_attr("open"), url
        assert dialog["aria-labelledby"] == "timeout-warning-title"
        assert dialog.select_one("#timeout-warning-title").get_text() == (
            "You will be signed out soon"
        )
        assert dialog["data-idle-seconds"] == str(30 * 60)
        assert 30 * 60 - LEEWAY <= int(dialog["data-seconds-left"]) <= 30 * 60
        assert dialog["data-timed-out-url"] == url


def test_signed_out_pages_have_no_warning(client: FlaskClient):
    assert "timeout-warning" not in client.get("/sign-in").get_data(as_text=True)


def test_near_the_longest_a_sign_in_lasts_the_warning_says_when_it_ends(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    _age(client, SIGNED_IN_AT, 12 * 3600 - 300)

    dialog = _warning(client, "/officer/codes/new")

    assert 300 - LEEWAY <= int(dialog["data-seconds-left"]) <= 300
    assert 300 - LEEWAY <= int(dialog["data-longest-left"]) <= 300
    said = dialog.select_one("[data-timeout-cannot-stay]").get_text(" ", strip=True)
    assert said.startswith("You signed in 12 hours ago, the longest a sign-in lasts.")


def test_staying_signed_in_asks_for_a_page_that_starts_the_idle_time_again(
    client: FlaskClient,
):
    signed_in(client, Role.OFFICER)
    stay_url = _warning(client, "/officer/codes")["data-stay-url"]
    _age(client, LAST_SEEN, 29 * 60)

    assert client.get(stay_url).status_code == 200

    with client.session_transaction() as session:
        assert session[LAST_SEEN] >= int(time.time()) - LEEWAY
