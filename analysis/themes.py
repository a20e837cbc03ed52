"""Themes: assigning answers to an analyst-edited taxonomy, and finding themes it misses.

:class:`ThemeClassifier` starts from seed terms alone (:mod:`analysis.seeds`) and, once fitted
on coded answers, adds a one-vs-rest logistic regression per theme whose features include the
seed matches. :func:`discover_themes` (TF-IDF + NMF) finds emerging themes for analysts to name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Self

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.discovery import DiscoveredTheme, discover_themes
from analysis.seeds import (
    SURVEY_SLUGS,
    ThemeDefinition,
    load_seeds,
    load_taxonomy,
    match_seeds,
    seed_taxonomy,
)
from analysis.sentiment_model import drop_rare_terms
from analysis.text import bag_of_terms

__all__ = [
    "SURVEY_SLUGS",
    "DiscoveredTheme",
    "ThemeClassifier",
    "ThemeDefinition",
    "discover_themes",
    "load_seeds",
    "load_taxonomy",
    "match_seeds",
    "seed_taxonomy",
]


class ThemeClassifier(BaseEstimator):
    """Multi-label theme assignment: seed terms, then seeds plus a learned linear model.

    Parameters
    ----------
    taxonomy : mapping of str to sequence of str
        Theme name to seed terms and phrases; a theme may have no seeds (it can then only be
        learned from coded answers).
    threshold : float, default 0.5
        Probability at or above which a fitted theme is assigned.
    C : float, default 1.0
        Inverse regularisation strength of each logistic regression.
    min_examples : int, default 5
        A theme needs this many coded answers with it, and this many without it, to get a
        learned model; otherwise it keeps using its seeds.
    seed_weight : float, default 1.0
        Scale of the seed-match features beside the TF-IDF features.
    keep_min_df : int, default 2
        After fitting, drop the terms of fewer answers than this, with their weights: a word
        used in one answer only (a name, a phone number) is not kept in the fitted model, so
        it is not stored with it.
    random_state : int, default 0
        Passed to the solver; fitting is deterministic.

    Attributes
    ----------
    themes_ : list of str
        Theme names, in taxonomy order (the columns of :meth:`predict_proba`).
    vectorizer_ : TfidfVectorizer or None
        Term weights over negation-marked stems, of the terms of at least ``keep_min_df``
        answers; None when there are none.
    estimators_ : dict of str to LogisticRegression or None
        The learned model per theme; None where the theme relies on its seeds.
    """

    def __init__(
        self,
        taxonomy: Mapping[str, Sequence[str]],
        threshold: float = 0.5,
        C: float = 1.0,
        min_examples: int = 5,
        seed_weight: float = 1.0,
        random_state: int = 0,
        keep_min_df: int = 2,
    ) -> None:
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.C = C
        self.min_examples = min_examples
        self.seed_weight = seed_weight
        self.random_state = random_state
        self.keep_min_df = keep_min_df

    @property
    def themes(self) -> list[str]:
        """Theme names in taxonomy order."""
        return [str(theme) for theme in self.taxonomy]

    def _seed_matrix(self, texts: Sequence[str]) -> np.ndarray:
        themes = self.themes
        matches = match_seeds(texts, self.taxonomy)
        matrix = np.zeros((len(texts), len(themes)))
        for row, found in enumerate(matches):
            for column, theme in enumerate(themes):
                if theme in found:
                    matrix[row, column] = 1.0
        return matrix

    def fit(self, texts: Sequence[str], labels: Sequence[Collection[str]]) -> Self:
        """Learn from coded answers.

        Parameters
        ----------
        texts : sequence of str
            Coded answers.
        labels : sequence of collections of str
            The themes analysts gave each answer (an empty set when none applies).

        Returns
        -------
        ThemeClassifier
            ``self``, fitted.

        Raises
        ------
        ValueError
            If lengths differ or a label is not a theme of the taxonomy.
        """
        if len(texts) != len(labels):
            raise ValueError(f"got {len(texts)} texts but {len(labels)} label sets")
        themes = self.themes
        unknown = {label for row in labels for label in row} - set(themes)
        if unknown:
            raise ValueError(f"labels not in the taxonomy: {sorted(unknown)}")
        clean = [text if isinstance(text, str) else "" for text in texts]
        self.themes_ = themes
        self.vectorizer_ = TfidfVectorizer(analyzer=bag_of_terms, sublinear_tf=True)
        features = self._features(clean, fitting=True)
        self.estimators_: dict[str, LogisticRegression | None] = {}
        for theme in themes:
            target = np.array([theme in row for row in labels], dtype=int)
            positives = int(target.sum())
            if min(positives, len(target) - positives) < self.min_examples:
                self.estimators_[theme] = None
                continue
            model = LogisticRegression(
                C=self.C,
                class_weight="balanced",
                solver="liblinear",
                random_state=self.random_state,
            )
            self.estimators_[theme] = model.fit(features, target)
        n_terms = features.shape[1] - len(themes)
        self.vectorizer_ = drop_rare_terms(
            self.vectorizer_,
            clean,
            features[:, :n_terms],
            self.keep_min_df,
            list(self.estimators_.values()),
        )
        return self

    def _features(self, texts: Sequence[str], fitting: bool = False) -> sparse.csr_matrix:
        if fitting:
            try:
                terms = self.vectorizer_.fit_transform(texts)
            except ValueError:  # no term in min_df answers: the seeds alone
                self.vectorizer_ = None
        if self.vectorizer_ is None:
            terms = sparse.csr_matrix((len(texts), 0))
        elif not fitting:
            terms = self.vectorizer_.transform(texts)
        seeds = sparse.csr_matrix(self._seed_matrix(texts) * self.seed_weight)
        return sparse.hstack([terms, seeds], format="csr")

    def predict_proba(self, texts: Sequence[str | None]) -> np.ndarray:
        """Probability of each theme for each answer.

        Unfitted, or for a theme without a learned model, the probability is 1 where a seed
        matches and 0 otherwise.

        Parameters
        ----------
        texts : sequence of str
            Answers.

        Returns
        -------
        numpy.ndarray of shape (len(texts), n_themes)
            Columns in the order of :attr:`themes`.
        """
        clean = [text if isinstance(text, str) else "" for text in texts]
        seeds = self._seed_matrix(clean)
        if not hasattr(self, "estimators_"):
            return seeds
        if self.themes_ != self.themes:
            raise NotFittedError("the taxonomy changed since fit(); fit again")
        learned = [theme for theme in self.themes_ if self.estimators_[theme] is not None]
        if not learned or not clean:
            return seeds
        features = self._features(clean)
        probabilities = seeds.copy()
        for column, theme in enumerate(self.themes_):
            model = self.estimators_[theme]
            if model is not None:
                probabilities[:, column] = model.predict_proba(features)[:, 1]
        return probabilities

    def predict(self, texts: Sequence[str | None]) -> list[set[str]]:
        """The themes of each answer.

        Parameters
        ----------
        texts : sequence of str
            Answers.

        Returns
        -------
        list of set of str
            For each answer, the theme names assigned (possibly none).
        """
        probabilities = self.predict_proba(texts)
        themes = self.themes
        return [
            {themes[column] for column in np.flatnonzero(row >= self.threshold)}
            for row in probabilities
        ]
