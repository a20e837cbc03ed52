"""Theme seeds: matching seed terms and phrases in answers, and the starting taxonomies.

A seed is a word or phrase ("handcuffed", "body worn camera", "told me why"). It matches any
answer containing the same stems in the same order ("handcuffs", "body-worn cameras", "Told
me why"), within one clause. A negated mention of a negative seed does not count: "not rude at
all" does not raise rudeness, "wasn't profiled" does not raise profiling. Negated neutral or
positive seeds still count, because they are how concerns are put ("didn't explain", "no
respect"). Seeds that contain a negation themselves ("not listened to") match literally.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.text import is_negation, split_clauses, stem, tokenise, word_tokens
from analysis.valence import load_lexicon

__all__ = [
    "SURVEY_SLUGS",
    "ThemeDefinition",
    "load_seeds",
    "load_taxonomy",
    "match_seeds",
    "seed_taxonomy",
]

#: Surveys with a starting taxonomy in ``analysis/taxonomies/<slug>.json``.
SURVEY_SLUGS: tuple[str, ...] = ("stop-search", "listening-session", "say-to-stay")
#: How many words before a seed a negation can be.
NEGATION_WINDOW = 3
#: A seed word at or below this lexicon valence is negative: negating it cancels the match.
NEGATIVE_VALENCE = -1.0
_TAXONOMIES = Path(__file__).parent / "taxonomies"

SeedIndex = dict[str, tuple[tuple[tuple[str, ...], str, str, bool], ...]]


@dataclass(frozen=True)
class ThemeDefinition:
    """One theme of a taxonomy as analysts edit it.

    Attributes
    ----------
    name : str
        Theme name, unique within its survey ("Respect and manner").
    description : str
        One line saying what belongs in the theme.
    seeds : tuple of str
        Seed terms and phrases.
    """

    name: str
    description: str
    seeds: tuple[str, ...]


def load_taxonomy(slug: str) -> list[ThemeDefinition]:
    """The starting taxonomy of a built-in survey, in file order.

    Parameters
    ----------
    slug : {"stop-search", "listening-session", "say-to-stay"}
        The survey.

    Returns
    -------
    list of ThemeDefinition
        Its themes.

    Raises
    ------
    ValueError
        If the slug is not a built-in survey.
    """
    if slug not in SURVEY_SLUGS:
        raise ValueError(f"no starting taxonomy for survey {slug!r}")
    raw = json.loads((_TAXONOMIES / f"{slug}.json").read_text(encoding="utf-8"))
    return [
        ThemeDefinition(name, str(body["description"]), tuple(str(s) for s in body["seeds"]))
        for name, body in raw.items()
    ]


def seed_taxonomy(themes: Iterable[ThemeDefinition]) -> dict[str, list[str]]:
    """The ``{theme: [seeds]}`` mapping that :class:`analysis.themes.ThemeClassifier` takes.

    Parameters
    ----------
    themes : iterable of ThemeDefinition
        Themes, for example from :func:`load_taxonomy` or the database.

    Returns
    -------
    dict of str to list of str
        Theme name to its seeds.
    """
    return {theme.name: list(theme.seeds) for theme in themes}


def load_seeds(slug: str) -> dict[str, list[str]]:
    """Shortcut: ``seed_taxonomy(load_taxonomy(slug))``.

    Parameters
    ----------
    slug : str
        A built-in survey slug.

    Returns
    -------
    dict of str to list of str
        Theme name to its seeds.
    """
    return seed_taxonomy(load_taxonomy(slug))


def _freeze(taxonomy: Mapping[str, Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(theme), tuple(str(s) for s in seeds)) for theme, seeds in taxonomy.items())


@lru_cache(maxsize=64)
def _compile(frozen: tuple[tuple[str, tuple[str, ...]], ...]) -> SeedIndex:
    words = load_lexicon().words
    index: dict[str, list[tuple[tuple[str, ...], str, str, bool]]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    for theme, seeds in frozen:
        for seed in seeds:
            tokens = tokenise(seed)
            stems = tuple(stem(token) for token in tokens)
            if not stems or (stems, theme) in seen:
                continue
            seen.add((stems, theme))
            literal = any(is_negation(token) for token in tokens)
            negative = any(words.get(token, 0.0) <= NEGATIVE_VALENCE for token in tokens)
            index.setdefault(stems[0], []).append((stems, theme, seed, negative and not literal))
    return {first: tuple(items) for first, items in index.items()}


def compile_seeds(taxonomy: Mapping[str, Sequence[str]]) -> SeedIndex:
    """Index a taxonomy's seeds by their first stem (cached per taxonomy).

    Parameters
    ----------
    taxonomy : mapping of str to sequence of str
        Theme name to seed terms and phrases.

    Returns
    -------
    dict
        First stem to ``(stems, theme, seed, negatable)`` entries.
    """
    return _compile(_freeze(taxonomy))


def _matches(text: str, index: SeedIndex) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for clause in split_clauses(text):
        tokens = word_tokens(clause)
        stems = [stem(token) for token in tokens]
        for i, first in enumerate(stems):
            for seed_stems, theme, seed, negatable in index.get(first, ()):
                end = i + len(seed_stems)
                if end > len(stems) or tuple(stems[i:end]) != seed_stems:
                    continue
                if negatable and any(map(is_negation, tokens[max(i - NEGATION_WINDOW, 0) : i])):
                    continue
                seeds = found.setdefault(theme, [])
                if seed not in seeds:
                    seeds.append(seed)
    return found


def match_seeds(
    texts: Sequence[str | None], taxonomy: Mapping[str, Sequence[str]]
) -> list[dict[str, list[str]]]:
    """Which seeds of which themes each answer mentions.

    Parameters
    ----------
    texts : sequence of str
        Answers.
    taxonomy : mapping of str to sequence of str
        Theme name to seed terms and phrases.

    Returns
    -------
    list of dict of str to list of str
        For each text, the themes it mentions and the seeds that matched (for highlighting).

    Examples
    --------
    >>> match_seeds(["He was not rude at all"], {"Manner": ["rude"]})
    [{}]
    >>> match_seeds(["They never explained the grounds"], {"Grounds": ["explain"]})
    [{'Grounds': ['explain']}]
    """
    index = compile_seeds(taxonomy)
    return [_matches(text, index) if isinstance(text, str) else {} for text in texts]
