"""Text basics: normalising, sentence splitting, tokenising, stemming and stop words.

Nothing is downloaded at run time: words come from a regular expression, stems from NLTK's
Snowball stemmer and stop words from scikit-learn. (NLTK 3.10's ``RegexpTokenizer`` gives the
same tokens but routes every call through its ReDoS guard, about twice as slow, so the
pattern is compiled with :mod:`re` directly.)
``mask_personal_details`` lives in :mod:`analysis.masking` and is re-exported here.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.masking import mask_personal_details

__all__ = [
    "NEGATION_WORDS",
    "STOP_WORDS",
    "bag_of_terms",
    "content_stems",
    "is_negation",
    "mask_personal_details",
    "negation_marked_stems",
    "normalise",
    "split_clauses",
    "split_normalised_sentences",
    "split_sentences",
    "stem",
    "tokenise",
    "word_tokens",
]

#: Words that negate what follows them. Kept out of the stop words: they carry meaning here.
NEGATION_WORDS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "nothing",
        "none",
        "nobody",
        "nowhere",
        "neither",
        "nor",
        "cannot",
        "cant",
        "without",
        "hardly",
        "barely",
        "dont",
        "didnt",
        "doesnt",
        "wasnt",
        "werent",
        "isnt",
        "arent",
        "wont",
        "wouldnt",
        "couldnt",
        "shouldnt",
        "hasnt",
        "havent",
        "hadnt",
    }
)

#: scikit-learn's English stop words without the negations.
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) - NEGATION_WORDS

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "pc", "wpc", "sgt", "insp", "det", "supt", "st", "vs", "approx"}
)
_ABBREVIATION_END = re.compile(r"(?:^|\s)(\w+)\.$|(?:^|\s)(?:\w\.){1,3}$")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"\n]+|\s-+\s|\bbut\b", re.IGNORECASE)

_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_STEMMER = SnowballStemmer("english")


def normalise(text: str) -> str:
    """Normalise text for analysis and display.

    Applies Unicode NFKC, turns typographic quotes and dashes into ASCII, drops control and
    invisible format characters, collapses runs of spaces and keeps single line breaks.

    Parameters
    ----------
    text : str
        Any Unicode string.

    Returns
    -------
    str
        The normalised text, stripped; ``""`` for blank input.
    """
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
        text = "".join(
            ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _DROPPED_CATEGORIES
        )
    elif not text.isprintable():
        text = _ASCII_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    return text.strip()


def split_sentences(text: str) -> list[str]:
    """Split text into sentences without any trained model.

    A sentence ends at ``.``, ``!`` or ``?`` followed by white space, or at a line break.
    Common abbreviations (``Mr.``, ``PC.``, ``e.g.``) do not end a sentence.

    Parameters
    ----------
    text : str
        Text, normalised or not.

    Returns
    -------
    list of str
        Non-empty sentences in order.
    """
    return split_normalised_sentences(normalise(text))


def split_normalised_sentences(text: str) -> list[str]:
    """:func:`split_sentences` for text that :func:`normalise` has already seen.

    Parameters
    ----------
    text : str
        Output of :func:`normalise`.

    Returns
    -------
    list of str
        Non-empty sentences in order.
    """
    if not text:
        return []
    pieces = [piece.strip() for piece in _SENTENCE_END.split(text)]
    sentences: list[str] = []
    carry = ""
    for piece in pieces:
        if not piece:
            continue
        piece = f"{carry} {piece}" if carry else piece
        match = _ABBREVIATION_END.search(piece)
        if match and (match.group(1) is None or match.group(1).lower() in _ABBREVIATIONS):
            carry = piece
            continue
        sentences.append(piece)
        carry = ""
    if carry:
        sentences.append(carry)
    return sentences


def split_clauses(text: str) -> list[str]:
    """Split text at punctuation, dashes and "but": the scope a negation can reach.

    Parameters
    ----------
    text : str
        Text, normalised or not.

    Returns
    -------
    list of str
        Non-empty clauses in order.
    """
    return [clause.strip() for clause in _CLAUSE_BREAK.split(normalise(text)) if clause.strip()]


def tokenise(text: str) -> list[str]:
    """Lower-cased word tokens; apostrophes inside words are kept ("didn't").

    Parameters
    ----------
    text : str
        Any text; it is normalised first.

    Returns
    -------
    list of str
        Word tokens (letters and digits of any script), hyphenated words split in parts.
    """
    return _WORDS.findall(normalise(text).lower())


def word_tokens(normalised: str) -> list[str]:
    """:func:`tokenise` for text that :func:`normalise` has already seen (no second pass).

    Parameters
    ----------
    normalised : str
        Output of :func:`normalise`, or a piece of it.

    Returns
    -------
    list of str
        Lower-cased word tokens.
    """
    return _WORDS.findall(normalised.lower())


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """Snowball (Porter 2) stem of a lower-cased token, cached.

    Parameters
    ----------
    token : str
        One lower-cased word.

    Returns
    -------
    str
        Its stem, e.g. ``"handcuffed" -> "handcuf"``.
    """
    return _STEMMER.stem(token)


def is_negation(token: str) -> bool:
    """Whether a lower-cased token negates what follows ("not", "never", "didn't").

    Parameters
    ----------
    token : str
        One lower-cased word token.

    Returns
    -------
    bool
        True for negation words and any ``n't`` contraction.
    """
    return token in NEGATION_WORDS or token.endswith("n't")


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        Stems in order, stop words removed (negations are kept).
    """
    return [stem(token) for token in tokenise(text) if token not in STOP_WORDS]


def negation_marked_stems(text: str, window: int = 3) -> list[str]:
    """Content stems where words just after a negation are prefixed with ``not_``.

    The negation reaches at most ``window`` content words and stops at the end of the clause,
    so "not rude at all, very helpful" gives ``["not", "not_rude", "help"]``.

    Parameters
    ----------
    text : str
        Any text.
    window : int, default 3
        How many following content words a negation marks.

    Returns
    -------
    list of str
        Features for bag-of-words models.
    """
    features: list[str] = []
    for clause in split_clauses(text):
        remaining = 0
        for token in word_tokens(clause):
            if is_negation(token):
                features.append("not")
                remaining = window
            elif token not in STOP_WORDS:
                features.append(f"not_{stem(token)}" if remaining else stem(token))
                remaining = max(remaining - 1, 0)
    return features


def bag_of_terms(text: str) -> list[str]:
    """Unigrams and bigrams of negation-marked stems: the bag of words the models learn from.

    Parameters
    ----------
    text : str
        One answer.

    Returns
    -------
    list of str
        Terms such as ``"polit"``, ``"not_rude"`` and ``"explain ground"``.
    """
    stems = negation_marked_stems(text)
    return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]
