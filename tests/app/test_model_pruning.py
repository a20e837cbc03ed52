"""`flask analysis prune-models`: old inactive sentiment and theme models are deleted, the
active one never is, two runs at once delete each model once, and the audit log says what
went."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from app.services import coding, model_pruning, scoring, surveys
from models import AnalysisModel, AuditEvent, db, utcnow
from tests.app.test_coding import code_directly, synthetic_coded

START = dt.datetime(2024, 1, 1, 9, 0)


def make_model(
    version: str,
    *,
    kind: str = "sentiment",
    survey: str = "stop-search",
    active: bool = False,
    days: int = 0,
    size: int = 100,
) -> AnalysisModel:
    """A saved model trained ``days`` days after START."""
    row = AnalysisModel(
        survey_id=surveys.get_survey(survey).id,
        kind=kind,
        version=version,
        payload=b"m" * size,
        active=active,
        created_at=START + dt.timedelta(days=days),
    )
    db.session.add(row)
    db.session.commit()
    return row


def versions() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(AnalysisModel.version)))


def prune_events() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "analysis.prune_models")
            .order_by(AuditEvent.id)
        )
    )


def history(prefix: str, count: int, *, active_day: int | None = None, **kwargs) -> list[str]:
    """``count`` inactive models a day apart, and an active one on ``active_day`` if given."""
    made = [make_model(f"{prefix}-{day}", days=day, **kwargs).version for day in range(count)]
    if active_day is not None:
        made.append(make_model(f"{prefix}-active", active=True, days=active_day, **kwargs).version)
    return made


def test_by_default_the_active_model_and_two_newest_inactive_of_each_kind_are_kept(runner):
    sentiment = history("st", 5, active_day=10)
    themes = history("tc", 4, active_day=10, kind="themes")
    other_survey = history("say", 3, active_day=10, survey="say-to-stay")

    result = runner.invoke(args=["analysis", "prune-models"])

    assert result.exit_code == 0, result.output
    assert versions() == {
        "st-3",
        "st-4",
        "st-active",
        "tc-2",
        "tc-3",
        "tc-active",
        "say-1",
        "say-2",
        "say-active",
    }
    deleted = set(sentiment + themes + other_survey) - versions()
    assert deleted == {"st-0", "st-1", "st-2", "tc-0", "tc-1", "say-0"}
    lines = result.output.splitlines()
    assert (
        lines[0]
        == "Deleted say-to-stay sentiment model say-0 (trained 2024-01-01 09:00, 100 bytes)"
    )
    for version in deleted:
        assert sum(version in line for line in lines) == 1
    assert lines[-1] == (
        "Deleted 6 old models (600 bytes); kept the active models and the 2 newest inactive "
        "ones of each survey and kind."
    )


def test_the_active_model_stays_even_when_it_is_the_oldest_and_keep_is_zero(runner):
    # Trained again on the same coded answers, an old model is made active again.
    make_model("old-but-active", active=True, days=0)
    history("newer", 3)
    history("tc", 2, kind="themes", active_day=5)

    result = runner.invoke(args=["analysis", "prune-models", "--keep", "0"])

    assert result.exit_code == 0, result.output
    assert versions() == {"old-but-active", "tc-active"}
    assert "kept only the active models" in result.output


def test_a_set_aside_theme_model_keeps_its_newest_inactive_ones(runner):
    """After a theme edit no theme model is active: the newest inactive ones still stay."""
    history("tc", 4, kind="themes")
    runner.invoke(args=["analysis", "prune-models", "--keep", "1"])
    assert versions() == {"tc-3"}


def test_a_second_run_finds_nothing_and_logs_nothing(runner):
    history("st", 4, active_day=10)
    first = runner.invoke(args=["analysis", "prune-models"])
    assert "Deleted 2 old models" in first.output
    second = runner.invoke(args=["analysis", "prune-models"])
    assert second.exit_code == 0
    assert second.output.strip() == (
        "No old models to delete; kept the active models and the 2 newest inactive ones of "
        "each survey and kind."
    )
    assert len(prune_events()) == 1
    assert versions() == {"st-2", "st-3", "st-active"}


def test_pruning_is_in_the_audit_log(runner):
    history("st", 3, active_day=10)
    before = utcnow()
    runner.invoke(args=["analysis", "prune-models", "--keep", "1"])
    (event,) = prune_events()
    assert event.actor is None and event.actor_id is None  # the command line
    assert event.occurred_at.replace(tzinfo=None) >= before.replace(tzinfo=None, microsecond=0)
    assert event.target == "analysis_models"
    assert event.detail == {
        "keep": 1,
        "deleted": [
            {"survey": "stop-search", "kind": "sentiment", "version": "st-0"},
            {"survey": "stop-search", "kind": "sentiment", "version": "st-1"},
        ],
    }


@pytest.mark.parametrize("keep", ["-1", "two"])
def test_a_bad_keep_is_refused_with_a_message_and_deletes_nothing(runner, keep):
    history("st", 4, active_day=10)
    result = runner.invoke(args=["analysis", "prune-models", "--keep", keep])
    assert result.exit_code == 2
    assert "Invalid value for '--keep'" in result.output
    assert len(versions()) == 5


def test_the_service_refuses_a_negative_keep():
    with pytest.raises(ValueError, match="cannot be negative"):
        model_pruning.prune(keep=-1)


def test_two_runs_at_once_delete_each_model_once_and_both_succeed(app):
    history("st", 30, active_day=40)
    history("tc", 30, active_day=40, kind="themes")
    history("say", 30, active_day=40, survey="say-to-stay")
    start = threading.Barrier(2)
    results: list[list[model_pruning.PrunedModel]] = []
    errors: list[BaseException] = []

    def prune() -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                results.append(model_pruning.prune(keep=2))
            except Exception as error:  # reported below, with the other run's result
                errors.append(error)
            finally:
                db.session.remove()

    runs = [threading.Thread(target=prune) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=120)

    assert errors == []
    # One run deleted them all; the other, queued behind it, found nothing left.
    assert sorted(len(result) for result in results) == [0, 3 * 28]
    deleted = [model.version for result in results for model in result]
    assert len(set(deleted)) == 3 * 28
    assert versions() == {
        f"{prefix}-{suffix}" for prefix in ("st", "tc", "say") for suffix in ("28", "29", "active")
    }
    assert len(prune_events()) == 1


def test_answers_are_still_scored_by_the_active_models_after_pruning(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "CODING_MIN_SENTIMENT", 60)
    monkeypatch.setitem(app.config, "CODING_MIN_THEMES", 40)
    survey = surveys.get_survey("stop-search")
    rows = synthetic_coded(80)
    for size in (60, 70, 80):  # three trainings, each on more coded answers
        code_directly(rows[size - 10 if size > 60 else 0 : size])
        coding.train(survey)
    assert db.session.scalar(select(func.count()).select_from(AnalysisModel)) == 6
    active = dict(
        db.session.execute(
            select(AnalysisModel.kind, AnalysisModel.version).where(AnalysisModel.active)
        ).all()
    )

    result = runner.invoke(args=["analysis", "prune-models", "--keep", "0"])

    assert result.exit_code == 0, result.output
    assert "Deleted 4 old models" in result.output
    assert versions() == set(active.values())
    scorer = scoring.scorer_for(surveys.get_survey("stop-search"))
    assert (scorer.sentiment_version, scorer.themes_version) == (
        active["sentiment"],
        active["themes"],
    )


def test_a_model_waiting_to_be_trained_again_is_not_pruned(runner):
    """Set aside after a withdrawal (its payload emptied), it is marked for the next analysis
    run; pruning it would lose the mark, and the survey would stay on the word list."""
    history("st", 3, active_day=10)
    waiting = make_model("st-waiting", days=20, size=0)
    waiting.set_aside_at, waiting.set_aside_because, waiting.train_again = (
        utcnow(),
        "withdrawal",
        True,
    )
    db.session.commit()

    result = runner.invoke(args=["analysis", "prune-models", "--keep", "0"])

    assert result.exit_code == 0, result.output
    assert versions() == {"st-active", "st-waiting"}
