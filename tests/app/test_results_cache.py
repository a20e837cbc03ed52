"""Stored results counts: used while a survey's data is unchanged, never once it has changed,
and gone when a response is withdrawn or purged."""

from __future__ import annotations

import datetime as dt
import json
import zlib

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select, update

from app.services import results_cache, results_queries
from models import (
    Answer,
    Response,
    ResultsCache,
    Role,
    Scope,
    TextAnswer,
    TextAnswerTheme,
    db,
)
from tests.api_token_names import fresh_secret
from tests.pages import Browser
from tests.results_clock import Clock, lagging_cache
from tests.results_data import add_responses, group, survey
from tests.staff import signed_in


def _respondents(browser: Browser, query: str = "") -> dict[str, str]:
    page = browser.get(f"/results/stop-search{query}")
    assert page.status == 200
    for table in page.soup.select("table"):
        caption = table.select_one("caption")
        if caption and caption.get_text().strip().startswith("Respondents by ethnic group"):
            return {
                " ".join(row.select_one("th").get_text().split()): row.select("td")[0].get_text(
                    strip=True
                )
                for row in table.select("tbody tr")
            }
    raise AssertionError("no respondents table")


def _version() -> int:
    return results_cache.data_version(survey().id)


def test_the_page_counts_again_after_every_new_response(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white"))
    signed_in(client, Role.ANALYST)
    assert _respondents(browser)["White"] == "12"
    assert db.session.scalar(select(ResultsCache.key).limit(1)) is not None  # stored

    add_responses(group(1, "white"))
    assert _respondents(browser)["White"] == "13"
    add_responses(group(10, "black"))
    shown = _respondents(browser)
    assert (shown["White"], shown["Black, Black British, Caribbean or African"]) == ("13", "10")


def test_stored_counts_are_what_the_page_shows_while_the_data_is_unchanged(
    client: FlaskClient, browser: Browser
):
    add_responses(group(12, "white"))
    signed_in(client, Role.ANALYST)
    assert _respondents(browser)["White"] == "12"

    # Alter the stored rows (not the data): the page must be reading them.
    for stored in db.session.scalars(select(ResultsCache)):
        payload = json.loads(zlib.decompress(stored.rows))
        for row in payload["rows"].get("respondents", []):  # the page's group counts
            row[-1] = 99 if row[1] == "white" else row[-1]
        stored.rows = zlib.compress(json.dumps(payload).encode())
    db.session.commit()
    assert _respondents(browser)["White"] == "99"

    # Stored counts of an older format are counted again.
    db.session.execute(update(ResultsCache).values(rows=zlib.compress(b'{"format": 0}')))
    db.session.commit()
    assert _respondents(browser)["White"] == "12"


def test_filtered_and_unfiltered_views_are_stored_apart(client: FlaskClient, browser: Browser):
    add_responses(group(12, "white", month="2026-01"))
    add_responses(group(15, "white", month="2026-04"))
    signed_in(client, Role.ANALYST)
    assert _respondents(browser)["White"] == "27"
    assert _respondents(browser, "?start=4&start=2026&end=6&end=2026")["White"] == "15"
    assert _respondents(browser)["White"] == "27"
    keys = set(db.session.scalars(select(ResultsCache.key)))
    assert any(k.startswith("ethnic_group:all:") for k in keys)
    assert any(k.startswith("ethnic_group:cells:") for k in keys)


def test_a_withdrawn_response_leaves_no_stored_counts(client: FlaskClient, browser: Browser):
    made = add_responses(group(12, "white"))
    signed_in(client, Role.ANALYST)
    _respondents(browser)
    assert db.session.scalar(select(ResultsCache.key).limit(1)) is not None

    db.session.delete(made[0])  # what withdrawal and the retention purge do
    db.session.commit()
    assert db.session.scalars(select(ResultsCache)).all() == []
    assert _respondents(browser)["White"] == "11"


@pytest.mark.parametrize(
    "change",
    [
        "add response",
        "change answer",
        "delete answer",
        "score text",
        "add theme",
        "delete theme",
        "change response",
    ],
)
def test_every_change_to_a_surveys_data_raises_its_version(change: str):
    (response,) = add_responses(
        group(
            1,
            "white",
            answers={"satisfaction": "satisfied"},
            texts=[("improve", "Be polite", 0.2, ["Respect"])],
        )
    )
    before = _version()
    assert before > 0
    survey_id, text_id = response.survey_id, response.text_answers[0].id
    statements = {
        "add response": lambda: add_responses(group(1, "black")),
        "change answer": lambda: db.session.execute(update(Answer).values(value="neither")),
        "delete answer": lambda: db.session.execute(delete(Answer)),
        "score text": lambda: db.session.execute(update(TextAnswer).values(sentiment=-0.5)),
        "add theme": lambda: db.session.add(
            TextAnswerTheme(text_answer_id=text_id, theme="Speed", survey_id=survey_id)
        ),
        "delete theme": lambda: db.session.execute(delete(TextAnswerTheme)),
        "change response": lambda: db.session.execute(update(Response).values(sex="female")),
    }
    statements[change]()
    db.session.commit()
    assert _version() > before


def test_a_rolled_back_change_leaves_the_version_alone():
    add_responses(group(3, "white"))
    before = _version()
    db.session.execute(update(Response).values(sex="female"))
    db.session.rollback()
    assert _version() == before


def test_the_overview_counts_again_after_a_new_response(client: FlaskClient, browser: Browser):
    add_responses(group(15, "white", answers={"satisfaction": "satisfied"}))
    add_responses(group(5, "black", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)
    assert "75% of 20 who answered" in browser.get("/results/").text()
    assert db.session.scalar(select(ResultsCache.key).where(ResultsCache.key.like("overview:%")))

    add_responses(group(5, "asian", answers={"satisfaction": "satisfied"}))
    assert "80% of 25 who answered" in browser.get("/results/").text()


# Stored counts served for a bounded time after new responses (RESULTS_MAX_AGE_SECONDS).


# 10:42 in London (GMT in early March).
COUNTED = dt.datetime(2026, 3, 3, 10, 42, tzinfo=dt.UTC)
NOTE = "Figures counted at 10:42 today; answers since then will be included within"


@pytest.fixture
def lagging(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    return lagging_cache(app, monkeypatch, COUNTED)


def _no_counting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make counting from the rows fail, so that a page can only read stored counts."""

    def refuse(*args, **kwargs):
        raise AssertionError("counted from the rows")

    for name in ("respondents", "answers", "text_answers", "themes", "respondents_answering"):
        monkeypatch.setattr(results_queries, name, refuse)


def _api(client: FlaskClient) -> dict:
    secret = fresh_secret("Board pack", [Scope.RESULTS_READ])
    response = client.get(
        "/api/v1/surveys/stop-search/results", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    return response.get_json()


def test_a_new_response_waits_within_the_max_age_and_the_page_says_when_counted(
    client: FlaskClient, browser: Browser, lagging: Clock, monkeypatch: pytest.MonkeyPatch
):
    add_responses(group(12, "white"))
    signed_in(client, Role.ANALYST)
    assert _respondents(browser)["White"] == "12"
    assert NOTE not in browser.get("/results/stop-search").text()  # current: nothing to say
    assert "Figures counted at" not in browser.get("/results/").text()

    add_responses(group(1, "white"))
    lagging.advance(minutes=2)
    with monkeypatch.context() as patched:
        _no_counting(patched)
        assert _respondents(browser)["White"] == "12"  # the stored counts, not a recount
        page = browser.get("/results/stop-search").text()
        assert f"{NOTE} 8 minutes." in page
        report = browser.get("/results/stop-search/report").text()
        assert f"{NOTE} 8 minutes." in report
        csv = client.get("/results/stop-search/export.csv").get_data(as_text=True)
        assert '"Counted at","2026-03-03T10:42:00+00:00"' in csv
        assert f"{NOTE} 8 minutes." in csv
        overview = browser.get("/results/").text()
        assert f"{NOTE} 8 minutes." in overview
        body = _api(client)
        assert body["counted_at"] == "2026-03-03T10:42:00+00:00"
        white = next(g for g in body["groups"] if g["group"] == "white")
        assert white["n"] == 12

    # Ten minutes after the count, the page counts again: the new response is in.
    lagging.advance(minutes=8)
    assert _respondents(browser)["White"] == "13"
    assert "Figures counted at" not in browser.get("/results/stop-search").text()
    assert _api(client)["counted_at"] == "2026-03-03T10:52:00+00:00"


def test_a_withdrawal_is_counted_at_once_whatever_the_max_age(
    client: FlaskClient, browser: Browser, lagging: Clock
):
    made = add_responses(group(12, "white"))
    signed_in(client, Role.ANALYST)
    assert _respondents(browser)["White"] == "12"
    add_responses(group(10, "black"))  # stored counts now lag, within the max age
    lagging.advance(minutes=1)
    assert "Figures counted at" in browser.get("/results/stop-search").text()

    db.session.delete(made[0])  # what withdrawal and the retention purge do
    db.session.commit()
    assert db.session.scalars(select(ResultsCache)).all() == []
    assert _respondents(browser)["White"] == "11"
    assert "Figures counted at" not in browser.get("/results/stop-search").text()


def test_counts_made_before_a_withdrawal_are_not_stored_after_it(lagging: Clock):
    made = add_responses(group(12, "white"))
    survey_id = made[0].survey_id
    with results_cache.snapshot(refresh=True) as scope:
        rows = results_cache.cached(survey_id, "test", lambda: [12])
    assert rows == [12]
    db.session.delete(made[0])  # the withdrawal commits between the count and its storing
    db.session.commit()
    results_cache.store(scope)
    assert db.session.scalars(select(ResultsCache)).all() == []
    version, forgotten = results_cache._state(survey_id)
    assert forgotten == version


def test_refresh_stores_counts_that_pages_read_without_counting(
    app: Flask,
    runner,
    client: FlaskClient,
    browser: Browser,
    lagging: Clock,
    monkeypatch: pytest.MonkeyPatch,
):
    add_responses(group(12, "white"))
    result = runner.invoke(args=["results", "refresh"])
    assert result.exit_code == 0, result.output
    assert "stop-search: 8 groupings counted" in result.output
    keys = set(db.session.scalars(select(ResultsCache.key)))
    for dimension in ("ethnic_group", "ethnicity", "age_band", "sex", "month", "area"):
        assert any(k.startswith(f"{dimension}:all:") for k in keys)

    add_responses(group(10, "black"))
    lagging.advance(minutes=3)
    signed_in(client, Role.ANALYST)
    with monkeypatch.context() as patched:
        _no_counting(patched)
        for by in ("ethnic_group", "sex", "month"):
            assert browser.get(f"/results/stop-search?by={by}").status == 200
        assert _respondents(browser)["White"] == "12"
        assert f"{NOTE} 7 minutes." in browser.get("/results/stop-search").text()
        assert _api(client)["counted_at"] == "2026-03-03T10:42:00+00:00"

    # The next refresh takes in the new responses; the page is current again.
    assert runner.invoke(args=["results", "refresh"]).exit_code == 0
    with monkeypatch.context() as patched:
        _no_counting(patched)
        shown = _respondents(browser)
        assert (shown["White"], shown["Black, Black British, Caribbean or African"]) == ("12", "10")
        assert "Figures counted at" not in browser.get("/results/stop-search").text()
        assert _api(client)["counted_at"] == "2026-03-03T10:45:00+00:00"


def test_a_page_never_mixes_an_older_snapshot_with_newer_counts(lagging: Clock):
    add_responses(group(12, "white"))
    survey_id = survey().id
    with results_cache.snapshot():
        results_cache.cached(survey_id, "first", lambda: ["first", 12])
        results_cache.cached(survey_id, "second", lambda: ["second", 12])
    add_responses(group(1, "white"))
    lagging.advance(minutes=1)

    def page(*keys: str) -> list:
        return [results_cache.cached(survey_id, key, lambda key=key: [key, 13]) for key in keys]

    # Another page counts "second" at the current version: the older one is kept beside it.
    with results_cache.snapshot(live=True):
        assert page("second") == [["second", 13]]
    # Both queries at the older version: served together from it, and said to be older.
    with results_cache.snapshot() as scope:
        assert page("first", "second") == [["first", 12], ["second", 12]]
    assert scope.surveys[survey_id].stale
    # A query the older version lacks: the whole page is counted at the current version.
    assert results_cache.consistent(lambda: page("first", "third")) == [
        ["first", 13],
        ["third", 13],
    ]


def test_the_note_says_when_and_how_long_in_plain_words():
    counted = dt.datetime(2026, 7, 1, 23, 50, tzinfo=dt.UTC)  # 00:50 on 2 July in London
    note = results_cache.counted_note(counted, 600, counted + dt.timedelta(minutes=9, seconds=30))
    assert note == (
        "Figures counted at 00:50 today; answers since then will be included within 1 minute."
    )
    later = counted + dt.timedelta(days=1, hours=1)
    assert results_cache.counted_note(counted, 600, later).startswith(
        "Figures counted at 00:50 yesterday;"
    )
