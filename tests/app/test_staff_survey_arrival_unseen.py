"""Nothing an analyst can see of Say to Stay moves when a colleague answers in the month not
yet over: not the figures, and not when they were counted, the note that newer answers are
waiting, or when written answers were last analysed.

A manager who gave one colleague a code could open the results before and after the colleague
answers. Any difference says that they answered, which is confidential, and may say what they
said. A staff survey's figures count only months that are over, so new responses change none
of them: the time they were counted, and the note saying newer answers will be included, would
only say that someone had just answered. Stored counts are still served for a few minutes after
a change (RESULTS_MAX_AGE_SECONDS), so that the first page after an answer is not the slow one,
with a note that never varies; withdrawals still count at once.

Stop and search keeps its live counts and its note, as before.

Today is 16 November 2026: October is over, November is not.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from models import Link, Scope, TextAnswer, TextAnswerTheme, db
from tests.api_token_names import fresh_secret
from tests.app.test_staff_survey_monthly_results import _colleagues
from tests.factories import create_link
from tests.pages import Browser
from tests.results_clock import Clock, lagging_cache
from tests.results_data import Made, add_responses, add_theme, survey

SLUG = "say-to-stay"
OCTOBER, NOVEMBER = "2026-10", "2026-11"
TODAY = dt.date(2026, 11, 16)
# 10:42 in London (GMT in November) on the 16th.
COUNTED = dt.datetime(2026, 11, 16, 10, 42, tzinfo=dt.UTC)
THEME, OTHER_THEME = "Workload", "Leadership"
WAITING = "answers since then will be included within"


@pytest.fixture
def lagging(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Stored counts served for ten minutes after newer responses; mid-November."""
    monkeypatch.setattr("app.services.staff_survey_confidential.today", lambda: TODAY)
    monkeypatch.setattr("app.services.results_overview.today", lambda: TODAY)
    return lagging_cache(app, monkeypatch, COUNTED)


@pytest.fixture
def two_months(analyst, lagging) -> None:
    """30 colleagues answered in October and 30 so far in November, their written answers
    analysed as each month began."""
    add_theme(THEME, slug=SLUG)
    add_theme(OTHER_THEME, slug=SLUG)
    add_responses(_colleagues(OCTOBER, "Said in October."), slug=SLUG)
    add_responses(_colleagues(NOVEMBER, "Said in November."), slug=SLUG)
    create_link(SLUG)  # given to a colleague, not yet answered


