"""The tables of a question with no favourable half: the share of each group choosing each
answer, with the answers chosen by too few hidden (:mod:`app.services.results_answer_cells`).
Part of :mod:`app.services.results_model`, which gives them to pages, exports and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.results_answer_cells import explain_answer


@dataclass(frozen=True)
class DistributionRow:
    """A row of a distribution: the share choosing each answer (None for an answer hidden, its
    reason in ``hidden_answers``: see :mod:`app.services.results_answer_cells`)."""

    group: str
    label: str
    n: int | None
    shares: dict[str, float | None] | None = None
    hidden: str | None = None
    hidden_answers: dict[str, str] = field(default_factory=dict)

    def answer_hidden(self, code: str, k: int) -> str | None:
        """Why the answer ``code`` is hidden in this row, in words; None when it is shown."""
        reason = self.hidden_answers.get(code)
        return None if reason is None else explain_answer(reason, k)


@dataclass(frozen=True)
class DistributionPanel:
    """A question with no favourable answer (or several answers allowed): % choosing each."""

    key: str
    text: str
    options: list[tuple[str, str]]
    rows: list[DistributionRow]
    total: DistributionRow
    multiple: bool = False

    def answers_explained(self, k: int) -> list[tuple[str, list[str]]]:
        """Why answers are hidden in this table, each reason once with the rows and answers it
        hides ("Asian: Mental wellbeing, Pay and reward"), for the key under it."""
        names = dict(self.options)
        found: dict[str, list[str]] = {}
        for row in [*self.rows, self.total]:
            by_reason: dict[str, list[str]] = {}
            for code, _ in self.options:
                why = row.answer_hidden(code, k)
                if why:
                    by_reason.setdefault(why, []).append(names[code])
            for why, answers in by_reason.items():
                found.setdefault(why, []).append(f"{row.label}: {', '.join(answers)}")
        return list(found.items())
