"""Two phones scan the same single-use card (the person searched and their parent, say) and both
answer. The first to press "Send answers" sends theirs. The second is not told that their
answers were sent, as if their own earlier press had sent them: theirs never were, and they are
told that the link has already been used, with what to do if they did not send the answers
that were. Pressing "Send answers" twice in one browser still says the answers were sent once
(tests/app/test_public_sent_twice.py)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from models import Response, db
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser

THANK_YOU = "Thank you, your answers have been sent"


def responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def test_answers_from_a_second_phone_on_a_used_link_are_not_said_to_be_sent(app: Flask):
    token = create_link("stop-search").token
    first, second = Browser(app.test_client()), Browser(app.test_client())
    answer_stop_search(first, token)
    answer_stop_search(second, token)
    assert first.post().h1 == THANK_YOU

    page = second.post()  # "Send answers" on the second phone's check page
    assert page.status == 410
    assert page.h1 == "This link has already been used"
    assert THANK_YOU not in page.text()
    assert page.soup.select_one("#not-sent-by-you") is not None
    assert responses() == 1
    # Back to the confirmation page's address: nothing was sent from here to confirm.
    assert second.get(f"/r/{token}/done").h1 == "This link has already been used"