def _colleague_answers() -> None:
    """One colleague, the only Black respondent and the only special constable, answers with
    the code their manager gave them; their written answer is analysed as it arrives."""
    link = db.session.scalar(select(Link).where(Link.survey_id == survey(SLUG).id))
    (made,) = add_responses(
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
    made.submitted_on = TODAY
    for text in made.text_answers:
        text.scored_on = TODAY
    link.used_on, link.answered = TODAY, 1
    db.session.commit()


def _api(client: FlaskClient, query: str = "", slug: str = SLUG) -> dict[str, Any]:
    """The results document, every field of it, when the figures were counted included."""
    secret = fresh_secret("Staff survey figures", [Scope.RESULTS_READ])
    response = client.get(
        f"/api/v1/surveys/{slug}/results{query}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _main(browser: Browser, url: str) -> str:
    """The page's words, without the time the page itself was made."""
    page = browser.get(url)
    assert page.status == 200, url
    main = page.soup.select_one("main")
    for row in main.select(".govuk-summary-list__row"):
        if row.select_one("dt").get_text(strip=True) == "Produced":
            row.decompose()
    return " ".join(main.get_text(" ").split())


def _overview(browser: Browser, slug: str = SLUG) -> str:
    section = browser.get("/results/").soup.select_one(f"section[aria-labelledby='survey-{slug}']")
    return " ".join(section.get_text(" ").split())


def _workbook(client: FlaskClient, query: str = "") -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(client.get(f"/results/{SLUG}/export.xlsx{query}").data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _csv(client: FlaskClient, query: str = "") -> list[list[str]]:
    text = client.get(f"/results/{SLUG}/export.csv{query}").get_data(as_text=True)
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _headers(client: FlaskClient, url: str) -> dict[str, str]:
    """The headers a cache or browser could compare: those that do not change with every
    request whatever the data (its date, cookie and timings)."""
    varying = {"date", "set-cookie", "server-timing", "content-security-policy"}
    headers = client.get(url).headers
    return {name: value for name, value in headers.items() if name.lower() not in varying}


PAGES = (
    f"/results/{SLUG}",
    f"/results/{SLUG}?by=role",
    f"/results/{SLUG}?by=month",
    f"/results/{SLUG}?by=role&from=2026-10&to=2026-12",
    f"/results/{SLUG}?theme={THEME}&group=white",
    f"/results/{SLUG}/report",
    f"/results/{SLUG}/report?by=role",
)


def _everything(client: FlaskClient, browser: Browser) -> dict[str, Any]:
    """Every output a member of staff can see of the survey's results."""
    return {
        "api": _api(client),
        "api by role": _api(client, "?by=role"),
        "api this quarter": _api(client, "?by=role&from=2026-10&to=2026-12"),
        "csv": _csv(client),
        "csv by role": _csv(client, "?by=role"),
        "xlsx": _workbook(client),
        "overview": _overview(browser),
        "overview headers": _headers(client, "/results/"),
        "page headers": _headers(client, f"/results/{SLUG}"),
        "csv headers": _headers(client, f"/results/{SLUG}/export.csv"),
        **{url: _main(browser, url) for url in PAGES},
    }


def _lines(output: Any) -> list[str]:
    """An output as lines to compare: a page's sentences, or a document's JSON."""
    if isinstance(output, str):
        return output.replace(". ", ".\n").splitlines()
    return json.dumps(output, indent=1, sort_keys=True, default=str).splitlines()


def _same(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Every output as it was, or what moved in each, line by line."""
    moved = {
        shown: [
            line
            for line in difflib.unified_diff(_lines(output), _lines(after[shown]), n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ]
        for shown, output in before.items()
        if after[shown] != output
    }
    assert not moved, "\n".join(f"{shown}: {lines}" for shown, lines in moved.items())


def test_nothing_shown_moves_while_stored_counts_lag_the_answer(
    client, browser, two_months, lagging
):
    before = _everything(client, browser)
    assert before["api"]["counted_at"] is None  # would say when someone last answered
    assert WAITING not in str(before)

    _colleague_answers()
    # Two minutes on, stored counts could still be served: a note would say newer answers wait.
    lagging.advance(minutes=2)
    _same(before, _everything(client, browser))


def test_nothing_shown_moves_once_the_stored_counts_have_expired(
    client, browser, two_months, lagging
):
    before = _everything(client, browser)
    _colleague_answers()
    # Past the ten minutes the figures are counted again, after the answer: counted_at would say so.
    lagging.advance(minutes=12)
    _same(before, _everything(client, browser))


def test_when_written_answers_were_last_analysed_is_of_the_months_counted(browser, two_months):
    assert "Written answers last analysed 1 October 2026" in _overview(browser)
    _colleague_answers()
    assert "Written answers last analysed 1 October 2026" in _overview(browser)


def _white_themes(client: FlaskClient) -> dict[str, float]:
    white = next(g for g in _api(client)["groups"] if g["group"] == "white")
    return {name: share for name, share in white["themes"].items() if share}


def test_a_coders_change_shows_within_the_time_its_note_gives_whatever_arrives(
    client, browser, two_months, lagging
):
    """Stored counts are served for ten minutes after a change, as for any survey, so the first
    page after a colleague's answer is not the slow one. What can wait is a coder's change to a
    month counted, and a note that is the same on every page says so."""
    note = "A change to how written answers are coded can take up to 10 minutes to show here."
    assert _white_themes(client) == {THEME: 1.0}
    assert note in _main(browser, f"/results/{SLUG}")
    october = db.session.scalars(
        select(TextAnswer).where(TextAnswer.text == "Said in October.")
    ).all()
    for text in october:  # a theme added, none taken away (taking away is a delete)
        text.themes.append(TextAnswerTheme(theme=OTHER_THEME, survey_id=text.survey_id))
    db.session.commit()
    lagging.advance(minutes=1)
    assert _white_themes(client) == {THEME: 1.0}
    page = _main(browser, f"/results/{SLUG}")
    assert note in page and WAITING not in page
    lagging.advance(minutes=10)
    assert _white_themes(client) == {THEME: 1.0, OTHER_THEME: 1.0}
    assert note in _main(browser, f"/results/{SLUG}")


def test_a_withdrawal_of_a_months_answer_counts_at_once(client, two_months, lagging):
    assert _api(client)["total"]["n"] == 30
    lagging.advance(minutes=1)
    october = db.session.scalars(
        select(TextAnswer).where(TextAnswer.text == "Said in October.")
    ).first()
    db.session.delete(october.response)  # what withdrawal and the retention purge do
    db.session.commit()
    body = _api(client)
    assert body["total"]["n"] == 29 and body["counted_at"] is None


def test_stop_and_search_still_says_when_its_figures_were_counted(
    client, browser, analyst, lagging
):
    answers = {"satisfaction": "satisfied"}
    add_responses([Made(month=OCTOBER, answers=answers) for _ in range(15)])
    add_responses([Made(month=NOVEMBER, answers=answers) for _ in range(12)])
    body = _api(client, slug="stop-search")
    assert body["counted_at"] == "2026-11-16T10:42:00+00:00"
    assert WAITING not in _main(browser, "/results/stop-search")
    assert WAITING not in _overview(browser, "stop-search")

    add_responses([Made(month=NOVEMBER, answers=answers)])
    lagging.advance(minutes=2)
    assert _api(client, slug="stop-search")["counted_at"] == "2026-11-16T10:42:00+00:00"
    assert f"Figures counted at 10:42 today; {WAITING} 8 minutes." in _main(
        browser, "/results/stop-search"
    )
    assert WAITING in _overview(browser, "stop-search")

    lagging.advance(minutes=10)
    body = _api(client, slug="stop-search")
    assert body["counted_at"] == "2026-11-16T10:54:00+00:00" and body["total"]["n"] == 28
    assert WAITING not in _main(browser, "/results/stop-search")


def test_the_cron_refresh_prints_no_data_version_for_a_staff_survey(runner, two_months):
    """`flask results refresh` runs from cron, whose mail many can read: a staff survey's data
    version rises with every answer, this month's too, so printed it would count arrivals."""
    first = runner.invoke(args=["results", "refresh"])
    _colleague_answers()
    second = runner.invoke(args=["results", "refresh"])
    assert first.exit_code == second.exit_code == 0, second.output
    for output in (first.output, second.output):
        staff = next(line for line in output.splitlines() if line.startswith(f"{SLUG}:"))
        assert "data version" not in staff
        stop_search = next(line for line in output.splitlines() if line.startswith("stop-search:"))
        assert "counted at data version" in stop_search
