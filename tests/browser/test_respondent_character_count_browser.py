"""In a real Chromium: the character count under a free-text box counts an emoji (any character
outside the Basic Multilingual Plane) as one, as the server checks it, not as the two UTF-16
units GOV.UK Frontend counts. An answer the count says fits is accepted, and one it says is too
long is refused, with the same limit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import Journey, db
from tests.factories import create_link

pytestmark = pytest.mark.browser

QUESTION = "What could the officer have done better?"
#: 2,000 characters: 1,990 letters and eight emoji of ten characters (a skin tone and a flag's
#: second letter are characters of their own), which GOV.UK Frontend alone counts as 2,020.
AT_THE_LIMIT = "a" * 1990 + "😀👍🏽🇬🇧" + "🙂" * 5


def _count(phone: Page):
    return phone.locator(".govuk-character-count__status").last


def test_an_answer_with_emoji_up_to_the_limit_fits_and_is_accepted(phone: Page):
    token = create_link("stop-search").token
    phone.goto(f"/r/{token}/in-your-own-words")
    assert len(AT_THE_LIMIT) == 2000
    phone.get_by_label(QUESTION).fill(AT_THE_LIMIT)
    expect(_count(phone)).to_have_text("You have 0 characters remaining")
    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/community-panel$"))
    db.session.rollback()  # see what the live server committed through its own connection
    assert db.session.scalars(select(Journey)).one().answers["improve"] == AT_THE_LIMIT


def test_one_emoji_too_many_is_one_character_too_many_on_the_page_and_the_server(phone: Page):
    token = create_link("stop-search").token
    phone.goto(f"/r/{token}/in-your-own-words")
    box = phone.get_by_label(QUESTION)
    box.fill("😀" * 5)
    expect(_count(phone)).to_have_text("You have 1,995 characters remaining")
    box.fill(AT_THE_LIMIT + "😀")
    expect(_count(phone)).to_have_text("You have 1 character too many")
    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(rf"/r/{token}/in-your-own-words$"))
    expect(phone.locator(".govuk-error-summary")).to_contain_text(
        f"Your answer to “{QUESTION}” must be 2,000 characters or fewer"
    )
    expect(phone.get_by_label(QUESTION)).to_have_value(AT_THE_LIMIT + "😀")
