"""A withdrawal while a model is being fitted: fitting happens outside any lock, so a model
fitted from an answer withdrawn meanwhile is never stored, whether `flask analysis run` or an
analyst's "Train the models" is fitting it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.services import coding, responses, surveys
from app.services.coding import training
from models import AnalysisModel, db
from tests.app.coding_helpers import code_directly, synthetic_coded
from tests.app.models_forget_helpers import (
    MARKER_STEM,
    active,
    payloads,
    respondent_with_coded_answers,
    trained_with_a_respondent,
)


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)


def test_models_fitted_while_an_answer_they_learned_from_is_withdrawn_are_not_stored(
    analyst, runner, low_thresholds, monkeypatch
):
    """Fitting happens outside any lock: a withdrawal meanwhile must not be outlived."""
    _, code, _ = trained_with_a_respondent(analyst)
    other, _ = respondent_with_coded_answers(analyst)
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
    assert MARKER_STEM not in payloads()
    assert not db.session.scalars(select(AnalysisModel).where(AnalysisModel.active)).all()
    assert len(db.session.scalars(select(AnalysisModel).where(AnalysisModel.train_again)).all())

    second = runner.invoke(args=["analysis", "run"])

    assert "trained again without them" in second.output
    assert all(active(kind).trained_on == 70 for kind in ("sentiment", "themes"))
    assert MARKER_STEM not in payloads()


def test_training_by_hand_fits_again_when_an_answer_is_withdrawn_meanwhile(
    analyst, low_thresholds, monkeypatch
):
    code_directly(synthetic_coded(70), analyst)
    code, _ = respondent_with_coded_answers(analyst)
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
    assert all(active(kind).trained_on == 70 for kind in ("sentiment", "themes"))
    assert MARKER_STEM not in payloads()
