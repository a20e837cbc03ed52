"""Say to Stay's figures change once a month, so that nobody can watch one colleague's answers
arrive.

Say to Stay gets a few dozen responses a month. Were its results live, someone who knew a
colleague had just answered could open them before and after and read the colleague's ethnic
group, role and reasons for leaving off the difference. So a survey of police officers and
staff leaves the month not yet over out of every figure, whatever its count, and names it; its
figures change when a month ends, by that month's responses. Surveys of the public are counted
as their responses arrive, as before.

Today is fixed at 16 November 2026: October is over, November is not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.services.results_counts import left_out_months, left_out_note
from models import Scope
from tests.api_token_names import fresh_secret
from tests.pages import Browser
from tests.results_data import Made, add_responses, add_theme

SLUG = "say-to-stay"
OCTOBER, NOVEMBER, DECEMBER = "2026-10", "2026-11", "2026-12"
WAITS = (
    "Responses from November 2026 are counted when the month ends: this survey's figures change "
    "once a month, so that nobody watching them can see one person's answers arrive."
)
THEME = "Workload"


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Make ``day`` today for the results (and the overview's last month shown)."""
    monkeypatch.setattr("app.services.staff_survey_confidential.today", lambda: day)
    monkeypatch.setattr("app.services.results_overview.today", lambda: day)


@pytest.fixture
def mid_november(monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, dt.date(2026, 11, 16))


def _colleagues(month: str, said: str, white: int = 20, asian: int = 10) -> list[Made]:
    """White police staff who wrote ``said`` about workload, and Asian officers who wrote
    nothing, all answering in ``month``."""
    staff = {"role": "police_staff", "main_reason": "workload", "valued": "agree"}
    officers = {"role": "police_officer", "main_reason": "pay", "valued": "disagree"}
    return [
        Made(
            ethnic_group="white",
            month=month,
            answers=staff,
            texts=[("stay_factor", said, -0.5, [THEME])],
        )
        for _ in range(white)
    ] + [Made(ethnic_group="asian", month=month, answers=officers) for _ in range(asian)]


@pytest.fixture
def two_months(analyst, mid_november) -> None:
    """30 colleagues answered in October and 30 so far in November: both at least k."""
    add_theme(THEME, slug=SLUG)
    add_responses(_colleagues(OCTOBER, "Said in October."), slug=SLUG)
    add_responses(_colleagues(NOVEMBER, "Said in November."), slug=SLUG)


