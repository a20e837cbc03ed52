"""The bot checks' minimum time never refuses a person answering at a person's speed, and still
refuses a script that answers at a machine's.

No question page is timed: going back and pressing Continue at once, changing an answer from
Check your answers, tapping the one answer of a short page, or switching language is quick, and
a person's. The whole journey is timed instead, at "Send answers": answers sent sooner than
``BOT_MIN_SECONDS`` for each page answered after the journey's first page was shown are refused,
with a message that links to the "Send answers" button, and nothing given is lost.

The clock is app.public.bot_check._now, moved by hand (tests/app/conftest.py); ``minimum`` is
production's ``BOT_MIN_SECONDS``.
"""

from __future__ import annotations

from sqlalchemy import select

from app.public import bot_check, bot_check_journey
from models import Answer, Response, TextAnswer, db
from tests.app.bad_input_helpers import count, journeys
from tests.app.test_language_switch_keeps_answers import change_language
from tests.factories import create_link
from tests.pages import Browser, Page

REFUSED = "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
REFUSED_SEND = "Sorry, we could not send your answers. Press “Send answers” again."
THANK_YOU = "Thank you, your answers have been sent"
FIRST_PAGE = "what-you-were-told"
#: The quickest a person was seen to tick the one answer of a short page and press Continue, on
#: a phone: production's minimum must let a whole survey answered at this speed through.
QUICKEST_TAP = 1.3
#: An answer on each of the stop-and-search survey's own pages; its equality pages are skipped.
ANSWERS = {
    "what-you-were-told": {"told_grounds": "yes"},
    "during-the-search": {"bwv_on": "yes"},
    "how-you-were-treated": {"satisfaction": "satisfied"},
    "in-your-own-words": {"went_well": "Polite and quick."},
    "community-panel": {"scrutiny_interest": "no"},
}


def walk(browser: Browser, clock, token: str, *, answering: float, skipping: float = 0) -> Page:
    """Answer the survey from its first page to Check your answers, pressing Continue
    ``answering`` seconds after each page of ANSWERS was shown and ``skipping`` seconds after
    each equality page (sent with nothing chosen); every page must be accepted."""
    page = browser.get(f"/r/{token}/{FIRST_PAGE}")
    while not page.url.endswith("/check"):
        page_key = page.url.rsplit("/", 1)[1]
        clock.tick(answering if page_key in ANSWERS else skipping)
        page = browser.post(data=ANSWERS.get(page_key, {}))
        assert page.status == 200, (page_key, page.error_summary())
    return page


def assert_send_refused(page: Page) -> None:
    """Refused at "Send answers": said in the error summary, linked to the button it names."""
    assert page.status == 400 and page.title.startswith("Error:")
    assert page.h1 == "Check your answers before sending them"
    assert page.error_summary() == [REFUSED_SEND]
    link = page.soup.select_one(".govuk-error-summary__list a")
    assert link is not None and link.get_text(strip=True) == REFUSED_SEND
    button = page.soup.select_one(link["href"])
    assert button is not None and button.name == "button"
    assert button.get_text(strip=True) == "Send answers"
    assert button.find_parent("form").select_one("input[name='form-started']")


def sent_answers() -> dict[str, str]:
    db.session.expire_all()
    chosen = {a.question_key: a.value for a in db.session.scalars(select(Answer))}
    typed = {t.question_key: t.text for t in db.session.scalars(select(TextAnswer))}
    return {**chosen, **typed}


def started_kept(browser: Browser) -> dict[str, int]:
    with browser.client.session_transaction() as session:
        return dict(session.get(bot_check_journey.STARTED, []))


# -- what a person does quickly is accepted --------------------------------------------------------


def test_back_then_continue_at_once_is_accepted(browser, clock, minimum):
    token = create_link().token
    browser.get(f"/r/{token}/{FIRST_PAGE}")
    clock.tick(5)
    browser.post(data={"told_grounds": "yes", "told_object": "no"})
    clock.tick(5)
    browser.post(data={"bwv_on": "yes"})
    # Back: the first page comes back with its answers, and Continue is pressed at once.
    back = browser.get(f"/r/{token}/{FIRST_PAGE}")
    assert back.checked("told_grounds") == ["yes"] and back.checked("told_object") == ["no"]
    clock.tick(0.2)
    page = browser.post(data={"told_grounds": "yes", "told_object": "no"})
    assert page.status == 200 and page.url == f"/r/{token}/during-the-search"
    assert REFUSED not in page.text()


