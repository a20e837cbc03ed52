"""Training the survey's models on its coded answers, and re-scoring after they change.

"Train" splits the coded answers 80/20 (fixed ``random_state``), fits
:class:`analysis.sentiment.SentimentModel` and :class:`analysis.themes.ThemeClassifier` on the
80%, measures agreement on the 20% held back, then fits them again on every coded answer and
makes those the survey's active models; the next analysis run re-scores with them. The fitting
(seconds) happens outside any transaction and lock; storing the models is a short transaction
that first checks no answer they learned from was withdrawn or purged meanwhile.

The models learn from the answers as coders see them, with personal details masked
(:func:`analysis.masking.mask_personal_details`), and each stored model records the ids of the
answers it learned from (:class:`models.AnalysisModelSource`), so that withdrawing or purging
an answer reaches every model that learned from it (:mod:`.forgetting`).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib
from flask import current_app
from sklearn.model_selection import train_test_split
from sqlalchemy import delete, exists, insert, not_, select, update
from sqlalchemy import text as sql

from analysis import sentiment as lexicon
from analysis.masking import mask_personal_details
from analysis.sentiment import SentimentModel
from analysis.themes import ThemeClassifier
from app.services import audit, scoring, taxonomy
from app.services.coding.agreement import sentiment_agreement, theme_agreement
from app.services.coding.answers import CodingError, questions_of
from app.services.transaction import transactional
from models import (
    AnalysisModel,
    AnalysisModelSource,
    CodedAnswer,
    Survey,
    TextAnswer,
    db,
    utcnow,
)

#: Share of coded answers held back to measure agreement, and the split's seed.
HELD_BACK = 0.2
RANDOM_STATE = 0
#: Fewer coded answers than this can never be split and measured, whatever the settings.
MIN_TRAINABLE = 10
# Any fixed number shared by everything that trains or forgets: with the survey's id it keys
# pg_advisory_xact_lock(int, int), so one survey's models change one transaction at a time.
_LOCK_KEY = 0x6C70_6D6C  # "lpml"


def lock_models(survey_id: int) -> None:
    """Hold the survey's models until the transaction ends (PostgreSQL; SQLite has one writer).

    Training and forgetting both take it before reading the coded answers, so a model trained
    at the same moment as a withdrawal cannot learn from the withdrawn answer and outlive it.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            sql("SELECT pg_advisory_xact_lock(:key, :survey)"),
            {"key": _LOCK_KEY, "survey": survey_id},
        )


# --- The coded answers as training data -----------------------------------------------------


@dataclass(frozen=True)
class CodedSet:
    """Coded answers in a fixed order (by answer id), ready for the models: the texts as
    coders see them, personal details masked; ``ids`` are the answers' ids."""

    texts: list[str]
    questions: list[str | None]
    sentiments: list[int]
    themes: list[set[str]]
    ids: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, indices: Sequence[int]) -> CodedSet:
        return CodedSet(
            [self.texts[i] for i in indices],
            [self.questions[i] for i in indices],
            [self.sentiments[i] for i in indices],
            [self.themes[i] for i in indices],
            [self.ids[i] for i in indices] if self.ids else [],
        )


def coded_set(survey: Survey, *, latest: int | None = None) -> CodedSet:
    """The survey's coded answers with a sentiment, ordered by answer id, personal details
    masked as the coders saw them.

    Theme labels no longer in the taxonomy (a theme was removed) are left out.
    """
    query = (
        select(
            CodedAnswer.text_answer_id,
            TextAnswer.text,
            TextAnswer.question_key,
            CodedAnswer.sentiment,
            CodedAnswer.themes,
        )
        .join(TextAnswer, TextAnswer.id == CodedAnswer.text_answer_id)
        .where(CodedAnswer.survey_id == survey.id, CodedAnswer.sentiment.is_not(None))
    )
    if latest is not None:
        query = query.order_by(CodedAnswer.text_answer_id.desc()).limit(latest)
    rows = sorted(
        db.session.execute(query),
        key=lambda row: row.text_answer_id,
    )
    questions = questions_of(survey)
    names = set(taxonomy.theme_names(survey))
    return CodedSet(
        texts=[mask_personal_details(row.text or "") for row in rows],
        questions=[questions.get(row.question_key) for row in rows],
        sentiments=[int(row.sentiment) for row in rows],
        themes=[set(row.themes or []) & names for row in rows],
        ids=[row.text_answer_id for row in rows],
    )


def held_back_split(n: int) -> tuple[list[int], list[int]]:
    """Indices (train, held back) of ``n`` coded answers: 80/20, ``random_state`` 0."""
    train, test = train_test_split(
        list(range(n)), test_size=HELD_BACK, random_state=RANDOM_STATE, shuffle=True
    )
    return sorted(train), sorted(test)


