"""Withdrawal and purge reach the trained models: none keeps an answer that has gone.

Every stored model records the ids of the answers it learned from
(:class:`models.AnalysisModelSource`). After a response is withdrawn or purged, in the same
transaction, :func:`forget_gone_answers` finds the survey's models that learned from an answer
no longer stored (or that record nothing: trained before the record was kept), and:

- an *active* model is trained again on the coded answers that remain, with its agreement
  measured again, when enough remain for its kind; otherwise, or if training fails, it is set
  aside: its payload is emptied, it is no longer used (scoring falls back to the word list or
  the seed terms) and the coding page asks analysts to train again;
- an *inactive* model (kept only as history) is deleted.

One audit event per survey says which models were trained again, set aside or deleted, and
why; it never names an answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import delete, exists, not_, or_, select

from app.services import audit
from app.services.coding.training import (
    coded_set,
    lock_models,
    min_coded_for_sentiment,
    min_coded_for_themes,
    train_kinds,
)
from models import AnalysisModel, AnalysisModelSource, Survey, TextAnswer, db, utcnow

log = logging.getLogger(__name__)

Because = Literal["withdrawal", "retention"]
AUDIT_ACTIONS: dict[str, str] = {
    "withdrawal": "analysis.models_after_withdrawal",
    "retention": "analysis.models_after_retention",
}

__all__ = ["AUDIT_ACTIONS", "Forgotten", "forget_gone_answers", "lock_models"]


@dataclass
class Forgotten:
    """What happened to a survey's models that had learned from answers now gone."""

    retrained: list[tuple[str, str, str]] = field(default_factory=list)  # kind, old, new
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # kind, version
    deleted: list[tuple[str, str]] = field(default_factory=list)  # kind, version

    def __bool__(self) -> bool:
        return bool(self.retrained or self.set_aside or self.deleted)


def _holding_gone_answers(survey_id: int) -> list[AnalysisModel]:
    """The survey's stored models that learned from an answer no longer stored, or that do
    not record what they learned from."""
    sources = AnalysisModelSource
    gone = exists().where(
        sources.model_id == AnalysisModel.id,
        not_(exists().where(TextAnswer.id == sources.text_answer_id)),
    )
    unrecorded = not_(exists().where(sources.model_id == AnalysisModel.id))
    return list(
        db.session.scalars(
            select(AnalysisModel)
            .where(
                AnalysisModel.survey_id == survey_id,
                AnalysisModel.set_aside_at.is_(None),
                or_(gone, unrecorded),
            )
            .order_by(AnalysisModel.id)
        )
    )


def _delete(model: AnalysisModel) -> None:
    db.session.execute(delete(AnalysisModelSource).where(AnalysisModelSource.model_id == model.id))
    db.session.delete(model)


def _set_aside(model: AnalysisModel, because: Because) -> None:
    db.session.execute(delete(AnalysisModelSource).where(AnalysisModelSource.model_id == model.id))
    model.payload = b""
    model.active = False
    model.set_aside_at = utcnow()
    model.set_aside_because = because


def _retrain(survey: Survey, kinds: set[str], because: Because) -> dict[str, str]:
    """Train the kinds that still have enough coded answers; their new versions by kind.

    In a savepoint: if training fails, nothing of it stays and the models are set aside.
    """
    data = coded_set(survey)
    sentiment = "sentiment" in kinds and len(data) >= min_coded_for_sentiment()
    themes = "themes" in kinds and len(data) >= min_coded_for_themes()
    if not (sentiment or themes):
        return {}
    try:
        with db.session.begin_nested():
            trained = train_kinds(survey, data, sentiment=sentiment, themes=themes)
    except Exception:  # a withdrawal must go through even if the models cannot be trained
        log.exception("training again after answers were deleted failed; setting models aside")
        return {}
    versions = {model.kind: model.version for model in trained if model is not None}
    for row in db.session.scalars(
        select(AnalysisModel).where(AnalysisModel.version.in_(versions.values()))
    ):
        row.metrics = {**row.metrics, "retrained_because": because}
    return versions


def forget_gone_answers(survey: Survey, because: Because) -> Forgotten:
    """Make sure none of the survey's models holds an answer that is no longer stored.

    Call it in the transaction that deleted the answers, after :func:`lock_models` (taken
    before deleting them) and a flush. Adds one audit event when anything changed.
    """
    affected = _holding_gone_answers(survey.id)
    outcome = Forgotten()
    if not affected:
        return outcome
    active = {model.kind: model for model in affected if model.active}
    old = {model.id: (model.kind, model.version) for model in affected}
    new_versions = _retrain(survey, set(active), because)
    for model in affected:
        kind, version = old[model.id]
        if new_versions.get(kind) == version:
            # Trained again to the very same model (it had recorded no answers, and none it
            # learned from has gone): it stays, now with its answers recorded.
            continue
        if active.get(kind) is model and kind in new_versions:
            outcome.retrained.append((kind, version, new_versions[kind]))
            _delete(model)
        elif active.get(kind) is model:
            outcome.set_aside.append((kind, version))
            _set_aside(model, because)
        else:
            outcome.deleted.append((kind, version))
            _delete(model)
    db.session.flush()
    if outcome:
        audit.add(AUDIT_ACTIONS[because], survey.slug, _audit_detail(survey, outcome))
    return outcome


def _audit_detail(survey: Survey, outcome: Forgotten) -> dict:
    def item(kind: str, version: str) -> dict[str, str]:
        return {"kind": kind, "survey": survey.slug, "version": version}

    return {
        "retrained": [
            {**item(kind, old), "new_version": new} for kind, old, new in outcome.retrained
        ],
        "set_aside": [item(kind, version) for kind, version in outcome.set_aside],
        "deleted": [item(kind, version) for kind, version in outcome.deleted],
    }
