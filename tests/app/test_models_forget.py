"""Withdrawal and purge reach the trained models: a model that learned from a withdrawn or
purged answer is trained again without it, or set aside when too few coded answers remain, and
no stored model keeps a name or phone number it was shown."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from analysis import sentiment as lexicon
from app.services import coding, responses, retention, scoring, surveys
from models import (
    AnalysisModel,
    AnalysisModelSource,
    AuditEvent,
    Response,
    TextAnswer,
    db,
    today,
)
from tests.app.coding_helpers import code_directly, synthetic_coded
from tests.pages import Browser

# A made-up word: it survives stemming as this prefix, so it can be looked for in the payload.
MARKER = "zxqvortle"
MARKER_STEM = b"zxqvort"
NAME_AND_PHONE = "PC Smithers was rude to me, call 07700900123"


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


def _respondent_with_coded_answers(coder, on: dt.date | None = None) -> tuple[str, list[int]]:
    """A response with two coded answers that share MARKER (so a model keeps it: it is in
    two answers), one naming an officer and giving a phone number; its withdrawal code."""
    survey = surveys.get_survey("stop-search")
    code = responses._new_withdrawal_code()
    day = on or today()
    response = Response(
        survey_id=survey.id,
        survey_version_id=survey.current_version.id,
        submitted_on=day,
        submitted_month=day.strftime("%Y-%m"),
        withdrawal_hash=responses._hash_code(code),
        ethnic_group="not_stated",
        ethnicity="not_stated",
    )
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


def test_withdrawing_a_response_that_trained_the_models_trains_them_again_without_it(
    app, analyst, browser, low_thresholds
):
    _, code, text_ids = _trained_with_a_respondent(analyst)
    before = {kind: _active(kind) for kind in ("sentiment", "themes")}
    before_versions = {kind: model.version for kind, model in before.items()}
    assert all(model.trained_on == 72 for model in before.values())

    respondent = Browser(app.test_client())  # not signed in
    respondent.get("/withdraw")
    page = respondent.post(data={"code": code})
    assert page.status == 200

    assert not db.session.scalars(select(TextAnswer).where(TextAnswer.id.in_(text_ids))).all()
    stored = _payloads()
    assert MARKER_STEM not in stored
    for kind in ("sentiment", "themes"):
        model = _active(kind)
        assert model.trained_on == 70
        assert model.version != before_versions[kind]
        assert model.metrics["retrained_because"] == "withdrawal"
    # The old models are gone, and nothing records the withdrawn answers any more.
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 2
    assert not db.session.scalars(
        select(AnalysisModelSource).where(AnalysisModelSource.text_answer_id.in_(text_ids))
    ).all()

    (event,) = _model_events()
    assert (event.action, event.target, event.actor) == (
        "analysis.models_after_withdrawal",
        "stop-search",
        None,
    )
    assert {item["version"] for item in event.detail["retrained"]} == set(before_versions.values())
    assert MARKER not in repr(event.detail) and "Smithers" not in repr(event.detail)

    # Scoring and the pages go on working with the new models.
    results = {result.survey: result for result in scoring.run()}
    assert results["stop-search"].sentiment_version == _active("sentiment").version
    coding_page = browser.get("/results/stop-search/coding")
    assert coding_page.status == 200
    assert "In use: a model trained on 70 coded answers" in coding_page.text()
    assert "trained again without answers that were withdrawn by the people who gave them" in (
        coding_page.text()
    )
    assert browser.get("/results/stop-search").status == 200


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
    uncoded_code = responses._new_withdrawal_code()
    response = Response(
        survey_id=survey.id,
        survey_version_id=survey.current_version.id,
        submitted_on=today(),
        submitted_month=today().strftime("%Y-%m"),
        withdrawal_hash=responses._hash_code(uncoded_code),
        ethnic_group="not_stated",
        ethnicity="not_stated",
    )
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


def test_when_too_few_coded_answers_remain_the_model_is_set_aside_and_the_page_says_so(
    app, analyst, browser, monkeypatch
):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 72)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    survey, code, _ = _trained_with_a_respondent(analyst)
    old_sentiment = _active("sentiment").version

    assert responses.withdraw(code)

    assert MARKER_STEM not in _payloads()
    db.session.expire_all()
    assert not db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.kind == "sentiment", AnalysisModel.active)
    ).all()
    set_aside = db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.version == old_sentiment)
    ).one()
    assert set_aside.payload == b""
    assert set_aside.set_aside_because == "withdrawal"
    assert _active("themes").trained_on == 70  # the theme model still had enough
    assert scoring.scorer_for(survey).sentiment_version == lexicon.LEXICON_VERSION

    (event,) = _model_events()
    assert [item["version"] for item in event.detail["set_aside"]] == [old_sentiment]
    page = browser.get("/results/stop-search/coding")
    text = page.text()
    assert (
        "Some answers the sentiment model learned from were withdrawn by the people who gave them"
        in text
    )
    assert "so it has been set aside and the word list is used" in text
    assert "Code 2 more answers to train the sentiment model" in text


def test_retention_purge_trains_the_models_again_without_the_purged_answers(
    analyst, runner, low_thresholds
):
    old_day = retention.months_before(today(), 24) - dt.timedelta(days=3)
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


def test_a_model_that_records_no_answers_is_trained_again_at_the_next_withdrawal(
    analyst, low_thresholds
):
    """Models trained before their answers were recorded may hold answers already withdrawn."""
    survey, code, _ = _trained_with_a_respondent(analyst)
    db.session.execute(AnalysisModelSource.__table__.delete())
    db.session.commit()
    assert MARKER_STEM in _payloads()

    # Someone else withdraws: an answer that trained nothing.
    other = responses._new_withdrawal_code()
    response = Response(
        survey_id=survey.id,
        survey_version_id=survey.current_version.id,
        submitted_on=today(),
        submitted_month=today().strftime("%Y-%m"),
        withdrawal_hash=responses._hash_code(other),
        ethnic_group="not_stated",
        ethnicity="not_stated",
    )
    db.session.add(response)
    db.session.commit()
    assert responses.withdraw(other)

    # Trained on the same coded answers, so the same models, now with their answers recorded.
    for kind in ("sentiment", "themes"):
        model = _active(kind)
        recorded = db.session.scalar(
            select(func.count())
            .select_from(AnalysisModelSource)
            .where(AnalysisModelSource.model_id == model.id)
        )
        assert recorded == model.trained_on == 72

    assert responses.withdraw(code)
    assert MARKER_STEM not in _payloads()
