"""The respondent's session cookie stays small however many links are opened in one browser (a
station PC used for Say to Stay by one officer after another): browsers silently drop a cookie
over 4 KB, and with it the survey in progress. The latest survey still continues where it was
left, and the latest confirmation can still be read again."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Response, db
from tests.factories import create_link
from tests.pages import Browser

ROLE = {"role": "police_officer", "service_band": "5_to_10", "stage": "thinking"}
RESUME = "You have already started. Your answers so far have been kept"


def cookie_size(client: FlaskClient) -> int:
    return len(client.get_cookie("session").value)


def start_say_to_stay(browser: Browser, token: str, role: str = "police_officer") -> None:
    """Open the link and answer its first page, as someone who then walks away."""
    page = browser.get(f"/r/{token}/about-your-role")
    assert page.status == 200
    page = browser.post(data={**ROLE, "role": role})
    assert page.url == f"/r/{token}/reasons", page.error_summary()


def send_with_a_conversation(browser: Browser, token: str) -> None:
    """Answer to the end, asking for a conversation (so that the confirmation keeps a follow-up
    note), and send; the confirmation page is not read, so its withdrawal code is kept too."""
    browser.get(f"/r/{token}/a-conversation")
    browser.post(data={"conversation": "yes"})
    browser.get(f"/r/{token}/check")
    sent = browser.client.post(
        f"/r/{token}/check",
        data={"csrf_token": browser.page.csrf_token(), "form-started": browser.page.form_started()},
    )
    assert sent.headers["Location"] == f"/r/{token}/done"


def test_a_hundred_links_in_one_browser_keep_the_cookie_well_under_4_kb(browser: Browser):
    tokens = [create_link("say-to-stay").token for _ in range(100)]
    sizes = []
    for number, token in enumerate(tokens):
        start_say_to_stay(browser, token)
        if number % 3 == 0:  # a third of them send their answers too
            send_with_a_conversation(browser, token)
        sizes.append(cookie_size(browser.client))
    assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 34
    assert max(sizes) < 2000, sizes
    assert sizes[-1] < sizes[20] * 1.5, "the cookie keeps growing"

    # The last one left unfinished (the very last was sent) continues where it was left.
    latest = tokens[98]
    assert RESUME in browser.get(f"/r/{latest}").text()
    assert browser.get(f"/r/{latest}/about-your-role").checked("role") == ["police_officer"]

    # The last one sent shows its confirmation, withdrawal code and follow-up, once asked.
    sent = browser.get(f"/r/{tokens[99]}/done")
    assert sent.h1 == "Thank you, your answers have been sent"
    assert sent.soup.select_one("#withdrawal-code") is not None
    # An unfinished survey from long ago is forgotten here: its link starts afresh.
    assert RESUME not in browser.get(f"/r/{tokens[1]}").text()


def test_surveys_in_progress_in_a_cookie_from_before_are_still_continued(browser: Browser):
    """A cookie set before entries were kept in order held them as a mapping: still read."""
    first, second = create_link("say-to-stay").token, create_link("say-to-stay").token
    start_say_to_stay(browser, first, role="pcso")
    start_say_to_stay(browser, second, role="volunteer")
    with browser.client.session_transaction() as session:
        session["journeys"] = dict(session["journeys"])
    assert RESUME in browser.get(f"/r/{first}").text()
    assert browser.get(f"/r/{first}/about-your-role").checked("role") == ["pcso"]
    assert browser.get(f"/r/{second}/about-your-role").checked("role") == ["volunteer"]


def test_answering_another_page_of_the_same_survey_sends_no_new_cookie(
    client: FlaskClient, browser: Browser
):
    """The survey is already the latest one remembered: nothing in the cookie changes, so it
    is not signed and sent again with every page."""
    token = create_link("say-to-stay").token
    start_say_to_stay(browser, token)
    browser.get(f"/r/{token}/at-work")
    response = client.post(
        f"/r/{token}/at-work",
        data={
            "csrf_token": browser.page.csrf_token(),
            "form-started": browser.page.form_started(),
            "valued": "agree",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert not [c for c in response.headers.getlist("Set-Cookie") if "session=" in c]
