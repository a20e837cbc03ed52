"""Drawing respondents: everything about a batch of respondents to one survey, with numpy.

Every respondent gets a true ethnic group and category, an age, a sex and so on, and a latent
*experience* between 0 (it went badly) and 1 (it went well) whose mean depends on their group,
age, area and date. Each closed answer is drawn from a mix of the "went well" and "went badly"
weights of the respondent model, weighted by that experience. Option codes, required questions
and conditional pages all come from the survey's definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from app.services import equality
from app.services.definitions import MULTI_TYPE, TEXT_TYPE
from app.services.demo.answers import Answers, Choice, Texts, Ticks
from app.services.demo.free_text import draw_texts, mood
from app.services.demo.plan import Plan, SurveyPlan
from app.services.demo.respondent_model import (
    AREA_EXPERIENCE,
    CONCENTRATION,
    EQUALITY_DEFAULTS,
    EQUALITY_SKIP,
    ETHNICITY_SKIP,
    ETHNICITY_WEIGHTS,
    PREFER_NOT,
    RELIGION_BY_GROUP,
    TREND,
    Closed,
    FreeText,
    MostImportant,
    Several,
    ShiftedFrom,
)


def option_codes(question: dict[str, Any]) -> tuple[str, ...]:
    return tuple(option["code"] for option in question.get("options", []))


def aligned(codes: Sequence[str], weights: Mapping[str, float] | None) -> np.ndarray:
    """Weights in the order of ``codes``; codes without a weight are never drawn."""
    ordered = np.array([max(0.0, weights.get(code, 0.0)) for code in codes]) if weights else None
    if ordered is None or ordered.sum() <= 0:
        return np.full(len(codes), 1.0 / len(codes))
    return ordered / ordered.sum()


def categorical(rng: np.random.Generator, probabilities: np.ndarray, n: int) -> np.ndarray:
    """One draw per row from a (k,) or (n, k) matrix of probabilities."""
    cumulative = np.cumsum(probabilities, axis=-1)
    cumulative /= cumulative[..., -1:]
    u = rng.random(n)
    if probabilities.ndim == 1:
        drawn = np.searchsorted(cumulative, u, side="right")
    else:
        drawn = (u[:, None] >= cumulative).sum(axis=1)
    return np.minimum(drawn, probabilities.shape[-1] - 1).astype(np.int16)


def _tick_chances(codes: Sequence[str], chances: Mapping[str, float]) -> np.ndarray:
    """The chance of ticking each option; 0.1 each when the model has none for the question."""
    return np.array([chances.get(code, 0.1 if not chances else 0.0) for code in codes])


class Respondents:
    """Everything about ``len(ids)`` respondents to one survey, drawn column by column."""

    def __init__(
        self, plan: Plan, survey: SurveyPlan, rng: np.random.Generator, ids: np.ndarray
    ) -> None:
        self.plan, self.survey, self.model, self.rng = plan, survey, survey.model, rng
        self.ids = ids
        self.n = n = len(ids)
        self.answers: dict[str, Answers] = {}
        groups = equality.ETHNIC_GROUPS
        self.group = np.array(groups, dtype=object)[
            categorical(rng, aligned(groups, self.model.groups), n)
        ]
        self.ethnicity = np.empty(n, dtype=object)
        for group in groups:
            rows = np.flatnonzero(self.group == group)
            categories = [e.code for e in equality.ethnicities() if e.group == group]
            drawn = categorical(rng, aligned(categories, ETHNICITY_WEIGHTS), len(rows))
            self.ethnicity[rows] = np.array(categories, dtype=object)[drawn]
        self._answer_equality()
        self._place_and_date()
        self.experience = self._experience()
        self._answer_closed()
        self._apply_conditions()
        self._answer_text()
        self._apply_conditions()

    # Equality answers, as the respondent would give them (skips and "Prefer not to say").
    def _answer_equality(self) -> None:
        for page, question in self.survey.definition.questions():
            if page.is_equality and question["type"] != TEXT_TYPE:
                self.answers[question["key"]] = self._equality_answer(question)

    def _equality_answer(self, question: dict[str, Any]) -> Choice:
        key, codes, n, rng = question["key"], option_codes(question), self.n, self.rng
        position = {code: i for i, code in enumerate(codes)}
        if question["type"] in ("ethnic_group", "ethnicity"):
            truth = self.group if question["type"] == "ethnic_group" else self.ethnicity
            idx = np.array([position.get(code, -1) for code in truth.tolist()], dtype=np.int16)
            if question["type"] == "ethnic_group":
                skip, prefer_not = self.model.not_stated
                u = rng.random(n)
                idx[u < skip + prefer_not] = position.get(PREFER_NOT, -1)
                idx[u < skip] = -1
            else:
                idx[rng.random(n) < ETHNICITY_SKIP] = -1
            return Choice(codes, idx)
        if key == "religion":
            idx = categorical(rng, aligned(codes, None), n)
            for group, weights in RELIGION_BY_GROUP.items():
                rows = np.flatnonzero(self.group == group)
                idx[rows] = categorical(rng, aligned(codes, weights), len(rows))
        else:
            weights = self.model.equality.get(key) or EQUALITY_DEFAULTS.get(key)
            idx = categorical(rng, aligned(codes, weights), n)
        if not question["required"]:
            idx[rng.random(n) < EQUALITY_SKIP] = -1
        return Choice(codes, idx)

    def _place_and_date(self) -> None:
        plan, n, rng = self.plan, self.n, self.rng
        last_day = len(plan.days) - 1
        self.event_id: list[int | None] = [None] * n
        self.area_id: list[int | None]
        if self.survey.slug == "listening-session" and plan.events:
            chosen = categorical(rng, plan.event_weights, n)
            events = np.array(plan.events, dtype=np.int64)[chosen]
            self.event_id = events[:, 0].tolist()
            self.area_id = events[:, 2].tolist()
            # Most answer on the night; the link stays open for a week, within the session's
            # month: a few late answers alone in the next month would make it a month of 1 to
            # k-1 responses, which hides every month's count in the results.
            late = np.where(rng.random(n) < 0.7, 0, rng.integers(1, 8, size=n))
            self.day = np.minimum(events[:, 1] + late, _month_ends(plan.months)[events[:, 1]])
        else:
            codes = list(plan.areas)
            drawn = categorical(rng, aligned(codes, self.model.areas), n)
            self.area_id = [plan.areas[codes[i]] for i in drawn.tolist()]
            # More responses lately, as a scheme beds in: density rising linearly to double.
            # Stratified, one draw in each n-th of the range, so that every month gets its
            # share and no month of a small survey falls to 1 to k-1 responses by chance.
            u = (rng.permutation(n) + rng.random(n)) / n
            fraction = np.sqrt(1 + 3 * u) - 1  # inverse CDF of a density rising as 1 + t
            self.day = np.minimum((fraction * (last_day + 1)).astype(np.int64), last_day)

    def _experience(self) -> np.ndarray:
        mean = np.array([self.model.experience.get(g, 0.6) for g in self.group.tolist()])
        if "age_band" in self.answers and self.model.ages:
            ages = self.answers["age_band"]
            shift = np.array([self.model.ages.get(code, 0.0) for code in ages.codes] + [0.0])
            mean += shift[ages.idx]
        area_code = {area_id: code for code, area_id in self.plan.areas.items()}
        mean += np.array([AREA_EXPERIENCE.get(area_code.get(a, ""), 0.0) for a in self.area_id])
        mean += TREND * (self.day / max(1, len(self.plan.days) - 1) - 0.5)
        mean = np.clip(mean, 0.05, 0.95)
        return self.rng.beta(mean * CONCENTRATION, (1 - mean) * CONCENTRATION)

    def _shifted(self, shift: Mapping[str, float]) -> np.ndarray:
        if not shift:
            return self.experience
        by_group = np.array([shift.get(g, 0.0) for g in self.group.tolist()])
        return np.clip(self.experience + by_group, 0.0, 1.0)

    # The survey's own questions.
    def _answer_closed(self) -> None:
        for page, question in self.survey.definition.questions():
            if page.is_equality or question["type"] == TEXT_TYPE:
                continue
            spec = self.model.questions.get(question["key"])
            if question["type"] == MULTI_TYPE:
                answer = self._several(question, spec if isinstance(spec, Several) else None)
            elif isinstance(spec, MostImportant):
                answer = self._most_important(question, spec)
            elif isinstance(spec, ShiftedFrom):
                answer = self._shifted_from(question, spec)
            else:
                answer = self._closed(question, spec if isinstance(spec, Closed) else None)
            self.answers[question["key"]] = answer

    def _skipped(self, question: dict[str, Any], rate: float) -> np.ndarray:
        if question["required"]:
            return np.zeros(self.n, dtype=bool)
        return self.rng.random(self.n) < rate

    def _closed(self, question: dict[str, Any], spec: Closed | None) -> Choice:
        codes = option_codes(question)
        spec = spec or Closed({}, skip=0.05)
        x = self._shifted(spec.shift)[:, None]
        good, bad = aligned(codes, spec.good), aligned(codes, spec.bad or spec.good)
        idx = categorical(self.rng, x * good + (1 - x) * bad, self.n)
        idx[self._skipped(question, spec.skip)] = -1
        return Choice(codes, idx)

    def _several(self, question: dict[str, Any], spec: Several | None) -> Ticks:
        codes, n = option_codes(question), self.n
        spec = spec or Several({}, {})
        good, bad = _tick_chances(codes, spec.good), _tick_chances(codes, spec.bad)
        x = self.experience[:, None]
        chance = x * good + (1 - x) * bad
        for group, extra in spec.extra.items():
            rows = self.group == group
            chance[rows] += np.array([extra.get(code, 0.0) for code in codes])
        ticked = self.rng.random((n, len(codes))) < np.clip(chance, 0.0, 0.95)
        # Someone who answers ticks at least one: their likeliest reason by a weighted draw.
        none = ~ticked.any(axis=1)
        fallback = categorical(self.rng, chance[none], int(none.sum()))
        ticked[np.flatnonzero(none), fallback] = True
        ticked[self._skipped(question, spec.skip)] = False
        return Ticks(codes, ticked)

    def _most_important(self, question: dict[str, Any], spec: MostImportant) -> Choice:
        codes = option_codes(question)
        source = self.answers.get(spec.source)
        if not isinstance(source, Ticks) or source.codes != codes:
            return self._closed(question, None)
        weights = self.rng.random(source.ticked.shape) * source.ticked
        idx = weights.argmax(axis=1).astype(np.int16)
        answered = source.ticked.any(axis=1)
        idx[~answered] = categorical(self.rng, aligned(codes, None), int((~answered).sum()))
        idx[self._skipped(question, spec.skip)] = -1
        return Choice(codes, idx)

    def _shifted_from(self, question: dict[str, Any], spec: ShiftedFrom) -> Choice:
        codes = option_codes(question)
        source = self.answers.get(spec.source)
        if not isinstance(source, Choice) or source.codes != codes:
            return self._closed(question, None)
        u = self.rng.random(self.n)
        step = np.where(
            u < spec.better * self.experience,
            -1,
            np.where(u > 1 - spec.worse * (1 - self.experience), 1, 0),
        )
        idx = np.clip(source.idx + step, 0, len(codes) - 1).astype(np.int16)
        idx[source.idx < 0] = -1
        idx[self._skipped(question, spec.skip)] = -1
        return Choice(codes, idx)

    def _apply_conditions(self) -> None:
        """Hide answers to questions, and on pages, that these answers do not show, walking
        pages and questions in order (as kept_answers does), and note who was not shown each
        of the survey's own questions (as a submission records them)."""
        self.not_shown: dict[str, np.ndarray] = {}
        for page in self.survey.definition.pages:
            page_shown = self._condition_met(page.data.get("show_if"))
            for question in page.questions:
                hidden = ~(page_shown & self._condition_met(question.get("show_if")))
                answer = self.answers.get(question["key"])
                if answer is not None:
                    answer.hide(hidden)
                if not page.is_equality and hidden.any():
                    self.not_shown[question["key"]] = hidden

    def _condition_met(self, condition: dict[str, Any] | None) -> np.ndarray:
        if not condition:
            return np.ones(self.n, dtype=bool)
        source = self.answers.get(condition["question"])
        if source is None:
            return np.zeros(self.n, dtype=bool)
        return source.matches(condition["in"])

    # Free text.
    def _answer_text(self) -> None:
        feeling = mood(self.survey.definition, self.answers, self.experience)
        for page, question in self.survey.definition.questions():
            spec = self.model.questions.get(question["key"])
            if page.is_equality or question["type"] != TEXT_TYPE or not isinstance(spec, FreeText):
                continue
            self.answers[question["key"]] = Texts(draw_texts(spec, feeling, self.answers, self.rng))


def _month_ends(months: tuple[str, ...]) -> np.ndarray:
    """For each day of the window (given by its "YYYY-MM"), the index of its month's last day."""
    named = np.array(months)
    ends = np.flatnonzero(np.r_[named[1:] != named[:-1], True])
    return ends[np.searchsorted(ends, np.arange(len(named)))]
