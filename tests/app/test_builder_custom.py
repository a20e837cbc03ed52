"""A survey made in the builder takes part in everything the built-in ones do: officers' codes,
the links API, offered vs answered, scoring (with no themes yet, then with an admin's themes),
results by group with suppression, exports and the results API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens, builder, builder_publish, scoring
from models import Link, QuestionNotShown, Response, Role, Scope, TextAnswer, ThemeTaxonomy, db
from tests.app.test_builder_import import HATE_CRIME
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in

SLUG = "hate-crime-victims"
TITLE = "Hate crime: how did we do?"


@pytest.fixture(autouse=True)
def published() -> None:
    builder.import_source(json.dumps(HATE_CRIME))
    builder_publish.publish(SLUG)


def _bearer(*scopes: Scope) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token('App', list(scopes)).secret}"}


def test_officers_can_make_a_code_for_it(app: Flask):
    create_area("north", "North District")
    client = app.test_client()
    signed_in(client, Role.OFFICER)
    browser = Browser(client)
    page = browser.get("/officer/codes/new")
    assert TITLE in page.text()
    page = browser.post(data={"survey": SLUG, "area": "north", "count": "1"})
    assert page.status == 200, page.error_summary()
    link = db.session.scalars(select(Link)).one()
    assert link.survey.slug == SLUG
    assert not link.single_use  # the definition's link defaults: a standing code


def test_the_links_api_makes_links_for_it(client: FlaskClient):
    response = client.post(
        "/api/v1/links", json={"survey": SLUG}, headers=_bearer(Scope.LINKS_WRITE)
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["url"].endswith(response.get_json()["token"])
    described = client.get("/api/v1/openapi.json").get_json()
    surveys = described["components"]["schemas"]["LinkRequest"]["properties"]["survey"]["enum"]
    assert SLUG in surveys and "stop-search" in surveys


def test_a_respondent_answers_it_and_free_text_is_scored_without_themes(browser: Browser):
    link = create_link(SLUG)
    page = browser.get(f"/r/{link.token}")
    assert TITLE in page.h1
    page = browser.get(f"/r/{link.token}/your-report")
    page = browser.post(data={"kept_informed": "no"})
    assert page.url.endswith("/what-would-help")
    page = browser.post(data={"would_help": "A phone call would have been great, thank you"})
    while "/check" not in page.url:
        page = browser.post(data={})
    page = browser.post(data={})
    assert "Thank you, your answers have been sent" in page.text()
    db.session.expire_all()
    response = db.session.scalars(select(Response)).one()
    assert response.survey_version.survey.slug == SLUG
    text = db.session.scalars(select(TextAnswer)).one()
    assert text.sentiment_model is not None and -1 <= text.sentiment <= 1
    taxonomy = db.session.scalar(
        select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == response.survey_id)
    )
    assert taxonomy.themes == {}
    assert [t.theme for t in text.themes] == []
    assert db.session.scalars(select(QuestionNotShown)).all() == []

    # A second respondent kept informed is not shown the follow-up page.
    link = create_link(SLUG)
    browser.get(f"/r/{link.token}/your-report")
    page = browser.post(data={"kept_informed": "yes"})
    assert "/what-would-help" not in page.url
    while "/check" not in page.url:
        page = browser.post(data={})
    browser.post(data={})
    hidden = db.session.scalars(select(QuestionNotShown.question_key)).all()
    assert hidden == ["would_help"]


def test_themes_an_analyst_adds_are_used_for_it(app: Flask):
    client = app.test_client()
    signed_in(client, Role.ANALYST)
    browser = Browser(client)
    browser.get(f"/results/{SLUG}/coding/themes/new")
    page = browser.post(
        data={"name": "Being kept informed", "description": "Updates", "seeds": "phone call"}
    )
    assert page.status == 200, page.error_summary()
    add_responses([*group(1, "white", texts=[("would_help", "A phone call", None, [])])], slug=SLUG)
    scoring.run()
    db.session.expire_all()
    text = db.session.scalars(select(TextAnswer)).one()
    assert [t.theme for t in text.themes] == ["Being kept informed"]


def test_results_by_group_are_suppressed_in_pages_exports_and_the_api(app: Flask):
    add_responses(
        group(12, "white", answers={"kept_informed": "yes"})
        + group(8, "white", answers={"kept_informed": "no"})
        + group(4, "black", answers={"kept_informed": "no"})
        + group(15, "asian", answers={"kept_informed": "yes"}),
        slug=SLUG,
    )
    client = app.test_client()
    signed_in(client, Role.ANALYST)
    page = Browser(client).get(f"/results/{SLUG}")
    assert page.status == 200 and TITLE in page.text()

    overview = Browser(client).get("/results/")
    assert TITLE in overview.text()

    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/results/{SLUG}/export.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    informed = {r["Group code"]: r for r in rows if r["Section"].startswith("Were you kept")}
    assert informed["white"]["n"] == "20" and informed["white"]["Value"] == "60.0"
    assert informed["black"]["n"] == "[c]"  # 4 respondents: suppressed

    body = client.get(
        f"/api/v1/surveys/{SLUG}/results", headers=_bearer(Scope.RESULTS_READ)
    ).get_json()
    assert body["survey"] == SLUG
    groups = {g["group"]: g for g in body["groups"]}
    assert groups["white"]["questions"]["kept_informed"]["positive_share"] == 0.6
    assert groups["black"]["suppressed"] is True and groups["black"]["n"] is None
