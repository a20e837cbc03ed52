"""How far to trust the machine: its agreement with the analysts' coding of the same answers.

A sentiment score in [-1, 1] is read on the coders' five-point scale as its nearest point
(score x 2, halves rounded away from zero), and its direction is negative / neutral /
positive. The headline agreement is on the direction: accuracy and Cohen's kappa over those
three classes. The exact five-point agreement and a quadratic-weighted kappa are kept beside
it. Theme agreement is precision, recall, F1 and kappa per theme, and micro F1 over them all.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

from analysis.stats import wilson_interval


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


#: Landis and Koch's (1977) bands for kappa, in plain words for analysts: each strength reads
#: as "<strength> agreement beyond chance" (a kappa of 0 or less is "no" agreement beyond it).
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
        "slight",
        "Do not rely on it. Code more answers and train again, and read the answers themselves.",
    ),
)


def interpret_kappa(kappa: float | None) -> tuple[str, str]:
    """(strength, advice) for a kappa, in plain words: the strength reads as "<strength>
    agreement beyond chance", for example "slight" or "no"."""
    if kappa is None:
        return (
            "cannot be measured",
            "The answers checked are too alike (for example all negative) to measure agreement. "
            "Code a wider range of answers.",
        )
    if kappa <= 0:
        # Landis and Koch's "poor": no better than the agreement expected by chance.
        return "no", KAPPA_BANDS[-1][2]
    for low, strength, advice in KAPPA_BANDS:
        if kappa >= low:
            return strength, advice
    raise AssertionError("unreachable")
