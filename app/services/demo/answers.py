"""The answers of a batch of respondents to one question, held as arrays, one row each.

Each kind can say who matches a page's condition, hide the answers of those not shown the
question, and give the rows to store: response ids with their values, in a stable order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

Given = Iterator[tuple[list[int], Iterable[str]]]


@dataclass
class Choice:
    """A single choice: an option index per respondent."""

    codes: tuple[str, ...]
    idx: np.ndarray  # option index per respondent; -1 when not answered

    def matches(self, codes: Sequence[str]) -> np.ndarray:
        table = np.array([code in codes for code in self.codes] + [False])
        return table[self.idx]

    def values(self) -> np.ndarray:
        return np.array([*self.codes, None], dtype=object)[self.idx]

    def hide(self, hidden: np.ndarray) -> None:
        self.idx[hidden] = -1

    def given(self, ids: np.ndarray) -> Given:
        """The response ids of those who answered, with their answers."""
        answered = self.idx >= 0
        yield ids[answered].tolist(), self.values()[answered].tolist()


@dataclass
class Ticks:
    """A multiple choice: which options each respondent ticked."""

    codes: tuple[str, ...]
    ticked: np.ndarray  # (respondents, options) booleans, all False when not answered

    def matches(self, codes: Sequence[str]) -> np.ndarray:
        columns = [i for i, code in enumerate(self.codes) if code in codes]
        return self.ticked[:, columns].any(axis=1)

    def hide(self, hidden: np.ndarray) -> None:
        self.ticked[hidden] = False

    def given(self, ids: np.ndarray) -> Given:
        """Option by option, the response ids of those who ticked it, with its code."""
        for column, code in enumerate(self.codes):
            yield ids[self.ticked[:, column]].tolist(), repeat(code)


@dataclass
class Texts:
    """Free text: what each respondent wrote, or None."""

    texts: list[str | None]

    def matches(self, codes: Sequence[str]) -> np.ndarray:
        return np.zeros(len(self.texts), dtype=bool)  # free text is never a page's condition

    def hide(self, hidden: np.ndarray) -> None:
        for i in np.flatnonzero(hidden).tolist():
            self.texts[i] = None

    def given(self, ids: np.ndarray) -> Given:
        """The response ids of those who wrote something, with what they wrote."""
        wrote = [i for i, text in enumerate(self.texts) if text is not None]
        yield ids[wrote].tolist(), [self.texts[i] for i in wrote]


Answers = Choice | Ticks | Texts
