"""The respondent's path for the fault tests: getting to "Check your answers", the "Try again"
form of a not-saved page, and counting what was stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select
from werkzeug.datastructures import MultiDict

from models import db
from tests.pages import Browser, Page

NOT_SAVED = "Sorry, your answers were not saved"
UNAVAILABLE = "Sorry, the service is unavailable"
THANK_YOU = "Thank you, your answers have been sent"


@contextmanager
def new_connections_with(name: str, listener: Callable) -> Iterator[None]:
    """Drop every pooled connection and listen for the engine's event ``name`` (on every new
    connection) while inside; afterwards stop listening and drop the connections made so."""
    engine = db.engine
    db.session.remove()
    engine.dispose()
    event.listen(engine, name, listener)
    try:
        yield
    finally:
        event.remove(engine, name, listener)
        db.session.remove()
        engine.dispose()


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def resend_form(page: Page) -> tuple[str, MultiDict]:
    """The "Try again" form of a not-saved page: where it posts and what it sends."""
    form = page.soup.select_one("main form")
    fields = [(i["name"], i.get("value", "")) for i in form.select("input[type=hidden]")]
    return form["action"], MultiDict(fields)


def to_check_page(browser: Browser, token: str) -> Page:
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied", "respect": "agree"})
    browser.get(f"/r/{token}/in-your-own-words")
    browser.post(data={"went_well": "He said why.", "improve": "Be on time."})
    page = browser.get(f"/r/{token}/check")
    assert page.h1 == "Check your answers before sending them"
    return page
