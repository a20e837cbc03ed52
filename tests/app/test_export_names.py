"""An export's file name says what it holds (survey, grouping, area or session, the first and
last months of its quarters, the group compared with, the day it was made) in characters every
operating system accepts, and nothing a person types reaches the Content-Disposition header."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from app.services import results_cache
from app.services.export_names import file_name, safe_part
from app.services.results_model import Filters
from models import Event, db
from tests.factories import create_area
from tests.results_data import add_responses, group

SAFE = re.compile(r'^attachment; filename="[a-z0-9-]+\.(csv|xlsx)"$')


def _today() -> str:
    return dt.datetime.now(results_cache.LOCAL).date().isoformat()


def _name(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    header = response.headers["Content-Disposition"]
    assert SAFE.match(header), header
    return header.split('filename="')[1].rstrip('"')


@pytest.fixture
def east(analyst) -> None:
    area = create_area("east", "East District")
    add_responses(group(12, "white", area=area, month="2026-01"))
    add_responses(group(12, "white", area=area, month="2026-03"))


def test_an_unfiltered_export_names_its_survey_grouping_and_day(client, east):
    made = _today()
    assert _name(client, "/results/stop-search/export.csv") == (
        f"stop-search-by-ethnic-group-made-{made}.csv"
    )
    assert _name(client, "/results/stop-search/export.xlsx?by=age_band") == (
        f"stop-search-by-age-band-made-{made}.xlsx"
    )


def test_a_filtered_export_says_which_area_and_months(client, east):
    url = (
        "/results/stop-search/export.csv"
        "?by=ethnic_group&area=east&start=4&start=2025&end=3&end=2026"
    )
    assert (
        _name(client, url)
        == f"stop-search-by-ethnic-group-east-2025-04-to-2026-03-made-{_today()}.csv"
    )
    # The Excel file of the same view has the same name but for its extension.
    assert _name(client, url.replace("export.csv", "export.xlsx")).endswith(
        "east-2025-04-to-2026-03-made-" + _today() + ".xlsx"
    )
    # One open end, or one quarter, named by its first and last months.
    only_from = "/results/stop-search/export.csv?start=4&start=2026"
    assert f"-by-ethnic-group-from-2026-04-made-{_today()}" in _name(client, only_from)
    only_to = "/results/stop-search/export.csv?end=3&end=2026"
    assert "-by-ethnic-group-to-2026-03-made-" in _name(client, only_to)
    one = "/results/stop-search/export.csv?start=10&start=2025&end=12&end=2025"
    assert "-by-ethnic-group-2025-10-to-2025-12-made-" in _name(client, one)


def test_two_differently_filtered_exports_never_share_a_name(client, east):
    urls = [
        "/results/stop-search/export.csv",
        "/results/stop-search/export.csv?area=east",
        "/results/stop-search/export.csv?start=1&start=2026",
        "/results/stop-search/export.csv?compare=all_others",
        "/results/stop-search/export.csv?by=sex",
    ]
    names = [_name(client, url) for url in urls]
    assert len(set(names)) == len(names), names
    assert "compared-with-all-others" in names[3]


def test_a_session_and_an_area_typed_by_people_become_safe_words(client, analyst):
    area = create_area("Tŷ/../Hafan\r\nX: 1", 'Gogledd "Cymru"')
    add_responses(group(12, "white", area=area), slug="listening-session")
    session = Event(
        given_name='Cwrdd â\'r "Gymuned"\r\nSet-Cookie: a=b', held_on=dt.date(2026, 3, 12)
    )
    db.session.add(session)
    db.session.flush()
    add_responses(group(12, "white"), slug="listening-session")
    for response in add_responses(group(12, "black"), slug="listening-session"):
        response.event_id = session.id
    db.session.commit()
    by_area = _name(client, f"/results/listening-session/export.csv?area={quote(area.code)}")
    assert by_area.startswith("listening-session-by-ethnic-group-ty-hafan-x-1-made-")
    by_session = _name(client, f"/results/listening-session/export.xlsx?event={session.id}")
    assert by_session.startswith(
        "listening-session-by-ethnic-group-cwrdd-a-r-gymuned-set-cookie-a-b-2026-03-12-made-"
    )


@pytest.mark.parametrize(
    "query",
    [
        "area=nowhere%0d%0aSet-Cookie:%20a=b",
        "area=..%2F..%2Fetc",
        "event=1%0d%0aX:1",
        "event=99999",
        "by=ethnic_group%22;%20filename=evil.exe",
        "start=13&start=2026",
        "start=1&start=2026&end=12&end=2025",
        "start=2&start=2026",
        "end=1&end=2026",
        "compare=%0d%0aX:%201",
    ],
)
def test_odd_filters_never_reach_the_header(client, east, query):
    response = client.get(f"/results/stop-search/export.csv?{query}")
    assert response.status_code in (200, 400), query
    header = response.headers.get("Content-Disposition")
    if response.status_code == 400:
        assert header is None  # the results page with the error, not a file
        assert "There is a problem" in response.get_data(as_text=True)
    else:
        assert SAFE.match(header), header
    assert "Set-Cookie" not in response.headers or "a=b" not in response.headers["Set-Cookie"]


def test_safe_part_keeps_letters_and_digits_only():
    assert safe_part("Tŷ Newydd, Bangor") == "ty-newydd-bangor"
    assert safe_part("Ysgol Gymraeg Aberystwyth Neuadd y Dref Canol") == (
        "ysgol-gymraeg-aberystwyth-neuadd-y-dref"
    )
    assert safe_part("日本") == ""


def test_a_file_name_has_a_part_for_everything_filtered():
    filters = Filters(
        dimension="ethnic_group", start="2026-01", end="2026-03", area="east", reference="white"
    )
    name = file_name("stop-search", filters, "csv", made=dt.date(2026, 11, 30))
    assert name == (
        "stop-search-by-ethnic-group-east-2026-01-to-2026-03-compared-with-white"
        "-made-2026-11-30.csv"
    )
    session = Filters(dimension="age_band", event=4)
    named = file_name(
        "listening-session",
        session,
        "xlsx",
        made=dt.date(2026, 11, 30),
        event=("Neuadd y Dref", dt.date(2026, 3, 12)),
    )
    assert named == "listening-session-by-age-band-neuadd-y-dref-2026-03-12-made-2026-11-30.xlsx"
    # An area or session whose name has no letters or digits still says there is one.
    assert "-by-ethnic-group-area-made-" in file_name(
        "stop-search", Filters(area="!!!"), "csv", made=dt.date(2026, 1, 1)
    )


def test_the_reports_title_says_what_a_saved_copy_holds(browser, east):
    # Browsers name a report printed to PDF after its title.
    page = browser.get("/results/stop-search/report?by=age_band&area=east&start=4&start=2025")
    assert page.title == (
        "Stop and search: tell us how it went: report by age; "
        "April 2025 to the latest response; East District – Listening Post"
    )
    unfiltered = browser.get("/results/stop-search/report")
    assert unfiltered.title.startswith(
        "Stop and search: tell us how it went: report by ethnic group –"
    )
