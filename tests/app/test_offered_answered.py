"""The analysts' Offered and answered page: one survey at a time (stop and search unless they
choose another), over a period of whole weeks (the last 13 unless they choose another), totals
first and the weeks after, in tables a screen reader can find and read."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from app.services import offered_answered
from models import Link, Role, db, today
from tests.factories import create_area, create_link
from tests.markup import markup_problems
from tests.pages import Page
from tests.staff import create_user, signed_in

STOP_SEARCH = "Stop and search: tell us how it went"
SAY_TO_STAY = "Say to Stay: thinking of leaving?"


@pytest.fixture
def analyst(client: FlaskClient):
    return signed_in(client, Role.ANALYST, email="analyst@example.org")


def _made(link: Link, weeks_ago: int = 0, answered: int = 0) -> Link:
    """``link`` as if made on the Monday ``weeks_ago`` weeks before this week's."""
    monday = today() - dt.timedelta(days=today().weekday(), weeks=weeks_ago)
    link.created_at = dt.datetime.combine(monday, dt.time(9), dt.UTC)
    link.answered = answered
    db.session.commit()
    return link


def _rows(page: Page, table_id: str) -> dict[str, list[str]]:
    table = page.soup.select_one(f"#{table_id}")
    assert table is not None, table_id
    return {
        row.select_one("th").get_text(strip=True): [
            cell.get_text(strip=True) for cell in row.select("td")
        ]
        for row in table.select("tbody tr")
    }


def _selected(page: Page, name: str) -> str:
    return page.soup.select_one(f"select[name='{name}'] option[selected]")["value"]


@pytest.fixture
def codes(app):
    """Stop and search codes in two areas over two weeks, and Say to Stay codes beside them."""
    create_area("north", "North District")
    create_area("south", "South District")
    jones = create_user(Role.OFFICER, "pc.jones@example.org")
    smith = create_user(Role.OFFICER, "pc.smith@example.org")
    _made(create_link(area_code="north", created_by_id=jones.id), 0, answered=1)
    _made(create_link(area_code="north", created_by_id=jones.id), 1)
    _made(create_link(area_code="north", created_by_id=smith.id), 1, answered=1)
    _made(create_link(area_code="south", created_by_id=smith.id), 0)
    _made(create_link("say-to-stay", created_by_id=smith.id), 0, answered=1)
    _made(create_link("say-to-stay", created_by_id=smith.id), 2, answered=1)


def test_stop_and_search_comes_first_with_totals_before_the_weeks(analyst, codes, browser):
    page = browser.get("/admin/offered-and-answered")
    assert page.status == 200
    assert _selected(page, "survey") == "stop-search"
    assert _selected(page, "period") == "13-weeks"
    assert page.soup.select_one("#report-heading").get_text(strip=True) == STOP_SEARCH
    assert "Last 13 weeks (a quarter): codes made from Monday" in page.text()
    headings = [h2.get_text(strip=True) for h2 in page.soup.select("main h2")]
    assert headings == [
        STOP_SEARCH,
        "Totals",
        "Totals by area",
        "Totals by officer",
        "By area, week by week",
        "By officer, week by week",
    ]
    # Say to Stay's codes are not counted with stop and search.
    assert _rows(page, "totals-table") == {"All codes": ["4", "2", "50%", "2"]}
    assert _rows(page, "totals-by-area-table") == {
        "North District": ["3", "2", "67%", "2"],
        "South District": ["1", "0", "0%", "0"],
    }
    # No code was made for the whole force, so nothing explains a row that is not there.
    assert page.soup.select_one("#whole-force") is None
    assert _rows(page, "totals-by-officer-table") == {
        "pc.jones@example.org": ["2", "1", "50%", "1"],
        "pc.smith@example.org": ["2", "1", "50%", "1"],
    }
    assert page.soup.select_one("#without-officer").get_text(" ", strip=True) == (
        "Codes made through the API or from the command line have no officer, so they are "
        "counted by area only."
    )
    # Week by week: North District made codes in two weeks, so it has two rows.
    weeks = page.soup.select_one("#weeks-by-area-week-by-week").find_next("table")
    areas = [row.select_one("td").get_text(strip=True) for row in weeks.select("tbody tr")]
    assert areas == ["North District", "North District", "South District"]


def test_another_survey_is_counted_on_its_own(analyst, codes, browser):
    page = browser.get("/admin/offered-and-answered?survey=say-to-stay")
    assert _selected(page, "survey") == "say-to-stay"
    assert page.soup.select_one("#report-heading").get_text(strip=True) == SAY_TO_STAY
    # Both codes were answered, which for a survey of staff is not said of two colleagues
    # (tests/app/test_staff_survey_confidential_counts.py): codes offered alone.
    assert _rows(page, "totals-table") == {"All codes": ["2"]}
    assert _rows(page, "totals-by-area-table") == {"Whole force": ["2"]}
    assert page.soup.select_one("#whole-force") is not None  # the row is explained
    assert list(_rows(page, "totals-by-officer-table")) == ["pc.smith@example.org"]
    # Every published survey can be chosen, stop and search first.
    options = [o["value"] for o in page.soup.select("select[name='survey'] option")]
    assert options[0] == "stop-search"
    assert set(options) == {"stop-search", "listening-session", "say-to-stay"}


