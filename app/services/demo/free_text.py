"""Free text: what respondents write, composed from fragments and agreeing with their answers.

A respondent's mood is mostly the share of favourable closed answers they gave, so text is
darker where the answers are; a trigger (for example, "not told the grounds") makes someone
likely to write about what went wrong.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from app.services.definitions import Definition
from app.services.demo.answers import Answers, Choice
from app.services.demo.respondent_model import (
    MOOD_STEEPNESS,
    TEXT_FROM_ANSWERS,
    TEXT_NEUTRAL,
    TRIGGERED,
    FreeText,
)

# Fragments that say there is nothing to say: never joined to another.
DISMISSIVE = ("Nothing", "Not ")


def mood(
    definition: Definition, answers: Mapping[str, Answers], experience: np.ndarray
) -> np.ndarray:
    """How each respondent feels as they write: mostly the share of favourable answers they
    actually gave (per the definition), so that text agrees with their closed answers."""
    n = len(experience)
    favourable = np.zeros(n)
    answered = np.zeros(n)
    for page, question in definition.questions():
        answer = answers.get(question["key"])
        if page.is_equality or not question["favourable"] or not isinstance(answer, Choice):
            continue
        favourable += answer.matches(question["favourable"])
        answered += answer.idx >= 0
    share = np.divide(favourable, answered, out=experience.copy(), where=answered > 0)
    feeling = TEXT_FROM_ANSWERS * share + (1 - TEXT_FROM_ANSWERS) * experience
    return 1 / (1 + np.exp(-MOOD_STEEPNESS * (feeling - 0.5)))  # mixed feelings are rarer


def draw_texts(
    spec: FreeText,
    mood: np.ndarray,
    answers: Mapping[str, Answers],
    rng: np.random.Generator,
) -> list[str | None]:
    """What each respondent writes in answer to one question, or None if they write nothing."""
    n, x = len(mood), mood
    writes = (rng.random(n) < x * spec.write_good + (1 - x) * spec.write_bad).tolist()
    u = rng.random(n)
    tone = np.where(u < TEXT_NEUTRAL, 1, np.where(u < TEXT_NEUTRAL + (1 - TEXT_NEUTRAL) * x, 0, 2))
    tone_names = np.array(["good", "neutral", "bad"], dtype=object)[tone]
    triggered = []
    for trigger in spec.triggers:
        source = answers.get(trigger.question)
        if source is None:
            continue
        applies = source.matches(trigger.codes) & np.isin(tone_names, list(trigger.tones))
        triggered.append((trigger.texts, applies.tolist()))
    banks = (spec.good, spec.neutral, spec.bad)
    r = rng.random((n, 6 + len(triggered))).tolist()
    tones = tone.tolist()
    texts: list[str | None] = [None] * n
    for i in range(n):
        if not writes[i]:
            continue
        bank = banks[tones[i]]
        chance = r[i]
        first = bank[int(chance[0] * len(bank))]
        # Triggers are listed most salient first: each that applies is taken at a fixed rate.
        for number, (fragments, applies) in enumerate(triggered):
            if applies[i] and chance[6 + number] < TRIGGERED:
                first = fragments[int(chance[1] * len(fragments))]
                break
        second = None
        if tones[i] != 1 and chance[3] < 0.3 and not first.startswith(DISMISSIVE):
            second = bank[int(chance[4] * len(bank))]
            if second == first or second.startswith(DISMISSIVE):
                second = None
        texts[i] = _compose(first, second, tones[i] == 2, chance[5])
    return texts


def _lower_first(fragment: str) -> str:
    if fragment.startswith(("I ", "I'")):
        return fragment
    return fragment[:1].lower() + fragment[1:]


def _compose(first: str, second: str | None, angry: bool, chance: float) -> str:
    """Join fragments the way people type on a phone: mostly tidy, sometimes not."""
    if second is not None:
        joined = f"{first}. {second}" if chance < 0.5 else f"{first} and {_lower_first(second)}"
    else:
        joined = first
    if chance < 0.08:
        return joined.lower()
    if angry and chance > 0.85:
        return joined + "!"
    return joined + "." if chance < 0.7 else joined
