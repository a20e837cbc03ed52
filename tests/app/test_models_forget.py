"""Withdrawal reaches the trained models: a model that learned from a withdrawn answer is set
aside at once, in the withdrawal's own quick transaction, and trained again without it by the
next `flask analysis run`, or left set aside when too few coded answers remain; no stored model
keeps a name or phone number it was shown. Purges and older copies of models are in
test_models_forget_purge.py, withdrawals while a model is being fitted in
test_models_forget_races.py."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from analysis import sentiment as lexicon
from app.services import audit_display, responses, scoring
from app.services.coding import training
from models import AnalysisModel, AnalysisModelSource, AuditEvent, TextAnswer, db
from tests.app.coding_helpers import add_answers
from tests.app.models_forget_helpers import (
    MARKER,
    MARKER_STEM,
    active,
    model_by_version,
    model_events,
    new_response,
    payloads,
    trained_with_a_respondent,
)
from tests.pages import Browser


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


@pytest.fixture
def no_training():
    """While ``with no_training():`` runs, fitting a model fails the test."""

    def fit(*args, **kwargs):
        raise AssertionError("a model was trained")

    @contextmanager
    def forbidden():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(training, "_fit_sentiment", fit)
            patch.setattr(training, "_fit_themes", fit)
            yield

    return forbidden


def test_no_stored_model_keeps_a_name_or_phone_number_from_an_answer(analyst, low_thresholds):
    trained_with_a_respondent(analyst)
    stored = payloads()
    assert MARKER_STEM in stored  # in two answers, so learned and stored
    assert b"smither" not in stored.lower()
    assert b"07700900123" not in stored
    # Nor any other word of a single answer: each synthetic answer ends with its own number.
    assert b"(69)" not in stored


def test_a_withdrawal_sets_the_models_aside_at_once_and_analysis_run_trains_them_again(
    app, analyst, browser, runner, low_thresholds, no_training
):
    survey, code, text_ids = trained_with_a_respondent(analyst)
    before = {kind: active(kind).version for kind in ("sentiment", "themes")}
    assert all(active(kind).trained_on == 72 for kind in ("sentiment", "themes"))

    respondent = Browser(app.test_client())  # not signed in
    respondent.get("/withdraw")
    with no_training():
        page = respondent.post(data={"code": code})
    assert page.status == 200

    # The answers are gone, and so is every trace of them in a model, without any training.
    assert not db.session.scalars(select(TextAnswer).where(TextAnswer.id.in_(text_ids))).all()
    assert MARKER_STEM not in payloads()
    assert not db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).all()
    for version in before.values():
        model = model_by_version(version)
        assert model.payload == b""
        assert (model.set_aside_because, model.train_again) == ("withdrawal", True)
    assert not db.session.scalars(
        select(AnalysisModelSource).where(AnalysisModelSource.text_answer_id.in_(text_ids))
    ).all()
    (event,) = model_events()
    assert (event.action, event.target, event.actor) == (
        "analysis.models_after_withdrawal",
        "stop-search",
        None,
    )
    assert {item["version"] for item in event.detail["set_aside"]} == set(before.values())
    assert MARKER not in repr(event.detail) and "Smithers" not in repr(event.detail)

    # Meanwhile answers are scored with the word list and the seed terms, and the pages work.
    assert scoring.scorer_for(survey).sentiment_version == lexicon.LEXICON_VERSION
    (arrived,) = add_answers(["the officer was polite and calm"])
    scoring.run()
    db.session.refresh(arrived)
    assert arrived.sentiment_model == lexicon.LEXICON_VERSION
    coding_page = browser.get("/results/stop-search/coding")
    assert coding_page.status == 200
    text = coding_page.text()
    for kind in ("sentiment", "theme"):
        assert (
            f"Some answers the {kind} model learned from were withdrawn by the people who gave "
            "them, so it has been set aside"
        ) in text
    assert "That happens at the next analysis run, or you can train the models now." in text
    assert "Smithers" not in text and MARKER not in text
    assert browser.get("/results/stop-search").status == 200

    result = runner.invoke(args=["analysis", "run"])

    assert result.exit_code == 0, result.output
    assert "sentiment model" in result.output and "trained again without them" in result.output
    for kind in ("sentiment", "themes"):
        model = active(kind)
        assert model.trained_on == 70
        assert model.version != before[kind]
        assert model.metrics["retrained_because"] == "withdrawal"
    # The set-aside models are gone with their marks; nothing is left to train again.
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 2
    assert not db.session.scalars(select(AnalysisModel).where(AnalysisModel.train_again)).all()
    assert MARKER_STEM not in payloads()
    trained = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "analysis.models_trained_again")
    ).one()
    assert {item["version"] for item in trained.detail["retrained"]} == set(before.values())
    assert (trained.actor, audit_display.action_name(trained.action)) == (
        None,
        "Set-aside models trained again without deleted answers",
    )
    # The same run scored again with the new models what the word list had scored meanwhile.
    db.session.refresh(arrived)
    assert arrived.sentiment_model == active("sentiment").version
    assert arrived.themes_model == active("themes").version

    coding_page = browser.get("/results/stop-search/coding")
    assert "In use: a model trained on 70 coded answers" in coding_page.text()
    assert "trained again without answers that were withdrawn by the people who gave them" in (
        coding_page.text()
    )
    assert "so it has been set aside" not in coding_page.text()
    again = runner.invoke(args=["analysis", "run"])
    assert "trained again" not in again.output
    assert len(model_events()) == 1


def test_withdrawing_a_response_that_trained_nothing_leaves_the_models_as_they_were(
    analyst, low_thresholds
):
    survey, _, _ = trained_with_a_respondent(analyst)
    before = {
        kind: (model.id, model.version, model.payload)
        for kind in ("sentiment", "themes")
        for model in [active(kind)]
    }
    # A respondent whose answer nobody coded.
    response, uncoded_code = new_response(survey)
    response.text_answers.append(
        TextAnswer(survey_id=survey.id, question_key="improve", text=f"{MARKER} never coded")
    )
    db.session.add(response)
    db.session.commit()

    assert responses.withdraw(uncoded_code)

    after = {
        kind: (model.id, model.version, model.payload)
        for kind in ("sentiment", "themes")
        for model in [active(kind)]
    }
    assert after == before
    assert model_events() == []


def test_when_too_few_coded_answers_remain_the_model_stays_set_aside_and_the_page_says_so(
    app, analyst, browser, runner, monkeypatch
):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 72)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    survey, code, _ = trained_with_a_respondent(analyst)
    old = {kind: active(kind).version for kind in ("sentiment", "themes")}

    assert responses.withdraw(code)

    assert MARKER_STEM not in payloads()
    page = browser.get("/results/stop-search/coding").text()
    # The theme model can be trained again; the sentiment model cannot: 70 coded, 72 needed.
    assert "so it has been set aside and the seed terms are used until it is trained" in page
    assert (
        "Some answers the sentiment model learned from were withdrawn by the people who gave "
        "them, and too few coded answers were left to train it again without them, so it has "
        "been set aside and the word list is used"
    ) in page

    result = runner.invoke(args=["analysis", "run"])

    assert result.exit_code == 0, result.output
    assert "too few coded answers are left to train the sentiment model again" in result.output
    assert active("themes").trained_on == 70  # the theme model still had enough
    assert not db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == "sentiment", AnalysisModel.active)
    ).all()
    set_aside = model_by_version(old["sentiment"])
    assert set_aside.payload == b""
    assert (set_aside.set_aside_because, set_aside.train_again) == ("withdrawal", False)
    assert scoring.scorer_for(survey).sentiment_version == lexicon.LEXICON_VERSION

    (event,) = model_events()
    assert {item["version"] for item in event.detail["set_aside"]} == set(old.values())
    page = browser.get("/results/stop-search/coding").text()
    assert (
        "Some answers the sentiment model learned from were withdrawn by the people who gave them"
        in page
    )
    assert "so it has been set aside and the word list is used" in page
    assert "Code 2 more answers to train the sentiment model" in page
    assert "theme model learned from" not in page
