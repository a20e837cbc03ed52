"""In a real Chromium: an answer written in paragraphs, right up to what the character count says
is the limit, is accepted. The count counts a line break as one character; the browser sends
it as two: counted as sent, the answer was refused as too long while the count under the box
still said it fitted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import Journey, db
from tests.factories import create_link

pytestmark = pytest.mark.browser

#: 2,000 characters as the count counts them: ten lines of 199 letters and the 9 line breaks
#: between them (2,009 as the browser sends them), and one letter more.
PARAGRAPHS = "\n".join(["a" * 199] * 10) + "a"


def test_paragraphs_up_to_the_count_s_limit_are_accepted(phone: Page):
    token = create_link("stop-search").token
    phone.goto(f"/r/{token}/in-your-own-words")
    box = phone.get_by_label("What could the officer have done better?")
    box.fill(PARAGRAPHS)
    expect(phone.locator(".govuk-character-count__status").last).to_have_text(
        "You have 0 characters remaining"
    )
    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/community-panel$"))
    db.session.rollback()  # see what the live server committed through its own connection
    kept = db.session.scalars(select(Journey)).one().answers["improve"]
    assert kept.replace("\r\n", "\n") == PARAGRAPHS
