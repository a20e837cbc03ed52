"""Favourable answers of an admin's own single-choice questions: ticked in the builder, checked
against the question's options, kept through export and import, and used by the results."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import api_tokens, builder, builder_publish
from app.services.definitions import scales
from models import Role, Scope, User
from tests.app.test_builder import build_training_survey
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in

SLUG = "black-history-training"
RECOMMEND = f"/admin/surveys/{SLUG}/pages/the-session/questions/recommend"
RECOMMEND_FORM = {
    "text_en": "Would you recommend it to a colleague?",
    "key": "recommend",
    "type": "choice",
    "options": "yes: Yes | Byddwn\nno: No | Na fyddwn\nnot_sure: Not sure | Ddim yn siŵr",
    "required": "no",
}


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def draft(admin, browser: Browser) -> None:
    build_training_survey(browser)


def recommend() -> dict:
    source = builder.get_draft(SLUG).source
    return next(q for q in source["pages"][0]["questions"] if q["key"] == "recommend")


def test_an_admin_ticks_the_favourable_answers_of_a_single_choice_question(draft, browser: Browser):
    page = browser.get(RECOMMEND)
    boxes = page.soup.select("input[name=favourable]")
    assert [b["value"] for b in boxes] == ["yes", "no", "not_sure"]
    assert [page.soup.select_one(f"label[for={b['id']}]").get_text(strip=True) for b in boxes] == [
        "Yes",
        "No",
        "Not sure",
    ]
    assert not any(b.has_attr("checked") for b in boxes)

    page = browser.post(data={**RECOMMEND_FORM, "favourable": ["yes"]})
    assert page.url == f"/admin/surveys/{SLUG}"
    assert "Favourable in results: Yes" in page.text()
    assert recommend()["favourable"] == ["yes"]

    page = browser.get(RECOMMEND)
    assert page.checked("favourable") == ["yes"]

    # Unticking them all leaves none: the old choice is not brought back.
    browser.post(data=RECOMMEND_FORM)
    assert "favourable" not in recommend()


def test_favourable_answers_must_be_options_of_the_question(draft, browser: Browser):
    browser.get(RECOMMEND)
    page = browser.post(data={**RECOMMEND_FORM, "favourable": ["definitely"]})
    assert page.status == 400
    assert page.error_summary() == [
        "Favourable answers must be options of this question: untick any answer you took out "
        "of the options"
    ]
    # Taking "yes" out of the options while it is ticked is refused the same way.
    page = browser.post(
        data={**RECOMMEND_FORM, "options": "no: No\nnot_sure: Not sure", "favourable": ["yes"]}
    )
    assert page.status == 400
    assert "Favourable answers must be options of this question" in page.error_summary()[0]
    assert "favourable" not in recommend()
    assert [o["code"] for o in recommend()["options"]] == ["yes", "no", "not_sure"]


def test_the_service_refuses_favourable_answers_that_are_not_options(draft):
    with pytest.raises(builder.BuilderError) as refused:
        builder.save_question(
            SLUG, "the-session", "recommend", {**recommend(), "favourable": ["x"]}
        )
    assert refused.value.field == "favourable"


def test_scales_keep_their_own_favourable_answers(draft, browser: Browser):
    page = browser.get(f"/admin/surveys/{SLUG}/pages/the-session/questions/useful")
    assert page.soup.select("input[name=favourable]") == []
    assert "Scales count their own favourable answers" in page.text()
    browser.post(
        data={
            "text_en": "How useful was the session?",
            "key": "useful",
            "type": "scale:useful4",
            "required": "yes",
            "favourable": ["not_useful"],
        }
    )
    useful = builder.get_draft(SLUG).source["pages"][0]["questions"][0]
    assert "favourable" not in useful
    resolved = builder_publish.preview(builder.get_draft(SLUG))["pages"][0]["questions"][0]
    assert resolved["favourable"] == scales()["useful4"]["favourable"]
    assert "not_useful" not in resolved["favourable"]


def test_favourable_answers_go_through_export_and_import(draft, browser: Browser):
    browser.get(RECOMMEND)
    browser.post(data={**RECOMMEND_FORM, "favourable": ["yes", "not_sure"]})
    exported = json.loads(browser.client.get(f"/admin/surveys/{SLUG}/export.json").data)
    question = exported["pages"][0]["questions"][1]
    assert question["favourable"] == ["yes", "not_sure"]

    copy = {**exported, "slug": "training-copy"}
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": json.dumps(copy)})
    assert page.url == "/admin/surveys/training-copy"
    imported = builder.get_draft("training-copy").source["pages"][0]["questions"][1]
    assert imported["favourable"] == ["yes", "not_sure"]

    question["favourable"] = ["maybe"]
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": json.dumps({**exported, "slug": "training-bad"})})
    assert page.status == 400
    assert "Favourable answers must be codes of this question's options" in page.text()
    assert builder.get_draft("training-bad") is None


def test_results_count_the_favourable_answers_the_admin_chose(app: Flask, draft, browser: Browser):
    browser.get(RECOMMEND)
    browser.post(data={**RECOMMEND_FORM, "favourable": ["yes"]})
    browser.get(f"/admin/surveys/{SLUG}")
    browser.post(f"/admin/surveys/{SLUG}/publish", data={})
    add_responses(
        group(12, "white", answers={"useful": "fairly_useful", "recommend": "yes"})
        + group(8, "white", answers={"useful": "fairly_useful", "recommend": "not_sure"})
        + group(4, "black", answers={"useful": "fairly_useful", "recommend": "yes"})
        + group(6, "black", answers={"useful": "fairly_useful", "recommend": "no"})
        + group(6, "asian", answers={"useful": "fairly_useful", "recommend": "yes"})
        + group(6, "asian", answers={"useful": "fairly_useful", "recommend": "no"}),
        slug=SLUG,
    )
    secret = api_tokens.create_token("App", [Scope.RESULTS_READ]).secret
    body = app.test_client().get(
        f"/api/v1/surveys/{SLUG}/results", headers={"Authorization": f"Bearer {secret}"}
    )
    groups = {g["group"]: g for g in body.get_json()["groups"]}
    assert groups["white"]["questions"]["recommend"]["positive_share"] == 0.6
    assert groups["asian"]["questions"]["recommend"]["positive_share"] == 0.5
    assert groups["black"]["questions"]["recommend"]["positive_share"] == 0.4

    analyst = app.test_client()
    signed_in(analyst, Role.ANALYST)
    page = Browser(analyst).get(f"/results/{SLUG}")
    captions = [c.get_text(" ", strip=True) for c in page.soup.select("caption")]
    assert any(
        c.startswith("Would you recommend it to a colleague?") and "Favourable: Yes" in c
        for c in captions
    ), captions


def test_an_imported_question_that_allows_several_answers_cannot_have_favourable_ones(
    draft, browser: Browser
):
    """The builder offers favourable answers for one-answer questions only; an import is held
    to the same, or a share "favourable" of ticks, not of people, would reach the results."""
    exported = json.loads(browser.client.get(f"/admin/surveys/{SLUG}/export.json").data)
    several = {
        "key": "heard_from",
        "type": "multi_choice",
        "text": {"en": "Where did you hear about the session?"},
        "options": [
            {"code": "poster", "label": {"en": "A poster"}},
            {"code": "friend", "label": {"en": "A friend"}},
        ],
        "favourable": ["friend"],
    }
    exported["pages"][0]["questions"].append(several)
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": json.dumps({**exported, "slug": "training-several"})})
    assert page.status == 400
    assert "Only a question with one answer can have favourable answers" in page.text()
    assert builder.get_draft("training-several") is None
