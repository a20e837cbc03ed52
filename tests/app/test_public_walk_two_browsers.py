"""Two phones scan the same single-use card (the person searched and their parent, say) and both
answer. The first to press "Send answers" sends theirs. The second is not told that their
answers were sent, as if their own earlier press had sent them: theirs never were. They are
told that the link has already been used and that the answers they gave have not been sent,
with what to do if they did not send the answers that were. Pressing "Send answers" twice in
one browser still says the answers were sent once (tests/app/test_public_sent_twice.py)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from models import Response, db
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.pages import Browser, Page

THANK_YOU = "Thank you, your answers have been sent"
NOT_SENT_HERE = {
    "en": "The answers you gave on this phone or computer have not been sent.",
    "cy": "Nid yw'r atebion a roesoch ar y ffôn neu'r cyfrifiadur hwn wedi cael eu hanfon.",
}


def said(page: Page, selector: str) -> str | None:
    found = page.soup.select_one(selector)
    return " ".join(found.get_text().split()) if found is not None else None


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
    assert said(page, "#not-sent-here") == NOT_SENT_HERE["en"]
    assert page.soup.select_one("#not-sent-by-you") is not None
    assert responses() == 1
    # Back to the confirmation page's address: nothing was sent from here to confirm.
    assert second.get(f"/r/{token}/done").h1 == "This link has already been used"
    # Opened again later, in Welsh too, the link says the same.
    again = second.get(f"/r/{token}?lang=cy")
    assert again.status == 410 and said(again, "#not-sent-here") == NOT_SENT_HERE["cy"]


def test_the_phone_that_sent_the_answers_is_not_told_they_were_not_sent(app: Flask):
    token = create_link("stop-search").token
    sender = Browser(app.test_client())
    answer_stop_search(sender, token)
    before = sender.client.get_cookie("session").value
    assert sender.post().h1 == THANK_YOU
    # A cookie from before the answers were sent, as a second press sends: it names the
    # answers in progress, which sending them deleted.
    sender.client.set_cookie("session", before)
    page = sender.get(f"/r/{token}")
    assert page.status == 410
    assert page.soup.select_one("#not-sent-here") is None
