"""Emerging themes: TF-IDF and non-negative matrix factorisation over answers.

Analysts run this over recent answers to see what people talk about that the taxonomy does not
cover yet. It is re-exported by :mod:`analysis.themes`.
"""

from __future__ import annotations

import itertools
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.masking import mask_personal_details
from analysis.seeds import match_seeds
from analysis.text import STOP_WORDS, stem, tokenise

__all__ = ["DiscoveredTheme", "discover_themes"]


@dataclass(frozen=True)
class DiscoveredTheme:
    """A theme found in the answers, for an analyst to name (or to add seeds for).

    Attributes
    ----------
    terms : tuple of str
        Most characteristic words and word pairs, strongest first.
    size : int
        Answers for which this is the strongest theme.
    share : float
        ``size`` as a share of the answers analysed.
    examples : tuple of str
        Representative answers, most typical first, personal details masked.
    uncovered : float or None
        Share of its answers that match no theme of the taxonomy given, if one was given:
        high values point at what the taxonomy misses.
    """

    terms: tuple[str, ...]
    size: int
    share: float
    examples: tuple[str, ...]
    uncovered: float | None = None

    @property
    def label(self) -> str:
        """A provisional name from the first three terms."""
        return " / ".join(self.terms[:3])


class _StemAnalyser:
    """Content stems and stem pairs, remembering the commonest spelling of each stem."""

    def __init__(self) -> None:
        self.spellings: dict[str, Counter[str]] = {}

    def __call__(self, text: str) -> list[str]:
        stems = []
        for token in tokenise(text):
            if token in STOP_WORDS or len(token) < 2 or token.isdigit():
                continue
            root = stem(token)
            self.spellings.setdefault(root, Counter())[token] += 1
            stems.append(root)
        return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]

    def spell(self, term: str) -> str:
        return " ".join(
            min(self.spellings[root].items(), key=lambda item: (-item[1], item[0]))[0]
            for root in term.split(" ")
        )


def discover_themes(
    texts: Sequence[str | None],
    k: int,
    random_state: int = 0,
    *,
    n_terms: int = 8,
    n_examples: int = 3,
    taxonomy: Mapping[str, Sequence[str]] | None = None,
    mask: bool = True,
) -> list[DiscoveredTheme]:
    """Find up to ``k`` themes in answers with TF-IDF and NMF.

    Deterministic for the same texts, ``k`` and ``random_state``.

    Parameters
    ----------
    texts : sequence of str
        Answers; blank ones are ignored.
    k : int
        Number of themes to look for (fewer are returned when the answers cannot support k).
    random_state : int, default 0
        Seed for NMF.
    n_terms : int, default 8
        Terms to report per theme.
    n_examples : int, default 3
        Representative answers to report per theme.
    taxonomy : mapping of str to sequence of str, optional
        The current taxonomy; when given, each theme reports the share of its answers that
        no seed covers.
    mask : bool, default True
        Pass examples through :func:`analysis.masking.mask_personal_details`.

    Returns
    -------
    list of DiscoveredTheme
        Largest first.

    Raises
    ------
    ValueError
        If ``k`` is less than 1.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    documents = [text.strip() for text in texts if isinstance(text, str) and text.strip()]
    if not documents:
        return []
    analyser = _StemAnalyser()
    plenty = len(documents) >= 20
    vectorizer = TfidfVectorizer(
        analyzer=analyser, min_df=2 if plenty else 1, max_df=0.95 if plenty else 1.0,
        sublinear_tf=True,
    )  # fmt: skip
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no terms left after stop words and document-frequency limits
        return []
    components = min(k, matrix.shape[0], matrix.shape[1])
    model = NMF(n_components=components, init="nndsvda", random_state=random_state, max_iter=1000)
    with warnings.catch_warnings():
        # on diffuse answers NMF may stop at max_iter; the factors are still the best found
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    strongest = weights.argmax(axis=1)
    has_theme = weights.max(axis=1) > 0
    covered = (
        [bool(found) for found in match_seeds(documents, taxonomy)] if taxonomy is not None else []
    )
    themes = []
    for index, loadings in enumerate(model.components_):
        if not loadings.any():
            continue
        top = [i for i in np.argsort(-loadings, kind="stable")[:n_terms] if loadings[i] > 0]
        members = np.flatnonzero((strongest == index) & has_theme)
        ranked = members[np.argsort(-weights[members, index], kind="stable")]
        examples: list[str] = []
        for row in ranked:
            example = mask_personal_details(documents[row]) if mask else documents[row]
            if example not in examples:
                examples.append(example)
            if len(examples) == n_examples:
                break
        uncovered = None
        if taxonomy is not None and len(members):
            uncovered = float(np.mean([not covered[row] for row in members]))
        themes.append(
            DiscoveredTheme(
                terms=tuple(analyser.spell(str(vocabulary[i])) for i in top),
                size=len(members),
                share=len(members) / len(documents),
                examples=tuple(examples),
                uncovered=uncovered,
            )
        )
    return sorted(themes, key=lambda theme: (-theme.size, theme.terms))
