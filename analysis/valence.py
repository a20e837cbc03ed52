"""VADER's rules, sentence by sentence, with the Listening Post lexicon.

This is a port of the rule engine in vaderSentiment 3.3.2 (Hutto & Gilbert, ICWSM 2014; MIT
licence) that reads the lexicon file shipped inside that package. It is ported rather than
called because the fixes survey answers need live inside the rules: a negation must not reach
across a sentence or a comma ("Never again. Worst service ever!", "Nothing, he was fine"), topic
words must be neutral, and phrases need a valence of their own. On a single clause with the
original lexicon it gives VADER's own valences (``tests/analysis/test_valence.py`` checks).

Only :mod:`analysis.sentiment` should need this module; the lexicon is in
:mod:`analysis.lexicon`.
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence

from analysis.lexicon import Lexicon, load_lexicon

__all__ = [
    "Lexicon",
    "clause_valences",
    "load_lexicon",
    "normalise_sum",
    "punctuation_emphasis",
    "sentence_valence",
    "vader_tokens",
]

# Constants as in vaderSentiment 3.3.2.
B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74
ALPHA = 15.0


def _words(text: str) -> list[str]:
    return text.split()


_NEGATE = frozenset(
    _words(
        "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't "
        "didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't "
        "haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere "
        "oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't "
        "without wont wouldnt won't wouldn't rarely seldom despite"
    )
)
_BOOSTERS: dict[str, float] = {
    **dict.fromkeys(
        _words(
            "absolutely amazingly awfully completely considerable considerably decidedly deeply "
            "effing enormous enormously entirely especially exceptional exceptionally extreme "
            "extremely fabulously flipping flippin frackin fracking fricking frickin frigging "
            "friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible "
            "incredibly intensely major majorly more most particularly purely quite really "
            "remarkably so substantially thoroughly total totally tremendous tremendously uber "
            "unbelievably unusually utter utterly very"
        ),
        B_INCR,
    ),
    **dict.fromkeys(
        _words(
            "almost barely hardly kinda kindof kind-of less little marginal marginally occasional "
            "occasionally partly scarce scarcely slight slightly somewhat sorta sortof sort-of"
        ),
        B_DECR,
    ),
    "just enough": B_DECR,
    "kind of": B_DECR,
    "sort of": B_DECR,
}
_SPECIAL_CASES: dict[str, float] = {
    "the shit": 3,
    "the bomb": 3,
    "bad ass": 1.5,
    "badass": 1.5,
    "bus stop": 0.0,
    "yeah right": -2,
    "kiss of death": -1.5,
    "to die for": 3,
    "beating heart": 3.5,
}
#: Sentence-opening imperatives that keep a valence although the word is a topic word.
_IMPERATIVES: dict[str, float] = {"stop": -1.2}
_MODALS = frozenset({"could", "should", "would"})
_COUNTERFACTUAL_WORDS = frozenset(
    {"could've", "should've", "would've", "couldve", "shouldve", "wouldve"}
)
#: A positive word after "could have" / "should have" counts this many times its valence.
COUNTERFACTUAL_SCALAR = -0.5
_PUNCTUATION = string.punctuation


def vader_tokens(clause: str, lexicon: Lexicon) -> list[str]:
    """Tokens as VADER makes them: split on white space, punctuation stripped.

    Unlike VADER, short words lose their punctuation too ("ok." is "ok"); a token that is
    itself a lexicon entry, such as the emoticon ":)", is kept whole.

    Parameters
    ----------
    clause : str
        Text of one clause.
    lexicon : Lexicon
        The lexicon, to recognise emoticons.

    Returns
    -------
    list of str
        Tokens with their original case.
    """
    tokens = []
    for token in clause.split():
        if token.lower() in lexicon.words:
            tokens.append(token)
        else:
            tokens.append(token.strip(_PUNCTUATION) or token)
    return tokens


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _scalar(word: str, lower: str, valence: float, is_cap_diff: bool) -> float:
    scalar = _BOOSTERS.get(lower, 0.0)
    if scalar:
        if valence < 0:
            scalar = -scalar
        if is_cap_diff and word.isupper():
            scalar += C_INCR if valence > 0 else -C_INCR
    return scalar


def _negation(valence: float, lows: Sequence[str], start: int, i: int) -> float:
    if start == 0:
        return valence * N_SCALAR if _negated(lows[i - 1]) else valence
    if start == 1:
        if lows[i - 2] == "never" and lows[i - 1] in ("so", "this"):
            return valence * 1.25
        if lows[i - 2] == "without" and lows[i - 1] == "doubt":
            return valence
        return valence * N_SCALAR if _negated(lows[i - 2]) else valence
    if (lows[i - 3] == "never" and lows[i - 2] in ("so", "this")) or lows[i - 1] in ("so", "this"):
        return valence * 1.25
    if lows[i - 3] == "without" and "doubt" in (lows[i - 2], lows[i - 1]):
        return valence
    return valence * N_SCALAR if _negated(lows[i - 3]) else valence


def _special_idioms(valence: float, lows: Sequence[str], i: int) -> float:
    sequences = (
        f"{lows[i - 1]} {lows[i]}",
        f"{lows[i - 2]} {lows[i - 1]} {lows[i]}",
        f"{lows[i - 2]} {lows[i - 1]}",
        f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}",
        f"{lows[i - 3]} {lows[i - 2]}",
    )
    for sequence in sequences:
        if sequence in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[sequence]
            break
    if len(lows) - 1 > i and f"{lows[i]} {lows[i + 1]}" in _SPECIAL_CASES:
        valence = _SPECIAL_CASES[f"{lows[i]} {lows[i + 1]}"]
    if len(lows) - 1 > i + 1 and f"{lows[i]} {lows[i + 1]} {lows[i + 2]}" in _SPECIAL_CASES:
        valence = _SPECIAL_CASES[f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"]
    for n_gram in (sequences[3], sequences[4], sequences[2]):
        valence += _BOOSTERS.get(n_gram, 0.0)
    return valence


def _word_valence(words: Sequence[str], lows: Sequence[str], i: int, lex: dict[str, float],
                  is_cap_diff: bool) -> float:  # fmt: skip
    lower = lows[i]
    base = lex[lower]
    valence = base
    if lower == "no" and i != len(lows) - 1 and lows[i + 1] in lex:
        valence = 0.0
    if (
        (i > 0 and lows[i - 1] == "no")
        or (i > 1 and lows[i - 2] == "no")
        or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
    ):
        valence = base * N_SCALAR
    if is_cap_diff and words[i].isupper():
        valence += C_INCR if valence > 0 else -C_INCR
    for start in range(3):
        if i > start and lows[i - start - 1] not in lex:
            scalar = _scalar(words[i - start - 1], lows[i - start - 1], valence, is_cap_diff)
            valence += scalar * (1.0, 0.95, 0.9)[start]
            valence = _negation(valence, lows, start, i)
            if start == 2:
                valence = _special_idioms(valence, lows, i)
    least = i > 0 and lows[i - 1] == "least" and "least" not in lex
    if least and (i == 1 or lows[i - 2] not in ("at", "very")):
        valence *= N_SCALAR
    return valence


def _apply_phrases(lows: Sequence[str], valences: list[float], lexicon: Lexicon) -> None:
    i = 0
    free_from = 0  # words before this belong to an earlier phrase and cannot negate
    while i < len(lows):
        for phrase, valence in lexicon.phrases.get(lows[i], ()):
            end = i + len(phrase)
            if tuple(lows[i:end]) == phrase:
                before = lows[max(i - 3, free_from) : i]
                negated = phrase[0] not in ("no", "without") and any(
                    word == "no" or _negated(word) for word in before
                )
                valences[i:end] = [0.0] * len(phrase)
                valences[end - 1] = valence * N_SCALAR if negated else valence
                i = free_from = end
                break
        else:
            i += 1


def clause_valences(words: Sequence[str], lexicon: Lexicon, is_cap_diff: bool) -> list[float]:
    """Valence of each token of one clause, by VADER's rules and our phrases.

    Parameters
    ----------
    words : sequence of str
        Tokens from :func:`vader_tokens`, original case.
    lexicon : Lexicon
        Word and phrase valences.
    is_cap_diff : bool
        Whether some but not all words of the whole text are in capitals (then a capitalised
        sentiment word is emphasised, as in VADER).

    Returns
    -------
    list of float
        One valence per token; 0 for words without sentiment.
    """
    lex = lexicon.words
    lows = [word.lower() for word in words]
    valences = [0.0] * len(lows)
    for i, lower in enumerate(lows):
        if lower not in lex or lower in _BOOSTERS:
            continue
        if lower == "kind" and i + 1 < len(lows) and lows[i + 1] == "of":
            continue
        valences[i] = _word_valence(words, lows, i, lex, is_cap_diff)
    if lexicon.phrases:
        _apply_phrases(lows, valences, lexicon)
    return valences


def but_weights(lows: Sequence[str]) -> list[float]:
    """VADER's contrast rule: before the first "but" counts half, after it one and a half.

    Parameters
    ----------
    lows : sequence of str
        Lower-cased tokens of a sentence.

    Returns
    -------
    list of float
        A weight per token.
    """
    if "but" not in lows:
        return [1.0] * len(lows)
    at = lows.index("but")
    return [0.5 if k < at else 1.5 if k > at else 1.0 for k in range(len(lows))]


def _is_counterfactual(lows: Sequence[str], k: int) -> bool:
    if lows[k] in _COUNTERFACTUAL_WORDS:
        return True
    return lows[k] in _MODALS and k + 1 < len(lows) and lows[k + 1] in ("have", "of")


def sentence_valence(
    clauses: Sequence[Sequence[str]],
    lexicon: Lexicon,
    is_cap_diff: bool,
    suggestion_cues: frozenset[str] = frozenset(),
) -> tuple[float, bool]:
    """Summed valence of one sentence given as clauses of tokens.

    Negations and boosters reach only within a clause. A sentence that opens with "Stop"
    is an imperative and keeps VADER's negative valence for it. Positive words after a
    counterfactual ("could have been more polite") or, when given, a suggestion cue ("be
    more polite" in answer to "What could the officer have done better?") count as mildly
    negative, up to the end of the clause or a "but". Then VADER's "but" weights apply.

    Parameters
    ----------
    clauses : sequence of sequence of str
        The sentence's clauses as tokens from :func:`vader_tokens`.
    lexicon : Lexicon
        Word and phrase valences.
    is_cap_diff : bool
        Whether some but not all words of the whole text are capitals.
    suggestion_cues : frozenset of str, optional
        Extra lower-cased words that start a suggestion.

    Returns
    -------
    total : float
        The sentence's summed valence.
    opens_with_but : bool
        Whether the sentence starts with "but": it then contrasts with what came before,
        which should count half (its own words already count one and a half).
    """
    valences: list[float] = []
    lows: list[str] = []
    for index, words in enumerate(clauses):
        clause_lows = [word.lower() for word in words]
        clause = clause_valences(words, lexicon, is_cap_diff)
        if index == 0 and clause_lows and clause_lows[0] in _IMPERATIVES:
            clause[0] = _IMPERATIVES[clause_lows[0]]
        active = False
        for k, lower in enumerate(clause_lows):
            if lower == "but":
                active = False
            elif lower in suggestion_cues or _is_counterfactual(clause_lows, k):
                active = True
            if active and clause[k] > 0:
                clause[k] *= COUNTERFACTUAL_SCALAR
        valences.extend(clause)
        lows.extend(clause_lows)
    total = sum(v * w for v, w in zip(valences, but_weights(lows), strict=True))
    return total, bool(lows) and lows[0] == "but"


def punctuation_emphasis(text: str) -> float:
    """Extra intensity from exclamation marks (up to 4) and runs of question marks.

    Parameters
    ----------
    text : str
        The whole answer.

    Returns
    -------
    float
        Amount added to the magnitude of the summed valence.
    """
    emphasis = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        emphasis += questions * 0.18 if questions <= 3 else 0.96
    return emphasis


def normalise_sum(total: float) -> float:
    """Map a summed valence to (-1, 1) as VADER does: ``x / sqrt(x**2 + 15)``.

    Parameters
    ----------
    total : float
        Summed valence.

    Returns
    -------
    float
        The compound score.
    """
    if not math.isfinite(total):
        return 0.0
    return max(-1.0, min(1.0, total / math.sqrt(total * total + ALPHA)))