def min_coded_for_sentiment() -> int:
    """Coded answers needed to train the sentiment model (CODING_MIN_SENTIMENT, else
    :data:`analysis.sentiment.MIN_CODED`)."""
    configured = current_app.config.get("CODING_MIN_SENTIMENT") or lexicon.MIN_CODED
    return max(MIN_TRAINABLE, configured)


def min_coded_for_themes() -> int:
    """Coded answers needed to train the theme model (CODING_MIN_THEMES)."""
    return max(MIN_TRAINABLE, current_app.config["CODING_MIN_THEMES"])


@dataclass(frozen=True)
class TrainedModel:
    kind: str
    version: str
    trained_on: int
    created_at: Any
    metrics: dict[str, Any]


# --- Training -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingOutcome:
    sentiment: TrainedModel | None
    themes: TrainedModel | None
    coded: int


def _themes_version(
    classifier: ThemeClassifier, checksum: str, data: CodedSet, survey: Survey
) -> str:
    digest = hashlib.sha256()
    header = {
        "survey": survey.slug,
        "params": {k: v for k, v in classifier.get_params().items() if k != "taxonomy"},
        "taxonomy": checksum,
    }
    digest.update(json.dumps(header, sort_keys=True, default=str).encode())
    for text, themes in zip(data.texts, data.themes, strict=True):
        digest.update(json.dumps([text, sorted(themes)]).encode())
    return f"tc-{digest.hexdigest()[:16]}"


def _record_sources(model_id: int, ids: Sequence[int]) -> None:
    """Record the answers a stored model learned from (replacing what was recorded)."""
    db.session.execute(delete(AnalysisModelSource).where(AnalysisModelSource.model_id == model_id))
    if ids:
        db.session.execute(
            insert(AnalysisModelSource),
            [{"model_id": model_id, "text_answer_id": answer_id} for answer_id in ids],
        )


@dataclass(frozen=True)
class Fitted:
    """A model fitted and measured, not stored yet."""

    kind: str
    version: str
    payload: bytes
    metrics: dict[str, Any]


def _activate(survey: Survey, fitted: Fitted, data: CodedSet) -> TrainedModel:
    kind, version = fitted.kind, fitted.version
    same_kind = (AnalysisModel.survey_id == survey.id, AnalysisModel.kind == kind)
    db.session.execute(
        update(AnalysisModel).where(*same_kind, AnalysisModel.active.is_(True)).values(active=False)
    )
    row = db.session.scalar(select(AnalysisModel).where(AnalysisModel.version == version))
    if row is None:  # trained again on the same coded answers: the same model, made active
        row = AnalysisModel(survey_id=survey.id, kind=kind, version=version)
        db.session.add(row)
    row.payload = fitted.payload
    row.trained_on = len(data)
    row.metrics = fitted.metrics
    row.active = True
    row.created_at = utcnow()
    row.set_aside_at = None
    row.set_aside_because = None
    row.train_again = False
    db.session.flush()
    # A model of this kind set aside after a withdrawal or purge holds nothing and is replaced.
    db.session.execute(
        delete(AnalysisModel)
        .where(*same_kind, AnalysisModel.set_aside_at.is_not(None), AnalysisModel.id != row.id)
        .execution_options(synchronize_session="fetch")
    )
    _record_sources(row.id, data.ids)
    return TrainedModel(kind, version, len(data), row.created_at, fitted.metrics)


def _fit_sentiment(data: CodedSet, train: list[int], test: list[int]) -> Fitted:
    part, held = data.subset(train), data.subset(test)
    measured = SentimentModel().fit(part.texts, [c / 2 for c in part.sentiments], part.questions)
    agreement = sentiment_agreement(
        held.sentiments, measured.score_texts(held.texts, held.questions)
    )
    baseline = sentiment_agreement(held.sentiments, lexicon.score_texts(held.texts, held.questions))
    model = SentimentModel().fit(data.texts, [c / 2 for c in data.sentiments], data.questions)
    metrics = {
        "held_back": len(test),
        "trained_for_measuring": len(train),
        "agreement": agreement.as_dict(),
        "baseline": baseline.as_dict(),
        "lexicon_version": lexicon.LEXICON_VERSION,
        "split": {"held_back": HELD_BACK, "random_state": RANDOM_STATE},
    }
    return Fitted("sentiment", model.version, model.to_bytes(), metrics)