def _api(client: FlaskClient, query: str = "", slug: str = SLUG) -> dict[str, Any]:
    secret = fresh_secret("Monthly figures", [Scope.RESULTS_READ])
    response = client.get(
        f"/api/v1/surveys/{slug}/results{query}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    body.pop("counted_at")  # when the figures were counted, not what they are
    return body


def _csv(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    text = client.get(f"/results/{SLUG}/export.csv{query}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _counted(body: dict[str, Any]) -> dict[str, int]:
    """The groups counted, and how many are in each: groups with nobody are listed too."""
    return {g["group"]: g["n"] for g in body["groups"] if g["n"]}


def _respondents(rows: list[dict[str, str]]) -> dict[str, str]:
    return {r["Group code"]: r["n"] for r in rows if r["Section"] == "Respondents"}


def _main(browser: Browser, url: str) -> str:
    """The page's words, without when it was made and when its figures were counted."""
    main = browser.get(url).soup.select_one("main")
    for row in main.select(".govuk-summary-list__row"):
        if row.select_one("dt").get_text(strip=True) == "Produced":
            row.decompose()
    text = " ".join(main.get_text(" ").split())
    return re.sub(r"; figures counted at .*? Filters", " Filters", text)


def _say_to_stay_section(browser: Browser) -> str:
    page = browser.get("/results/")
    section = page.soup.select_one(f"section[aria-labelledby='survey-{SLUG}']")
    return " ".join(section.get_text(" ").split())


def test_only_the_months_over_are_counted(client, browser, two_months):
    body = _api(client)
    assert body["total"]["n"] == 30
    assert _counted(body) == {"white": 20, "asian": 10}
    assert body["months_not_counted"] == [NOVEMBER]
    assert WAITS in body["notes"]

    by_role = _api(client, "?by=role")
    assert _counted(by_role) == {
        "police_staff": 20,
        "police_officer": 10,
    }

    by_month = browser.get(f"/results/{SLUG}?by=month").table("Respondents by month")
    assert {m: c[0] for m, c in by_month.items()} == {"October 2026": "30", "All respondents": "30"}
    assert WAITS in " ".join(browser.page.text().split())

    rows = _csv(client)
    assert _respondents(rows)["white"] == "20"
    about = next(r for r in rows if r["Measure"] == "Months not counted")
    assert about["Item"] == NOVEMBER and WAITS in about["Note"]
    book = load_workbook(io.BytesIO(client.get(f"/results/{SLUG}/export.xlsx").data))
    assert WAITS in [row[0] for row in book["About"].iter_rows(values_only=True)]

    overview = _say_to_stay_section(browser)
    assert "Responses 30" in overview and WAITS in overview
    # Its table of responses by month ends with October: November has no row, not even hidden.
    table = browser.page.soup.select_one(f"section[aria-labelledby='survey-{SLUG}'] table")
    assert "October 2026" in table.get_text() and "November 2026" not in table.get_text()


def test_this_months_written_answers_are_not_quoted(browser, two_months):
    page = browser.get(f"/results/{SLUG}?theme={THEME}&group=white")
    quoted = {q.get_text(strip=True) for q in page.soup.select(".app-quote")}
    assert quoted == {"Said in October."}


def test_one_more_answer_this_month_changes_nothing_shown(client, browser, two_months):
    pages = (
        f"/results/{SLUG}",
        f"/results/{SLUG}?by=role",
        f"/results/{SLUG}?by=month",
        f"/results/{SLUG}?theme={THEME}&group=white",
        f"/results/{SLUG}/report",
    )
    before = {
        "api": _api(client),
        "api by role": _api(client, "?by=role"),
        "csv": _csv(client),
        "csv by role": _csv(client, "?by=role"),
        "overview": _say_to_stay_section(browser),
        **{url: _main(browser, url) for url in pages},
    }
    # One colleague, the only Black respondent and the only special constable, says pay.
    add_responses(
        [
            Made(
                ethnic_group="black",
                month=NOVEMBER,
                answers={"role": "special_constable", "main_reason": "pay", "valued": "disagree"},
                texts=[("stay_factor", "Only I would say this.", -0.9, [THEME])],
            )
        ],
        slug=SLUG,
    )
    after = {
        "api": _api(client),
        "api by role": _api(client, "?by=role"),
        "csv": _csv(client),
        "csv by role": _csv(client, "?by=role"),
        "overview": _say_to_stay_section(browser),
        **{url: _main(browser, url) for url in pages},
    }
    for shown, figures in before.items():
        assert after[shown] == figures, shown


def test_once_the_month_is_over_its_responses_are_counted(client, browser, two_months, monkeypatch):
    _on(monkeypatch, dt.date(2026, 12, 2))
    body = _api(client)
    assert body["total"]["n"] == 60
    assert body["months_not_counted"] == [DECEMBER]
    assert WAITS not in body["notes"]
    assert any("December 2026 are counted when the month ends" in note for note in body["notes"])
    overview = _say_to_stay_section(browser)
    assert "Responses 60" in overview
    # The most recent answers are quoted first: November's now.
    page = browser.get(f"/results/{SLUG}?theme={THEME}&group=white")
    assert "Said in November." in {q.get_text(strip=True) for q in page.soup.select(".app-quote")}


def test_the_month_is_named_before_anyone_has_answered_in_it(client, analyst, mid_november):
    # Naming it only once someone had answered would say that someone had.
    add_responses(_colleagues(OCTOBER, "Said in October."), slug=SLUG)
    body = _api(client)
    assert body["months_not_counted"] == [NOVEMBER]
    assert WAITS in body["notes"] and body["total"]["n"] == 30


def test_a_small_month_over_is_still_left_out_as_small(client, browser, two_months, monkeypatch):
    # December 2026 ends with 4 responses: in January it stays out, as any small month does.
    add_responses(_colleagues(DECEMBER, "Said in December.", white=4, asian=0), slug=SLUG)
    _on(monkeypatch, dt.date(2027, 1, 5))
    body = _api(client)
    assert body["total"]["n"] == 60
    assert body["months_not_counted"] == [DECEMBER, "2027-01"]
    notes = " ".join(body["notes"])
    assert "December 2026 has fewer so far" in notes
    assert "January 2027 are counted when the month ends" in notes


@pytest.mark.parametrize(
    ("slug", "answers"),
    [
        ("stop-search", {"satisfaction": "satisfied"}),
        ("listening-session", {"listened_to": "agree"}),
    ],
)
def test_surveys_of_the_public_count_this_months_responses(
    client, analyst, mid_november, slug, answers
):
    add_responses([Made(month=OCTOBER, answers=answers) for _ in range(15)], slug=slug)
    add_responses([Made(month=NOVEMBER, answers=answers) for _ in range(12)], slug=slug)
    body = _api(client, slug=slug)
    assert body["months_not_counted"] == []
    assert body["total"]["n"] == 27
    assert not any("when the month ends" in note for note in body["notes"])


def test_the_notes_words():
    assert left_out_months([(OCTOBER, 30), (NOVEMBER, 0)], 10, NOVEMBER) == (NOVEMBER,)
    assert left_out_months([("2026-09", 3), (OCTOBER, 30)], 10, NOVEMBER) == ("2026-09", NOVEMBER)
    assert left_out_months([("2026-09", 3), (NOVEMBER, 40)], 10) == ("2026-09",)
    assert left_out_note((NOVEMBER,), 10, NOVEMBER) == WAITS
    both = left_out_note(("2026-09", NOVEMBER), 10, NOVEMBER)
    assert both is not None and both.startswith("Responses from September 2026 are not counted")
    assert both.endswith(WAITS)
    assert left_out_note((), 10, NOVEMBER) is None
