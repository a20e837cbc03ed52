"""Rate limits on what respondents post, on making codes, and their storage.

Run with RATELIMIT_STORAGE_URI=redis://… (`make test-redis` starts a throwaway Redis) these tests
use Redis, and one of them proves that two web hosts count against the same limit. Sign-in, code
and API limits are tested beside those features (test_auth, test_two_factor, test_api); `make
test-redis` runs them against Redis too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app.config import TestConfig
from app.extensions import limiter
from app.services.links import display_code, new_token
from models import Response, Role, db
from tests.factories import create_area, create_link
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

ROOT = Path(__file__).resolve().parents[2]
STORAGE = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
SHARED_STORAGE = STORAGE.startswith(("redis://", "rediss://", "redis+"))


def limited_app(database_url: str, **limits: str) -> Flask:
    return create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=STORAGE,
        **limits,
    )


@contextmanager
def limits_on(database_url: str, **limits: str) -> Iterator[Flask]:
    """An app with rate limits on (``limits`` its settings), in its app context, its counts
    empty before and after; limits are off again for the tests that follow."""
    app = limited_app(database_url, **limits)
    limiter.reset()
    with app.app_context():
        try:
            yield app
        finally:
            limiter.reset()
            limiter.enabled = False


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    with limits_on(
        database_url, SUBMISSION_RATE_LIMIT="3 per minute", CODE_CREATION_RATE_LIMIT="2 per hour"
    ) as app:
        yield app


def post_withdrawal(browser: Browser) -> int:
    forget_request_state()
    browser.get("/withdraw")
    return browser.post(data={"code": "ABCD-EFGH-JKMN-PQRS"}).status


def test_the_limiter_uses_the_configured_storage(limited: Flask):
    expected = "redis" if SHARED_STORAGE else "memory"
    assert type(limiter.storage).__name__.lower().startswith(expected)


def test_respondents_posts_are_limited_with_a_clear_page_that_says_answers_are_kept(
    limited: Flask,
):
    browser = Browser(limited.test_client())
    assert [post_withdrawal(browser) for _ in range(3)] == [400, 400, 400]
    assert post_withdrawal(browser) == 429
    page = browser.page
    assert page.h1 == "Too many attempts"
    assert "Any answers you have already given are kept" in page.text()
    # Reading pages is never limited: a respondent can still see where they were.
    assert browser.get("/withdraw").status == 200


def test_the_code_entry_page_is_limited_too(limited: Flask):
    browser = Browser(limited.test_client())
    statuses = []
    for _ in range(4):
        forget_request_state()
        browser.get("/r")
        statuses.append(browser.post(data={"code": "NOT-A-REAL-CODE"}).status)
    assert statuses == [400, 400, 400, 429]


def test_the_429_page_is_in_welsh_for_welsh_speakers(limited: Flask):
    browser = Browser(limited.test_client())
    browser.get("/withdraw?lang=cy")
    for _ in range(3):
        post_withdrawal(browser)
    assert post_withdrawal(browser) == 429
    assert browser.page.soup.html["lang"] == "cy"


def test_officers_making_codes_are_limited(limited: Flask):
    client = limited.test_client()
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    create_area("north", "North District")
    browser = Browser(client)
    statuses = []
    for _ in range(3):
        forget_request_state()
        browser.get("/officer/codes/new")
        response = client.post(
            "/officer/codes/new",
            data={
                "survey": "stop-search",
                "area": "north",
                "count": "1",
                "csrf_token": browser.page.csrf_token(),
            },
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert "You cannot make more codes just now" in response.get_data(as_text=True)


OTHER_HOST = textwrap.dedent(
    """
    import re, sys
    from app import create_app
    from app.config import TestConfig

    database_url, storage = sys.argv[1], sys.argv[2]
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_ENABLED=True,
                     RATELIMIT_STORAGE_URI=storage, SUBMISSION_RATE_LIMIT="4 per minute")
    client = app.test_client()
    for _ in range(2):
        page = client.get("/withdraw").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        stamp = re.search(r'name="form-started" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/withdraw",
            data={"code": "ABCD-EFGH-JKMN", "csrf_token": token, "form-started": stamp},
        )
        print(response.status_code)
    """
)


@pytest.mark.redis
def test_two_web_hosts_share_one_count_through_redis(database_url: str):
    """A second process stands in for a second web host behind the same load balancer."""
    assert SHARED_STORAGE, "needs RATELIMIT_STORAGE_URI=redis://…: run `make test-redis`"
    app = limited_app(database_url, SUBMISSION_RATE_LIMIT="4 per minute")
    limiter.reset()
    try:
        with app.app_context():
            other = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", OTHER_HOST, database_url, STORAGE],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "LISTENING_POST_ENV": "test"},
            )
            assert re.findall(r"\d{3}", other.stdout) == ["400", "400"], other.stderr
            browser = Browser(app.test_client())
            # This host has seen nothing from this address, yet the count is already at two.
            assert [post_withdrawal(browser) for _ in range(3)] == [400, 400, 429]
    finally:
        limiter.reset()
        limiter.enabled = False


# -- a listening session's audience, on the venue's one Wi-Fi address ------------------------


def type_code(browser: Browser, code: str) -> Page:
    """A respondent types a code on the home page and presses Continue."""
    forget_request_state()
    browser.get("/r")
    return browser.post(data={"code": code})


def answer_session_by_its_code(browser: Browser, code: str, token: str) -> Page:
    """Type the session's code, answer its first page, go to the end and send the answers."""
    start = type_code(browser, code)
    assert (start.status, start.url) == (200, f"/r/{token}"), start.text()[:200]
    browser.get(f"/r/{token}/todays-session")
    browser.post(data={"listened_to": "agree"})
    assert browser.get(f"/r/{token}/check").h1 == "Check your answers before sending them"
    return browser.post()