def _fit_themes(survey: Survey, data: CodedSet, train: list[int], test: list[int]) -> Fitted:
    tax = taxonomy.taxonomy_of(survey)
    seeds = taxonomy.seeds_of(survey)
    names = list(seeds)
    part, held = data.subset(train), data.subset(test)
    measured = ThemeClassifier(seeds).fit(part.texts, part.themes)
    agreement = theme_agreement(names, held.themes, measured.predict(held.texts))
    baseline = theme_agreement(names, held.themes, ThemeClassifier(seeds).predict(held.texts))
    model = ThemeClassifier(seeds).fit(data.texts, data.themes)
    learned = sorted(name for name, est in model.estimators_.items() if est is not None)
    metrics = {
        "held_back": len(test),
        "trained_for_measuring": len(train),
        "agreement": agreement.as_dict(),
        "baseline": baseline.as_dict(),
        "taxonomy_checksum": tax.checksum,
        "learned_themes": learned,
        "split": {"held_back": HELD_BACK, "random_state": RANDOM_STATE},
    }
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    version = _themes_version(model, tax.checksum, data, survey)
    return Fitted("themes", version, buffer.getvalue(), metrics)


def fit_kinds(survey: Survey, data: CodedSet, *, sentiment: bool, themes: bool) -> list[Fitted]:
    """Fit and measure the kinds asked for on ``data``, storing nothing (the caller has
    checked there are enough coded answers). Takes seconds: hold no lock while it runs."""
    train_idx, test_idx = held_back_split(len(data))
    fitted = []
    if sentiment:
        fitted.append(_fit_sentiment(data, train_idx, test_idx))
    if themes:
        fitted.append(_fit_themes(survey, data, train_idx, test_idx))
    return fitted


def learned_from_gone_answers(versions: Sequence[str]) -> bool:
    """Whether any of these stored models records an answer that is no longer stored."""
    sources = AnalysisModelSource
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    sources.model_id == AnalysisModel.id,
                    AnalysisModel.version.in_(versions),
                    not_(exists().where(TextAnswer.id == sources.text_answer_id)),
                )
            )
        )
    )


def store_fitted(survey: Survey, data: CodedSet, fitted: Sequence[Fitted]) -> list[TrainedModel]:
    """Make fitted models the survey's active ones, unless an answer they learned from was
    withdrawn or purged while they were being fitted: then store nothing and return [].

    The caller holds :func:`lock_models` (PostgreSQL). On SQLite the first write here takes the
    write lock, so no withdrawal can come between the check and the commit.
    """
    saved = db.session.begin_nested()
    trained = [_activate(survey, model, data) for model in fitted]
    if learned_from_gone_answers([model.version for model in trained]):
        saved.rollback()
        return []
    saved.commit()
    return trained


#: How many times "Train the models" fits again when answers were withdrawn meanwhile.
TRAIN_ATTEMPTS = 3


def train(survey: Survey) -> TrainingOutcome:
    """Train, measure and activate the survey's sentiment and theme models.

    Each kind is trained only once enough answers are coded for it. Raises
    :class:`CodingError` when neither has enough. The models are fitted outside any
    transaction and stored in a short one, so a withdrawal meanwhile never waits for them;
    if it took an answer they learned from, they are fitted again without it.
    """
    need_sentiment, need_themes = min_coded_for_sentiment(), min_coded_for_themes()
    for _ in range(TRAIN_ATTEMPTS):
        data = coded_set(survey)
        db.session.commit()  # nothing is held while the models are fitted
        if len(data) < min(need_sentiment, need_themes):
            more = min(need_sentiment, need_themes) - len(data)
            raise CodingError(f"Code {more} more answers before training")
        fitted = fit_kinds(
            survey, data, sentiment=len(data) >= need_sentiment, themes=len(data) >= need_themes
        )
        outcome = _store_trained(survey, data, fitted)
        if outcome is not None:
            return outcome
    raise CodingError("Answers were withdrawn while the models were being trained: train again")


@transactional
def _store_trained(
    survey: Survey, data: CodedSet, fitted: Sequence[Fitted]
) -> TrainingOutcome | None:
    lock_models(survey.id)
    trained = {model.kind: model for model in store_fitted(survey, data, fitted)}
    if not trained:
        return None
    sentiment, themes = trained.get("sentiment"), trained.get("themes")
    audit.add(
        "coding.train",
        survey.slug,
        {
            "coded": len(data),
            "sentiment": sentiment.version if sentiment else None,
            "themes": themes.version if themes else None,
        },
    )
    return TrainingOutcome(sentiment=sentiment, themes=themes, coded=len(data))


# --- Re-scoring after a change --------------------------------------------------------------


@dataclass(frozen=True)
class Rescore:
    """What happened to the survey's stored scores after a model or taxonomy change."""

    rescored: int  # answers re-scored during the request
    pending: int  # answers left for the next `flask analysis run`


def rescore_if_small(survey: Survey) -> Rescore:
    """Re-score the survey now if few answers are affected; otherwise leave it to the run."""
    pending = scoring.pending_for(survey)
    db.session.commit()
    if pending == 0 or pending > current_app.config["RESCORE_INLINE_LIMIT"]:
        return Rescore(rescored=0, pending=pending)
    results = scoring.run(only=survey)
    return Rescore(rescored=sum(result.scored for result in results), pending=0)
