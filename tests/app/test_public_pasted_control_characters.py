"""Free text pasted from another app can carry control characters nobody can see (a line break
from a word processor as a vertical tab, a page break as a form feed, a stray NUL or escape).
A respondent cannot find, let alone remove, what they cannot see, so these are taken out of the
answer for them: a line break of another kind becomes a line break, any other control character
goes, and the rest of what they wrote is kept and sent, with no error to put right."""

from __future__ import annotations

import pytest

from tests.app.bad_input_helpers import journeys, submit_stop_search
from tests.factories import create_link

CONTROLS = {
    "NUL": ("Fine until\x00here", "Fine untilhere"),
    "bell": ("Fine until\x07here", "Fine untilhere"),
    "backspace": ("Fine until\x08here", "Fine untilhere"),
    "escape": ("Fine until\x1b[31mhere", "Fine until[31mhere"),
    "delete": ("Fine until\x7fhere", "Fine untilhere"),
    "CSI (C1)": ("Fine until\x9b2Jhere", "Fine until2Jhere"),
    "vertical tab (a pasted line break)": ("First line\x0bSecond line", "First line\nSecond line"),
    "form feed (a pasted page break)": ("Page one\x0cPage two", "Page one\nPage two"),
    "next line (C1)": ("First line\x85Second line", "First line\nSecond line"),
}


@pytest.mark.parametrize("typed, kept", CONTROLS.values(), ids=CONTROLS.keys())
def test_a_pasted_control_character_is_taken_out_and_the_answer_goes_on(browser, typed, kept):
    link = create_link()
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": typed, "improve": "Explain more."})
    assert page.status == 200 and page.url.endswith("/community-panel"), page.error_summary()
    assert journeys() == [{"went_well": kept, "improve": "Explain more."}]


def test_the_answer_sent_is_the_one_without_them(browser):
    link = create_link()
    response = submit_stop_search(browser, link.token, went_well="Polite\x0b\x00and quick\x1b")
    assert [answer.text for answer in response.text_answers] == ["Polite\nand quick"]


def test_tabs_and_line_breaks_typed_are_kept(browser):
    link = create_link()
    typed = "First line\r\nSecond\tline\nThird"
    browser.get(f"/r/{link.token}/in-your-own-words")
    page = browser.post(data={"went_well": typed})
    assert page.status == 200 and page.url.endswith("/community-panel")
    assert journeys() == [{"went_well": typed}]
