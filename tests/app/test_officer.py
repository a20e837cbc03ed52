"""An officer makes codes, shows the QR code, prints cards and sheets, and sees their counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.services import link_stats
from models import Link, LinkKind, Role, db
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.staff import create_user, forget_request_state, signed_in


def _officer(client: FlaskClient, email: str = "pc.jones@example.org"):
    return signed_in(client, Role.OFFICER, email=email)


def test_make_a_stop_search_code_shows_a_qr_code_short_link_and_typing_code(
    client: FlaskClient, browser: Browser
):
    officer = _officer(client)
    create_area("north", "North District")
    page = browser.get("/officer/codes/new")
    assert page.h1 == "Make a code"
    page = browser.post(data={"survey": "stop-search", "area": "north", "count": "1"})

    link = db.session.scalars(select(Link)).one()
    assert page.url == f"/officer/codes/{link.token}"
    assert link.created_by_id == officer.id
    assert (link.kind, link.single_use, link.area.code) == (LinkKind.ENCOUNTER, True, "north")
    svg = page.soup.select_one(".app-qr svg")
    assert svg["role"] == "img" and svg.find("title").text
    assert page.soup.select_one("#short-link").text == f"http://localhost/r/{link.token}"
    code = page.soup.select_one("#typing-code").text
    assert code.replace("-", "").lower() == link.token
    assert "One person, once" in page.text()
    assert page.soup.select_one("#code-status").text == "Unused"


def test_a_listening_session_code_needs_the_event_and_stays_open_until_after_it(
    client: FlaskClient, browser: Browser, monkeypatch: pytest.MonkeyPatch
):
    # Made the week before the session.
    made_at = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)
    monkeypatch.setattr("app.services.links.utcnow", lambda: made_at)
    monkeypatch.setattr("app.officer.forms.utcnow", lambda: made_at)
    _officer(client)
    browser.get("/officer/codes/new")
    page = browser.post(
        data={"survey": "listening-session", "area": "none", "count": "10", "event_name": ""}
    )
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [
        "Enter the name of the listening session",
        "Enter the date of the listening session",
        "A listening session has one code for everyone. Make one code and print its card as "
        "many times as you need",
    ]
    # What was chosen is kept.
    assert page.soup.select_one("input[name=survey]")["value"] == "listening-session"

    page = browser.post(
        data={
            "survey": "listening-session",
            "area": "none",
            "count": "1",
            "event_name": "Northtown youth club",
            "event_date": ["31", "2", "2026"],
        }
    )
    assert page.error_summary() == [
        "Date of the listening session must be a real date, for example 3 4 2026"
    ]
    assert page.soup.select_one("input[name=event_name]")["value"] == "Northtown youth club"

    page = browser.post(
        data={
            "survey": "listening-session",
            "area": "none",
            "count": "1",
            "event_name": "Northtown youth club",
            "event_date": ["27", "3", "2026"],
        }
    )
    link = db.session.scalars(select(Link)).one()
    assert page.url == f"/officer/codes/{link.token}"
    assert (link.kind, link.single_use, link.area) == (LinkKind.EVENT, False, None)
    assert link.event.name == "Northtown youth club"
    assert link.event.held_on == dt.date(2026, 3, 27)
    assert "Open until 3 April 2026" in page.text()  # a week after it
    assert page.h1 == "Show this QR code to everyone at the session"
    assert "Everyone at the session" in page.text() and "Northtown youth club" in page.text()


def test_missing_choices_get_gov_uk_errors(client: FlaskClient, browser: Browser):
    _officer(client)
    browser.get("/officer/codes/new")
    page = browser.post(data={"survey": "made-up", "area": "nowhere", "count": "1000"})
    assert page.status == 400
    # Back to the first step: which survey.
    assert page.error_summary() == ["Select which survey the code is for"]
    assert page.soup.select("input[name=survey][type=radio]")
    page = browser.post(data={"survey": "stop-search", "area": "nowhere", "count": "1000"})
    assert page.status == 400
    assert page.error_summary() == ["Select the area", "Select how many codes you need"]


def test_a_sheet_of_ten_single_use_say_to_stay_cards(client: FlaskClient, browser: Browser):
    _officer(client)
    browser.get("/officer/codes/new")
    page = browser.post(data={"survey": "say-to-stay", "area": "none", "count": "10"})
    links = db.session.scalars(select(Link)).all()
    assert len(links) == 10
    assert all(link.single_use for link in links)
    assert {link.batch for link in links} != {None} and len({link.batch for link in links}) == 1
    assert page.url == f"/officer/codes/sheets/{links[0].batch}"
    cards = page.soup.select(".app-sheet .app-card")
    assert len(cards) == 10
    codes = {card.select_one(".app-card__code").text.replace("-", "").lower() for card in cards}
    assert codes == {link.token for link in links}
    first = cards[0].get_text(" ")
    assert "Anonymous. Takes about 4 minutes." in first  # as the survey's start page says
    assert "localhost/r" in first
    # Staff grievances have their own route: no police complaints line on Say to Stay cards.
    assert "policeconduct.gov.uk/complaints" not in first


def test_the_printable_card_has_everything_and_a_welsh_version(
    client: FlaskClient, browser: Browser
):
    officer = _officer(client)
    link = create_link(created_by_id=officer.id)
    page = browser.get(f"/officer/codes/{link.token}/card")
    card = page.soup.select_one(".app-card")
    text = " ".join(card.get_text(" ").split())
    assert card.select_one("svg[role=img]") is not None
    assert f"localhost/r/{link.token}" in text
    assert "Anonymous. Takes about 3 minutes." in text
    assert "This is not a complaint. To make a complaint, go to" in text
    assert "https://www.policeconduct.gov.uk/complaints" in text
    assert card.select_one(".app-card__code").text.replace("-", "").lower() == link.token
    assert page.soup.select_one("link[href*='/officer.css?v=']") is not None
    assert page.soup.select_one("script[src*='/print.js?v=']") is not None

    refresh()  # the test's app context outlives the request that chose English
    welsh = browser.get(f"/officer/codes/{link.token}/card?lang=cy")
    assert welsh.soup.select_one(".app-card")["lang"] == "cy"
    assert "Stopio a chwilio" in welsh.soup.select_one(".app-card__title").text
    assert "Dienw. Mae'n cymryd tua 3 munud." in welsh.soup.select_one(".app-card").get_text()


@pytest.mark.parametrize("slug", ["stop-search", "listening-session", "say-to-stay"])
def test_every_survey_s_card_gives_the_time_its_start_page_gives(
    client: FlaskClient, browser: Browser, slug: str
):
    officer = _officer(client)
    link = create_link(slug, created_by_id=officer.id)
    start = Browser(client).get(f"/r/{link.token}").text()
    minutes = re.search(r"It takes about (\d+) minutes", start).group(1)
    card = browser.get(f"/officer/codes/{link.token}/card").soup.select_one(".app-card")
    assert f"Anonymous. Takes about {minutes} minutes." in " ".join(card.get_text(" ").split())


def test_downloads_are_a_png_and_an_svg_of_the_link(client: FlaskClient):
    officer = _officer(client)
    link = create_link(created_by_id=officer.id)
    png = client.get(f"/officer/codes/{link.token}/qr.png")
    assert png.status_code == 200
    assert png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert "attachment" in png.headers["Content-Disposition"]
    svg = client.get(f"/officer/codes/{link.token}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data


def test_my_codes_counts_offered_and_answered_by_week(client: FlaskClient, browser: Browser):
    officer = _officer(client)
    other = create_user(Role.OFFICER, "pc.smith@example.org")
    made = [create_link(created_by_id=officer.id) for _ in range(3)]
    create_link(created_by_id=other.id)
    made[0].used_on = dt.date.today()
    made[0].answered = 1
    db.session.commit()

    page = browser.get("/officer/codes")
    weeks = page.soup.select_one("[aria-labelledby^=weeks-] table")
    row = weeks.select("tbody tr")[0]
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    year, week, _ = dt.date.today().isocalendar()
    assert cells[0].startswith(f"{year}-W{week:02d}")
    assert cells[1:] == ["3", "1", "33%", "1"]
    # The officer's own three codes are listed; the other officer's is not.
    listed = page.soup.select("#recent-codes tbody tr")
    assert len(listed) == 3


def test_weekly_counts_group_by_iso_week_in_sql():
    officer = create_user(Role.OFFICER)
    monday = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    for created in (monday, monday + dt.timedelta(days=6, hours=14), monday + dt.timedelta(7)):
        link = create_link(created_by_id=officer.id)
        link.created_at = created
    db.session.commit()
    weeks = link_stats.weekly_for_officer(officer)
    assert [(w.iso_week, w.week_start, w.offered) for w in weeks] == [
        ("2026-W11", dt.date(2026, 3, 9), 1),
        ("2026-W10", dt.date(2026, 3, 2), 2),
    ]


def test_standing_links_count_each_answer_as_a_response_but_once_as_answered():
    officer = create_user(Role.OFFICER)
    link = create_link("listening-session", created_by_id=officer.id)
    link.answered = 7
    db.session.commit()
    (week,) = link_stats.weekly_for_officer(officer)
    assert (week.offered, week.answered, week.responses) == (1, 1, 7)


def test_usage_says_unused_used_or_expired():
    link = create_link()
    assert link_stats.usage(link) == "unused"
    link.expires_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert link_stats.usage(link) == "expired"
    link.used_on = dt.date(2019, 12, 31)
    link.answered = 1
    assert link_stats.usage(link) == "used"


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(["survey", "area", "event_name", "event_date", "count", "other"]),
        st.one_of(st.text(max_size=300), st.lists(st.text(max_size=5), max_size=4)),
    )
)
def test_the_make_a_code_form_never_fails_on_odd_input(client: FlaskClient, data: dict):
    if not client.get_cookie("session"):
        _officer(client)
    forget_request_state()
    page = Browser(client).get("/officer/codes/new")
    forget_request_state()
    response = client.post("/officer/codes/new", data={**data, "csrf_token": page.csrf_token()})
    assert response.status_code in (302, 400), response.get_data(as_text=True)[:300]
