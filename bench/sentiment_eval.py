"""Evaluate analysis.sentiment against human-rated texts, beside raw vaderSentiment.

Usage::

    .venv/bin/python bench/sentiment_eval.py [DATA_DIR] [--seed 0]

DATA_DIR defaults to $LISTENING_POST_SENTIMENT_DATA, else ../shared/data/sentiment relative to
the repository root. Each ``*.txt`` there is ``id <TAB> mean rating (-4..4) <TAB> text``
(Hutto & Gilbert, ICWSM 2014). Prints Pearson r and binary macro-F1 for every set, then a
learning curve for SentimentModel. See bench/README.md for how the metrics are defined.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr
from sklearn.metrics import f1_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.sentiment import LEXICON_VERSION, SentimentModel, score_texts  # noqa: E402

#: Figures in ../shared/data/sentiment/README.md (vaderSentiment 3.3.2): r, macro-F1.
README_VADER = {
    "tweets": (0.872, 0.958),
    "movie": (0.427, 0.596),
    "amazon": (0.590, 0.646),
    "nyt": (0.503, 0.612),
}
TRAIN_SIZES = (100, 250, 500, 1000)
#: Mean ratings closer to 0 than this are neutral truth and dropped from F1.
NEUTRAL_TRUTH = 0.2
#: Scores within +-this are a neutral prediction, counted as wrong for F1 (VADER's threshold).
NEUTRAL_SCORE = 0.05


@dataclass(frozen=True)
class RatedSet:
    name: str
    texts: list[str]
    ratings: np.ndarray


def load_sets(directory: Path) -> list[RatedSet]:
    sets = []
    for path in sorted(directory.glob("*.txt")):
        texts, ratings = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t", 2)
            if len(parts) == 3:
                ratings.append(float(parts[1]))
                texts.append(parts[2])
        name = path.stem.removesuffix("-snippets").split("-")[0]
        sets.append(RatedSet(name, texts, np.array(ratings)))
    return sets


def pearson(ratings: np.ndarray, scores: np.ndarray) -> float:
    return float(pearsonr(ratings, scores)[0])


def binary_f1(ratings: np.ndarray, scores: np.ndarray) -> float:
    """Macro-F1 over positive and negative; neutral truth dropped, neutral scores are misses."""
    keep = np.abs(ratings) >= NEUTRAL_TRUTH
    truth = np.where(ratings[keep] > 0, 1, -1)
    kept = scores[keep]
    predicted = np.where(kept > NEUTRAL_SCORE, 1, np.where(kept < -NEUTRAL_SCORE, -1, 0))
    return float(f1_score(truth, predicted, labels=[1, -1], average="macro"))


def evaluate(sets: list[RatedSet]) -> bool:
    analyser = SentimentIntensityAnalyzer()
    print(f"Rule-based scorer {LEXICON_VERSION} vs vaderSentiment 3.3.2 (same run)\n")
    header = (
        f"{'set':8} {'texts':>6} | {'r ours':>7} {'r VADER':>7} | {'F1 ours':>7} {'F1 VADER':>8}"
    )
    print(header + " | README VADER r/F1   reproduced")
    print("-" * (len(header) + 32))
    all_ok = True
    for rated in sets:
        ours = np.array(score_texts(rated.texts))
        vader = np.array([analyser.polarity_scores(t)["compound"] for t in rated.texts])
        r_ours, r_vader = pearson(rated.ratings, ours), pearson(rated.ratings, vader)
        f_ours, f_vader = binary_f1(rated.ratings, ours), binary_f1(rated.ratings, vader)
        reference = README_VADER.get(rated.name)
        if reference:
            same = round(r_vader, 3) == reference[0] and round(f_vader, 3) == reference[1]
            ref = f"{reference[0]:.3f} / {reference[1]:.3f}   {'yes' if same else 'NO'}"
        else:
            ref = "-"
        all_ok &= r_ours >= r_vader and f_ours >= f_vader
        print(
            f"{rated.name:8} {len(rated.texts):6} | {r_ours:7.4f} {r_vader:7.4f} | "
            f"{f_ours:7.4f} {f_vader:8.4f} | {ref}"
        )
    print(f"\nno set worse than raw VADER (r and F1): {'yes' if all_ok else 'NO'}")
    return all_ok


def learning_curve(sets: list[RatedSet], seed: int) -> bool:
    print(f"\nSentimentModel learning curve (train on n texts, score the rest; seed {seed})\n")
    header = (
        f"{'set':8} {'n':>5} | {'r model':>7} {'r lexicon':>9} | {'F1 model':>8} {'F1 lexicon':>10}"
    )
    print(header + " | fit s")
    print("-" * (len(header) + 8))
    better_at_500 = True
    for rated in sets:
        order = np.random.default_rng(seed).permutation(len(rated.texts))
        for size in TRAIN_SIZES:
            if size >= len(rated.texts):
                continue
            train, test = order[:size], order[size:]
            test_texts = [rated.texts[i] for i in test]
            started = time.perf_counter()
            model = SentimentModel(random_state=seed).fit(
                [rated.texts[i] for i in train], rated.ratings[train] / 4.0
            )
            fitted = time.perf_counter() - started
            learned = np.array(model.score_texts(test_texts))
            lexicon = np.array(score_texts(test_texts))
            truth = rated.ratings[test]
            r_model, r_lex = pearson(truth, learned), pearson(truth, lexicon)
            f_model, f_lex = binary_f1(truth, learned), binary_f1(truth, lexicon)
            if size == 500:
                better_at_500 &= r_model > r_lex and f_model > f_lex
            print(
                f"{rated.name:8} {size:5} | {r_model:7.4f} {r_lex:9.4f} | "
                f"{f_model:8.4f} {f_lex:10.4f} | {fitted:5.2f}"
            )
    print(f"\nwith 500 coded texts better than the lexicon on every set: "
          f"{'yes' if better_at_500 else 'NO'}")  # fmt: skip
    return better_at_500


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = (
        os.environ.get("LISTENING_POST_SENTIMENT_DATA") or REPO.parent / "shared/data/sentiment"
    )
    parser.add_argument("data", nargs="?", type=Path, default=Path(default))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sets = load_sets(args.data)
    if not sets:
        print(f"no *.txt rated sets in {args.data}", file=sys.stderr)
        return 0
    evaluate(sets)
    learning_curve(sets, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
