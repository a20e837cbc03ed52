"""Sentiment and themes for free-text answers, computed once and stored with the model version.

New answers are scored as they arrive (cheap); `flask analysis run` scores every answer whose
stored version is not the current one, in batches, so it is resumable and idempotent, and a new
model or an edited taxonomy re-scores exactly what it changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
from sqlalchemy import bindparam, delete, func, insert, or_, select, update

from analysis import sentiment as lexicon
from analysis.sentiment import SentimentModel

if TYPE_CHECKING:
    from analysis.themes import ThemeClassifier
from app.services.definitions import Definition, localised
from app.services.transaction import transactional
from models import (
    AnalysisModel,
    Survey,
    TextAnswer,
    TextAnswerTheme,
    ThemeTaxonomy,
    db,
    utcnow,
)

TAXONOMY_DIR = Path(__file__).resolve().parents[2] / "analysis" / "taxonomies"
log = logging.getLogger(__name__)


def _checksum(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


#: What a theme may carry that is for readers, not for assigning themes: left out of the
#: checksum, so that giving a theme its Welsh name re-assigns nothing.
DISPLAY_ONLY = frozenset({"name_cy"})


def taxonomy_checksum(themes: dict[str, Any]) -> str:
    """The checksum stored with a taxonomy: part of every theme assignment's version.

    Only what assigns themes counts (names, descriptions, seeds), not a theme's Welsh name.
    """
    return _checksum(
        {
            name: {key: value for key, value in body.items() if key not in DISPLAY_ONLY}
            for name, body in themes.items()
        }
    )


def starting_taxonomy(slug: str) -> dict[str, Any]:
    path = TAXONOMY_DIR / f"{slug}.json"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def ensure_taxonomies() -> int:
    """Give every survey without a taxonomy its starting one. Returns how many were added."""
    added = 0
    surveys = db.session.scalars(
        select(Survey).where(~Survey.id.in_(select(ThemeTaxonomy.survey_id)))
    )
    for survey in surveys:
        themes = starting_taxonomy(survey.slug)
        db.session.add(
            ThemeTaxonomy(survey_id=survey.id, themes=themes, checksum=taxonomy_checksum(themes))
        )
        added += 1
    db.session.flush()
    return added


@dataclass
class Scorer:
    """Scores one survey's answers with its current sentiment model and theme classifier."""

    survey_id: int
    sentiment_version: str
    themes_version: str
    questions: dict[str, str]  # question key -> English question text
    _sentiment: Callable[[list[str], list[str | None]], list[float]]
    _themes: ThemeClassifier

    def score(self, rows: Sequence[tuple[str, str]]) -> tuple[list[float], list[set[str]]]:
        """Sentiment and themes for (question key, text) pairs."""
        texts = [text for _, text in rows]
        questions = [self.questions.get(key) for key, _ in rows]
        return self._sentiment(texts, questions), self._themes.predict(texts)


def _newest_active(what: Any, survey_id: Any, kind: str) -> Any:
    """``what`` of a survey's newest active model of a kind (``survey_id`` may be a column)."""
    return (
        select(what)
        .where(
            AnalysisModel.survey_id == survey_id,
            AnalysisModel.kind == kind,
            AnalysisModel.active.is_(True),
        )
        .order_by(AnalysisModel.created_at.desc())
        .limit(1)
    )


def _load_model(survey_id: int, kind: str) -> AnalysisModel | None:
    return db.session.scalar(_newest_active(AnalysisModel, survey_id, kind))


def _sentiment_model(row: AnalysisModel) -> SentimentModel | None:
    """The saved model, or None when it cannot be used (fitted with an older lexicon)."""
    try:
        return SentimentModel.from_bytes(row.payload)
    except Exception:  # a model that cannot be read must not stop answers being scored
        log.warning("sentiment model %s cannot be loaded; using the lexicon", row.version)
        return None


