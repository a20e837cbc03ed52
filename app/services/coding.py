"""Analysts' coding of free-text answers, the models trained on it, and how far to trust them.

Analysts read a random sample of a survey's uncoded answers and give each a sentiment on a
five-point scale (-2 very negative … 2 very positive) and the themes of the survey's taxonomy
that apply. Those coded answers are the truth the machine is measured against and learns from:

- before any training, the rule-based scorer (lexicon and seed terms) is compared with every
  coded answer, so the page is useful from the first one;
- "Train" splits the coded answers 80/20 (fixed ``random_state``), fits
  :class:`analysis.sentiment.SentimentModel` and :class:`analysis.themes.ThemeClassifier` on
  the 80%, measures agreement on the 20% held back, then fits them again on every coded answer
  and makes those the survey's active models; the next analysis run re-scores with them.

How a score is read on the coders' scale: a sentiment score in [-1, 1] is the nearest point of
the five-point scale (score x 2, halves rounded away from zero), and its direction is
negative / neutral / positive. The headline agreement is on the direction: accuracy and
Cohen's kappa over those three classes. The exact five-point agreement and a quadratic-weighted
kappa are kept beside it.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import secrets
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib
import numpy as np
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score
from sklearn.model_selection import train_test_split
from sqlalchemy import exists, func, select, update

from analysis import sentiment as lexicon
from analysis.masking import mask_personal_details
from analysis.sentiment import SentimentModel
from analysis.stats import wilson_interval
from analysis.themes import ThemeClassifier, discover_themes
from app.services import audit, scoring, taxonomy
from app.services.definitions import Definition, localised
from app.services.transaction import transactional
from models import AnalysisModel, CodedAnswer, Survey, SurveyVersion, TextAnswer, User, db, utcnow

#: The five-point scale coders use, as stored in coded_answers.sentiment.
SENTIMENT_SCALE: dict[int, str] = {
    -2: "Very negative",
    -1: "Fairly negative",
    0: "Neither, or mixed",
    1: "Fairly positive",
    2: "Very positive",
}
#: Share of coded answers held back to measure agreement, and the split's seed.
HELD_BACK = 0.2
RANDOM_STATE = 0
#: Fewer coded answers than this can never be split and measured, whatever the settings.
MIN_TRAINABLE = 10
#: The rule-based scorer is compared with at most this many of the latest coded answers.
BASELINE_CAP = 2000
#: Discovered themes are looked for in at most this many of the survey's latest answers.
DISCOVERY_SAMPLE = 2000


class CodingError(ValueError):
    """A coding request could not be carried out; the message says why, for the analyst."""


# --- Reading scores on the coders' scale ----------------------------------------------------


def five_point(score: float) -> int:
    """The nearest point of the coders' scale to a score in [-1, 1] (halves away from zero)."""
    doubled = max(-2.0, min(2.0, float(score) * 2.0))
    return int(math.copysign(math.floor(abs(doubled) + 0.5), doubled))


def direction(code: int) -> int:
    """-1, 0 or 1: negative, neutral or positive."""
    return (code > 0) - (code < 0)


def _kappa(a: Sequence[int], b: Sequence[int], labels: list[int], **kwargs: Any) -> float | None:
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(a, b, labels=labels, **kwargs))
    return None if math.isnan(value) else round(value, 4)


