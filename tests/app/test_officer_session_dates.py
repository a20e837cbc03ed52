"""The listening-session fields of "Make a code": errors named by their labels, and a session
date that would give a code already closed, or one more than a year ahead, refused."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from models import Role
from tests.pages import Browser, Page
from tests.staff import signed_in


def _make(client: FlaskClient, browser: Browser, **fields) -> Page:
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    browser.get("/officer/codes/new")
    data = {
        "survey": "listening-session",
        "area": "none",
        "count": "1",
        "event_name": "Northtown youth club",
        **fields,
    }
    return browser.post(data=data)


def test_a_name_too_long_is_named_by_its_label(client: FlaskClient, browser: Browser):
    today = dt.date.today()
    page = _make(
        client,
        browser,
        event_name="x" * 201,
        event_date=[str(today.day), str(today.month), str(today.year)],
    )
    assert page.status == 400
    message = "Name of the listening session must be 200 characters or fewer"
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]


def test_a_date_that_is_not_real_is_named_by_its_label(client: FlaskClient, browser: Browser):
    page = _make(client, browser, event_date=["31", "2", "2026"])
    message = "Date of the listening session must be a real date, for example 27 3 2026"
    assert page.error_summary() == [message]
    assert page.field_errors() == [message]