def scorer_for(survey: Survey) -> Scorer:
    from analysis.themes import ThemeClassifier

    ensure_taxonomies()
    taxonomy = db.session.scalar(select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == survey.id))
    seeds = {name: list(theme.get("seeds", [])) for name, theme in taxonomy.themes.items()}

    learned = _load_model(survey.id, "sentiment")
    model = _sentiment_model(learned) if learned is not None else None
    if model is not None:
        sentiment_version = learned.version
        sentiment = model.score_texts
    else:
        sentiment_version = lexicon.LEXICON_VERSION
        sentiment = lexicon.score_texts

    fitted = _load_model(survey.id, "themes")
    # A theme model only knows the themes it was fitted on: after an edit it is set aside
    # until the analysts train again, and the seeds of the edited taxonomy are used.
    if fitted is not None and fitted.metrics.get("taxonomy_checksum") == taxonomy.checksum:
        classifier = joblib.load(io.BytesIO(fitted.payload))
        themes_version = fitted.version
    else:
        classifier = ThemeClassifier(seeds)
        themes_version = f"seeds-{taxonomy.checksum[:16]}"

    definition = Definition(survey.current_version.definition)
    questions = {q["key"]: localised(q["text"], "en") for _, q in definition.questions()}
    return Scorer(
        survey_id=survey.id,
        sentiment_version=sentiment_version,
        themes_version=themes_version,
        questions=questions,
        _sentiment=lambda texts, qs: sentiment(texts, questions=qs),
        _themes=classifier,
    )


#: What a survey's scorer depends on: (survey id, its newest version's id, the taxonomy's
#: checksum, the newest active sentiment model's version, the newest active themes model's).
ScorerKey = tuple[Any, ...]


def scorer_key_columns(survey_id: Any) -> list[Any]:
    """The columns a scorer's key is read from, for the survey ``survey_id`` (a column of the
    enclosing query, or a bound parameter): the taxonomy's checksum and the newest active
    model of each kind, without loading any model's payload."""

    def newest(kind: str) -> Any:
        return _newest_active(AnalysisModel.version, survey_id, kind).scalar_subquery()

    taxonomy = select(ThemeTaxonomy.checksum).where(ThemeTaxonomy.survey_id == survey_id)
    return [
        taxonomy.scalar_subquery().label("scorer_taxonomy"),
        newest("sentiment").label("scorer_sentiment"),
        newest("themes").label("scorer_themes"),
    ]


def scorer_key_of(row: Any, survey_id: int, version_id: int | None) -> ScorerKey | None:
    """The key from a row with ``scorer_key_columns``' columns; None when the survey has no
    taxonomy (its scorer is then made afresh each time: nothing says when it would change)."""
    if row["scorer_taxonomy"] is None:
        return None
    return (
        survey_id,
        version_id,
        row["scorer_taxonomy"],
        row["scorer_sentiment"],
        row["scorer_themes"],
    )


# Built once: it runs for every submission that has free text and did not read the key with
# its link (app.services.journeys.open_journey does).
_SCORER_KEY = select(*scorer_key_columns(bindparam("survey_id")))
#: Passed for a scorer's key that has not been read yet.
UNREAD: Any = object()

_SCORERS: dict[ScorerKey, Scorer] = {}
_SCORERS_LOCK = threading.Lock()


def _scorer_key(survey_id: int, version_id: int | None) -> ScorerKey | None:
    row = db.session.execute(_SCORER_KEY, {"survey_id": survey_id}).one()
    return scorer_key_of(row._mapping, survey_id, version_id)


def cached_scorer_for(
    survey_id: int, version_id: int | None, key: ScorerKey | None = UNREAD
) -> Scorer:
    """The scorer of a survey whose newest version is ``version_id``, built once per process
    and reused while that version, the taxonomy and the active models stay the same (each
    answer that arrives is scored with it). ``key`` is the scorer's key if already read."""
    if key is UNREAD:
        key = _scorer_key(survey_id, version_id)
    if key is None:
        return scorer_for(db.session.get(Survey, survey_id))
    with _SCORERS_LOCK:
        found = _SCORERS.get(key)
    if found is not None:
        return found
    scorer = scorer_for(db.session.get(Survey, survey_id))
    with _SCORERS_LOCK:
        if len(_SCORERS) > 64:
            _SCORERS.clear()
        _SCORERS[key] = scorer
    return scorer