@dataclass(frozen=True)
class SentimentAgreement:
    """How often a sentiment scorer agrees with the coders on the same answers."""

    n: int
    accuracy: float  # same direction (negative / neutral / positive)
    accuracy_low: float
    accuracy_high: float
    kappa: float | None  # Cohen's kappa over the three directions; None if undefined
    exact: float  # same point of the five-point scale
    within_one: float  # at most one point apart
    weighted_kappa: float | None  # quadratic-weighted kappa on the five-point scale

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def sentiment_agreement(coded: Sequence[int], scores: Sequence[float]) -> SentimentAgreement:
    """Agreement of machine ``scores`` (in [-1, 1]) with coders' five-point ``coded``."""
    if not coded or len(coded) != len(scores):
        raise ValueError("need the same, non-zero number of codes and scores")
    machine = [five_point(score) for score in scores]
    coder_dir = [direction(code) for code in coded]
    machine_dir = [direction(code) for code in machine]
    n = len(coded)
    same = sum(a == b for a, b in zip(coder_dir, machine_dir, strict=True))
    interval = wilson_interval(same, n)
    return SentimentAgreement(
        n=n,
        accuracy=round(same / n, 4),
        accuracy_low=round(interval.low, 4),
        accuracy_high=round(interval.high, 4),
        kappa=_kappa(coder_dir, machine_dir, labels=[-1, 0, 1]),
        exact=round(sum(a == b for a, b in zip(coded, machine, strict=True)) / n, 4),
        within_one=round(sum(abs(a - b) <= 1 for a, b in zip(coded, machine, strict=True)) / n, 4),
        weighted_kappa=_kappa(coded, machine, labels=[-2, -1, 0, 1, 2], weights="quadratic"),
    )


@dataclass(frozen=True)
class ThemeAgreement:
    """How well a theme assigner finds the themes coders gave, on the same answers."""

    n: int
    micro_f1: float  # over every (answer, theme) pair
    exact: float  # share of answers given exactly the coders' set of themes
    per_theme: dict[str, dict[str, Any]]  # theme -> coded, found, precision, recall, f1, kappa

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def theme_agreement(
    themes: Sequence[str], coded: Sequence[Collection[str]], found: Sequence[Collection[str]]
) -> ThemeAgreement:
    """Agreement of machine theme sets ``found`` with the coders' ``coded`` sets."""
    if not coded or len(coded) != len(found):
        raise ValueError("need the same, non-zero number of coded and found theme sets")
    truth = np.array([[theme in row for theme in themes] for row in coded], dtype=int)
    guess = np.array([[theme in row for theme in themes] for row in found], dtype=int)
    truth = truth.reshape(len(coded), len(themes))
    guess = guess.reshape(len(coded), len(themes))
    per_theme = {}
    for column, theme in enumerate(themes):
        a, b = truth[:, column], guess[:, column]
        per_theme[theme] = {
            "coded": int(a.sum()),
            "found": int(b.sum()),
            "precision": round(float(precision_score(a, b, zero_division=0)), 4),
            "recall": round(float(recall_score(a, b, zero_division=0)), 4),
            "f1": round(float(f1_score(a, b, zero_division=0)), 4),
            "kappa": _kappa(a.tolist(), b.tolist(), labels=[0, 1]),
        }
    micro = f1_score(truth, guess, average="micro", zero_division=0) if themes else 0.0
    wanted = set(themes)
    exact = float(np.mean([set(a) & wanted == set(b) for a, b in zip(coded, found, strict=True)]))
    return ThemeAgreement(
        n=len(coded), micro_f1=round(float(micro), 4), exact=round(exact, 4), per_theme=per_theme
    )


#: Landis and Koch's (1977) bands for kappa, in plain words for analysts.
KAPPA_BANDS: tuple[tuple[float, str, str], ...] = (
    (
        0.81,
        "almost perfect",
        "You can rely on the machine's sentiment when comparing groups and months.",
    ),
    (
        0.61,
        "substantial",
        "Good enough to compare groups and trends. Read some answers behind any surprising "
        "result before acting on it.",
    ),
    (
        0.41,
        "moderate",
        "Use it for broad patterns only, and read the answers before drawing conclusions "
        "about a group.",
    ),
    (
        0.21,
        "fair",
        "Treat it as a rough guide. Code more answers and train again.",
    ),
    (
        -math.inf,
        "slight or none beyond chance",
        "Do not rely on it. Code more answers and train again, and read the answers themselves.",
    ),
)


def interpret_kappa(kappa: float | None) -> tuple[str, str]:
    """(strength, advice) for a kappa, in plain words."""
    if kappa is None:
        return (
            "cannot be measured",
            "The answers checked are too alike (for example all negative) to measure agreement. "
            "Code a wider range of answers.",
        )
    for low, strength, advice in KAPPA_BANDS:
        if kappa >= low:
            return strength, advice
    raise AssertionError("unreachable")


# --- Answers to code ------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="coding-answer")


