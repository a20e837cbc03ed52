"""The VADER port gives vaderSentiment's own scores when run with VADER's lexicon alone."""

from __future__ import annotations

import dataclasses
from importlib import resources

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.lexicon import Lexicon, load_lexicon
from analysis.valence import (
    but_weights,
    clause_valences,
    normalise_sum,
    punctuation_emphasis,
    vader_tokens,
)

# Single-clause sentences from VADER's README and tests: boosters, capitals, negation, "but",
# "least", "kind of", emoticons, idioms and punctuation.
SENTENCES = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Not bad at all",
    "He is not the best officer",
    "It was the least helpful visit",
    "The food here is the bomb",
    "Without doubt a great day",
    "I never so enjoyed a film",
    "no problems and no worries",
    "I am extremely happy and very grateful",
    "I hate this so much?? Why??",
]


def _vader_only() -> Lexicon:
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    words = {line.split("\t")[0]: float(line.split("\t")[1]) for line in text.splitlines() if line}
    return dataclasses.replace(load_lexicon(), words=words, phrases={})


@pytest.mark.parametrize("sentence", SENTENCES)
def test_single_clause_matches_vadersentiment(sentence: str) -> None:
    lexicon = _vader_only()
    words = vader_tokens(sentence, lexicon)
    capitals = sum(word.isupper() for word in words)
    valences = clause_valences(words, lexicon, 0 < len(words) - capitals < len(words))
    weights = but_weights([word.lower() for word in words])
    total = sum(v * w for v, w in zip(valences, weights, strict=True))
    if total:
        total += punctuation_emphasis(sentence) * (1 if total > 0 else -1)
    expected = SentimentIntensityAnalyzer().polarity_scores(sentence)["compound"]
    assert round(normalise_sum(total), 4) == pytest.approx(expected, abs=1e-4)


def test_lexicon_changes_are_applied() -> None:
    words = load_lexicon().words
    assert "search" not in words and "arrest" not in words and "crime" not in words
    assert words["polite"] > 0 > words["unsafe"]
    assert words["dehumanised"] == words["dehumanized"]  # British spelling added


def test_version_is_stable_and_names_the_base() -> None:
    assert load_lexicon().version.startswith("vader3.3.2+lp")
    assert load_lexicon().version == load_lexicon().version
