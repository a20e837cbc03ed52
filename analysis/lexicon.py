"""The sentiment lexicon: VADER's, with British spellings and Listening Post additions.

The base is ``vader_lexicon.txt`` shipped inside the vaderSentiment 3.3.2 package (Hutto &
Gilbert, ICWSM 2014; MIT licence), read from the installed package: nothing is downloaded.
``analysis/data/domain_lexicon.tsv`` adds, re-weights or (valence 0) removes words, and
``analysis/data/domain_phrases.tsv`` gives phrases a valence of their own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["RULES_REVISION", "Lexicon", "load_lexicon"]

#: Bump when a scoring rule in analysis.valence or analysis.sentiment changes: it is part of
#: the lexicon version stored beside every score.
RULES_REVISION = 2
_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """Word and phrase valences on VADER's -4..+4 scale, plus emoji descriptions.

    Attributes
    ----------
    words : dict of str to float
        Lower-cased word (or emoticon) to valence.
    phrases : dict of str to tuple
        First word of a phrase to ``(words, valence)`` pairs, longest phrase first.
    emojis : dict of int to str
        Code point to a `` description `` for :meth:`str.translate`.
    version : str
        Short hash of every input and :data:`RULES_REVISION`.
    """

    words: dict[str, float]
    phrases: dict[str, tuple[tuple[tuple[str, ...], float], ...]]
    emojis: dict[int, str]
    version: str


def _read_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def _british_variants(words: dict[str, float]) -> dict[str, float]:
    endings = (("ization", "isation"), ("izing", "ising"), ("ized", "ised"), ("izes", "ises"))
    endings += (("ize", "ise"),)
    variants: dict[str, float] = {}
    for word, valence in words.items():
        for american, british in endings:
            if word.endswith(american) and len(word) > len(american) + 2:
                variants.setdefault(word[: -len(american)] + british, valence)
                break
    return {word: valence for word, valence in variants.items() if word not in words}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Build the lexicon once: VADER's file, British spellings, then our additions.

    Returns
    -------
    Lexicon
        The shared, read-only lexicon.
    """
    package = resources.files("vaderSentiment")
    vader_text = package.joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    emoji_text = package.joinpath("emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    domain_text = (_DATA / "domain_lexicon.tsv").read_text(encoding="utf-8")
    phrase_text = (_DATA / "domain_phrases.tsv").read_text(encoding="utf-8")

    words = {row[0]: float(row[1]) for row in _read_rows(vader_text)}
    words.update(_british_variants(words))
    for row in _read_rows(domain_text):
        if float(row[1]) == 0.0:
            words.pop(row[0], None)
        else:
            words[row[0]] = float(row[1])

    by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for row in _read_rows(phrase_text):
        phrase = tuple(row[0].lower().split())
        by_first.setdefault(phrase[0], []).append((phrase, float(row[1])))
    phrases = {
        first: tuple(sorted(items, key=lambda item: -len(item[0])))
        for first, items in by_first.items()
    }
    emojis = {ord(row[0]): f" {row[1]} " for row in _read_rows(emoji_text) if len(row[0]) == 1}
    digest = hashlib.sha256()
    for part in (vader_text, emoji_text, domain_text, phrase_text, str(RULES_REVISION)):
        digest.update(part.encode("utf-8"))
    version = f"vader3.3.2+lp{RULES_REVISION}-{digest.hexdigest()[:10]}"
    return Lexicon(words, phrases, emojis, version)