def answer_token(answer: TextAnswer) -> str:
    """An opaque reference to an answer for the coding form (no integer ids in URLs)."""
    return _serializer().dumps([answer.survey_id, answer.id])


def answer_from_token(survey: Survey, token: str) -> TextAnswer | None:
    try:
        survey_id, answer_id = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if survey_id != survey.id:
        return None
    return db.session.get(TextAnswer, answer_id)


def _uncoded():
    return ~exists().where(CodedAnswer.text_answer_id == TextAnswer.id)


def random_uncoded(survey: Survey, avoid: int | None = None) -> TextAnswer | None:
    """A randomly chosen answer of the survey that nobody has coded yet (None when all are).

    Picks a random point in the survey's id range and takes the first uncoded answer from
    there, wrapping round: an index range scan, not ORDER BY random() over every answer.
    """
    low, high = db.session.execute(
        select(func.min(TextAnswer.id), func.max(TextAnswer.id)).where(
            TextAnswer.survey_id == survey.id
        )
    ).one()
    if low is None:
        return None
    start = low + secrets.randbelow(high - low + 1)
    base = select(TextAnswer).where(TextAnswer.survey_id == survey.id, _uncoded())
    if avoid is not None:
        base = base.where(TextAnswer.id != avoid)
    return db.session.scalar(
        base.where(TextAnswer.id >= start).order_by(TextAnswer.id).limit(1)
    ) or db.session.scalar(base.where(TextAnswer.id < start).order_by(TextAnswer.id).limit(1))


def questions_of(survey: Survey) -> dict[str, str]:
    """Question key -> English question text, over every version (latest wording wins)."""
    texts: dict[str, str] = {}
    versions = db.session.scalars(
        select(SurveyVersion)
        .where(SurveyVersion.survey_id == survey.id)
        .order_by(SurveyVersion.number)
    )
    for version in versions:
        for _, question in Definition(version.definition).questions():
            texts[question["key"]] = localised(question["text"], "en")
    return texts


@dataclass(frozen=True)
class AnswerView:
    """An answer as a coder sees it: the question, the answer with personal details masked,
    and any existing code. Never the respondent's group, area or date."""

    token: str
    question: str
    text: str
    coded: CodedAnswer | None


def view_answer(survey: Survey, answer: TextAnswer) -> AnswerView:
    return AnswerView(
        token=answer_token(answer),
        question=questions_of(survey).get(answer.question_key, answer.question_key),
        text=mask_personal_details(answer.text),
        coded=db.session.get(CodedAnswer, answer.id),
    )


@transactional
def save_code(
    survey: Survey,
    answer: TextAnswer,
    sentiment: int,
    themes: Collection[str],
    coder: User | None,
) -> CodedAnswer:
    """Record (or change) an analyst's coding of one answer."""
    if answer.survey_id != survey.id:
        raise CodingError("That answer belongs to another survey")
    if sentiment not in SENTIMENT_SCALE:
        raise CodingError("Select how positive or negative the answer is")
    names = taxonomy.theme_names(survey)
    unknown = set(themes) - set(names)
    if unknown:
        raise CodingError("Select only the themes listed")
    coded = db.session.get(CodedAnswer, answer.id)
    if coded is None:
        coded = CodedAnswer(text_answer_id=answer.id, survey_id=survey.id)
        db.session.add(coded)
    coded.sentiment = sentiment
    coded.themes = [name for name in names if name in set(themes)]
    coded.coded_by_id = coder.id if coder else None
    coded.coded_at = utcnow()
    return coded


@dataclass(frozen=True)
class RecentCode:
    token: str
    question: str
    text: str
    sentiment: int | None
    themes: list[str]
    coded_at: Any


