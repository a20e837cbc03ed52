"""Pruning trained models: old inactive sentiment and theme models are deleted, never an
active one.

Training makes a new model active and keeps the one it replaces, inactive, with its payload
(the pickled estimator, often megabytes). `flask analysis prune-models` deletes the inactive
models of each survey and kind older than the newest ``keep``. A model's row holds everything
stored for it (payload, metrics), so deleting the row deletes all of it; the version names on
scored answers are a record of what scored them and stay.

It is one DELETE statement, so it is safe from cron and safe to run twice at once: on
PostgreSQL a transaction-level advisory lock queues the second run behind the first, which then
finds nothing left to delete; on SQLite writers take turns anyway. The statement re-checks
``active`` on every row it deletes, so a model made active again meanwhile is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text

from app.services import audit
from app.services.transaction import transactional
from models import AnalysisModel, Survey, db

#: Inactive models kept per survey and kind by default, besides the active one.
DEFAULT_KEEP = 2
# Any fixed number shared by every run: pg_advisory_xact_lock takes a bigint key.
_LOCK_KEY = 0x6C70_6D6F_6465_6C73  # "lpmodels"


@dataclass(frozen=True)
class PrunedModel:
    """A model that was deleted."""

    survey: str | None  # the survey's slug
    kind: str  # "sentiment" or "themes"
    version: str
    created_at: dt.datetime
    size: int  # bytes of payload freed


def _older_inactive(keep: int):
    """Ids of the inactive models of each survey and kind after the newest ``keep``."""
    ranked = (
        select(
            AnalysisModel.id,
            func.row_number()
            .over(
                partition_by=(AnalysisModel.survey_id, AnalysisModel.kind),
                order_by=(AnalysisModel.created_at.desc(), AnalysisModel.id.desc()),
            )
            .label("newest_first"),
        )
        .where(AnalysisModel.active.is_(False), AnalysisModel.train_again.is_(False))
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.newest_first > keep)


@transactional
def prune(keep: int = DEFAULT_KEEP) -> list[PrunedModel]:
    """Delete the inactive models of each survey and kind older than the newest ``keep``.

    Active models are never deleted, nor one set aside after a withdrawal or purge and waiting
    for the next analysis run to train it again (it holds nothing, and its mark is what that
    run looks for). Returns what was deleted, by survey and kind, oldest
    first; records one audit event when anything was.
    """
    if keep < 0:
        raise ValueError("The number of inactive models to keep cannot be negative.")
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    deleted = db.session.execute(
        delete(AnalysisModel)
        .where(
            AnalysisModel.active.is_(False),
            AnalysisModel.train_again.is_(False),
            AnalysisModel.id.in_(_older_inactive(keep)),
        )
        .returning(
            AnalysisModel.survey_id,
            AnalysisModel.kind,
            AnalysisModel.version,
            AnalysisModel.created_at,
            func.coalesce(func.length(AnalysisModel.payload), 0),
        )
        .execution_options(synchronize_session=False)
    ).all()
    if not deleted:
        return []
    slugs = dict(
        db.session.execute(
            select(Survey.id, Survey.slug).where(Survey.id.in_({row[0] for row in deleted}))
        ).all()
    )
    pruned = sorted(
        (
            PrunedModel(slugs.get(survey_id), kind, version, created_at, size)
            for survey_id, kind, version, created_at, size in deleted
        ),
        key=lambda model: (model.survey or "", model.kind, model.created_at, model.version),
    )
    audit.add(
        "analysis.prune_models",
        "analysis_models",
        {
            "keep": keep,
            "deleted": [
                {"survey": model.survey, "kind": model.kind, "version": model.version}
                for model in pruned
            ],
        },
    )
    return pruned
