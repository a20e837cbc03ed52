"""A respondent's form without a valid CSRF token is refused with a clear page, and stores or
deletes nothing."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from models import Response
from tests.app.bad_input_helpers import count, journeys, submit_stop_search
from tests.factories import create_link

TIMED_OUT = "Sorry, this page timed out"


def _forged_token(app) -> str:
    """A well-formed, correctly signed token for a different browser session."""
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
    return signer.dumps("f" * 40)


@pytest.mark.parametrize("token", [None, "", "not-a-token", "forged"])
def test_a_question_page_without_a_valid_csrf_token_is_refused_clearly(browser, app, token):
    link = create_link()
    browser.get(f"/r/{link.token}/what-you-were-told")
    data: dict[str, str] = {"told_grounds": "yes"}
    if token is not None:
        data["csrf_token"] = _forged_token(app) if token == "forged" else token
    page = browser.post(data=data, csrf=False)
    assert page.status == 400
    assert page.h1 == TIMED_OUT
    assert "Go back, reload the page and try again" in page.text()
    assert journeys() == []


@pytest.mark.parametrize("token", [None, "forged"])
def test_sending_answers_without_a_valid_csrf_token_stores_nothing(browser, app, token):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    browser.get(f"/r/{link.token}/check")
    data = {} if token is None else {"csrf_token": _forged_token(app)}
    page = browser.post(data=data, csrf=False)
    assert page.status == 400 and page.h1 == TIMED_OUT
    assert count(Response) == 0
    assert journeys() == [{"satisfaction": "satisfied"}]  # still there to send properly
    browser.get(f"/r/{link.token}/check")
    assert browser.post().h1 == "Thank you, your answers have been sent"
    assert count(Response) == 1


def test_withdrawing_without_a_csrf_token_deletes_nothing(browser):
    link = create_link()
    submit_stop_search(browser, link.token)
    code = browser.page.soup.select_one("#withdrawal-code").get_text(strip=True)
    browser.get("/withdraw")
    page = browser.post(data={"code": code}, csrf=False)
    assert page.status == 400 and page.h1 == TIMED_OUT
    assert count(Response) == 1