def recent_codes(survey: Survey, coder: User, limit: int = 10) -> list[RecentCode]:
    """The coder's own latest coded answers, so a slip can be put right."""
    rows = db.session.execute(
        select(CodedAnswer, TextAnswer)
        .join(TextAnswer, TextAnswer.id == CodedAnswer.text_answer_id)
        .where(CodedAnswer.survey_id == survey.id, CodedAnswer.coded_by_id == coder.id)
        .order_by(CodedAnswer.coded_at.desc(), CodedAnswer.text_answer_id.desc())
        .limit(limit)
    )
    questions = questions_of(survey)
    return [
        RecentCode(
            token=answer_token(answer),
            question=questions.get(answer.question_key, answer.question_key),
            text=mask_personal_details(answer.text),
            sentiment=coded.sentiment,
            themes=list(coded.themes or []),
            coded_at=coded.coded_at,
        )
        for coded, answer in rows
    ]


# --- The coded answers as training data -----------------------------------------------------


@dataclass(frozen=True)
class CodedSet:
    """Coded answers in a fixed order (by answer id), ready for the models."""

    texts: list[str]
    questions: list[str | None]
    sentiments: list[int]
    themes: list[set[str]]

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, indices: Sequence[int]) -> CodedSet:
        return CodedSet(
            [self.texts[i] for i in indices],
            [self.questions[i] for i in indices],
            [self.sentiments[i] for i in indices],
            [self.themes[i] for i in indices],
        )


