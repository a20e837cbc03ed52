"""Stored results counts: used while a survey's data is unchanged, never once it has changed,
and gone when a response is withdrawn or purged."""

from __future__ import annotations

import json
import zlib

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select, update

from app.services import results_cache
from models import Answer, Response, ResultsCache, Role, TextAnswer, TextAnswerTheme, db
from tests.pages import Browser
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
    add_responses(group(15, "white", month="2026-02"))
    signed_in(client, Role.ANALYST)
    assert _respondents(browser)["White"] == "27"
    assert _respondents(browser, "?start=2&start=2026&end=2&end=2026")["White"] == "15"
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
