"""A link checked as open when "Send answers" is pressed may be used up or closed by the time
the answers are written: another phone on the same single-use card sent first, or a listening
session closed in between. The write itself must refuse then, saying why, and store nothing;
the check made before it is not enough, because both phones can pass it at once."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.services import responses
from app.services.journeys import OpenedJourney, open_journey
from app.services.links import LinkStatus
from models import Journey, Link, Response, db
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link, expire
from tests.pages import Browser


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def _opened_for_sending(token: str) -> OpenedJourney:
    """The link and the one journey in progress on it, read as "Send answers" reads them."""
    (journey_id,) = db.session.scalars(select(Journey.id)).all()
    opened = open_journey(token, journey_id, sending=True)
    assert opened.found.status == LinkStatus.OPEN and opened.journey is not None
    return opened


def test_a_single_use_link_used_while_answers_were_being_sent_refuses_them(app: Flask):
    token = create_link("stop-search").token
    second = Browser(app.test_client())
    answer_stop_search(second, token)
    opened = _opened_for_sending(token)  # the second phone's press, found the link open

    first = Browser(app.test_client())
    answer_stop_search(first, token)
    assert first.post().h1 == "Thank you, your answers have been sent"

    with pytest.raises(responses.LinkNoLongerOpen) as refused:
        responses.submit(opened.journey, opened.found.link, "en", opened.scorer_key)
    assert refused.value.status == LinkStatus.USED
    db.session.rollback()
    assert _stored() == 1
    assert db.session.scalar(select(Link.answered).where(Link.token == token)) == 1


@pytest.mark.parametrize("kind", ["stop-search", "listening-session"])
def test_a_link_closed_while_answers_were_being_sent_refuses_them(app: Flask, kind: str):
    link = create_link(kind)
    browser = Browser(app.test_client())
    if kind == "stop-search":
        answer_stop_search(browser, link.token)
    else:
        browser.get(f"/r/{link.token}/todays-session")
        browser.post(data={"listened_to": "agree", "useful": "very_useful"})
    opened = _opened_for_sending(link.token)
    expire(link)

    with pytest.raises(responses.LinkNoLongerOpen) as refused:
        responses.submit(opened.journey, opened.found.link, "en", opened.scorer_key)
    assert refused.value.status == LinkStatus.EXPIRED
    db.session.rollback()
    assert _stored() == 0
