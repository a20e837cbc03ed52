"""Say to Stay is answered in confidence by a colleague thinking of leaving, through a code
someone they work with made and gave them. Whoever made the code must not learn whether it was
answered: not on its page, not on My codes (its status, its sheet's count, the weekly counts),
not through the API. Each is checked by answering the code and finding nothing changed."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from flask.testing import FlaskClient

from app.services import api_tokens
from app.services import surveys as survey_service
from models import Link, Role, Scope, Survey, db
from tests.factories import create_link, expire
from tests.pages import Browser
from tests.staff import signed_in

SAY_TO_STAY = "say-to-stay"


@pytest.fixture
def officer(client: FlaskClient):
    return signed_in(client, Role.OFFICER, email="line.manager@example.org")


def _answer(link: Link, times: int = 1) -> None:
    link.answered, link.used_on = times, dt.date.today()
    db.session.commit()


def _main(browser: Browser, url: str) -> str:
    return " ".join(browser.get(url).soup.select_one("main").get_text().split())


def _row(browser: Browser, token: str) -> str:
    rows = browser.get("/officer/codes").soup.select("#recent-codes tbody tr")
    (row,) = [row for row in rows if row.select_one(f"a[href*='{token}']")]
    return " ".join(row.get_text().split())


def test_a_say_to_stay_codes_page_is_the_same_whether_it_was_answered(officer, browser):
    link = create_link(SAY_TO_STAY, created_by_id=officer.id)
    before = _main(browser, f"/officer/codes/{link.token}")
    assert browser.page.soup.select_one("#code-status").get_text(strip=True) == "Not shown"
    assert "so that answering stays confidential" in before
    _answer(link)
    assert _main(browser, f"/officer/codes/{link.token}") == before
    assert "Used" not in before and "Unused" not in before


def test_my_codes_is_the_same_whether_a_say_to_stay_code_was_answered(officer, browser):
    stop_search = create_link("stop-search", created_by_id=officer.id)
    say_to_stay = create_link(SAY_TO_STAY, created_by_id=officer.id)
    before = _main(browser, "/officer/codes")
    assert _row(browser, say_to_stay.token).endswith("Not shown")
    assert _row(browser, stop_search.token).endswith("Unused")
    why = browser.page.soup.select_one("#staff-codes-not-shown").get_text(" ", strip=True)
    # The code itself still says it was used to whoever opens it: the officer is told how to
    # give them so that they do not know whose is whose.
    assert "shuffled pile" in why
    _answer(say_to_stay)
    assert _main(browser, "/officer/codes") == before
    # A stop and search code still says it was used.
    _answer(stop_search)
    assert _row(browser, stop_search.token).endswith("Used")


def test_an_expired_say_to_stay_code_does_not_say_it_was_never_answered(officer, browser):
    """ "Expired" is said only of a code never answered: it would give the answer away."""
    link = create_link(SAY_TO_STAY, created_by_id=officer.id)
    expire(link)
    assert browser.get(f"/officer/codes/{link.token}").soup.select_one("#code-status").get_text(
        strip=True
    ) == ("Not shown")
    assert _row(browser, link.token).endswith("Not shown")


def test_a_sheet_of_say_to_stay_codes_does_not_count_those_used(officer, browser):
    links = [create_link(SAY_TO_STAY, created_by_id=officer.id) for _ in range(3)]
    for link in links:
        link.batch = "staff-sheet"
    db.session.commit()
    before = _main(browser, "/officer/codes")
    row = browser.page.soup.select_one("#recent-codes tbody tr")
    assert " ".join(row.get_text().split()).endswith("Not shown")
    _answer(links[0])
    assert _main(browser, "/officer/codes") == before


def test_weekly_counts_leave_out_say_to_stay_codes(officer, browser):
    create_link("stop-search", created_by_id=officer.id)
    say_to_stay = create_link(SAY_TO_STAY, created_by_id=officer.id)
    _answer(say_to_stay)
    page = browser.get("/officer/codes")
    table = page.soup.select_one("#weeks-codes-offered-and-answered-by-week").find_next("table")
    (row,) = table.select("tbody tr")
    # One code offered (the stop and search one), none answered: the Say to Stay code is in
    # neither figure.
    cells = [cell.get_text(strip=True) for cell in row.select("td")][1:]
    assert cells == ["1", "0", "0%", "0"]
    assert "are not counted here" in page.soup.select_one("#staff-codes-not-counted").get_text()


def test_an_officer_who_made_only_say_to_stay_codes_is_told_why_nothing_is_counted(
    officer, browser
):
    _answer(create_link(SAY_TO_STAY, created_by_id=officer.id))
    text = _main(browser, "/officer/codes")
    assert "Codes offered and answered by week: none to count" in text
    assert "no codes made yet" not in text


def test_the_api_does_not_say_whether_a_say_to_stay_link_was_answered(client: FlaskClient):
    auth = {
        "Authorization": "Bearer " + api_tokens.create_token("HR system", [Scope.LINKS_READ]).secret
    }
    link = create_link(SAY_TO_STAY)
    before = client.get(f"/api/v1/links/{link.token}", headers=auth)
    assert before.status_code == 200
    assert before.get_json()["status"] == "not_shown"
    _answer(link)
    assert client.get(f"/api/v1/links/{link.token}", headers=auth).get_json() == before.get_json()
    expire(link)
    assert client.get(f"/api/v1/links/{link.token}", headers=auth).get_json()["status"] == (
        "not_shown"
    )
    # A stop and search link's status is as it was.
    other = create_link("stop-search")
    _answer(other)
    assert client.get(f"/api/v1/links/{other.token}", headers=auth).get_json()["status"] == "used"


def test_a_code_made_while_a_survey_was_for_staff_stays_confidential_if_it_is_changed(
    officer, browser
):
    """A later version asking the public does not open up codes given to colleagues."""
    link = create_link(SAY_TO_STAY, created_by_id=officer.id)
    _answer(link)
    survey = db.session.query(Survey).filter_by(slug=SAY_TO_STAY).one()
    public = copy.deepcopy(survey.current_version.definition)
    public["audience"] = "public"
    survey_service.publish_version(SAY_TO_STAY, public)
    db.session.commit()
    db.session.expire_all()
    page = browser.get(f"/officer/codes/{link.token}")
    assert page.soup.select_one("#code-status").get_text(strip=True) == "Not shown"