def test_change_then_continue_at_once_is_accepted_and_the_answers_sent(browser, clock, minimum):
    token = create_link().token
    walk(browser, clock, token, answering=3, skipping=1)
    change_url = f"/r/{token}/{FIRST_PAGE}?change=1"  # the form is sent to its own address
    assert browser.get(change_url).checked("told_grounds") == ["yes"]
    clock.tick(1)
    page = browser.post(change_url, data={"told_grounds": "no"})
    assert page.status == 200 and page.url == f"/r/{token}/check"
    assert page.error_summary() == []
    clock.tick(1)  # "Send answers" a second after arriving back
    assert browser.post().h1 == THANK_YOU
    assert sent_answers()["told_grounds"] == "no"


def test_a_language_switch_at_once_keeps_the_answer_and_says_nothing_is_wrong(
    browser, clock, minimum
):
    token = create_link().token
    browser.get(f"/r/{token}/{FIRST_PAGE}")
    clock.tick(0.5)  # "Yes" ticked, then Cymraeg pressed
    welsh = change_language(browser, {"told_grounds": "yes"})
    assert welsh.status == 200 and welsh.soup.html["lang"] == "cy"
    assert welsh.checked("told_grounds") == ["yes"]
    assert welsh.error_summary() == [] and not welsh.title.startswith("Gwall:")
    clock.tick(0.5)  # and back to English at once
    english = change_language(browser, {"told_grounds": "yes"})
    assert english.status == 200 and english.soup.html["lang"] == "en"
    assert english.checked("told_grounds") == ["yes"] and english.error_summary() == []
    clock.tick(0.5)
    page = browser.post(data={"told_grounds": "yes"})
    assert page.status == 200 and page.url == f"/r/{token}/during-the-search"
    assert journeys()[0]["told_grounds"] == "yes"


def test_a_one_question_page_answered_in_a_second_is_accepted(browser, clock, minimum):
    token = create_link().token
    walk(browser, clock, token, answering=3, skipping=1)
    browser.get(f"/r/{token}/community-panel")
    clock.tick(1)
    page = browser.post(data={"scrutiny_interest": "yes"})
    assert page.status == 200 and page.error_summary() == []
    assert journeys()[0]["scrutiny_interest"] == "yes"


def test_a_fast_person_answering_every_page_and_sending_at_once_is_accepted(
    browser, clock, minimum
):
    """One tap and Continue on every page, as fast as a person was seen to, the equality
    questions skipped faster still, and "Send answers" pressed half a second after arriving."""
    token = create_link().token
    check = walk(browser, clock, token, answering=QUICKEST_TAP, skipping=0.3)
    assert check.error_summary() == []
    clock.tick(0.5)
    page = browser.post()
    assert page.h1 == THANK_YOU
    assert sent_answers()["went_well"] == "Polite and quick."


def test_only_pages_answered_count_so_skipping_is_never_held_against_anyone(
    browser, clock, minimum
):
    """Someone who answers only the one question that must be answered, skipping every other
    page at once, is asked for one page's minimum in all."""
    token = create_link().token
    browser.get(f"/r/{token}/how-you-were-treated")
    page = browser.post(data={"satisfaction": "satisfied"})
    while not page.url.endswith("/check"):
        page = browser.post()
        assert page.status == 200, page.error_summary()
    clock.tick(minimum + 0.01)  # the stamp is to the millisecond
    assert browser.post().h1 == THANK_YOU


# -- a script is still refused, and nothing given is lost ---------------------------------------


def test_a_script_at_machine_speed_is_refused_at_send_and_a_person_pressing_again_sends_it(
    browser, clock, minimum
):
    token = create_link().token
    walk(browser, clock, token, answering=0)  # no page is refused on its own
    refused = browser.post()
    assert_send_refused(refused)
    assert count(Response) == 0
    # Nothing given is lost: the answers are all there, and kept to be sent.
    assert "Polite and quick." in refused.text()
    assert journeys()[0]["went_well"] == "Polite and quick."
    # Pressed again at once, as a script does: still refused.
    assert_send_refused(browser.post())
    assert count(Response) == 0
    # A person who reads the message and then presses again sends every answer.
    clock.tick(len(ANSWERS) * minimum + 0.01)  # the stamp is to the millisecond
    assert browser.post().h1 == THANK_YOU
    assert count(Response) == 1
    sent = sent_answers()
    assert {key: sent[key] for page in ANSWERS.values() for key in page} == {
        key: value for page in ANSWERS.values() for key, value in page.items()
    }


