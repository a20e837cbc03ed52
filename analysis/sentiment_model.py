"""A sentiment model learned from analyst-coded answers (re-exported by analysis.sentiment).

TF-IDF over negation-marked stems (unigrams and bigrams) plus the rule-based score go into a
ridge regression, so with few coded answers the model leans on the lexicon and with more it
learns the force's own vocabulary. It follows scikit-learn's conventions: ``__init__`` only
stores parameters, ``fit`` returns ``self``, learned attributes end in ``_``.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import pickle  # only bytes this package wrote itself are loaded  # nosec B403
from collections.abc import Sequence
from os import PathLike
from typing import Any, Self

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge

from analysis.text import bag_of_terms

__all__ = ["SentimentModel"]

_FORMAT = "listening-post/sentiment-model"
_FORMAT_VERSION = 1
#: Rule-based scores within +-this are neutral (VADER's convention); the model sees the
#: lexicon's own positive / negative call as two features besides the score itself.
NEUTRAL_BAND = 0.05


def _lexicon_features(texts: Sequence[str], questions: Sequence[str | None] | None) -> np.ndarray:
    from analysis import sentiment  # the rule-based scorer; imported here to avoid a cycle

    scores = np.asarray(sentiment.score_texts(texts, questions), dtype=float)
    kinds = [sentiment.question_kind(q) for q in questions] if questions else [None] * len(texts)
    columns = [
        np.maximum(scores, 0.0),
        np.minimum(scores, 0.0),
        (scores > NEUTRAL_BAND).astype(float),
        (scores < -NEUTRAL_BAND).astype(float),
        np.array([kind == "praise" for kind in kinds], dtype=float),
        np.array([kind == "criticism" for kind in kinds], dtype=float),
    ]
    return np.column_stack(columns)


def _fit_terms(
    texts: Sequence[str], **options: Any
) -> tuple[TfidfVectorizer | None, sparse.csr_matrix]:
    """Fitted TF-IDF weights and the texts' terms; (None, no columns) when no term is common
    enough to keep (a handful of answers with no word in common)."""
    vectorizer = TfidfVectorizer(analyzer=bag_of_terms, sublinear_tf=True, **options)
    try:
        return vectorizer, vectorizer.fit_transform(texts)
    except ValueError:  # "empty vocabulary" / "no terms remain": nothing to learn from words
        return None, sparse.csr_matrix((len(texts), 0))


def _terms(vectorizer: TfidfVectorizer | None, texts: Sequence[str]) -> sparse.csr_matrix:
    if vectorizer is None:
        return sparse.csr_matrix((len(texts), 0))
    return vectorizer.transform(texts)


def drop_rare_terms(
    vectorizer: TfidfVectorizer | None,
    texts: Sequence[str],
    terms: sparse.spmatrix,
    min_df: int,
    estimators: Sequence[Any],
) -> TfidfVectorizer | None:
    """Drop the terms found in fewer than ``min_df`` of the training ``texts`` from a fitted
    vectorizer (``terms`` is what it made of them), and their columns from the linear
    ``estimators`` fitted on its columns followed by others (kept as they are).

    Returns a vectorizer that knows only the terms kept, with the same weights (a term's
    weight depends only on how many training texts have it), or None when none is kept.
    """
    if vectorizer is None or min_df <= 1:
        return vectorizer
    n_terms = terms.shape[1]
    document_frequency = np.asarray((terms > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(document_frequency >= min_df)
    if len(keep) == n_terms:
        return vectorizer
    for estimator in estimators:
        if estimator is None:
            continue
        n_features = estimator.coef_.shape[-1]
        columns = np.concatenate([keep, np.arange(n_terms, n_features)])
        estimator.coef_ = np.ascontiguousarray(estimator.coef_[..., columns])
        estimator.n_features_in_ = len(columns)
    if not len(keep):
        return None
    names = vectorizer.get_feature_names_out()
    kept = TfidfVectorizer(**{**vectorizer.get_params(), "vocabulary": [names[i] for i in keep]})
    return kept.fit(texts)


class SentimentModel(BaseEstimator):
    """Sentiment learned from coded answers: TF-IDF and the lexicon score into a ridge model.

    Parameters
    ----------
    alpha : float, default 1.0
        Ridge regularisation strength.
    lexicon_weight : float, default 3.0
        Scale of the rule-based score features; larger makes them cheaper for the ridge
        penalty, so the model trusts the lexicon more when data are scarce.
    min_df : int, default 1
        Ignore terms in fewer answers than this while fitting.
    keep_min_df : int, default 2
        After fitting, drop the terms of fewer answers than this, with their weights: a word
        used in one answer only (a name, a phone number, a street) is not kept in the fitted
        model, so it is not stored with it. They still take part in the fit, where each
        answer's own words soak up what the shared words cannot explain (dropping them before
        fitting makes the shared words' weights noisier: see bench/README.md).
    max_features : int, default 50000
        Keep at most this many terms.
    rescale : bool, default True
        Rescale predictions so that on the training answers they have the mean and spread of
        the coded scores. Ridge shrinks towards the mean, which turns mild opinions into
        "neutral"; rescaling is affine, so correlations and rank order are unchanged.
    random_state : int, default 0
        Passed to the solver; the fit is deterministic.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer or None
        Fitted term weights, of the terms of at least ``keep_min_df`` answers; None when
        there are none (the lexicon alone).
    regressor_ : Ridge
        Fitted linear model.
    offset_, scale_ : float
        The rescaling: ``score = target_mean_ + (raw - offset_) * scale_``.
    target_mean_ : float
        Mean of the coded scores.
    n_train_ : int
        Number of coded answers it learned from.
    lexicon_version_ : str
        :data:`analysis.sentiment.LEXICON_VERSION` at fit time.
    version_ : str
        Hash of the parameters, the lexicon version and the training data.
    """

    def __init__(
        self,
        alpha: float = 1.0,
        lexicon_weight: float = 3.0,
        min_df: int = 1,
        max_features: int = 50_000,
        rescale: bool = True,
        random_state: int = 0,
        keep_min_df: int = 2,
    ) -> None:
        self.alpha = alpha
        self.lexicon_weight = lexicon_weight
        self.min_df = min_df
        self.max_features = max_features
        self.rescale = rescale
        self.random_state = random_state
        self.keep_min_df = keep_min_df

    def fit(
        self,
        texts: Sequence[str],
        scores: Sequence[float],
        questions: Sequence[str | None] | None = None,
    ) -> Self:
        """Learn from coded answers.

        Parameters
        ----------
        texts : sequence of str
            Coded answers.
        scores : sequence of float
            The analysts' scores, each in [-1, 1].
        questions : sequence of str, optional
            The question each answer replied to.

        Returns
        -------
        SentimentModel
            ``self``, fitted.

        Raises
        ------
        ValueError
            If lengths differ, fewer than 2 answers are given, or a score is outside [-1, 1].
        """
        from analysis.sentiment import LEXICON_VERSION

        texts = [text if isinstance(text, str) else "" for text in texts]
        y = np.asarray(scores, dtype=float)
        if y.shape != (len(texts),) or (questions is not None and len(questions) != len(texts)):
            raise ValueError("texts, scores and questions must have the same length")
        if len(texts) < 2:
            raise ValueError("need at least 2 coded answers")
        if not np.all(np.isfinite(y)) or np.any(np.abs(y) > 1.0):
            raise ValueError("scores must be finite and within [-1, 1]")
        self.vectorizer_, terms = _fit_terms(
            texts, min_df=self.min_df, max_features=self.max_features
        )
        features = sparse.hstack(
            [terms, _lexicon_features(texts, questions) * self.lexicon_weight], format="csr"
        )
        self.regressor_ = Ridge(alpha=self.alpha, random_state=self.random_state)
        self.regressor_.fit(features, y)
        fitted = self.regressor_.predict(features)
        self.target_mean_ = float(np.mean(y))
        self.offset_ = float(np.mean(fitted))
        spread = float(np.std(fitted))
        self.scale_ = float(np.std(y)) / spread if self.rescale and spread > 1e-9 else 1.0
        if not self.rescale:
            self.target_mean_ = self.offset_
        self.vectorizer_ = drop_rare_terms(
            self.vectorizer_, texts, terms, self.keep_min_df, [self.regressor_]
        )
        self.n_train_ = len(texts)
        self.lexicon_version_ = LEXICON_VERSION
        self.version_ = self._fingerprint(texts, y, questions)
        return self

    def _fingerprint(
        self, texts: Sequence[str], y: np.ndarray, questions: Sequence[str | None] | None
    ) -> str:
        digest = hashlib.sha256()
        header = {"params": self.get_params(), "lexicon": self.lexicon_version_}
        digest.update(json.dumps(header, sort_keys=True, default=str).encode())
        for index, text in enumerate(texts):
            question = questions[index] if questions is not None else None
            row = [text, round(float(y[index]), 6), question]
            digest.update(json.dumps(row).encode())
        return f"sm-{digest.hexdigest()[:16]}"

    @property
    def version(self) -> str:
        """Identifier of this fitted model, to store beside every score it makes."""
        self._check_fitted()
        return self.version_

    def _check_fitted(self) -> None:
        if not hasattr(self, "regressor_"):
            raise NotFittedError("SentimentModel is not fitted yet; call fit() first")

    def score_texts(
        self, texts: Sequence[str | None], questions: Sequence[str | None] | None = None
    ) -> list[float]:
        """Predicted sentiment of each answer, clipped to [-1, 1].

        Parameters
        ----------
        texts : sequence of str
            Answers to score.
        questions : sequence of str, optional
            The question each answer replied to.

        Returns
        -------
        list of float
            One score per text, rounded to 4 places; 0 for empty or blank text.
        """
        self._check_fitted()
        if questions is not None and len(questions) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(questions)} questions")
        clean = [text if isinstance(text, str) else "" for text in texts]
        if not clean:
            return []
        features = sparse.hstack(
            [
                _terms(self.vectorizer_, clean),
                _lexicon_features(clean, questions) * self.lexicon_weight,
            ],
            format="csr",
        )
        raw = self.regressor_.predict(features)
        predicted = np.clip(self.target_mean_ + (raw - self.offset_) * self.scale_, -1.0, 1.0)
        return [
            round(float(score), 4) if text.strip() and math.isfinite(score) else 0.0
            for text, score in zip(clean, predicted, strict=True)
        ]

    def to_bytes(self) -> bytes:
        """Serialise the fitted model (pickle) for storage in the database or a file.

        Returns
        -------
        bytes
            Load with :meth:`from_bytes`. Only ever load bytes this service wrote.
        """
        self._check_fitted()
        payload = {"format": _FORMAT, "format_version": _FORMAT_VERSION, "model": self}
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> SentimentModel:
        """Load a model written by :meth:`to_bytes`.

        Parameters
        ----------
        data : bytes
            Trusted bytes from :meth:`to_bytes` (pickle can run code: never load others').

        Returns
        -------
        SentimentModel
            The fitted model.

        Raises
        ------
        ValueError
            If the bytes are not a saved model, or the model was fitted with a different
            lexicon version than this code's: its scores would no longer match its version.
        """
        from analysis.sentiment import LEXICON_VERSION

        payload: Any = pickle.load(io.BytesIO(data))  # noqa: S301 - our own trusted bytes  # nosec B301
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise ValueError("not a saved SentimentModel")
        model = payload["model"]
        if not isinstance(model, cls):
            raise ValueError("not a saved SentimentModel")
        if model.lexicon_version_ != LEXICON_VERSION:
            raise ValueError(
                f"model {model.version_} was fitted with lexicon {model.lexicon_version_}, "
                f"this code has {LEXICON_VERSION}; fit it again"
            )
        return model

    def save(self, path: str | PathLike[str]) -> None:
        """Write the fitted model to a file (see :meth:`to_bytes`).

        Parameters
        ----------
        path : str or path-like
            Destination file.
        """
        with open(path, "wb") as handle:
            handle.write(self.to_bytes())

    @classmethod
    def load(cls, path: str | PathLike[str]) -> SentimentModel:
        """Read a model written by :meth:`save` (see :meth:`from_bytes`).

        Parameters
        ----------
        path : str or path-like
            File written by :meth:`save`.

        Returns
        -------
        SentimentModel
            The fitted model.
        """
        with open(path, "rb") as handle:
            return cls.from_bytes(handle.read())
