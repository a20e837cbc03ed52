"""The limit on how many codes an officer makes: it counts codes made, not mistakes on the
form, and when it is reached the page says how long to wait and what to do meanwhile."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from models import Role
from tests.app.test_rate_limits import limits_on
from tests.factories import create_area
from tests.markup import markup_problems
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(database_url, CODE_CREATION_RATE_LIMIT="2 per hour") as app:
        yield app


def post_code(client: FlaskClient, **data: str):
    """The second step of "Make a code" for stop and search, as the officer's browser posts it."""
    forget_request_state()
    browser = Browser(client)
    browser.get("/officer/codes/new?survey=stop-search")
    return client.post(
        "/officer/codes/new",
        data={
            "survey": "stop-search",
            "count": "1",
            **data,
            "csrf_token": browser.page.csrf_token(),
        },
    )


def test_mistakes_on_the_form_do_not_use_up_the_codes_an_officer_may_make(limited: Flask):
    client = limited.test_client()
    signed_in(client, Role.OFFICER, email="pc.hurried@example.org")
    create_area("north", "North District")
    # In a hurry at the roadside: "Make the code" pressed before choosing the area, three times.
    assert [post_code(client).status_code for _ in range(3)] == [400, 400, 400]
    # The code is still made, and so is the next: the limit counts codes, not pages sent back.
    assert post_code(client, area="north").status_code == 302
    assert post_code(client, area="north").status_code == 302


def test_an_officer_at_the_limit_is_told_how_long_to_wait_and_what_to_do_meanwhile(
    limited: Flask,
):
    client = limited.test_client()
    signed_in(client, Role.OFFICER, email="pc.busy@example.org")
    create_area("north", "North District")
    assert [post_code(client, area="north").status_code for _ in range(2)] == [302, 302]

    response = post_code(client, area="north")
    assert response.status_code == 429
    page = Page(429, response.request.path, response.get_data(as_text=True))
    assert not markup_problems(page.html)
    assert page.h1 == "You cannot make more codes just now"
    assert not page.title.startswith("Error: ")
    text = page.text()
    # When, in minutes, not the limit's notation ("2 per 1 hour") or "a few minutes".
    assert "2 per 1 hour" not in text
    assert "a few minutes" not in text
    assert "You have made codes 2 times in the last hour (a sheet of cards counts once)" in text
    assert re.search(r"You can make another code in (about )?\d+ minutes?", text)
    assert "printed card" in text
    # The staff navigation stays, so that My codes and its cards are one tap away.
    assert page.soup.find("a", string=re.compile("My codes")) is not None
    assert response.headers["Retry-After"].isdecimal()