def test_the_journey_is_timed_from_its_first_page_shown(browser, clock, minimum):
    token = create_link().token
    browser.get(f"/r/{token}/{FIRST_PAGE}")
    clock.tick(len(ANSWERS) * minimum - 0.5)  # a long time on the first page, then no time
    page = browser.post(data=ANSWERS[FIRST_PAGE])
    while not page.url.endswith("/check"):
        page = browser.post(data=ANSWERS.get(page.url.rsplit("/", 1)[1], {}))
        assert page.status == 200, page.error_summary()
    assert_send_refused(browser.post())  # half a second short of the whole journey's minimum
    clock.tick(0.51)  # the stamp is to the millisecond
    assert browser.post().h1 == THANK_YOU


def test_a_first_page_shown_again_in_the_other_language_keeps_the_journeys_start(
    browser, clock, minimum
):
    """The journey made by the first page's language button (keeping the answer ticked) is
    timed from that page's first showing, not from its showing in Welsh."""
    token = create_link().token
    browser.get(f"/r/{token}/{FIRST_PAGE}")
    clock.tick(len(ANSWERS) * minimum + 0.01)
    change_language(browser, {"told_grounds": "yes"})
    assert journeys()[0]["unsent-page"]["answers"] == {"told_grounds": "yes"}
    page = browser.post(data=ANSWERS[FIRST_PAGE])
    while not page.url.endswith("/check"):
        page = browser.post(data=ANSWERS.get(page.url.rsplit("/", 1)[1], {}))
        assert page.status == 200, page.error_summary()
    assert browser.post().soup.select_one(".govuk-panel__title") is not None


def test_each_journey_on_a_reused_link_is_timed_from_its_own_start(browser, clock, minimum):
    """A listening session's link takes one person's answers after another's on the same
    tablet: the second is timed from its own first page, not from the first journey's."""
    token = create_link("stop-search", single_use=False).token
    walk(browser, clock, token, answering=3, skipping=1)
    assert browser.post().h1 == THANK_YOU
    walk(browser, clock, token, answering=0)
    assert_send_refused(browser.post())
    assert count(Response) == 1


def test_a_journey_begun_before_starts_were_kept_is_timed_from_check_your_answers(
    browser, clock, minimum
):
    token = create_link().token
    walk(browser, clock, token, answering=0)
    with browser.client.session_transaction() as session:
        session.pop(bot_check_journey.STARTED)
    browser.get(f"/r/{token}/check")
    assert_send_refused(browser.post())
    clock.tick(minimum + 0.01)
    assert browser.post().h1 == THANK_YOU


def test_the_cookie_keeps_the_journeys_start_only_until_its_answers_are_sent(
    browser, clock, minimum
):
    token = create_link().token
    shown = browser.get(f"/r/{token}/{FIRST_PAGE}").form_started()
    clock.tick(30)
    page = browser.post(data=ANSWERS[FIRST_PAGE])
    with browser.client.application.test_request_context():
        assert started_kept(browser) == {token: bot_check.issued_ms(shown)}
    while not page.url.endswith("/check"):
        page = browser.post(data=ANSWERS.get(page.url.rsplit("/", 1)[1], {}))
    assert browser.post().h1 == THANK_YOU
    assert started_kept(browser) == {}


def test_the_honeypot_still_refuses_a_page_and_send_answers(browser, clock, minimum):
    token = create_link().token
    browser.get(f"/r/{token}/{FIRST_PAGE}")
    clock.tick(5)
    page = browser.post(data={"told_grounds": "yes", "your-website": "example.org"})
    assert page.status == 400 and page.error_summary() == [REFUSED]
    assert page.checked("told_grounds") == ["yes"] and journeys() == []
    link = page.soup.select_one(".govuk-error-summary__list a")
    assert page.soup.select_one(link["href"]).get_text(strip=True) == "Continue"
    check = walk(browser, clock, token, answering=3)
    # The button has its id only while the refusal links to it: a browser keeps the link's
    # "#form-button" in the address, and the next page must not open scrolled to its button.
    assert check.soup.select_one("#form-button") is None
    assert_send_refused(browser.post(data={"your-website": "example.org"}))
    assert count(Response) == 0
    assert browser.post().h1 == THANK_YOU