def coded_set(survey: Survey, *, latest: int | None = None) -> CodedSet:
    """The survey's coded answers with a sentiment, ordered by answer id.

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
        texts=[row.text for row in rows],
        questions=[questions.get(row.question_key) for row in rows],
        sentiments=[int(row.sentiment) for row in rows],
        themes=[set(row.themes or []) & names for row in rows],
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


# --- Summary for the coding page ------------------------------------------------------------


@dataclass(frozen=True)
class TrainedModel:
    kind: str
    version: str
    trained_on: int
    created_at: Any
    metrics: dict[str, Any]


@dataclass(frozen=True)
class Baseline:
    """The rule-based scorer (lexicon and seed terms) against coded answers."""

    sentiment: SentimentAgreement
    themes: ThemeAgreement


@dataclass(frozen=True)
class CodingSummary:
    coded: int
    uncoded: int
    by_sentiment: dict[int, int]
    min_sentiment: int
    min_themes: int
    baseline: Baseline | None
    sentiment_model: TrainedModel | None
    themes_model: TrainedModel | None
    theme_names: list[str] = field(default_factory=list)
    #: A theme model was trained but set aside because the themes changed since.
    themes_model_set_aside: bool = False

    @property
    def needed_for_sentiment(self) -> int:
        return max(0, self.min_sentiment - self.coded)

    @property
    def needed_for_themes(self) -> int:
        return max(0, self.min_themes - self.coded)

    @property
    def can_train(self) -> bool:
        return self.needed_for_themes == 0 or self.needed_for_sentiment == 0


def _active(survey: Survey, kind: str) -> TrainedModel | None:
    row = db.session.execute(
        select(
            AnalysisModel.kind,
            AnalysisModel.version,
            AnalysisModel.trained_on,
            AnalysisModel.created_at,
            AnalysisModel.metrics,
        )
        .where(
            AnalysisModel.survey_id == survey.id,
            AnalysisModel.kind == kind,
            AnalysisModel.active.is_(True),
        )
        .order_by(AnalysisModel.created_at.desc())
        .limit(1)
    ).first()
    return TrainedModel(*row) if row else None


def _ever_trained(survey: Survey, kind: str) -> bool:
    return db.session.scalar(
        select(exists().where(AnalysisModel.survey_id == survey.id, AnalysisModel.kind == kind))
    )


def baseline_agreement(survey: Survey, data: CodedSet | None = None) -> Baseline | None:
    """The rule-based scorer against (up to :data:`BASELINE_CAP` of the latest) coded answers."""
    data = data if data is not None else coded_set(survey, latest=BASELINE_CAP)
    if not len(data):
        return None
    scores = lexicon.score_texts(data.texts, data.questions)
    seeds = taxonomy.seeds_of(survey)
    found = ThemeClassifier(seeds).predict(data.texts)
    return Baseline(
        sentiment=sentiment_agreement(data.sentiments, scores),
        themes=theme_agreement(list(seeds), data.themes, found),
    )


def summary(survey: Survey, *, agreement: bool = True) -> CodingSummary:
    """Everything the coding page shows about a survey's coding and models.

    ``agreement=False`` leaves out the rule-based scorer's agreement (it scores up to
    :data:`BASELINE_CAP` answers), for pages that only need the counts.
    """
    coded = db.session.scalar(
        select(func.count()).select_from(CodedAnswer).where(CodedAnswer.survey_id == survey.id)
    )
    total = db.session.scalar(
        select(func.count()).select_from(TextAnswer).where(TextAnswer.survey_id == survey.id)
    )
    by_sentiment = dict(
        db.session.execute(
            select(CodedAnswer.sentiment, func.count())
            .where(CodedAnswer.survey_id == survey.id, CodedAnswer.sentiment.is_not(None))
            .group_by(CodedAnswer.sentiment)
        ).all()
    )
    themes_model = _active(survey, "themes")
    return CodingSummary(
        coded=coded,
        uncoded=total - coded,
        by_sentiment={code: by_sentiment.get(code, 0) for code in SENTIMENT_SCALE},
        min_sentiment=min_coded_for_sentiment(),
        min_themes=min_coded_for_themes(),
        baseline=baseline_agreement(survey) if coded and agreement else None,
        sentiment_model=_active(survey, "sentiment"),
        themes_model=themes_model,
        theme_names=taxonomy.theme_names(survey),
        themes_model_set_aside=themes_model is None and _ever_trained(survey, "themes"),
    )


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


def _activate(
    survey: Survey, kind: str, version: str, payload: bytes, trained_on: int, metrics: dict
) -> TrainedModel:
    db.session.execute(
        update(AnalysisModel)
        .where(
            AnalysisModel.survey_id == survey.id,
            AnalysisModel.kind == kind,
            AnalysisModel.active.is_(True),
        )
        .values(active=False)
    )
    row = db.session.scalar(select(AnalysisModel).where(AnalysisModel.version == version))
    if row is None:  # trained again on the same coded answers: the same model, made active
        row = AnalysisModel(survey_id=survey.id, kind=kind, version=version)
        db.session.add(row)
    row.payload = payload
    row.trained_on = trained_on
    row.metrics = metrics
    row.active = True
    row.created_at = utcnow()
    db.session.flush()
    return TrainedModel(kind, version, trained_on, row.created_at, metrics)


def _train_sentiment(survey: Survey, data: CodedSet, train: list[int], test: list[int]):
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
    return _activate(survey, "sentiment", model.version, model.to_bytes(), len(data), metrics)


def _train_themes(survey: Survey, data: CodedSet, train: list[int], test: list[int]):
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
    return _activate(survey, "themes", version, buffer.getvalue(), len(data), metrics)


@transactional
def train(survey: Survey) -> TrainingOutcome:
    """Train, measure and activate the survey's sentiment and theme models.

    Each kind is trained only once enough answers are coded for it. Raises
    :class:`CodingError` when neither has enough.
    """
    data = coded_set(survey)
    need_sentiment, need_themes = min_coded_for_sentiment(), min_coded_for_themes()
    if len(data) < min(need_sentiment, need_themes):
        more = min(need_sentiment, need_themes) - len(data)
        raise CodingError(f"Code {more} more answers before training")
    train_idx, test_idx = held_back_split(len(data))
    sentiment = (
        _train_sentiment(survey, data, train_idx, test_idx) if len(data) >= need_sentiment else None
    )
    themes = _train_themes(survey, data, train_idx, test_idx) if len(data) >= need_themes else None
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


# --- Themes the taxonomy misses -------------------------------------------------------------


@dataclass(frozen=True)
class Discovery:
    themes: list[Any]
    sample: int


def discover(survey: Survey, k: int) -> Discovery:
    """Emerging themes in the survey's latest answers (at most :data:`DISCOVERY_SAMPLE`)."""
    texts = list(
        db.session.scalars(
            select(TextAnswer.text)
            .where(TextAnswer.survey_id == survey.id)
            .order_by(TextAnswer.id.desc())
            .limit(DISCOVERY_SAMPLE)
        )
    )
    found = discover_themes(texts, k, taxonomy=taxonomy.seeds_of(survey), mask=True)
    return Discovery(themes=found, sample=len(texts))