def session_code(name: str = "Town hall") -> tuple[str, str]:
    link = create_link("listening-session", event_name=name, event_date=dt.date.today())
    return display_code(link.token), link.token


def stored_responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


@pytest.fixture
def at_defaults(database_url: str) -> Iterator[Flask]:
    """The limits as a force runs them, unless it sets them: nothing overridden."""
    app = limited_app(database_url)
    limiter.reset()
    with app.app_context():
        yield app
        limiter.reset()
        limiter.enabled = False


def test_a_hundred_people_on_one_address_all_answer_a_listening_session(at_defaults: Flask):
    """More people than SUBMISSION_RATE_LIMIT allows one address (60 in 10 minutes) type the
    session's code and send their answers, all from the venue's one address: none is refused."""
    code, token = session_code()
    for person in range(100):
        done = answer_session_by_its_code(Browser(at_defaults.test_client()), code, token)
        assert (done.status, done.url) == (200, f"/r/{token}/done"), f"person {person + 1}"
    assert stored_responses() == 100


def test_guessing_codes_from_that_address_is_still_refused_after_the_usual_limit(
    limited: Flask,
):
    code, token = session_code()
    browser = Browser(limited.test_client())
    for _ in range(5):  # more sends about the session than the address's own limit, 3
        assert answer_session_by_its_code(browser, code, token).url == f"/r/{token}/done"
    guesses = [type_code(browser, display_code(new_token())).status for _ in range(4)]
    assert guesses == [400, 400, 400, 429]
    assert browser.page.h1 == "Too many attempts"
    # The session's audience on that address can still type its code and send answers.
    assert answer_session_by_its_code(browser, code, token).url == f"/r/{token}/done"
    assert stored_responses() == 6


def test_a_listening_session_has_a_limit_of_its_own_per_address(database_url: str):
    app = limited_app(database_url, SESSION_SUBMISSION_RATE_LIMIT="2 per minute")
    limiter.reset()
    try:
        with app.app_context():
            code, token = session_code()
            browser = Browser(app.test_client())
            pages = [type_code(browser, code) for _ in range(3)]
            assert [(page.status, page.url) for page in pages[:2]] == [(200, f"/r/{token}")] * 2
            assert pages[2].status == 429
            # Counted per session: another session's code from the same address is let in.
            other_code, other_token = session_code("Library drop-in")
            assert type_code(browser, other_code).url == f"/r/{other_token}"
    finally:
        limiter.reset()
        limiter.enabled = False


def test_a_stop_search_link_keeps_the_per_address_limit(limited: Flask):
    links = [create_link("stop-search") for _ in range(4)]
    browser = Browser(limited.test_client())
    statuses = [type_code(browser, display_code(link.token)).status for link in links]
    assert statuses == [200, 200, 200, 429]
    # Starting answers and "Send answers" too: each counts against the address, whichever
    # card it is.
    starts, sends = [], []
    for link in links:
        forget_request_state()
        browser.get(f"/r/{link.token}/how-you-were-treated")
        starts.append(browser.post(data={"satisfaction": "very_satisfied"}).status)
        if starts[-1] == 200:
            browser.get(f"/r/{link.token}/check")
            sends.append(browser.post().status)
    assert starts == [200, 200, 200, 429]
    assert sends == [200, 200, 200]


def _stored_keys() -> list[str]:
    held = limiter.storage.storage  # Redis's client, or the in-memory counter
    keys = held.keys("*") if SHARED_STORAGE else list(held)
    return [key.decode() if isinstance(key, bytes) else key for key in keys]


def test_the_limits_storage_does_not_say_which_session_an_address_answered(limited: Flask):
    code, token = session_code()
    answer_session_by_its_code(Browser(limited.test_client()), code, token)
    type_code(Browser(limited.test_client()), display_code(new_token()))  # and a guess
    keys = _stored_keys()
    assert any("listening-session/" in key for key in keys), keys
    assert not [key for key in keys if token in key or "127.0.0.1/listening" in key]
    assert any("127.0.0.1" in key for key in keys), keys  # the guess, under its address
