"""My codes names each listening session's code by the session's name and day, so an officer
with several sessions tells them apart without opening each."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser
from tests.staff import signed_in


def _session(browser: Browser, name: str, held: dt.date):
    browser.get("/officer/codes/new")
    page = browser.post(
        data={
            "survey": "listening-session",
            "area": "none",
            "count": "1",
            "event_name": name,
            "event_date": [str(held.day), str(held.month), str(held.year)],
        }
    )
    assert page.status == 200, page.error_summary()


def test_my_codes_names_each_session(client: FlaskClient, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    first = dt.date.today() + dt.timedelta(days=3)
    second = dt.date.today() + dt.timedelta(days=10)
    _session(browser, "Northtown youth club", first)
    _session(browser, "Northtown youth club", second)

    page = browser.get("/officer/codes")
    cells = [
        " ".join(row.select("td")[1].get_text().split())
        for row in page.soup.select("#recent-codes tbody tr")
    ]
    # Shown: the day in short, to fit a phone; read aloud: the day in full.
    expected = [
        f"Northtown youth club, {second.day} {second:%b %Y}{second.day} {second:%B %Y}",
        f"Northtown youth club, {first.day} {first:%b %Y}{first.day} {first:%B %Y}",
    ]
    assert [cell.endswith(end) for cell, end in zip(cells, expected, strict=True)] == [True, True]
