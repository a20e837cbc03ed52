"""A free-text answer's line breaks count as one character each, as the character count on the
page counts them. Browsers send each line break as two characters ("\\r\\n"): counted as sent,
an answer of a few paragraphs that the count said fitted was refused as too long. The answer
is kept as it was sent."""

from __future__ import annotations

from sqlalchemy import select

from models import Journey, db
from tests.factories import create_link
from tests.pages import Browser

TOO_LONG = (
    "Your answer to “What could the officer have done better?” must be 2,000 characters or fewer"
)
#: Ten lines, the last without a break: 1,990 letters and 9 line breaks, 1,999 characters as
#: the count counts them, 2,008 as a browser sends them.
PARAGRAPHS_SENT = "\r\n".join(["a" * 199] * 10)


def saved(key: str) -> str | None:
    db.session.expire_all()
    return db.session.scalars(select(Journey)).one().answers.get(key)


def test_an_answer_that_fits_with_its_line_breaks_counted_once_is_accepted(browser: Browser):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/in-your-own-words")
    page = browser.post(data={"went_well": PARAGRAPHS_SENT})
    assert page.error_summary() == []
    assert page.status == 200 and page.url == f"/r/{token}/community-panel"
    assert saved("went_well") == PARAGRAPHS_SENT  # kept as sent


def test_an_answer_over_the_limit_with_its_line_breaks_counted_once_is_still_refused(
    browser: Browser,
):
    token = create_link("stop-search").token
    browser.get(f"/r/{token}/in-your-own-words")
    over = PARAGRAPHS_SENT + "\r\n" + "b" * 2  # 2,002 characters as counted
    page = browser.post(data={"improve": over})
    assert page.status == 400
    assert page.error_summary() == [TOO_LONG]
