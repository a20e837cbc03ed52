"""Numbers typed into staff pages in characters Python counts as digits but cannot read as a
number (superscript ² and ⁶), or in full-width digits, get a clear message or are read as the
digits they are: never a server error, nor a message in Python's words."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from models import Role
from tests.app.test_builder import DETAILS
from tests.pages import Browser
from tests.staff import signed_in

SUMMARY = f"/admin/surveys/{DETAILS['slug']}"


def _session_code(browser: Browser, day: str, month: str, year: str):
    browser.get("/officer/codes/new")
    return browser.post(
        data={
            "survey": "listening-session",
            "area": "none",
            "count": "1",
            "event_name": "Northtown youth club",
            "event_date": [day, month, year],
        }
    )


def test_a_session_year_in_superscript_is_asked_for_in_full(client: FlaskClient, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    page = _session_code(browser, "1", "12", "²⁶")
    assert page.status == 400
    [message] = page.error_summary()
    assert message.startswith("Date of the listening session must have the year in full")
    assert "int()" not in page.text()


def test_a_session_date_in_full_width_digits_makes_the_code(client: FlaskClient, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    held = dt.date.today() + dt.timedelta(days=14)
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    typed = [str(part).translate(wide) for part in (held.day, held.month, held.year)]
    page = _session_code(browser, *typed)
    assert page.status == 200 and page.url.startswith("/officer/codes/"), page.error_summary()
    assert held.strftime("%-d %B %Y") in page.text()


def test_an_audit_log_page_number_in_superscript_shows_the_first_page(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    page = browser.get("/admin/audit?page=%C2%B2")
    assert page.status == 200
    assert page.h1 == "Audit log"


def test_a_longest_answer_in_superscript_is_refused_with_the_builder_s_message(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get(f"{SUMMARY}/pages/new")
    browser.post(data={"key": "the-session", "title_en": "The session"})
    page = browser.post(
        data={
            "text_en": "What would have made it better?",
            "key": "better",
            "type": "text",
            "max_length": "²",
            "required": "no",
        }
    )
    assert page.status == 400
    assert page.error_summary() == ["Longest answer must be a whole number from 1 to 5000"]
