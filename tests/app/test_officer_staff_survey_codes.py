"""Codes for a survey of police officers and staff (Say to Stay) are handed out from a shuffled
sheet of cards. A code says to anyone who opens it whether it has been used, so a code made for
one colleague would tell whoever made it whether that colleague is thinking of leaving. "Make a
code" chooses the sheet for such a survey and says why; a single code's page says the same
instead of "Show this QR code to the person", and does not spell out the address to open later;
the sheet says it again. Every other survey's codes are made and shown as before."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import surveys as survey_service
from app.services.links import create_links
from models import Link, Role, Survey, db
from tests.factories import create_link
from tests.pages import Browser, Page
from tests.staff import signed_in

SHUFFLE = "so that nobody, you included, knows which colleague had which code"


@pytest.fixture
def officer(client: FlaskClient):
    return signed_in(client, Role.OFFICER, email="sgt.patel@example.org")


def _count_hint(page: Page) -> str:
    """The hint a screen reader reads with "How many codes?" (its fieldset's describedby)."""
    fieldset = page.soup.select_one("input[name=count]").find_parent("fieldset")
    hints = [page.soup.find(id=ref) for ref in fieldset.get("aria-describedby", "").split()]
    return " ".join(h.get_text(" ", strip=True) for h in hints if h is not None)


def _count_options(page: Page) -> list[str]:
    return [radio["value"] for radio in page.soup.select("input[name=count]")]


def _publish_copy_of_say_to_stay(slug: str, audience: str) -> None:
    say_to_stay = db.session.scalar(select(Survey).where(Survey.slug == "say-to-stay"))
    definition = copy.deepcopy(say_to_stay.current_version.definition)
    definition.update(slug=slug, audience=audience, title={"en": slug, "cy": slug})
    survey_service.publish_version(slug, definition)
    db.session.commit()


# 1. "Make a code"


def test_say_to_stay_chooses_the_sheet_of_cards_and_says_why(browser: Browser, officer):
    browser.get("/officer/codes/new")
    page = browser.post("/officer/codes/new/survey", data={"survey": "say-to-stay"})
    assert page.status == 200
    assert page.checked("count") == ["10"]
    assert _count_options(page) == ["10", "1"], "the sheet is offered first"
    hint = _count_hint(page)
    assert "shuffled sheet" in hint and SHUFFLE in hint
    assert "can see whether it has been used" in hint

    made = browser.post(data={"survey": "say-to-stay", "area": "none", "count": "10"})
    assert made.url.startswith("/officer/codes/sheets/")
    assert len(db.session.scalars(select(Link)).all()) == 10


def test_stop_and_search_still_chooses_one_code_with_no_shuffle_advice(browser: Browser, officer):
    page = browser.get("/officer/codes/new?survey=stop-search")
    assert page.checked("count") == ["1"]
    assert _count_options(page) == ["1", "10"]
    assert "shuffled" not in page.text()
    assert "One code, to show on my phone or print on a card" in page.text()


def test_any_survey_ever_published_for_staff_chooses_the_sheet(browser: Browser, officer):
    _publish_copy_of_say_to_stay("leavers-check-in", audience="staff")
    _publish_copy_of_say_to_stay("neighbourhood-check-in", audience="public")

    page = browser.get("/officer/codes/new?survey=leavers-check-in")
    assert page.checked("count") == ["10"]
    assert SHUFFLE in _count_hint(page)

    page = browser.get("/officer/codes/new?survey=neighbourhood-check-in")
    assert page.checked("count") == ["1"]
    assert "shuffled" not in page.text()


def test_sent_back_with_an_error_the_form_keeps_one_code_if_that_was_chosen(
    browser: Browser, officer
):
    browser.get("/officer/codes/new?survey=say-to-stay")
    page = browser.post(data={"survey": "say-to-stay", "area": "", "count": "1"})
    assert page.status == 400
    assert page.error_summary() == ["Select the area"]
    assert page.checked("count") == ["1"]
    assert SHUFFLE in _count_hint(page)

    page = browser.post(data={"survey": "say-to-stay", "area": "none"})
    assert page.status == 400
    assert page.error_summary() == ["Select how many codes you need"]
    assert page.checked("count") == []
    assert db.session.scalars(select(Link)).all() == []


# 2. A single code for one colleague


def test_one_say_to_stay_code_gives_the_advice_and_not_the_address(browser: Browser, officer):
    browser.get("/officer/codes/new?survey=say-to-stay")
    page = browser.post(data={"survey": "say-to-stay", "area": "none", "count": "1"})
    link = db.session.scalars(select(Link)).one()
    assert page.url == f"/officer/codes/{link.token}"

    assert page.h1 != "Show this QR code to the person"
    assert "Show this QR code" not in page.text()
    advice = page.soup.select_one("#shuffle-advice").get_text(" ", strip=True)
    assert "shuffled sheet" in advice and SHUFFLE in advice
    instead = page.soup.find("a", string="Make a sheet of cards instead")
    assert browser.get(instead["href"]).checked("count") == ["10"]

    # The QR code and the card to print, but no address or code to type to open it later.
    page = browser.get(f"/officer/codes/{link.token}")
    assert page.soup.select_one(".app-qr svg") is not None
    assert f"/r/{link.token}" not in page.html
    assert page.soup.select_one("#short-link") is None
    assert page.soup.select_one("#typing-code") is None
    assert not any("/r/" in a["href"] for a in page.soup.select("a[href]"))
    assert page.soup.find("a", string="Print a card with this code") is not None
    card = browser.get(f"/officer/codes/{link.token}/card")
    assert f"localhost/r/{link.token}" in card.soup.select_one(".app-card").get_text(" ")


def test_a_stop_and_search_code_is_shown_to_the_person_as_before(browser: Browser, officer):
    link = create_link("stop-search", created_by_id=officer.id)
    page = browser.get(f"/officer/codes/{link.token}")
    assert page.h1 == "Show this QR code to the person"
    assert page.soup.select_one("#short-link").text == f"http://localhost/r/{link.token}"
    assert page.soup.select_one("#typing-code") is not None
    assert page.soup.select_one("#shuffle-advice") is None


# 3. The sheet


def test_a_say_to_stay_sheet_says_to_shuffle_the_cards(browser: Browser, officer):
    made = create_links("say-to-stay", count=10, created_by_id=officer.id)
    page = browser.get(f"/officer/codes/sheets/{made[0].batch}")
    advice = page.soup.select_one("#shuffle-advice")
    assert advice is not None and SHUFFLE in advice.get_text(" ", strip=True)
    assert advice.find_parent(class_="app-no-print") is not None, "not printed on the cards"

    # The sheet addressed by its codes says so too.
    query = "&".join(f"code={link.token}" for link in made[:3])
    page = browser.get(f"/officer/codes/sheet?{query}")
    assert SHUFFLE in page.soup.select_one("#shuffle-advice").get_text(" ", strip=True)


def test_a_stop_and_search_sheet_has_no_shuffle_advice(browser: Browser, officer):
    made = create_links("stop-search", count=10, created_by_id=officer.id)
    page = browser.get(f"/officer/codes/sheets/{made[0].batch}")
    assert page.soup.select_one("#shuffle-advice") is None
    assert "shuffle" not in page.text().lower()


# 4. Wording


def test_a_listening_session_code_is_labelled_listening_session_not_event(
    browser: Browser, officer
):
    link = create_link(
        "listening-session",
        event_name="Northtown youth club",
        event_date=dt.date.today() + dt.timedelta(days=14),
        created_by_id=officer.id,
    )
    page = browser.get(f"/officer/codes/{link.token}")
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in page.soup.select(".govuk-summary-list__row")
    }
    assert "Event" not in rows
    assert rows["Listening session"].startswith("Northtown youth club, ")

    form = browser.get("/officer/codes/new")
    assert "at the event" not in form.text()
    assert "One code for everyone at the listening session" in form.text()
