"""Analysts' coding of free-text answers, the models trained on it, and how far to trust them.

Analysts read a random sample of a survey's uncoded answers and give each a sentiment on a
five-point scale (-2 very negative … 2 very positive) and the themes of the survey's taxonomy
that apply. Those coded answers are the truth the machine is measured against and learns from.

- :mod:`.answers`: picking, showing and coding answers;
- :mod:`.agreement`: how far a scorer agrees with the coders (accuracy, kappa, F1);
- :mod:`.training`: the coded answers as training data, training and re-scoring;
- :mod:`.summary`: what the coding page shows, with the rule-based scorer's agreement;
- :mod:`.discovery`: themes the taxonomy misses.

Callers import from this package: ``from app.services import coding``.
"""

from app.services.coding.agreement import (
    KAPPA_BANDS,
    SentimentAgreement,
    ThemeAgreement,
    direction,
    five_point,
    interpret_kappa,
    sentiment_agreement,
    theme_agreement,
)
from app.services.coding.answers import (
    SENTIMENT_SCALE,
    AnswerView,
    CodingError,
    RecentCode,
    answer_from_token,
    answer_token,
    month_over_only,
    questions_of,
    random_uncoded,
    recent_codes,
    save_code,
    view_answer,
)
from app.services.coding.discovery import DISCOVERY_SAMPLE, Discovery, discover
from app.services.coding.summary import (
    BASELINE_CAP,
    Baseline,
    CodingSummary,
    baseline_agreement,
    summary,
)
from app.services.coding.training import (
    HELD_BACK,
    MIN_TRAINABLE,
    RANDOM_STATE,
    CodedSet,
    Rescore,
    TrainedModel,
    TrainingOutcome,
    coded_set,
    held_back_split,
    min_coded_for_sentiment,
    min_coded_for_themes,
    rescore_if_small,
    train,
)

__all__ = [
    "BASELINE_CAP",
    "DISCOVERY_SAMPLE",
    "HELD_BACK",
    "KAPPA_BANDS",
    "MIN_TRAINABLE",
    "RANDOM_STATE",
    "SENTIMENT_SCALE",
    "AnswerView",
    "Baseline",
    "CodedSet",
    "CodingError",
    "CodingSummary",
    "Discovery",
    "RecentCode",
    "Rescore",
    "SentimentAgreement",
    "ThemeAgreement",
    "TrainedModel",
    "TrainingOutcome",
    "answer_from_token",
    "answer_token",
    "baseline_agreement",
    "coded_set",
    "direction",
    "discover",
    "five_point",
    "held_back_split",
    "interpret_kappa",
    "min_coded_for_sentiment",
    "min_coded_for_themes",
    "month_over_only",
    "questions_of",
    "random_uncoded",
    "recent_codes",
    "rescore_if_small",
    "save_code",
    "sentiment_agreement",
    "summary",
    "theme_agreement",
    "train",
    "view_answer",
]
