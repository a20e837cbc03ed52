"""Withdrawal and purge reach the trained models: none keeps an answer that has gone.

Every stored model records the ids of the answers it learned from
(:class:`models.AnalysisModelSource`). After a response is withdrawn or purged, in the same
transaction, :func:`forget_gone_answers` finds the survey's models that learned from an answer
no longer stored (or that record nothing: trained before the record was kept), and:

- an *active* model is set aside: its payload is emptied, it is no longer used (scoring falls
  back to the word list or the seed terms) and it is marked to be trained again
  (``train_again``);
- an *inactive* model (kept only as history) is deleted.

That is quick, so a respondent's withdrawal never waits for a model to be trained, and the
answer leaves no trace in any model when the withdrawal commits.

:func:`train_again`, run by `flask analysis run` before it scores (and by the retention purge
at the end of its run), trains every marked model again from the coded answers that remain and
clears the mark. It fits outside any transaction and stores the models in a short one that
checks no answer they learned from went meanwhile (else they wait for the next run). A marked
model with too few coded answers left for its kind has its mark cleared and stays set aside
until analysts code more and train; the coding page says which.

One audit event per survey says which models were set aside or deleted, and another which were
trained again; neither names an answer.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import delete, exists, not_, or_, select

from app.services import audit
from app.services.coding.training import (
    CodedSet,
    Fitted,
    coded_set,
    fit_kinds,
    lock_models,
    min_coded_for_sentiment,
    min_coded_for_themes,
    store_fitted,
)
from app.services.transaction import transactional
from models import AnalysisModel, AnalysisModelSource, Survey, TextAnswer, db, utcnow

log = logging.getLogger(__name__)

Because = Literal["withdrawal", "retention"]
AUDIT_ACTIONS: dict[str, str] = {
    "withdrawal": "analysis.models_after_withdrawal",
    "retention": "analysis.models_after_retention",
}
TRAINED_AGAIN_ACTION = "analysis.models_trained_again"

__all__ = [
    "AUDIT_ACTIONS",
    "TRAINED_AGAIN_ACTION",
    "Forgotten",
    "TrainedAgain",
    "forget_gone_answers",
    "lock_models",
    "train_again",
]


@dataclass
class Forgotten:
    """What happened to a survey's models that had learned from answers now gone."""

    set_aside: list[tuple[str, str]] = field(default_factory=list)  # kind, version
    deleted: list[tuple[str, str]] = field(default_factory=list)  # kind, version

    def __bool__(self) -> bool:
        return bool(self.set_aside or self.deleted)


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
    model.train_again = True


def forget_gone_answers(survey: Survey, because: Because) -> Forgotten:
    """Make sure none of the survey's models holds an answer that is no longer stored.

    Call it in the transaction that deleted the answers, after :func:`lock_models` (taken
    before deleting them) and a flush. Trains nothing: active models are set aside and marked
    to be trained again by :func:`train_again`. Adds one audit event when anything changed.
    """
    outcome = Forgotten()
    for model in _holding_gone_answers(survey.id):
        if model.active:
            outcome.set_aside.append((model.kind, model.version))
            _set_aside(model, because)
        else:
            outcome.deleted.append((model.kind, model.version))
            _delete(model)
    if outcome:
        db.session.flush()
        audit.add(AUDIT_ACTIONS[because], survey.slug, _audit_detail(survey, outcome))
    return outcome


def _audit_detail(survey: Survey, outcome: Forgotten) -> dict:
    return {
        "set_aside": [_item(survey, kind, version) for kind, version in outcome.set_aside],
        "deleted": [_item(survey, kind, version) for kind, version in outcome.deleted],
    }


def _item(survey: Survey, kind: str, version: str) -> dict[str, str]:
    return {"kind": kind, "survey": survey.slug, "version": version}


# --- Training again, outside the request ----------------------------------------------------


@dataclass
class TrainedAgain:
    """What :func:`train_again` did with one survey's marked models."""

    survey: str
    retrained: list[tuple[str, str, str]] = field(default_factory=list)  # kind, old, new
    too_few: list[tuple[str, str]] = field(default_factory=list)  # kind, version: left aside
    later: list[str] = field(default_factory=list)  # kinds still marked: the next run tries


