"""Bad free text on the respondent's pages: too long is refused and kept in the box; text of any
kind within the limit is stored exactly and shown escaped. (Control characters, which nobody can
see, are taken out instead: test_public_pasted_control_characters.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import TextAnswer, db
from tests.app.bad_input_helpers import (
    FREE_TEXT_LIMIT,
    assert_refused,
    journeys,
    submit_stop_search,
)
from tests.factories import create_link

# Each names its question, so that a page with two boxes never lists two errors alike.
TOO_LONG = (
    "Your answer to “What could the officer have done better?” must be 2,000 characters or fewer"
)


def test_oversize_free_text_is_refused_and_kept_in_the_box(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    long_answer = "Too long. " * 200 + "!"
    assert len(long_answer) == FREE_TEXT_LIMIT + 1
    page = browser.post(data={"went_well": "Kept as typed.", "improve": long_answer})
    assert_refused(page, TOO_LONG)
    assert page.field_errors() == [TOO_LONG]
    assert page.textarea("improve") == long_answer
    assert page.textarea("went_well") == "Kept as typed."
    assert journeys() == []


def test_two_boxes_too_long_each_name_their_own_question(browser):
    """A page with two text boxes, both too long, lists two different errors in its summary,
    each leading to its own box, not the same words twice."""
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": "x" * 2001, "improve": "y" * 2001})
    assert page.error_summary() == [
        "Your answer to “What, if anything, did the officer do well?” must be 2,000 characters "
        "or fewer",
        TOO_LONG,
    ]
    links = [a["href"] for a in page.soup.select(".govuk-error-summary li a")]
    assert links == ["#went_well", "#improve"]
    assert journeys() == []


def test_free_text_of_exactly_the_limit_is_stored_whole(browser):
    link = create_link()
    answer = ("ab" * FREE_TEXT_LIMIT)[:FREE_TEXT_LIMIT]
    response = submit_stop_search(browser, link.token, improve=answer)
    assert [t.text for t in response.text_answers] == [answer]


def test_the_limit_counts_characters_not_bytes(browser):
    link = create_link()
    answer = "👮🏾" * (FREE_TEXT_LIMIT // 2)  # 2,000 code points, 8,000 bytes of UTF-8
    response = submit_stop_search(browser, link.token, went_well=answer)
    assert [t.text for t in response.text_answers] == [answer]


UNICODE = {
    "emoji": "Thank you 👍🏽 — the officer was kind 🙏 👨‍👩‍👧‍👦 🏳️‍🌈",
    "right-to-left": "شكراً للضابط على اللطف. תודה רבה",
    "mixed direction": "He said \u202eylnO\u202c \u2067مرحبا\u2069 then left",
    "combining marks": "Cafe\u0301 na\u0308ive Z\u0351\u0352\u0353a\u0300lgo",
    "zero-width": "zero\u200bwidth\u200cjoin\u200dand\ufeffBOM\u2060here",
    "CJK": "警察很有礼貌。ありがとうございました。경찰관이 친절했어요.",
    "astral and symbols": "𝕿𝖍𝖆𝖓𝖐𝖘 𐍈 🀄 ∑∞≠ ŵŷ",
    "several lines": "First line\nSecond line\r\nThird\tline",
    "markup": "<script>alert('x')</script> & \"quotes\" {{ 7*7 }} %(force)s",
}


@pytest.mark.parametrize("text", UNICODE.values(), ids=UNICODE.keys())
def test_unicode_of_every_kind_is_stored_exactly_and_shown_escaped(browser, text):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "neither"})
    browser.post(data={"went_well": text})
    assert journeys() == [{"satisfaction": "neither", "went_well": text}]
    check = browser.get(f"/r/{link.token}/check")
    assert " ".join(text.split()) in " ".join(check.soup.get_text().split())
    assert check.soup.find("script", string=lambda s: s and "alert" in s) is None
    browser.post()
    stored = db.session.scalars(select(TextAnswer)).one()
    assert stored.text == text
    assert stored.text.encode("utf-8") == text.encode("utf-8")  # no normalisation of any kind
