"""What a check of a survey definition reports: each problem, and where it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition.

    ``page`` and ``question`` are the keys (or positions, as "page 2") it belongs to, and
    ``field`` the form field the builder shows it beside (``title_en``, ``key``, ``options`` …).
    ``message`` names any other question it is about by its key, which finds it in an imported
    file; ``in_words``, where given, is the same message naming it by its text, as the builder
    shows it to an admin who wrote that text.
    """

    message: str
    page: str | None = None
    question: str | None = None
    field: str | None = None
    in_words: str | None = None

    @property
    def where(self) -> str:
        """Where the problem is, for a list of an imported file's problems."""
        parts = []
        if self.page is not None:
            parts.append(f"Page {self.page}")
        if self.question is not None:
            parts.append(f"question {self.question}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DefinitionProblems(ValueError):
    """A definition cannot be published or imported; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class Report:
    """The problems found so far, in the order the checks found them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, **where: Any) -> None:
        self.problems.append(Problem(message, **where))
