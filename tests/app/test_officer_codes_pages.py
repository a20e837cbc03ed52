"""What officers and analysts read about codes: who sees the counts, sheets printed again, the
heading for each kind of code, the "Make a code" form's fields and hints, what the offered and
answered columns count, and a session's code that opens on the day of the session."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.results.forms import ResultsForm
from app.services import surveys as survey_service
from models import Link, Role, Survey, db
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.staff import create_user, forget_request_state, signed_in


@pytest.fixture
def officer(client: FlaskClient):
    return signed_in(client, Role.OFFICER, email="pc.jones@example.org")


def _make(browser: Browser, **fields):
    browser.get("/officer/codes/new")
    return browser.post(data={"area": "none", "count": "1", **fields})


# 1. Who sees the counts


def test_my_codes_says_that_analysts_see_every_officers_counts_and_they_do(
    app, browser: Browser, officer
):
    create_link(created_by_id=officer.id)
    said = browser.get("/officer/codes").soup.select_one("#who-sees-counts").get_text(" ")
    assert "Only you and administrators" not in said
    assert "Analysts and administrators" in said and "every officer" in said

    forget_request_state()
    analyst = Browser(app.test_client())
    signed_in(analyst.client, Role.ANALYST, email="someone.analysing@example.org")
    page = analyst.get("/admin/offered-and-answered")
    assert page.status == 200
    assert "pc.jones@example.org" in page.text()  # as My codes says


# 2. A sheet of cards, printed again


def test_a_sheet_is_listed_once_on_my_codes_and_can_be_printed_again(
    app, browser: Browser, officer
):
    sheet = _make(browser, survey="stop-search", count="10")
    made = db.session.scalars(select(Link)).all()
    assert len(made) == 10
    create_link(created_by_id=officer.id)  # a code made on its own, afterwards

    rows = browser.get("/officer/codes").soup.select("#recent-codes tbody tr")
    assert len(rows) == 2  # the lone code, and the sheet as one row
    sheet_row = rows[1].get_text(" ", strip=True)
    assert "a sheet of 10 cards" in sheet_row and "0 of 10 used" in sheet_row
    again = rows[1].select_one("a")
    assert again.get_text(" ", strip=True).startswith("Print the sheet again")
    # The sheet's address names its batch, a random string, never a database id.
    assert again["href"] == sheet.url
    batch = again["href"].rsplit("/", 1)[1]
    assert not batch.isdigit() and len(batch) >= 16

    printed = browser.get(again["href"])
    codes = {
        card.select_one(".app-card__code").text.replace("-", "").lower()
        for card in printed.soup.select(".app-sheet .app-card")
    }
    assert codes == {link.token for link in made}
    assert "come back to this sheet from" in printed.text()

    # Once some are answered, the row says how many.
    made[0].answered, made[0].used_on = 1, dt.date.today()
    db.session.commit()
    rows = browser.get("/officer/codes").soup.select("#recent-codes tbody tr")
    assert "1 of 10 used" in rows[1].get_text(" ")

    # Another officer's sheet looks like no sheet at all.
    forget_request_state()
    other = app.test_client()
    signed_in(other, Role.OFFICER, email="pc.smith@example.org")
    assert other.get(again["href"]).status_code == 404


def test_my_codes_lists_the_codes_before_a_year_of_weekly_counts(browser: Browser, officer):
    """An officer who has just made a sheet finds it at the top of My codes, not after a
    row for every week they have worked."""
    for weeks_ago in range(52):
        made = create_link(created_by_id=officer.id)
        made.created_at = made.created_at - dt.timedelta(weeks=weeks_ago)
    db.session.commit()
    sheet = _make(browser, survey="stop-search", count="10")

    page = browser.get("/officer/codes")
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2")]
    assert headings.index("Your recent codes") < headings.index(
        "Codes offered and answered by week"
    )
    first = page.soup.select("#recent-codes tbody tr")[0]
    assert first.select_one("a")["href"] == sheet.url
    # What the weekly counts mean is said with them, under their heading.
    weekly = page.soup.select_one("#weeks-codes-offered-and-answered-by-week")
    explained = weekly.find_next_sibling("p")
    assert explained["id"] == "who-sees-counts"
    # The 13 most recent weeks (this week holds the sheet as well as a code), and a link to
    # all 52: a year of rows is a long scroll on a phone.
    rows = page.soup.select("[aria-labelledby^=weeks-] tbody tr")
    assert len(rows) == 13
    more = page.soup.select_one("#more-weeks a")
    assert more.get_text(strip=True) == "See every week (52)"
    every = browser.get(more["href"])
    assert len(every.soup.select("[aria-labelledby^=weeks-] tbody tr")) == 52
    assert every.soup.select_one("#more-weeks") is None


# 3. The heading for each kind of code


def test_the_code_page_is_worded_for_one_person_or_for_everyone_at_a_session(
    browser: Browser, officer, june_2027
):
    page = _make(browser, survey="stop-search")
    assert page.h1 == "Show this QR code to the person"
    assert "One person, once" in page.text()

    page = _make(
        browser,
        survey="listening-session",
        event_name="Northtown youth club",
        event_date=["10", "6", "2027"],
    )
    assert page.status == 200, page.error_summary()
    assert page.h1 == "Show this QR code to everyone at the session"
    assert "Everyone at the session" in page.text()


# 4. The "Make a code" form


def test_make_a_code_asks_which_survey_then_only_what_its_code_needs(browser: Browser, officer):
    def asked(page) -> set[str]:
        return {field["name"] for field in page.soup.select("main input, main select")} - {
            "csrf_token"
        }

    first = browser.get("/officer/codes/new")
    assert asked(first) == {"survey"}
    assert "Listening sessions only" not in first.text()

    # Continue without choosing: a GOV.UK error on the same step.
    page = browser.post("/officer/codes/new/survey", data={})
    assert page.status == 400
    assert page.error_summary() == ["Select which survey the code is for"]

    page = browser.post("/officer/codes/new/survey", data={"survey": "stop-search"})
    assert page.soup.select_one("input[name=survey]")["value"] == "stop-search"
    assert asked(page) == {"survey", "area", "count"}  # no session name or date
    assert "Stop and search" in page.soup.select_one(".govuk-summary-list").get_text()

    browser.get("/officer/codes/new")
    page = browser.post("/officer/codes/new/survey", data={"survey": "listening-session"})
    assert asked(page) == {
        "survey",
        "area",
        "event_name",
        "event_name_cy",
        "event_date",
    }  # one code for everyone: no "how many"
    change = page.soup.select_one(".govuk-summary-list__actions a")
    assert browser.get(change["href"]).checked("survey") == ["listening-session"]


def test_a_stop_search_code_is_made_whatever_was_left_in_the_session_boxes(
    browser: Browser, officer
):
    page = _make(
        browser,
        survey="stop-search",
        event_name="x" * 500,
        event_date=["31", "2", "nonsense"],
    )
    assert page.status == 200, page.error_summary()
    link = db.session.scalars(select(Link)).one()
    assert link.event is None and link.single_use


def test_every_survey_has_a_hint_including_one_made_in_the_builder(browser: Browser, officer):
    say_to_stay = db.session.scalar(select(Survey).where(Survey.slug == "say-to-stay"))
    definition = copy.deepcopy(say_to_stay.current_version.definition)
    definition.update(
        slug="neighbourhood-poster",
        title={"en": "Your neighbourhood", "cy": "Eich cymdogaeth"},
        intro={
            "en": ["Tell us what you think of policing where you live. It takes 2 minutes."],
            "cy": ["Dywedwch wrthym. Mae'n cymryd 2 funud."],
        },
        link_defaults={"kind": "standing", "single_use": False},
    )
    survey_service.publish_version("neighbourhood-poster", definition)
    db.session.commit()

    page = browser.get("/officer/codes/new")
    hints = {
        radio["value"]: page.soup.select_one(f"#{radio['id']}-item-hint").get_text(strip=True)
        for radio in page.soup.select("input[name=survey]")
    }
    assert set(hints) >= {"stop-search", "listening-session", "say-to-stay"}
    assert all(hints.values()), hints
    assert hints["neighbourhood-poster"] == (
        "One code that many people can answer, for a poster or a web page. "
        "Tell us what you think of policing where you live."
    )


def _area_hint(page) -> str:
    """The hint a screen reader reads with the area list (its aria-describedby)."""
    described_by = page.soup.select_one("select[name=area]")["aria-describedby"].split()
    hints = [page.soup.find(id=ref) for ref in described_by]
    return " ".join(h.get_text(" ", strip=True) for h in hints if "govuk-hint" in h["class"])


def test_the_area_hint_says_what_the_area_means_for_the_survey_chosen(browser: Browser, officer):
    poster = copy.deepcopy(
        db.session.scalar(
            select(Survey).where(Survey.slug == "say-to-stay")
        ).current_version.definition
    )
    poster.update(slug="neighbourhood-poster", link_defaults={"kind": "standing"})
    survey_service.publish_version("neighbourhood-poster", poster)
    db.session.commit()

    hints = {
        slug: _area_hint(browser.get(f"/officer/codes/new?survey={slug}"))
        for slug in ("stop-search", "listening-session", "say-to-stay", "neighbourhood-poster")
    }
    assert hints == {
        "stop-search": "Where the stop and search happened",
        "listening-session": "Where the listening session is held",
        "say-to-stay": (
            "Where the colleagues you give the codes to work. "
            "Choose Whole force if they work across the force"
        ),
        "neighbourhood-poster": "Answers given with this code are counted in this area's results",
    }

    # Sent back with an error, the form still explains the area for its survey.
    browser.get("/officer/codes/new?survey=stop-search")
    page = browser.post(data={"survey": "stop-search", "area": "", "count": "1"})
    assert page.status == 400
    assert page.error_summary() == ["Select the area"]
    assert _area_hint(page) == "Where the stop and search happened"


# 5. and 6. What the columns count, and codes for the whole force


def test_offered_and_answered_says_what_each_column_counts_and_has_a_whole_force_row(
    client: FlaskClient, browser: Browser
):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    create_area("north", "North District")
    create_link(area_code="north", created_by_id=officer.id)
    session = create_link("listening-session", created_by_id=officer.id)  # whole force
    session.answered = 37
    db.session.commit()

    signed_in(client, Role.ANALYST, email="someone.analysing@example.org")
    page = browser.get("/admin/offered-and-answered?survey=stop-search")
    weeks = page.soup.select_one("#weeks-by-area-week-by-week").find_next("table")
    headings = [th.get_text(strip=True) for th in weeks.select("thead th")]
    assert headings == [
        "Area",
        "Week made",
        "Codes offered",
        "Codes answered",
        "Codes answered (%)",
        "Answers",
    ]
    explained = page.soup.select_one("#what-the-columns-count").get_text(" ", strip=True)
    assert "one code can give many answers" in explained
    by_area = {
        row.select("td")[0].get_text(strip=True): [
            cell.get_text(strip=True) for cell in row.select("td")[2:]
        ]
        for row in weeks.select("tbody tr")
    }
    assert by_area == {"North District": ["1", "0", "0%", "0"]}
    # The listening session's code is counted with its own survey's, under Whole force.
    page = browser.get("/admin/offered-and-answered?survey=listening-session")
    weeks = page.soup.select_one("#weeks-by-area-week-by-week").find_next("table")
    by_area = {
        row.select("td")[0].get_text(strip=True): [
            cell.get_text(strip=True) for cell in row.select("td")[2:]
        ]
        for row in weeks.select("tbody tr")
    }
    assert by_area == {"Whole force": ["1", "1", "100%", "37"]}


# 7. Two sessions of one name and date in the results filter


def test_sessions_of_the_same_name_and_date_read_differently_in_the_filter(app):
    with app.test_request_context("/results/"):
        form = ResultsForm(
            None,
            dimensions=[("ethnicity", "Ethnic group")],
            groups=[],
            areas=[],
            events=[
                ("3", "Demo listening session, 29 November 2026"),
                ("7", "Youth session, 1 May 2026"),
                ("9", "Demo listening session, 29 November 2026"),
            ],
            themes=[],
        )
    texts = [choice.label for choice in form.event.choices][1:]
    assert texts == [
        "Demo listening session, 29 November 2026 (session 1 of 2)",
        "Youth session, 1 May 2026",
        "Demo listening session, 29 November 2026 (session 2 of 2)",
    ]


# 8. A session's code opens on the day of the session


@pytest.fixture
def june_2027(monkeypatch: pytest.MonkeyPatch):
    """Midday on 10 June 2027, UK summer time, as every module that asks the time sees it."""
    now = {"value": dt.datetime(2027, 6, 10, 11, tzinfo=dt.UTC)}
    for where in (
        "app.services.links",
        "app.services.link_stats",
        "app.officer.views",
        "models.link",
    ):
        monkeypatch.setattr(f"{where}.utcnow", lambda: now["value"])
    return now


def test_a_future_session_code_can_be_printed_now_and_is_answered_from_its_day(
    app, browser: Browser, officer, june_2027
):
    page = _make(
        browser,
        survey="listening-session",
        event_name="Summer fair",
        event_date=["20", "6", "2027"],
    )
    assert page.status == 200, page.error_summary()
    assert "Opens on 20 June 2027" in page.soup.select_one("#code-status").text
    assert "is told the survey opens that day" in page.text()
    link = db.session.scalars(select(Link)).one()
    assert browser.get(f"/officer/codes/{link.token}/card").status == 200  # printable now

    forget_request_state()
    client = app.test_client()  # a respondent's phone
    respondent = client.get(f"/r/{link.token}")
    assert respondent.status_code == 403
    text = respondent.get_data(as_text=True)
    assert "This survey is not open yet" in text
    assert "opens on 20 June 2027" in text
    welsh = client.get(f"/r/{link.token}?lang=cy").get_data(as_text=True)
    assert "Nid yw'r arolwg hwn ar agor eto" in welsh and "20 Mehefin 2027" in welsh
    # No page of the survey can be reached before then.
    assert client.get(f"/r/{link.token}/todays-session").status_code == 403

    # 23:30 UTC on 19 June is 00:30 on 20 June in the UK: the session's day has begun.
    june_2027["value"] = dt.datetime(2027, 6, 19, 22, 59, tzinfo=dt.UTC)
    assert client.get(f"/r/{link.token}?lang=en").status_code == 403
    june_2027["value"] = dt.datetime(2027, 6, 19, 23, 30, tzinfo=dt.UTC)
    opened = client.get(f"/r/{link.token}")
    assert opened.status_code == 200
    assert "Community listening session feedback" in opened.get_data(as_text=True)