def _marked(survey_id: int | None = None) -> list[AnalysisModel]:
    query = select(AnalysisModel).where(AnalysisModel.train_again.is_(True))
    if survey_id is not None:
        query = query.where(AnalysisModel.survey_id == survey_id)
    return list(db.session.scalars(query.order_by(AnalysisModel.id)))


def _enough(kind: str, data: CodedSet) -> bool:
    need = min_coded_for_sentiment() if kind == "sentiment" else min_coded_for_themes()
    return len(data) >= need


def train_again(only: Iterable[int] | None = None) -> list[TrainedAgain]:
    """Train again every model marked after a withdrawal or purge (of the surveys ``only``,
    by id, if given), from the coded answers that remain, and clear the marks.

    Each survey in its own short transaction, after fitting outside any; a survey whose
    training fails is logged and left marked for the next run, and the others go on.
    """
    wanted = None if only is None else set(only)
    survey_ids = sorted({model.survey_id for model in _marked()})
    db.session.commit()
    results = []
    for survey_id in survey_ids:
        if wanted is not None and survey_id not in wanted:
            continue
        survey = db.session.get(Survey, survey_id)
        try:
            results.append(_train_survey_again(survey))
        except Exception:  # one survey's models must not stop the others' or the scoring
            db.session.rollback()
            log.exception("training set-aside models again failed; they stay marked")
            results.append(
                TrainedAgain(survey.slug, later=sorted({m.kind for m in _marked(survey_id)}))
            )
            db.session.commit()
    return results


def _train_survey_again(survey: Survey) -> TrainedAgain:
    kinds = {model.kind for model in _marked(survey.id)}
    data = coded_set(survey)
    db.session.commit()  # nothing is held while the models are fitted
    ready = {kind for kind in kinds if _enough(kind, data)}
    fitted = fit_kinds(survey, data, sentiment="sentiment" in ready, themes="themes" in ready)
    return _store_again(survey, data, kinds, fitted)


@transactional
def _store_again(
    survey: Survey, data: CodedSet, tried: set[str], fitted: list[Fitted]
) -> TrainedAgain:
    """Store what was fitted for the survey's marked models, and clear their marks."""
    lock_models(survey.id)
    outcome = TrainedAgain(survey.slug)
    marked: dict[str, list[AnalysisModel]] = {}
    for model in _marked(survey.id):
        marked.setdefault(model.kind, []).append(model)
    active = set(
        db.session.scalars(
            select(AnalysisModel.kind).where(
                AnalysisModel.survey_id == survey.id, AnalysisModel.active.is_(True)
            )
        )
    )
    for kind in sorted(set(marked) & active):  # analysts trained it meanwhile
        for model in marked.pop(kind):
            model.train_again = False
    # The latest marked model of each kind: its version and why it was set aside.
    old = {
        kind: (models[-1].version, models[-1].set_aside_because) for kind, models in marked.items()
    }
    ready = []
    for model in fitted:
        if model.kind in marked:
            because = old[model.kind][1]
            metrics = {**model.metrics, "retrained_because": because}
            ready.append(dataclasses.replace(model, metrics=metrics))
    trained = store_fitted(survey, data, ready) if ready else []
    if ready and not trained:  # an answer they learned from went meanwhile: the next run
        outcome.later = sorted(model.kind for model in ready)
    for model in trained:  # storing deleted the set-aside models of its kind
        outcome.retrained.append((model.kind, old[model.kind][0], model.version))
    done = {model.kind for model in trained} | set(outcome.later)
    for kind in sorted(set(marked) - done):
        if kind not in tried:  # marked after this run read the coded answers
            outcome.later.append(kind)
            continue
        for model in marked[kind]:
            model.train_again = False
        outcome.too_few.append((kind, old[kind][0]))
    if outcome.retrained or outcome.too_few:
        audit.add(
            TRAINED_AGAIN_ACTION,
            survey.slug,
            {
                "retrained": [
                    {**_item(survey, kind, version), "new_version": new}
                    for kind, version, new in outcome.retrained
                ],
                "set_aside": [_item(survey, kind, version) for kind, version in outcome.too_few],
            },
        )
    return outcome