def score_new_answers(scorer: Scorer, answers: Sequence[Any]) -> None:
    """Score answers that are not stored yet (objects with ``question_key`` and ``text``): their
    sentiment, model versions, date and theme names are set on them, to go in with their INSERT."""
    sentiments, themes = scorer.score([(a.question_key, a.text) for a in answers])
    today = utcnow().date()
    for answer, score, found in zip(answers, sentiments, themes, strict=True):
        answer.sentiment = float(score)
        answer.sentiment_model = scorer.sentiment_version
        answer.themes_model = scorer.themes_version
        answer.scored_on = today
        answer.themes = sorted(found)


def store_scores(scorer: Scorer, answers: Sequence[TextAnswer | Any]) -> None:
    """Score these text answers and write the results (within the caller's transaction)."""
    if not answers:
        return
    sentiments, themes = scorer.score([(a.question_key, a.text) for a in answers])
    today = utcnow().date()
    ids = [a.id for a in answers]
    table = TextAnswer.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == bindparam("answer_id"))
        .values(
            sentiment=bindparam("score"),
            sentiment_model=scorer.sentiment_version,
            themes_model=scorer.themes_version,
            scored_on=today,
        ),
        [
            {"answer_id": answer_id, "score": float(score)}
            for answer_id, score in zip(ids, sentiments, strict=True)
        ],
    )
    db.session.execute(delete(TextAnswerTheme).where(TextAnswerTheme.text_answer_id.in_(ids)))
    theme_rows = [
        {"text_answer_id": answer_id, "theme": theme, "survey_id": scorer.survey_id}
        for answer_id, found in zip(ids, themes, strict=True)
        for theme in sorted(found)
    ]
    if theme_rows:
        db.session.execute(insert(TextAnswerTheme), theme_rows)


def _stale(scorer: Scorer):
    return (TextAnswer.survey_id == scorer.survey_id) & or_(
        TextAnswer.sentiment_model.is_(None),
        TextAnswer.sentiment_model != scorer.sentiment_version,
        TextAnswer.themes_model.is_(None),
        TextAnswer.themes_model != scorer.themes_version,
    )


@dataclass(frozen=True)
class RunResult:
    survey: str
    scored: int
    sentiment_version: str
    themes_version: str


def pending_count() -> int:
    total = 0
    for survey in db.session.scalars(select(Survey)):
        if survey.current_version is None:
            continue
        scorer = scorer_for(survey)
        total += db.session.scalar(select(func.count()).where(_stale(scorer))) or 0
    db.session.commit()
    return total


def pending_for(survey: Survey) -> int:
    """How many of one survey's answers lack a current score."""
    scorer = scorer_for(survey)
    return db.session.scalar(select(func.count()).where(_stale(scorer))) or 0


def run(
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    only: Survey | None = None,
) -> list[RunResult]:
    """Score every answer that lacks a current score, one committed batch at a time.

    ``only`` limits the run to one survey (after an analyst changes its models or themes).
    """
    results = []
    for survey in list(db.session.scalars(select(Survey).order_by(Survey.id))):
        if survey.current_version is None or (only is not None and survey.id != only.id):
            continue
        scorer = scorer_for(survey)
        db.session.commit()
        scored = 0
        last_id = 0
        while True:
            batch = _next_batch(scorer, last_id, batch_size)
            if not batch:
                break
            _score_batch(scorer, batch)
            last_id = batch[-1].id
            scored += len(batch)
            if progress:
                progress(len(batch))
        results.append(
            RunResult(survey.slug, scored, scorer.sentiment_version, scorer.themes_version)
        )
    return results


def _next_batch(scorer: Scorer, after_id: int, size: int) -> list[Any]:
    return list(
        db.session.execute(
            select(TextAnswer.id, TextAnswer.question_key, TextAnswer.text)
            .where(_stale(scorer), TextAnswer.id > after_id)
            .order_by(TextAnswer.id)
            .limit(size)
        )
    )


@transactional
def _score_batch(scorer: Scorer, batch: Iterable[Any]) -> None:
    store_scores(scorer, list(batch))
