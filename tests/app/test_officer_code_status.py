"""What a code's status says to the officer who made it: a single-use code is spent by its
answer; a listening session's code, answered by everyone there, says how many answers it has
had and whether it is still open, never "Used"."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from app.services import link_stats
from models import Role, db
from tests.factories import create_link, expire
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def officer(client: FlaskClient):
    return signed_in(client, Role.OFFICER, email="pc.jones@example.org")


def _shown(browser: Browser, token: str) -> tuple[str, str]:
    """The status on the code's page and in its row of My codes."""
    code_page = browser.get(f"/officer/codes/{token}").soup.select_one("#code-status").text
    rows = browser.get("/officer/codes").soup.select("#recent-codes tbody tr")
    (row,) = [row for row in rows if row.select_one(f"a[href$='/{token}']")]
    return code_page, row.select("td")[-1].get_text(strip=True)


@pytest.mark.parametrize(
    ("answered", "closed", "shown"),
    [
        (0, False, "Open: no answers yet"),
        (1, False, "Open: 1 answer"),
        (3, False, "Open: 3 answers"),
        (3, True, "Closed: 3 answers"),
        (0, True, "Closed: no answers"),
    ],
)
def test_a_session_code_shows_its_answers_and_whether_it_is_open(
    officer, browser: Browser, answered: int, closed: bool, shown: str
):
    link = create_link("listening-session", created_by_id=officer.id)
    assert not link.single_use
    link.answered = answered
    link.used_on = dt.date.today() if answered else None
    db.session.commit()
    if closed:
        expire(link)
    assert _shown(browser, link.token) == (shown, shown)


def test_a_single_use_code_is_still_used_once_answered(officer, browser: Browser):
    link = create_link("stop-search", created_by_id=officer.id)
    assert _shown(browser, link.token) == ("Unused", "Unused")
    link.answered, link.used_on = 1, dt.date.today()
    db.session.commit()
    assert _shown(browser, link.token) == ("Used", "Used")


def test_the_api_status_is_unchanged_for_session_codes():
    """The API's status is a fixed set of values that clients rely on."""
    link = create_link("listening-session")
    link.answered, link.used_on = 3, dt.date.today()
    assert link_stats.usage(link) == "used"