def test_the_period_leaves_out_older_codes(analyst, app, browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    _made(create_link(created_by_id=officer.id), 0)
    _made(create_link(created_by_id=officer.id), 12)  # the first week of the last 13
    _made(create_link(created_by_id=officer.id), 13)  # the week before them
    _made(create_link(created_by_id=officer.id), 60)
    counts = {}
    for period in ("4-weeks", "13-weeks", "26-weeks", "52-weeks", "all"):
        page = browser.get(f"/admin/offered-and-answered?period={period}")
        assert _selected(page, "period") == period
        counts[period] = _rows(page, "totals-table")["All codes"][0]
    assert counts == {"4-weeks": "1", "13-weeks": "2", "26-weeks": "3", "52-weeks": "3", "all": "4"}
    page = browser.get("/admin/offered-and-answered?period=all")
    assert "Every week: all the codes made for this survey." in page.text()


def test_the_first_day_is_the_monday_of_the_first_whole_week():
    period = offered_answered.period_for("4-weeks")
    assert period.first_day(dt.date(2026, 11, 30)) == dt.date(2026, 11, 9)  # a Monday
    assert period.first_day(dt.date(2026, 12, 6)) == dt.date(2026, 11, 9)  # its Sunday
    assert offered_answered.period_for("all").first_day(dt.date(2026, 11, 30)) is None


@pytest.mark.parametrize(
    "query", ["survey=nope", "period=3-years", "survey=&period=", "survey=stop-search&period=x"]
)
def test_nonsense_in_the_address_gives_stop_and_search_for_a_quarter(analyst, browser, query):
    page = browser.get(f"/admin/offered-and-answered?{query}")
    assert page.status == 200
    assert (_selected(page, "survey"), _selected(page, "period")) == ("stop-search", "13-weeks")


def test_a_period_without_codes_says_so(analyst, browser):
    page = browser.get("/admin/offered-and-answered?survey=say-to-stay&period=4-weeks")
    assert page.status == 200
    assert page.soup.select_one("#no-codes").get_text(" ", strip=True) == (
        f"No codes for {SAY_TO_STAY} were made in this period. Choose a longer period or "
        "another survey."
    )
    assert page.soup.select("table") == []


def test_codes_made_through_the_api_are_counted_by_area_only(analyst, app, browser):
    _made(create_link(), 0, answered=1)  # no officer
    page = browser.get("/admin/offered-and-answered")
    assert _rows(page, "totals-by-area-table") == {"Whole force": ["1", "1", "100%", "1"]}
    assert page.soup.select_one("#totals-by-officer-table") is None
    # As `flask links create` and `flask demo links` make them too, not only the API.
    assert page.soup.select_one("#no-officer").get_text(" ", strip=True) == (
        "No officer made these codes: they were made through the API or from the command "
        "line, so they are counted by area only."
    )
    assert "By officer, week by week" not in page.text()


def test_every_table_is_named_by_its_heading_and_its_cells_by_their_headers(
    analyst, codes, browser
):
    page = browser.get("/admin/offered-and-answered")
    assert markup_problems(page.html) == []
    tables = page.soup.select("main table")
    assert len(tables) == 5
    for table in tables:
        heading = page.soup.find(id=table["aria-labelledby"])
        assert heading is not None and heading.name == "h2"
        region = table.find_parent(attrs={"role": "region"})
        assert region["aria-labelledby"] == table["aria-labelledby"]
        assert region["tabindex"] == "0"  # scrolls sideways from the keyboard on a phone
        assert all(th["scope"] == "col" for th in table.select("thead th"))
        numeric = table.select("thead th.govuk-table__header--numeric")
        assert [th.get_text(strip=True) for th in numeric] == [
            "Codes offered",
            "Codes answered",
            "Codes answered (%)",
            "Answers",
        ]
    for table_id in ("totals-table", "totals-by-area-table", "totals-by-officer-table"):
        rows = page.soup.select(f"#{table_id} tbody tr")
        assert rows and all(row.select_one("th")["scope"] == "row" for row in rows)
    # The choices are labelled, and sent as an address that can be bookmarked.
    form = page.soup.select_one("#choose-survey-and-period")
    assert form["method"] == "get"
    for name in ("survey", "period"):
        select = form.select_one(f"select[name='{name}']")
        assert page.soup.select_one(f"label[for='{select['id']}']") is not None
