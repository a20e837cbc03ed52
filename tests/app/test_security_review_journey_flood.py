"""Answers in progress cannot be made without limit from one internet connection. Every
question page sent without answers in progress in the cookie starts a new set of them in the
database (kept for JOURNEY_TTL_HOURS); one form stamp, read once, can be sent again and again
by a script that keeps no cookie, so without a limit one address could fill the database with
them. Starting answers counts against the same limit as sending them (per address, or per
address and listening session); going on with answers already started never does."""

from __future__ import annotations

from flask import Flask

from models import Journey
from tests.app.bad_input_helpers import count
from tests.app.test_rate_limits import limited  # noqa: F401  (a fixture)
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import forget_request_state

TREATED = "/how-you-were-treated"
ANSWERS = {"respect": "agree", "satisfaction": "satisfied"}


def test_starting_answers_from_one_address_is_limited(limited: Flask):  # noqa: F811
    token = create_link(single_use=False).token
    statuses = []
    for _ in range(4):
        forget_request_state()
        browser = Browser(limited.test_client())  # a client that keeps no cookie between runs
        browser.get(f"/r/{token}{TREATED}")
        statuses.append(browser.post(data=ANSWERS).status)
    assert statuses == [200, 200, 200, 429]
    assert count(Journey) == 3
    assert "Any answers you have already given are kept" in browser.page.text()


def test_going_on_with_answers_already_started_is_never_limited(limited: Flask):  # noqa: F811
    token = create_link(single_use=False).token
    browser = Browser(limited.test_client())
    browser.get(f"/r/{token}{TREATED}")
    for _ in range(6):
        forget_request_state()
        page = browser.post(url=f"/r/{token}{TREATED}", data=ANSWERS)
        assert page.status == 200
    assert count(Journey) == 1
