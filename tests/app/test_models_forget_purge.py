"""Every stored copy of a model forgets: a retention purge trains the models again without the
purged answers, models kept inactive that learned from a withdrawn answer are deleted, and a
model that does not record which answers it learned from is set aside at the next withdrawal."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.services import coding, responses, retention
from models import AnalysisModel, AnalysisModelSource, db
from tests.app.coding_helpers import code_directly, synthetic_coded
from tests.app.models_forget_helpers import (
    MARKER_STEM,
    active,
    model_events,
    new_response,
    payloads,
    trained_with_a_respondent,
)


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


def test_retention_purge_trains_the_models_again_without_the_purged_answers(
    analyst, runner, low_thresholds
):
    old_day = retention.first_month_kept(24) - dt.timedelta(days=3)
    _, _, text_ids = trained_with_a_respondent(analyst, on=old_day)
    before = {kind: active(kind).version for kind in ("sentiment", "themes")}
    assert MARKER_STEM in payloads()

    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert "2 trained again without them" in result.output
    assert MARKER_STEM not in payloads()
    for kind in ("sentiment", "themes"):
        model = active(kind)
        assert model.trained_on == 70
        assert model.version != before[kind]
        assert model.metrics["retrained_because"] == "retention"
    (event,) = model_events()
    assert event.action == "analysis.models_after_retention"
    assert not db.session.scalars(
        select(AnalysisModelSource).where(AnalysisModelSource.text_answer_id.in_(text_ids))
    ).all()

    # Nothing more to do the next time.
    again = runner.invoke(args=["retention", "purge"])
    assert again.exit_code == 0, again.output
    assert len(model_events()) == 1


def test_models_kept_inactive_that_learned_from_a_withdrawn_answer_are_deleted(
    analyst, low_thresholds
):
    survey, code, _ = trained_with_a_respondent(analyst)
    old = {active("sentiment").version, active("themes").version}
    code_directly(synthetic_coded(5, seed=7), analyst)
    coding.train(survey)  # the first models are now kept, inactive
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 4

    assert responses.withdraw(code)

    db.session.expire_all()
    versions = set(db.session.scalars(select(AnalysisModel.version)))
    assert versions.isdisjoint(old)
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 2
    assert MARKER_STEM not in payloads()
    # The audit log says which models were deleted, beside those set aside.
    (event,) = model_events()
    assert {item["version"] for item in event.detail["deleted"]} == old
    assert len(event.detail["set_aside"]) == 2


def test_a_model_that_records_no_answers_is_set_aside_at_the_next_withdrawal(
    analyst, runner, low_thresholds
):
    """Models trained before their answers were recorded may hold answers already withdrawn."""
    survey, code, _ = trained_with_a_respondent(analyst)
    db.session.execute(AnalysisModelSource.__table__.delete())
    db.session.commit()
    assert MARKER_STEM in payloads()
    versions = {kind: active(kind).version for kind in ("sentiment", "themes")}

    # Someone else withdraws: an answer that trained nothing.
    response, other = new_response(survey)
    db.session.add(response)
    db.session.commit()
    assert responses.withdraw(other)
    assert MARKER_STEM not in payloads()

    assert runner.invoke(args=["analysis", "run"]).exit_code == 0

    # Trained on the same coded answers, so the same models, now with their answers recorded.
    for kind in ("sentiment", "themes"):
        model = active(kind)
        assert model.version == versions[kind]
        assert not model.train_again and model.set_aside_at is None
        recorded = db.session.scalar(
            select(func.count())
            .select_from(AnalysisModelSource)
            .where(AnalysisModelSource.model_id == model.id)
        )
        assert recorded == model.trained_on == 72

    assert responses.withdraw(code)
    assert MARKER_STEM not in payloads()
