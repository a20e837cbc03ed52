"""What the bad-input tests share: the respondent's answers in progress read back afresh, a
page refused with its error summary, and the shortest complete stop-search journey."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from models import Journey, Response, db
from tests.pages import Page

FREE_TEXT_LIMIT = 2000


def journeys() -> list[dict[str, Any]]:
    """Every journey's stored answers, read afresh from the database."""
    db.session.expire_all()
    return [journey.answers for journey in db.session.scalars(select(Journey))]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def assert_refused(page: Page, *messages: str) -> None:
    assert page.status == 400, page.text()[:300]
    assert page.title.startswith("Error:")
    assert page.error_summary() == list(messages)


def submit_stop_search(browser, token: str, **in_your_own_words: str) -> Response:
    """The shortest complete stop-search journey, with these free-text answers."""
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    browser.get(f"/r/{token}/in-your-own-words")
    page = browser.post(data=in_your_own_words)
    assert page.status == 200 and page.url.endswith("/community-panel"), page.error_summary()
    browser.get(f"/r/{token}/check")
    done = browser.post()
    assert done.h1 == "Thank you, your answers have been sent"
    return db.session.scalars(select(Response)).one()
