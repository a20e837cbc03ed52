"""Throughput of sentiment scoring and theme assignment, beside raw vaderSentiment.

Usage::

    .venv/bin/python bench/analysis_speed.py [DATA_DIR] [--answers 5000] [--repeats 3]

Two corpora: synthetic survey answers (always) and the human-rated sets in DATA_DIR (default
$LISTENING_POST_SENTIMENT_DATA, else ../shared/data/sentiment) when present. Every method runs
on the same texts in the same process, interleaved, best of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.sentiment import SentimentModel, score_texts  # noqa: E402
from analysis.themes import ThemeClassifier, load_seeds  # noqa: E402

QUESTIONS = [
    "What, if anything, did the officer do well?",
    "What could the officer have done better?",
]
OPENINGS = [
    "Nothing, he was fine.", "The officer was polite and explained why I was stopped.",
    "He was rude and never told me the grounds.", "Nothing.", "Searched me in front of everyone",
    "They handcuffed me for no reason and the body worn camera was off.",
    "Very professional, thank you", "It took ages and made me late for school.",
    "I felt profiled because I'm black, again.", "Be more respectful to young people",
]  # fmt: skip
ADDITIONS = [
    "", " My mum was there.", " Could have been quicker.", " I didn't get a copy of the record.",
    " Not rude at all, to be fair.", " Never again. Worst experience ever!",
    " He gave his name and number.", " I was scared and humiliated.",
]  # fmt: skip


def survey_answers(count: int, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts = [
        rng.choice(OPENINGS) + rng.choice(ADDITIONS) + rng.choice(ADDITIONS) for _ in range(count)
    ]
    return texts, [rng.choice(QUESTIONS) for _ in range(count)]


def rated_texts(directory: Path) -> list[str]:
    texts = []
    for path in sorted(directory.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t", 2)
            if len(parts) == 3:
                texts.append(parts[2])
    return texts


def best_rate(run: Callable[[], object], count: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


def measure(name: str, texts: Sequence[str], questions: Sequence[str], repeats: int) -> bool:
    analyser = SentimentIntensityAnalyzer()
    model = SentimentModel().fit(
        texts[:500], [max(-1.0, min(1.0, s)) for s in score_texts(texts[:500])]
    )
    seeds = load_seeds("stop-search")
    themes = ThemeClassifier(seeds)
    labels = [set(row) for row in themes.predict(texts[:500])]
    fitted_themes = ThemeClassifier(seeds).fit(texts[:500], labels)
    methods: list[tuple[str, Callable[[], object]]] = [
        ("vaderSentiment (raw)", lambda: [analyser.polarity_scores(t) for t in texts]),
        ("analysis.sentiment.score_texts", lambda: score_texts(texts)),
        ("score_texts with questions", lambda: score_texts(texts, questions)),
        ("SentimentModel.score_texts (fitted on 500)", lambda: model.score_texts(texts, questions)),
        ("ThemeClassifier.predict (seeds only)", lambda: themes.predict(texts)),
        ("ThemeClassifier.predict (fitted on 500)", lambda: fitted_themes.predict(texts)),
    ]  # fmt: skip
    rates = {label: 0.0 for label, _ in methods}
    for _ in range(repeats):  # interleave so that load on the machine hits every method alike
        for label, run in methods:
            rates[label] = max(rates[label], best_rate(run, len(texts), 1))
    vader = rates[methods[0][0]]
    print(f"\n{name}: {len(texts)} texts, best of {repeats}\n")
    print(f"{'method':44} {'answers/s':>10} {'x raw VADER':>12}")
    print("-" * 68)
    for label, rate in rates.items():
        print(f"{label:44} {rate:10,.0f} {rate / vader:12.2f}")
    ok = rates["analysis.sentiment.score_texts"] >= 0.5 * vader
    print(f"\nscore_texts at least half raw VADER's speed: {'yes' if ok else 'NO'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = (
        os.environ.get("LISTENING_POST_SENTIMENT_DATA") or REPO.parent / "shared/data/sentiment"
    )
    parser.add_argument("data", nargs="?", type=Path, default=Path(default))
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    texts, questions = survey_answers(args.answers)
    measure("Synthetic survey answers", texts, questions, args.repeats)
    rated = rated_texts(args.data) if args.data.is_dir() else []
    if rated:
        rng = random.Random(1)
        measure("Human-rated sets (tweets, movie, amazon, nyt)", rated,
                [rng.choice(QUESTIONS) for _ in rated], args.repeats)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
