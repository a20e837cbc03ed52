"""Withdrawal and purge reach the trained models: a model that learned from a withdrawn or
purged answer is set aside at once, in the withdrawal's own quick transaction, and trained again
without it by the next `flask analysis run` (the purge trains it at the end of its own run), or
left set aside when too few coded answers remain; no stored model keeps a name or phone number
it was shown."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from analysis import sentiment as lexicon
from app.services import audit_display, coding, responses, retention, scoring, surveys
from app.services.coding import training
from models import (
    AnalysisModel,
    AnalysisModelSource,
    AuditEvent,
    Response,
    TextAnswer,
    db,
    today,
)
from tests.app.coding_helpers import add_answers, code_directly, synthetic_coded
from tests.pages import Browser

# A made-up word: it survives stemming as this prefix, so it can be looked for in the payload.
MARKER = "zxqvortle"
MARKER_STEM = b"zxqvort"
NAME_AND_PHONE = "PC Smithers was rude to me, call 07700900123"


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


def _response(survey, on: dt.date | None = None) -> tuple[Response, str]:
    """A stop and search response (not yet added), and its withdrawal code."""
    code = responses._new_withdrawal_code()
    day = (on or today()).replace(day=1)  # a response keeps only its month
    response = Response(
        survey_id=survey.id,
        survey_version_id=survey.current_version.id,
        submitted_on=day,
        submitted_month=day.strftime("%Y-%m"),
        withdrawal_hash=responses._hash_code(code),
        ethnic_group="not_stated",
        ethnicity="not_stated",
    )
    return response, code


def _respondent_with_coded_answers(coder, on: dt.date | None = None) -> tuple[str, list[int]]:
    """A response with two coded answers that share MARKER (so a model keeps it: it is in
    two answers), one naming an officer and giving a phone number; its withdrawal code."""
    survey = surveys.get_survey("stop-search")
    response, code = _response(survey, on)
    texts = [
        (f"{NAME_AND_PHONE}. He kept saying {MARKER}", "improve", -2),
        (f"the {MARKER} thing again, they never said why", "grounds", -1),
    ]
    for text, key, _ in texts:
        response.text_answers.append(TextAnswer(survey_id=survey.id, question_key=key, text=text))
    db.session.add(response)
    db.session.commit()
    for answer, (_, _, code_) in zip(response.text_answers, texts, strict=True):
        coding.save_code(survey, answer, code_, set(), coder)
    return code, [answer.id for answer in response.text_answers]


def _active(kind: str) -> AnalysisModel:
    db.session.expire_all()
    return db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == kind, AnalysisModel.active)
    ).one()


def _payloads() -> bytes:
    db.session.expire_all()
    return b"".join(db.session.scalars(select(AnalysisModel.payload)))


def _model_events() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.like("analysis.models_after_%"))
            .order_by(AuditEvent.id)
        )
    )


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


def _set_aside(version: str) -> AnalysisModel:
    db.session.expire_all()
    return db.session.scalars(select(AnalysisModel).where(AnalysisModel.version == version)).one()


def _trained_with_a_respondent(analyst, on: dt.date | None = None):
    code_directly(synthetic_coded(70), analyst)
    code, text_ids = _respondent_with_coded_answers(analyst, on)
    survey = surveys.get_survey("stop-search")
    coding.train(survey)
    return survey, code, text_ids


def test_no_stored_model_keeps_a_name_or_phone_number_from_an_answer(analyst, low_thresholds):
    _trained_with_a_respondent(analyst)
    stored = _payloads()
    assert MARKER_STEM in stored  # in two answers, so learned and stored
    assert b"smither" not in stored.lower()
    assert b"07700900123" not in stored
    # Nor any other word of a single answer: each synthetic answer ends with its own number.
    assert b"(69)" not in stored


def test_a_withdrawal_sets_the_models_aside_at_once_and_analysis_run_trains_them_again(
    app, analyst, browser, runner, low_thresholds, no_training
):
    survey, code, text_ids = _trained_with_a_respondent(analyst)
    before = {kind: _active(kind).version for kind in ("sentiment", "themes")}
    assert all(_active(kind).trained_on == 72 for kind in ("sentiment", "themes"))

    respondent = Browser(app.test_client())  # not signed in
    respondent.get("/withdraw")
    with no_training():
        page = respondent.post(data={"code": code})
    assert page.status == 200

    # The answers are gone, and so is every trace of them in a model, without any training.
    assert not db.session.scalars(select(TextAnswer).where(TextAnswer.id.in_(text_ids))).all()
    assert MARKER_STEM not in _payloads()
    assert not db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).all()
    for version in before.values():
        model = _set_aside(version)
        assert model.payload == b""
        assert (model.set_aside_because, model.train_again) == ("withdrawal", True)
    assert not db.session.scalars(
        select(AnalysisModelSource).where(AnalysisModelSource.text_answer_id.in_(text_ids))
    ).all()
    (event,) = _model_events()
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
        model = _active(kind)
        assert model.trained_on == 70
        assert model.version != before[kind]
        assert model.metrics["retrained_because"] == "withdrawal"
    # The set-aside models are gone with their marks; nothing is left to train again.
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 2
    assert not db.session.scalars(select(AnalysisModel).where(AnalysisModel.train_again)).all()
    assert MARKER_STEM not in _payloads()
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
    assert arrived.sentiment_model == _active("sentiment").version
    assert arrived.themes_model == _active("themes").version

    coding_page = browser.get("/results/stop-search/coding")
    assert "In use: a model trained on 70 coded answers" in coding_page.text()
    assert "trained again without answers that were withdrawn by the people who gave them" in (
        coding_page.text()
    )
    assert "so it has been set aside" not in coding_page.text()
    again = runner.invoke(args=["analysis", "run"])
    assert "trained again" not in again.output
    assert len(_model_events()) == 1


def test_withdrawing_a_response_that_trained_nothing_leaves_the_models_as_they_were(
    analyst, low_thresholds
):
    survey, _, _ = _trained_with_a_respondent(analyst)
    before = {
        kind: (model.id, model.version, model.payload)
        for kind in ("sentiment", "themes")
        for model in [_active(kind)]
    }
    # A respondent whose answer nobody coded.
    response, uncoded_code = _response(survey)
    response.text_answers.append(
        TextAnswer(survey_id=survey.id, question_key="improve", text=f"{MARKER} never coded")
    )
    db.session.add(response)
    db.session.commit()

    assert responses.withdraw(uncoded_code)

    after = {
        kind: (model.id, model.version, model.payload)
        for kind in ("sentiment", "themes")
        for model in [_active(kind)]
    }
    assert after == before
    assert _model_events() == []


def test_when_too_few_coded_answers_remain_the_model_stays_set_aside_and_the_page_says_so(
    app, analyst, browser, runner, monkeypatch
):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 72)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    survey, code, _ = _trained_with_a_respondent(analyst)
    old = {kind: _active(kind).version for kind in ("sentiment", "themes")}

    assert responses.withdraw(code)

    assert MARKER_STEM not in _payloads()
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
    assert _active("themes").trained_on == 70  # the theme model still had enough
    assert not db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == "sentiment", AnalysisModel.active)
    ).all()
    set_aside = _set_aside(old["sentiment"])
    assert set_aside.payload == b""
    assert (set_aside.set_aside_because, set_aside.train_again) == ("withdrawal", False)
    assert scoring.scorer_for(survey).sentiment_version == lexicon.LEXICON_VERSION

    (event,) = _model_events()
    assert {item["version"] for item in event.detail["set_aside"]} == set(old.values())
    page = browser.get("/results/stop-search/coding").text()
    assert (
        "Some answers the sentiment model learned from were withdrawn by the people who gave them"
        in page
    )
    assert "so it has been set aside and the word list is used" in page
    assert "Code 2 more answers to train the sentiment model" in page
    assert "theme model learned from" not in page


def test_retention_purge_trains_the_models_again_without_the_purged_answers(
    analyst, runner, low_thresholds
):
    old_day = retention.first_month_kept(24) - dt.timedelta(days=3)
    _, _, text_ids = _trained_with_a_respondent(analyst, on=old_day)
    before = {kind: _active(kind).version for kind in ("sentiment", "themes")}
    assert MARKER_STEM in _payloads()

    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert "2 trained again without them" in result.output
    assert MARKER_STEM not in _payloads()
    for kind in ("sentiment", "themes"):
        model = _active(kind)
        assert model.trained_on == 70
        assert model.version != before[kind]
        assert model.metrics["retrained_because"] == "retention"
    (event,) = _model_events()
    assert event.action == "analysis.models_after_retention"
    assert not db.session.scalars(
        select(AnalysisModelSource).where(AnalysisModelSource.text_answer_id.in_(text_ids))
    ).all()

    # Nothing more to do the next time.
    again = runner.invoke(args=["retention", "purge"])
    assert again.exit_code == 0, again.output
    assert len(_model_events()) == 1


def test_models_kept_inactive_that_learned_from_a_withdrawn_answer_are_deleted(
    analyst, low_thresholds
):
    survey, code, _ = _trained_with_a_respondent(analyst)
    old = {_active("sentiment").version, _active("themes").version}
    code_directly(synthetic_coded(5, seed=7), analyst)
    coding.train(survey)  # the first models are now kept, inactive
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 4

    assert responses.withdraw(code)

    db.session.expire_all()
    versions = set(db.session.scalars(select(AnalysisModel.version)))
    assert versions.isdisjoint(old)
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 2
    assert MARKER_STEM not in _payloads()


def test_a_model_that_records_no_answers_is_set_aside_at_the_next_withdrawal(
    analyst, runner, low_thresholds
):
    """Models trained before their answers were recorded may hold answers already withdrawn."""
    survey, code, _ = _trained_with_a_respondent(analyst)
    db.session.execute(AnalysisModelSource.__table__.delete())
    db.session.commit()
    assert MARKER_STEM in _payloads()
    versions = {kind: _active(kind).version for kind in ("sentiment", "themes")}

    # Someone else withdraws: an answer that trained nothing.
    response, other = _response(survey)
    db.session.add(response)
    db.session.commit()
    assert responses.withdraw(other)
    assert MARKER_STEM not in _payloads()

    assert runner.invoke(args=["analysis", "run"]).exit_code == 0

    # Trained on the same coded answers, so the same models, now with their answers recorded.
    for kind in ("sentiment", "themes"):
        model = _active(kind)
        assert model.version == versions[kind]
        assert not model.train_again and model.set_aside_at is None
        recorded = db.session.scalar(
            select(func.count())
            .select_from(AnalysisModelSource)
            .where(AnalysisModelSource.model_id == model.id)
        )
        assert recorded == model.trained_on == 72

    assert responses.withdraw(code)
    assert MARKER_STEM not in _payloads()


def test_models_fitted_while_an_answer_they_learned_from_is_withdrawn_are_not_stored(
    analyst, runner, low_thresholds, monkeypatch
):
    """Fitting happens outside any lock: a withdrawal meanwhile must not be outlived."""
    _, code, _ = _trained_with_a_respondent(analyst)
    other, _ = _respondent_with_coded_answers(analyst)
    assert responses.withdraw(code)  # the models are set aside and marked
    fit = training.fit_kinds
    withdrawn = []

    def fit_then_withdraw(*args, **kwargs):
        fitted = fit(*args, **kwargs)
        if not withdrawn:  # a respondent withdraws while the first fit runs
            withdrawn.append(responses.withdraw(other))
        return fitted

    monkeypatch.setattr("app.services.coding.forgetting.fit_kinds", fit_then_withdraw)

    first = runner.invoke(args=["analysis", "run"])

    assert withdrawn == [True]
    assert "could not be trained again this time" in first.output
    assert MARKER_STEM not in _payloads()
    assert not db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).all()
    assert len(db.session.scalars(select(AnalysisModel).where(AnalysisModel.train_again)).all())

    second = runner.invoke(args=["analysis", "run"])

    assert "trained again without them" in second.output
    assert all(_active(kind).trained_on == 70 for kind in ("sentiment", "themes"))
    assert MARKER_STEM not in _payloads()


def test_training_by_hand_fits_again_when_an_answer_is_withdrawn_meanwhile(
    analyst, low_thresholds, monkeypatch
):
    code_directly(synthetic_coded(70), analyst)
    code, _ = _respondent_with_coded_answers(analyst)
    survey = surveys.get_survey("stop-search")
    fit = training.fit_kinds
    calls = []

    def fit_then_withdraw(*args, **kwargs):
        fitted = fit(*args, **kwargs)
        calls.append(len(args[1]))
        if len(calls) == 1:
            assert responses.withdraw(code)
        return fitted

    monkeypatch.setattr(training, "fit_kinds", fit_then_withdraw)

    outcome = coding.train(survey)

    assert calls == [72, 70]
    assert outcome.coded == 70
    assert all(_active(kind).trained_on == 70 for kind in ("sentiment", "themes"))
    assert MARKER_STEM not in _payloads()
