"""Sentiment of free-text answers: a rule-based scorer and a model learned from coded answers.

:func:`score_texts` is VADER (Hutto & Gilbert, ICWSM 2014) with the fixes survey answers need,
see :mod:`analysis.valence`; it also reads the question each text answered, so "Nothing" is
good news after "What could the officer have done better?" and bad news after "What did the
officer do well?". :class:`SentimentModel` learns from analyst-coded answers and should be used
instead once at least :data:`MIN_CODED` answers are coded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from analysis.sentiment_model import SentimentModel
from analysis.text import normalise, split_normalised_sentences
from analysis.valence import (
    load_lexicon,
    normalise_sum,
    punctuation_emphasis,
    sentence_valence,
    vader_tokens,
)

__all__ = [
    "LEXICON_VERSION",
    "MIN_CODED",
    "SentimentModel",
    "question_kind",
    "score_text",
    "score_texts",
]

#: Version of the rule-based scorer: VADER's lexicon, our additions and the rules.
LEXICON_VERSION: str = load_lexicon().version

#: Coded answers needed before :class:`SentimentModel` should replace the rule-based scorer.
#: On the evaluation sets (bench/README.md) a model trained on 250 texts beats the lexicon's
#: F1 on all four sets and its correlation on three; by 500 it is better on both everywhere.
MIN_CODED = 250

QuestionKind = Literal["praise", "criticism"]

_PRAISE = re.compile(
    r"\b(well|good|best|like|liked|enjoy|enjoyed|helpful|positive|positives|stay|right|"
    r"happy|pleased|impressed|thank)\b"
)
_CRITICISM = re.compile(
    r"\b(better|improve\w*|differently|wrong|worse|change|changes|bad|badly|concerns?|"
    r"complain\w*|problems?|issues?|dislike\w*|leav\w*|worr\w*|frustrat\w*|unhappy)\b"
)
_NIL = re.compile(
    r"^(?:(?:honestly|really|genuinely|literally|absolutely|um+|erm+|well|oh)[\s,]+)?"
    r"(?:nothing|none|no|nope|nah|nil|n/?a|not really|not much|nothing much|not a thing|"
    r"nothing really|no comment|can'?t think of anything|cannot think of anything|"
    r"i can'?t think of anything|nothing i can think of|nothing to (?:add|say|report))"
    r"(?:[\s,]+(?:at all|really|whatsoever|to be honest|tbh|honestly|needed|required|else|"
    r"much|i can think of|to add|to say|comes to mind))*"
    r"(?=\s*$|\s*[,.;:!-]|\s+(?:he|she|they|it|i|everything|all|the|both|officers?|was|were|"
    r"very|really)\b)",
    re.IGNORECASE,
)
#: Summed valence of a nil answer ("Nothing", "No") to each kind of question.
NIL_VALENCE: dict[str, float] = {"praise": -2.0, "criticism": 1.6}
#: Words that start a suggestion when the question asks what should be better.
_SUGGESTION_CUES = frozenset(
    {"more", "better", "less", "be", "been", "need", "needs", "needed", "should", "could"}
    | {"would", "improve", "improved", "try", "learn", "show"}
)
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+-+\s+")


@lru_cache(maxsize=256)
def question_kind(question: str | None) -> QuestionKind | None:
    """Classify a question by what a nil answer ("Nothing") would mean.

    Parameters
    ----------
    question : str or None
        The question text, in English.

    Returns
    -------
    {"praise", "criticism"} or None
        ``"praise"`` for questions asking what was good ("What did the officer do well?",
        "What would make you stay?"), ``"criticism"`` for those asking what was wrong or
        should change ("What could the officer have done better?"), None otherwise.
    """
    if not question:
        return None
    lowered = normalise(question).lower()
    praise, criticism = bool(_PRAISE.search(lowered)), bool(_CRITICISM.search(lowered))
    if praise == criticism:
        return None
    return "praise" if praise else "criticism"


def _split_nil(text: str, kind: QuestionKind | None) -> tuple[float, str]:
    """A leading "Nothing" / "No" counts by the question it answers; the rest is scored."""
    match = _NIL.match(text) if kind else None
    if match is None:
        return 0.0, text
    return NIL_VALENCE[kind], text[match.end() :].lstrip(" ,.;:!-")


def _summed_valence(text: str, kind: QuestionKind | None) -> float:
    lexicon = load_lexicon()
    if not text.isascii():
        text = text.translate(lexicon.emojis)
    text = normalise(text)
    total, text = _split_nil(text, kind)
    cues = _SUGGESTION_CUES if kind == "criticism" else frozenset()
    sentences = [
        [vader_tokens(clause, lexicon) for clause in _CLAUSE.split(sentence)]
        for sentence in split_normalised_sentences(text)
    ]
    words = [word for sentence in sentences for clause in sentence for word in clause]
    capitals = sum(word.isupper() for word in words)
    is_cap_diff = 0 < len(words) - capitals < len(words)
    for sentence in sentences:
        valence, opens_with_but = sentence_valence(sentence, lexicon, is_cap_diff, cues)
        total = total * 0.5 + valence if opens_with_but else total + valence
    if total > 0:
        total += punctuation_emphasis(text)
    elif total < 0:
        total -= punctuation_emphasis(text)
    return total


def score_text(text: str | None, question: str | None = None) -> float:
    """Compound sentiment of one answer, in [-1, 1].

    Parameters
    ----------
    text : str or None
        The answer. None, empty or blank text scores 0.
    question : str, optional
        The question it answered.

    Returns
    -------
    float
        Negative below 0, positive above; rounded to 4 decimal places.
    """
    if not isinstance(text, str) or not text.strip():
        return 0.0
    kind = question_kind(question) if isinstance(question, str) else None
    return round(normalise_sum(_summed_valence(text, kind)), 4)


def score_texts(
    texts: Sequence[str | None], questions: Sequence[str | None] | None = None
) -> list[float]:
    """Compound sentiment of each answer, in [-1, 1], by rules alone.

    Scores sentence by sentence with VADER's rules and lexicon plus the Listening Post
    lexicon (``analysis/data/``): topic words such as "search" or "arrest" are neutral,
    words such as "polite", "unsafe" and "profiled" are scored, and a negation never reaches
    across a sentence or a comma. Deterministic; never raises on any string.

    Parameters
    ----------
    texts : sequence of str
        The answers.
    questions : sequence of str, optional
        The question each answer replied to, same length as ``texts``.

    Returns
    -------
    list of float
        One score per text; 0 for empty or blank text.

    Raises
    ------
    ValueError
        If ``questions`` is given with a different length.

    Examples
    --------
    >>> score_texts(["Never again. Worst service ever!"])[0] < 0
    True
    >>> score_texts(["Nothing, he was fine"], ["What could the officer have done better?"])[0] > 0
    True
    """
    if questions is None:
        return [score_text(text) for text in texts]
    if len(questions) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(questions)} questions")
    return [score_text(text, question) for text, question in zip(texts, questions, strict=True)]
